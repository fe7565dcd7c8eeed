/**
 * `sluice connections …`: what the CodeStar Connections API cannot do from the `aws` CLI —
 * completing a connection with git access. Create, list and delete with `aws codestar-connections`.
 */
import type { Command } from 'commander';
import { registerComplete } from './complete.ts';

export function registerConnectionsCommands(program: Command): void {
  const connections = program.command('connections').description('Complete connections to external git servers on a Sluice server');
  registerComplete(connections);
}
