/**
 * How long the agent waits before calling the server again after a failed call: doubling from
 * `baseMs` up to `capMs`, with full jitter so a fleet of agents does not reconnect in step after
 * a server restart. The cap is short (30 s by default, not the 5 minutes of event delivery): a
 * host that waits long after its server is back stalls the deployment it is part of.
 */
export function agentBackoffMs(attempt: number, jitter: number, policy: { baseMs: number; capMs: number }): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(20, Math.max(0, attempt)));
  return Math.max(1, Math.floor(jitter * ceiling));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  /** Jitter source in [0, 1). */
  random: () => number;
  /** Called before each wait, with the error and the attempt that failed. */
  onRetry: (err: Error, attempt: number) => void;
}

/**
 * Runs `call` until it succeeds, waiting between attempts, while `isTransient(err)` says a retry
 * may help and `signal` has not aborted; otherwise the error is thrown.
 */
export async function retryTransient<T>(call: () => Promise<T>, isTransient: (err: Error) => boolean, policy: RetryPolicy, signal: AbortSignal): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      if (signal.aborted || !isTransient(err)) throw err;
      policy.onRetry(err, attempt);
      await pause(agentBackoffMs(attempt, policy.random(), policy), signal);
      if (signal.aborted) throw err;
    }
  }
}
