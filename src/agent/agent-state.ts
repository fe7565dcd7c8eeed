/**
 * What the agent must remember across its own restart, in `<root>/state/`:
 * - `held-command.json`: the command it acknowledged and is running. Found at start, it means the
 *   agent died mid-command; that command is reported Failed ([guess]: re-running even an
 *   idempotent DownloadBundle would hide that a script may have been cut off half-way).
 * - `pending-completion.json`: a result not yet accepted by the server. Written before
 *   PutHostCommandComplete and removed after it, so a result survives a server outage and an
 *   agent restart; it is sent again before the agent polls for more work.
 */
import { join } from 'node:path';
import type { CommandDiagnostics, HostCommand } from '../model/deploy/host-commands.ts';
import { readIfExists, removeIfExists, writeDurably } from './durable-file.ts';
import type { AgentLayout } from './layout.ts';

export interface HeldCommand { command: HostCommand; acknowledgedAt: string }

export interface PendingCompletion {
  commandId: string;
  commandName: string;
  status: 'Succeeded' | 'Failed';
  diagnostics: CommandDiagnostics;
}

export class AgentState {
  private readonly heldFile: string;
  private readonly pendingFile: string;

  constructor(layout: AgentLayout) {
    this.heldFile = join(layout.stateDir(), 'held-command.json');
    this.pendingFile = join(layout.stateDir(), 'pending-completion.json');
  }

  async hold(command: HostCommand, now: Date): Promise<void> {
    await writeDurably(this.heldFile, JSON.stringify({ command, acknowledgedAt: now.toISOString() } satisfies HeldCommand));
  }

  async held(): Promise<HeldCommand | undefined> {
    const text = await readIfExists(this.heldFile);
    return text === undefined ? undefined : JSON.parse(text) as HeldCommand;
  }

  /** Records the result and lets go of the command, in that order (a crash in between re-sends). */
  async finish(completion: PendingCompletion): Promise<void> {
    await writeDurably(this.pendingFile, JSON.stringify(completion));
    await removeIfExists(this.heldFile);
  }

  async pending(): Promise<PendingCompletion | undefined> {
    const text = await readIfExists(this.pendingFile);
    return text === undefined ? undefined : JSON.parse(text) as PendingCompletion;
  }

  async delivered(): Promise<void> {
    await removeIfExists(this.pendingFile);
  }
}
