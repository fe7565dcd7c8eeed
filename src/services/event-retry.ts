/**
 * When a failed delivery is tried again, in one place: exponential backoff with full jitter,
 * capped, until the target's RetryPolicy runs out (AWS defaults: 185 retries, 24 hours).
 *
 *   delay(attempt) = jitter × min(cap, base × 2^(attempt − 1))      base 1 s, cap 5 min [guess]
 *
 * `jitter` is in [0, 1), injected so tests are exact. A delivery whose next attempt would start
 * after its maximum age, or that has used its retries, is dead-lettered instead.
 */
import type { EventTarget } from '../store/event-ports.ts';

export const DEFAULT_MAX_RETRY_ATTEMPTS = 185;
export const DEFAULT_MAX_EVENT_AGE_SECONDS = 86_400;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 300_000;

export function backoffMs(attempt: number, jitter: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  // Never zero: a retry at once would hammer a target that has just failed.
  return Math.max(1, Math.floor(jitter * ceiling));
}

/**
 * The time of the next attempt after `attempts` failed ones, or undefined when the delivery is
 * dead: out of retries (`attempts` > MaximumRetryAttempts) or past MaximumEventAgeInSeconds.
 */
export function nextAttemptAt(target: EventTarget, delivery: { attempts: number; createdAt: number }, now: number, jitter: number): number | undefined {
  const maxRetries = target.RetryPolicy?.MaximumRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
  const maxAgeMs = (target.RetryPolicy?.MaximumEventAgeInSeconds ?? DEFAULT_MAX_EVENT_AGE_SECONDS) * 1000;
  if (delivery.attempts > maxRetries) return undefined;
  const at = now + backoffMs(delivery.attempts, jitter);
  return at - delivery.createdAt > maxAgeMs ? undefined : at;
}
