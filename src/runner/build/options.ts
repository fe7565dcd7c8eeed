/**
 * Options of the build runner, and their compiled form with defaults filled in.
 */
import type { Logger } from '../../logging.ts';
import type { IsolationMode } from './isolation.ts';

export interface RunnerOptions {
  /** @default 'auto' (bubblewrap when it works on this host, else plain processes and one warning) */
  isolation?: IsolationMode;
  /** Paths builds must not see under bubblewrap, e.g. the server's data directory. @default [] */
  hiddenPaths?: readonly string[];
  /** Between SIGTERM and SIGKILL when a build is stopped or times out. @default 10000 */
  killGraceMs?: number;
  /** Receives the one-time warning when isolation falls back to plain processes. @default stderr-less (dropped) */
  logger?: Pick<Logger, 'warn'>;
  /** Epoch ms; phases and log stamps use it. @default Date.now */
  now?: () => number;
}

export interface CompiledRunnerOptions {
  isolation: IsolationMode;
  hiddenPaths: readonly string[];
  killGraceMs: number;
  warn: (message: string) => void;
  now: () => number;
}

export function compileRunnerOptions(options: RunnerOptions): CompiledRunnerOptions {
  const killGraceMs = options.killGraceMs ?? 10_000;
  if (!Number.isFinite(killGraceMs) || killGraceMs < 0) throw new RangeError(`killGraceMs must be 0 or more, got ${killGraceMs}`);
  const logger = options.logger;
  return {
    isolation: options.isolation ?? 'auto',
    hiddenPaths: options.hiddenPaths ?? [],
    killGraceMs,
    warn: (message) => logger?.warn({}, message),
    now: options.now ?? Date.now,
  };
}
