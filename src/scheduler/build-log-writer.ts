/**
 * Writes a running build's log lines and phase lists to the store without holding the build
 * back: lines are batched (a write per `flushMs` or per `maxBatch` lines, whichever comes first)
 * and phase lists coalesced (only the latest is written). Writes happen one at a time, in order,
 * so the stored log is exactly the runner's.
 */
import type { BuildPhase } from '../runner/build/contract.ts';
import type { Store } from '../store/ports.ts';
import type { Clock } from './system.ts';

export interface BuildRecordWriterOptions {
  store: Store;
  buildId: string;
  workerId: string;
  clock: Clock;
  onError(error: unknown): void;
  /** @default 100 */
  flushMs?: number;
  /** @default 500 */
  maxBatch?: number;
}

export class BuildRecordWriter {
  private readonly options: BuildRecordWriterOptions;
  private lines: { timestamp: number; message: string }[] = [];
  private phases: readonly BuildPhase[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(options: BuildRecordWriterOptions) {
    this.options = options;
  }

  log(message: string): void {
    this.lines.push({ timestamp: this.options.clock.now(), message });
    if (this.lines.length >= (this.options.maxBatch ?? 500)) this.flushSoon(0);
    else this.flushSoon(this.options.flushMs ?? 100);
  }

  recordPhases(phases: readonly BuildPhase[]): void {
    this.phases = phases.map((p) => ({ ...p, contexts: [...p.contexts] }));
    this.flushSoon(0);
  }

  /** Drops everything pending (the build is not this worker's any more); waits for writes under way. */
  discard(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.lines = [];
    this.phases = undefined;
    return this.writing;
  }

  /** Writes everything pending; resolves once it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const lines = this.lines;
    const phases = this.phases;
    this.lines = [];
    this.phases = undefined;
    const { store, buildId, workerId, clock } = this.options;
    this.writing = this.writing.then(async () => {
      // Phases first: a phase's first line never appears before the phase itself.
      if (phases) await store.builds.recordPhases(buildId, workerId, phases, clock.now());
      if (lines.length > 0) await store.buildLogs.append(buildId, lines);
    }).catch((e: unknown) => this.options.onError(e));
    return this.writing;
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delayMs);
  }
}
