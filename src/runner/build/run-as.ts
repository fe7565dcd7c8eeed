/**
 * `run-as`: a phase's commands run as another Linux user through `runuser`, which needs Sluice
 * to run as root. Checked before the phase starts so a typo gives a clear phase context.
 */
import { execFile } from 'node:child_process';

/** Undefined when `user` can be used, else why not. */
export async function runAsProblem(user: string): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return `run-as ${user} needs Sluice to run as root`;
  const exists = await new Promise<boolean>((resolve) => {
    execFile('id', ['-u', '--', user], (error) => resolve(!error));
  });
  return exists ? undefined : `run-as user ${user} does not exist on this host`;
}
