/**
 * Helpers shared by the benchmarks in `bench/`. A benchmark is a plain script that prints one
 * line per figure, `BENCH <name>=<number> <unit>`, so results can be compared across runs and
 * machines with grep. Benchmarks are not tests: they assert nothing and never fail on a number.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Formats a figure with precision that suits its size: integers for large values, three
 * significant digits below 100 (e.g. `38812`, `41.2`, `0.173`).
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 100 || Number.isInteger(value)) return String(Math.round(value));
  return String(Number(value.toPrecision(3)));
}

/** Prints one result line: `BENCH <name>=<number> <unit>`. */
export function report(name: string, value: number, unit: string): void {
  console.log(`BENCH ${name}=${formatValue(value)} ${unit}`);
}

/**
 * The p-th percentile (0 ≤ p ≤ 100) of an ascending array, interpolating linearly between the
 * two nearest ranks. Throws on an empty array, since there is no sensible figure to print.
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of an empty array');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile p must be in [0, 100], got ${p}`);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (rank - lo);
}

/** Runs `fn` once and returns its result with the elapsed wall time in milliseconds. */
export async function timeIt<T>(fn: () => T | Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - start };
}

/**
 * Calls `fn` repeatedly for about `durationMs` and returns how many calls completed, the elapsed
 * time, and each call's duration in milliseconds, sorted ascending (ready for `percentile`).
 */
export function repeatFor(durationMs: number, fn: () => void): { count: number; ms: number; samplesMs: number[] } {
  const samplesMs: number[] = [];
  const start = performance.now();
  let now = start;
  while (now - start < durationMs) {
    const t0 = now;
    fn();
    now = performance.now();
    samplesMs.push(now - t0);
  }
  samplesMs.sort((x, y) => x - y);
  return { count: samplesMs.length, ms: now - start, samplesMs };
}

const tempDirs: string[] = [];
let cleanupInstalled = false;

function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Creates a fresh temporary directory that is removed when the process exits (also on Ctrl-C). */
export function tempDir(prefix = 'sluice-bench-'): string {
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    process.on('exit', removeTempDirs);
    // 'exit' does not fire when a signal kills the process: turn the signals into an exit.
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
    }
  }
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
