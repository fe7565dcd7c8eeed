/**
 * Runs leased work claimed from the store, at most `concurrency` items at once: the loop shared
 * by the job runner and the build worker. Each item runs with its own AbortController; stopping
 * the pool stops claiming, aborts every running item with `ShuttingDown` and waits for them.
 */
import type { Logger } from '../logging.ts';
import { coerceError } from '../model/errors.ts';
import { ShuttingDown } from '../providers/provider.ts';
import { Loop } from './loop.ts';

export interface ClaimPoolOptions<T> {
  name: string;
  logger: Logger;
  concurrency(): number;
  /** Claims up to `limit` items (with their leases). */
  claim(limit: number): Promise<T[]>;
  idOf(item: T): string;
  /** Runs one claimed item; `controller` aborts it. */
  run(item: T, controller: AbortController): Promise<void>;
  /** Poll interval when nothing was claimed (work queued in this process calls `wake`). @default 1000 */
  idlePollMs?: number;
}

export class ClaimPool<T> {
  private readonly options: ClaimPoolOptions<T>;
  private readonly loop: Loop;
  private readonly running = new Map<string, { controller: AbortController; done: Promise<void> }>();

  constructor(options: ClaimPoolOptions<T>) {
    this.options = options;
    this.loop = new Loop(options.name, () => this.claimAndRun(), options.logger);
  }

  start(): void {
    this.loop.start();
  }

  /** Work may be queued: claim now instead of at the next poll. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    for (const { controller } of this.running.values()) controller.abort(new ShuttingDown());
    await Promise.all([...this.running.values()].map((r) => r.done));
  }

  private async claimAndRun(): Promise<number> {
    const idle = this.options.idlePollMs ?? 1000;
    const free = this.options.concurrency() - this.running.size;
    if (free <= 0) return idle;
    const items = await this.options.claim(free);
    for (const item of items) {
      const id = this.options.idOf(item);
      // Still running here past its lease (claimed again by this very worker): never twice at once.
      if (this.running.has(id)) continue;
      const controller = new AbortController();
      const done = this.options.run(item, controller).catch((e: unknown) => {
        this.options.logger.error({ loop: this.options.name, id, err: coerceError(e) }, 'claimed work failed');
      }).finally(() => {
        this.running.delete(id);
        this.loop.wake();
      });
      this.running.set(id, { controller, done });
    }
    return items.length > 0 ? 0 : idle;
  }
}
