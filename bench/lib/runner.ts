/**
 * Runs benchmark files one after another, each in its own Node process, so a bench that crashes
 * (or leaks handles, or exhausts memory) is reported as failed and the others still run.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Outcome of one benchmark file. */
export type BenchResult = {
  file: string;
  ok: boolean;
  /** Exit code, or the signal that ended the process, e.g. `SIGTERM` after a timeout. */
  exit: number | string;
  ms: number;
  /** The `BENCH name=value unit` lines it printed. */
  lines: string[];
};

/** How long one bench may run before it is killed and counted as failed. @default 600000 */
export const BENCH_TIMEOUT_MS = 10 * 60_000;

/**
 * The `*.bench.ts` files of `dir`, sorted, keeping those whose file name contains one of
 * `filters` (all of them when `filters` is empty).
 */
export function selectBenches(dir: string, filters: readonly string[]): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.bench.ts'))
    .filter((name) => filters.length === 0 || filters.some((f) => name.includes(f)))
    .sort()
    .map((name) => join(dir, name));
}

/** Options of `runBench`. */
export type RunBenchOptions = {
  /** @default BENCH_TIMEOUT_MS */
  timeoutMs?: number;
  /** Do not pass the bench's stdout and stderr through (BENCH lines are still collected). @default false */
  quiet?: boolean;
};

/** Runs one bench file with this Node, passing its output through and collecting BENCH lines. */
export function runBench(file: string, options: RunBenchOptions = {}): Promise<BenchResult> {
  const { timeoutMs = BENCH_TIMEOUT_MS, quiet = false } = options;
  const start = performance.now();
  const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', quiet ? 'ignore' : 'inherit'], timeout: timeoutMs });
  const lines: string[] = [];
  let pending = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    if (!quiet) process.stdout.write(chunk);
    const parts = (pending + chunk).split('\n');
    pending = parts.pop() ?? '';
    lines.push(...parts.filter((l) => l.startsWith('BENCH ')));
  });
  return new Promise((resolve) => {
    child.on('error', (e) => {
      console.error(`bench: cannot start ${file}: ${e.message}`);
    });
    child.on('close', (code, signal) => {
      if (pending.startsWith('BENCH ')) lines.push(pending);
      const exit = code ?? signal ?? 'unknown';
      resolve({ file, ok: code === 0, exit, ms: performance.now() - start, lines });
    });
  });
}
