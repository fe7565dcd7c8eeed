/**
 * Failed console sign-ins, counted per user (the user name or access key id tried) and per
 * client IP in fixed windows. Once either count reaches its limit, every sign-in for that user or
 * from that IP is refused until the window ends, right or wrong: a guesser learns nothing from
 * answers while locked out. A success clears the user's count.
 *
 * Counts live in this process's memory (a restart forgets them); with several servers each
 * counts its own. The maps are bounded, dropping the oldest entries first.
 */

export interface SignInLimitOptions {
  /** @default 5 */
  maxFailuresPerUser?: number;
  /** @default 20 */
  maxFailuresPerIp?: number;
  /** @default 15 minutes */
  windowMs?: number;
  /** @default Date.now */
  now?: () => number;
}

interface Window { count: number; endsAt: number }

/** Entries per map; an attacker cycling names evicts the oldest, not the ones in use. */
const MAX_ENTRIES = 10_000;

class WindowCounter {
  private readonly windows = new Map<string, Window>();
  private readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  blockedFor(key: string, now: number): number {
    const window = this.windows.get(key);
    if (!window || window.endsAt <= now) return 0;
    return window.count >= this.max ? window.endsAt - now : 0;
  }

  fail(key: string, now: number, windowMs: number): void {
    const window = this.windows.get(key);
    if (window && window.endsAt > now) {
      window.count++;
      return;
    }
    this.windows.delete(key);
    if (this.windows.size >= MAX_ENTRIES) this.windows.delete(this.windows.keys().next().value ?? '');
    this.windows.set(key, { count: 1, endsAt: now + windowMs });
  }

  clear(key: string): void {
    this.windows.delete(key);
  }
}

export class SignInLimit {
  private readonly perUser: WindowCounter;
  private readonly perIp: WindowCounter;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: SignInLimitOptions = {}) {
    this.perUser = new WindowCounter(options.maxFailuresPerUser ?? 5);
    this.perIp = new WindowCounter(options.maxFailuresPerIp ?? 20);
    this.windowMs = options.windowMs ?? 15 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until a sign-in as `user` from `ip` may be tried; 0 when it may now. */
  blockedFor(user: string, ip: string): number {
    const now = this.now();
    return Math.max(this.perUser.blockedFor(user, now), this.perIp.blockedFor(ip, now));
  }

  failed(user: string, ip: string): void {
    const now = this.now();
    this.perUser.fail(user, now, this.windowMs);
    this.perIp.fail(ip, now, this.windowMs);
  }

  succeeded(user: string): void {
    this.perUser.clear(user);
  }
}
