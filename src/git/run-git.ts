/**
 * Runs the `git` binary, for every part of Sluice: one process per call, arguments passed as an
 * array (no shell), optional stdin, a cap on what it may print so a huge blob cannot exhaust
 * memory, and an optional time limit and abort signal. A non-zero exit is a `GitCommandError`
 * carrying the exit code and git's own message; callers that expect a failure (a ref that may be
 * missing) pass `allowExitCodes` and read `exitCode` instead.
 */
import { spawn } from 'node:child_process';

export interface RunGitOptions {
  /** The repository (`--git-dir`); omitted for commands that take no repository (`init`). */
  gitDir?: string;
  args: readonly string[];
  /** Working directory. @default the process's */
  cwd?: string;
  /** Extra environment, over a clean one that keeps PATH and HOME only (or over the machine's, with `machineConfig`). */
  env?: Record<string, string>;
  /**
   * Keep the machine's environment and git config: for users' own working copies and remotes
   * (their `safe.directory`, proxies, credential helpers). Repositories Sluice owns run without.
   */
  machineConfig?: boolean;
  /** Past this, git is killed and `GitTimeoutError` thrown. */
  timeoutMs?: number;
  /** Aborting kills git; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  stdin?: string | Uint8Array;
  /** Largest stdout accepted; past it the process is killed and `GitOutputTooLargeError` thrown. @default 64 MiB */
  maxBytes?: number;
  /** Exit codes that are answers, not failures (e.g. 1 for `rev-parse --verify --quiet`). @default [0] */
  allowExitCodes?: readonly number[];
}

export interface GitResult {
  stdout: Buffer;
  exitCode: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** git's stderr is kept only for the error message. */
const MAX_STDERR_BYTES = 16 * 1024;

/** Options of git itself that take the next argument as their value. */
const VALUED_OPTIONS = new Set(['-c', '-C']);

/** The git command of `args` (`fetch`), past git's own options (`-C dir`, `-c name=value`). */
export function commandOf(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (VALUED_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return '';
}

export class GitCommandError extends Error {
  readonly exitCode: number | null;
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | null, stderr: string) {
    super(`git ${commandOf(args)} exited with ${exitCode ?? 'a signal'}: ${stderr.trim().split('\n')[0] ?? ''}`);
    this.name = 'GitCommandError';
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

export class GitOutputTooLargeError extends Error {
  constructor(args: readonly string[], maxBytes: number) {
    super(`git ${commandOf(args)} printed more than ${maxBytes} bytes`);
    this.name = 'GitOutputTooLargeError';
  }
}

export class GitTimeoutError extends Error {
  constructor(args: readonly string[], timeoutMs: number) {
    super(`git ${commandOf(args)} took longer than ${timeoutMs} ms`);
    this.name = 'GitTimeoutError';
  }
}

/** Config and identity from the machine must not change what Sluice's git calls do. */
function cleanEnv(extra: Record<string, string> | undefined): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/',
    GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C',
    ...extra,
  };
}

function envOf(options: RunGitOptions): NodeJS.ProcessEnv {
  if (!options.machineConfig) return cleanEnv(options.env);
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', ...options.env };
}

/** The signal that ends the call: the caller's, the time limit's, or both. */
function stopSignalOf(options: RunGitOptions): AbortSignal | undefined {
  const signals = [...(options.signal ? [options.signal] : []), ...(options.timeoutMs !== undefined ? [AbortSignal.timeout(options.timeoutMs)] : [])];
  return signals.length > 1 ? AbortSignal.any(signals) : signals[0];
}

export function runGit(options: RunGitOptions): Promise<GitResult> {
  const args = options.gitDir === undefined ? [...options.args] : [`--git-dir=${options.gitDir}`, ...options.args];
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowed = options.allowExitCodes ?? [0];
  const stop = stopSignalOf(options);
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      env: envOf(options), stdio: ['pipe', 'pipe', 'pipe'], killSignal: 'SIGKILL',
      ...(options.cwd !== undefined && { cwd: options.cwd }), ...(stop && { signal: stop }),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let tooLarge = false;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.once('error', (e) => {
      if (!stop?.aborted) return reject(e);
      const timedOut = stop.reason instanceof DOMException && stop.reason.name === 'TimeoutError';
      const reason: unknown = stop.reason;
      reject(timedOut ? new GitTimeoutError(options.args, options.timeoutMs ?? 0) : reason instanceof Error ? reason : new Error(String(reason)));
    });
    // A command that exits before reading its stdin closes the pipe: that is not our failure.
    child.stdin.on('error', () => undefined);
    child.once('close', (code) => {
      if (stop?.aborted) return; // 'error' has answered
      if (tooLarge) return reject(new GitOutputTooLargeError(options.args, maxBytes));
      if (code === null || !allowed.includes(code)) return reject(new GitCommandError(options.args, code, stderr));
      resolve({ stdout: Buffer.concat(chunks), exitCode: code });
    });
    child.stdin.end(options.stdin ?? '');
  });
}

/** Runs git and returns its stdout as text without the final newline. */
export async function gitText(options: RunGitOptions): Promise<string> {
  const { stdout } = await runGit(options);
  return stdout.toString('utf8').replace(/\n$/, '');
}
