/**
 * Waiting for builds to finish: a CodeBuild action waits for its build. The worker of this
 * process announces each build it finishes (`finished`), so a waiter wakes at once; a build
 * finished by another process sharing the database is seen at the next poll.
 */
import type { BuildRecord } from '../store/build-ports.ts';
import type { Store } from '../store/ports.ts';

export class BuildWaiters {
  private readonly store: Store;
  private readonly pollMs: number;
  private readonly waiting = new Map<string, Set<() => void>>();

  /** @param pollMs how often to look for builds finished elsewhere. @default 1000 */
  constructor(store: Store, pollMs = 1000) {
    this.store = store;
    this.pollMs = pollMs;
  }

  finished(build: BuildRecord): void {
    for (const wake of this.waiting.get(build.id) ?? []) wake();
  }

  /** The build once it has finished; rejects with the signal's reason when it aborts first. */
  async wait(buildId: string, signal: AbortSignal): Promise<BuildRecord> {
    for (;;) {
      signal.throwIfAborted();
      const build = await this.store.builds.get(buildId);
      if (!build) throw new Error(`Build ${buildId} no longer exists`);
      if (build.queueState === 'Finished') return build;
      await this.nap(buildId, signal);
    }
  }

  private nap(buildId: string, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.waiting.get(buildId) ?? new Set<() => void>();
      this.waiting.set(buildId, wakers);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wakers.delete(done);
        if (wakers.size === 0) this.waiting.delete(buildId);
        resolve();
      };
      const timer = setTimeout(done, this.pollMs);
      wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
