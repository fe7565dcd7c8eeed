/**
 * Runs git for connection mirrors: `git <args>` with no shell, no terminal prompts, a time limit
 * and the caller's abort signal; stdout as text. A failure is a ConnectionGitError naming what
 * git said, with every secret of the call masked out of it.
 *
 * Kept private to the connection code until Sluice has one shared module to run git.
 */
import { spawn } from 'node:child_process';
import { makeMasker } from '../../runner/build/masking.ts';

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

/** The git command of `args` (`fetch`), past any `-c name=value` options. */
function commandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') i++;
    else if (!args[i]?.startsWith('-')) return args[i] ?? '';
  }
  return '';
}

export function runGit(args: readonly string[], options: GitRunOptions): Promise<string> {
  const command = commandOf(args);
  const mask = makeMasker(options.secrets ?? []);
  const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs), ...(options.signal ? [options.signal] : [])]);
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd, signal, killSignal: 'SIGKILL', stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env },
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => { if (stderr.length < 64 * 1024) stderr += d.toString(); });
    child.once('error', (e) => {
      const timedOut = signal.reason instanceof DOMException && signal.reason.name === 'TimeoutError';
      reject(new ConnectionGitError(timedOut ? `git ${command} took longer than ${options.timeoutMs} ms` : `git ${command} could not run: ${mask(e.message)}`));
    });
    child.once('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else if (!signal.aborted) reject(new ConnectionGitError(`git ${command} failed: ${mask(reasonOf(stderr))}`));
    });
  });
}
