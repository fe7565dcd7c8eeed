/**
 * Runs git for connection mirrors through Sluice's one git runner, with the machine's git config
 * (proxies, CA bundles), a time limit and the caller's abort signal; stdout as text. A failure is
 * a ConnectionGitError naming what git said, with every secret of the call masked out of it.
 */
import { makeMasker } from '../../runner/build/masking.ts';
import { commandOf, GitCommandError, GitTimeoutError, runGit as runGitBinary } from '../../git/run-git.ts';

export interface GitRunOptions {
  cwd?: string;
  /** Added to the environment: credentials travel here, never in `args`. */
  env?: Record<string, string>;
  signal?: AbortSignal;
  timeoutMs: number;
  /** Values to mask in error messages. */
  secrets?: readonly string[];
}

/** What git said when a command failed, secrets masked; safe to log and to show the user. */
export class ConnectionGitError extends Error {
  override readonly name = 'ConnectionGitError';
}

/** The last lines of git's stderr: the reason, without progress noise. */
function reasonOf(stderr: string): string {
  const lines = stderr.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  return lines.slice(-3).join(' | ') || 'no message';
}

export async function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  const mask = makeMasker(options.secrets ?? []);
  try {
    const { stdout } = await runGitBinary({
      args, machineConfig: true, timeoutMs: options.timeoutMs,
      ...(options.cwd !== undefined && { cwd: options.cwd }), ...(options.env && { env: options.env }), ...(options.signal && { signal: options.signal }),
    });
    return stdout.toString('utf8');
  } catch (e) {
    if (options.signal?.aborted) throw e;
    if (e instanceof GitTimeoutError) throw new ConnectionGitError(e.message);
    if (e instanceof GitCommandError) throw new ConnectionGitError(`git ${commandOf(args)} failed: ${mask(reasonOf(e.stderr))}`);
    throw new ConnectionGitError(`git ${commandOf(args)} could not run: ${mask((e as Error).message)}`);
  }
}
