/**
 * Runs one buildspec phase's `commands` then its `finally` commands in the build's shell session,
 * with the rules of the buildspec reference: the first failing command skips the rest of
 * `commands`, `finally` still runs (and stops at its own first failure), and the phase fails if
 * any command failed. `CODEBUILD_BUILD_SUCCEEDING` turns 0 for every command after a failure.
 * Each command is echoed to the log before it runs, as CodeBuild does.
 */
import type { BuildspecPhase } from '../../model/buildspec/types.ts';
import type { PhaseContext } from './contract.ts';
import type { ShellSession } from './shell-session.ts';

/** What the phases of one build share. */
export interface BuildShell {
  session: ShellSession;
  /** Writes one line to the build log (masked). */
  log(line: string): void;
  /** `[Container] 2026/01/31 12:00:00.123` prefix for the runner's own lines. */
  stamp(): string;
  /** False once anything failed: the value of CODEBUILD_BUILD_SUCCEEDING. */
  succeeding: boolean;
}

export type PhaseRun =
  | { status: 'SUCCEEDED' }
  | { status: 'FAILED'; context: PhaseContext }
  /** The session was killed (stop or timeout) while a command ran. */
  | { status: 'KILLED' };

export function commandFailure(command: string, exitCode: number): PhaseContext {
  const shown = command.includes('\n') ? command.split('\n')[0]! + ' …' : command;
  return { statusCode: 'COMMAND_EXECUTION_ERROR', message: `Error while executing command: ${shown}. Reason: exit status ${exitCode}` };
}

async function runList(shell: BuildShell, commands: readonly string[], user: string | undefined): Promise<PhaseRun> {
  for (const command of commands) {
    const [first, ...rest] = command.split('\n');
    shell.log(`${shell.stamp()} Running command ${first}`);
    for (const line of rest) shell.log(line);
    const { exitCode } = await shell.session.run(command, { succeeding: shell.succeeding, ...(user !== undefined && { user }) });
    if (exitCode === null) return { status: 'KILLED' };
    if (exitCode !== 0) {
      shell.succeeding = false;
      shell.log(`${shell.stamp()} Command did not exit successfully ${first} exit status ${exitCode}`);
      return { status: 'FAILED', context: commandFailure(command, exitCode) };
    }
  }
  return { status: 'SUCCEEDED' };
}

export async function runPhaseCommands(shell: BuildShell, phase: BuildspecPhase, user: string | undefined): Promise<PhaseRun> {
  const main = await runList(shell, phase.commands, user);
  if (main.status === 'KILLED') return main;
  const after = await runList(shell, phase.finally, user);
  if (after.status === 'KILLED') return after;
  return main.status === 'FAILED' ? main : after;
}
