/**
 * A background loop with guarded modes, for the scheduler's pollers (job runner, timers, lease
 * sweeper).
 *
 * Modes: 'idle' (built, not started) → 'running' (calls `tick` again and again; `tick` returns how
 * long to wait before the next call, cut short by `wake()`) → 'stopping' (the current tick
 * finishes, no new one starts) → 'stopped'. A tick that throws is logged and retried after the
 * error delay; it never ends the loop.
 */
import { coerceError } from '../model/errors.ts';
import type { Logger } from '../logging.ts';
import { Wakeup } from './wakeup.ts';

export type LoopMode = 'idle' | 'running' | 'stopping' | 'stopped';

export class Loop {
  private mode: LoopMode = 'idle';
  private readonly wakeup = new Wakeup();
  private finished: Promise<void> = Promise.resolve();
  private readonly name: string;
  private readonly tick: () => Promise<number>;
  private readonly logger: Logger;
  private readonly errorDelayMs: number;

  /** @param errorDelayMs wait after a failed tick. @default 1000 */
  constructor(name: string, tick: () => Promise<number>, logger: Logger, errorDelayMs = 1000) {
    this.name = name;
    this.tick = tick;
    this.logger = logger;
    this.errorDelayMs = errorDelayMs;
  }

  get state(): LoopMode {
    return this.mode;
  }

  start(): void {
    if (this.mode !== 'idle') throw new Error(`Loop ${this.name} cannot start from mode ${this.mode}`);
    this.mode = 'running';
    this.finished = this.run();
  }

  wake(): void {
    this.wakeup.notify();
  }

  async stop(): Promise<void> {
    if (this.mode === 'idle') this.mode = 'stopped';
    if (this.mode === 'running') this.mode = 'stopping';
    this.wakeup.notify();
    await this.finished;
  }

  private async run(): Promise<void> {
    while (this.mode === 'running') {
      let delayMs: number;
      try {
        delayMs = await this.tick();
      } catch (e) {
        this.logger.error({ loop: this.name, err: coerceError(e) }, 'scheduler loop step failed');
        delayMs = this.errorDelayMs;
      }
      if (this.mode !== 'running') break;
      if (delayMs > 0) await this.wakeup.wait(delayMs);
    }
    this.mode = 'stopped';
  }
}
