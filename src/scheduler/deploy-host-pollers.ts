/**
 * Long polls of agents waiting for a host command: a poll of one host waits here until the
 * orchestrator hands that host a command (`notify`), its recheck interval passes (commands handed
 * out by another process sharing the database), its wait ends, or the server drains.
 */
export class HostPollers {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** A command for `host` was created: wake its polls now. */
  notify(host: string): void {
    for (const wake of this.waiting.get(host) ?? []) wake();
  }

  /** Resolves after `ms`, on `notify(host)`, or when `signal` aborts, whichever is first. */
  wait(host: string, ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const wakers = this.waiting.get(host) ?? new Set<() => void>();
      this.waiting.set(host, wakers);
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        wakers.delete(done);
        if (wakers.size === 0) this.waiting.delete(host);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      wakers.add(done);
      signal.addEventListener('abort', done, { once: true });
      if (signal.aborted) done();
    });
  }
}
