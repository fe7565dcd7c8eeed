/**
 * Why a build must stop early: the caller's abort signal (STOPPED) or the build timeout
 * (TIMED_OUT), whichever comes first. Listeners run once, when it happens.
 */
export type StopReason = 'STOPPED' | 'TIMED_OUT';

export class BuildStop {
  reason: StopReason | undefined;
  private readonly listeners: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;
  private readonly signal: AbortSignal;
  private readonly onAbort = (): void => this.trigger('STOPPED');

  constructor(signal: AbortSignal, timeoutMs: number) {
    this.signal = signal;
    this.timer = setTimeout(() => this.trigger('TIMED_OUT'), timeoutMs);
    if (signal.aborted) this.reason = 'STOPPED';
    else signal.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Runs `listener` when the build must stop (at once if it already must). */
  onStop(listener: () => void): void {
    if (this.reason) listener();
    else this.listeners.push(listener);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.signal.removeEventListener('abort', this.onAbort);
    this.listeners.length = 0;
  }

  private trigger(reason: StopReason): void {
    if (this.reason) return;
    this.reason = reason;
    for (const listener of this.listeners.splice(0)) listener();
  }
}
