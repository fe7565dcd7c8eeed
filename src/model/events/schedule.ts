/**
 * EventBridge schedule expressions (spec/events.md §5): `rate(5 minutes)` and six-field
 * `cron(0 12 * * ? *)`. All times are UTC with one-minute resolution.
 *
 * A rate counts from an anchor: the rule's creation time, truncated to the minute so fires land on
 * whole minutes [guess: AWS fires "somewhere within the minute"]. The first fire is one period
 * after the anchor. The anchor is a parameter because model code has no clock; it defaults to the
 * Unix epoch, which puts `rate(1 hour)` on the hour and `rate(1 day)` at 00:00 UTC.
 *
 * A cron schedule that can never fire (`cron(0 0 30 2 ? *)`, 30 February) is refused when parsed
 * [guess: AWS accepts it and never fires]; one whose years are all past returns Infinity.
 */
import { nextCronTime, parseCronFields } from './cron.ts';
import { ScheduleExpressionError } from './schedule-error.ts';

export { ScheduleExpressionError } from './schedule-error.ts';

export interface Schedule {
  /** The next fire time strictly after `afterEpochMs`, in epoch ms (UTC); Infinity when none is left. */
  next(afterEpochMs: number): number;
}

export interface ScheduleOptions {
  /**
   * Where a `rate()` schedule starts counting (the rule's creation time), epoch ms.
   * @default 0
   */
  anchorEpochMs?: number;
}

const MINUTE_MS = 60_000;
const UNIT_MS = { minute: MINUTE_MS, hour: 60 * MINUTE_MS, day: 24 * 60 * MINUTE_MS } as const;

function parseRate(body: string, anchorEpochMs: number): Schedule {
  const m = /^(\d+) (minute|hour|day)(s?)$/.exec(body);
  if (m === null) {
    throw new ScheduleExpressionError(`rate() takes "value unit" with a positive whole number and minute(s), hour(s) or day(s), got "${body}"`);
  }
  const value = Number(m[1]);
  const unit = m[2] as keyof typeof UNIT_MS;
  const plural = m[3] === 's';
  if (value === 0) throw new ScheduleExpressionError('rate() value must be a positive whole number, got 0');
  if (value === 1 && plural) throw new ScheduleExpressionError(`rate(1 ${unit}s) is written rate(1 ${unit}): the unit is singular for 1`);
  if (value > 1 && !plural) throw new ScheduleExpressionError(`rate(${value} ${unit}) is written rate(${value} ${unit}s): the unit is plural above 1`);
  const periodMs = value * UNIT_MS[unit];
  const anchor = Math.floor(anchorEpochMs / MINUTE_MS) * MINUTE_MS;
  return {
    next(afterEpochMs: number): number {
      const periods = Math.max(1, Math.floor((afterEpochMs - anchor) / periodMs) + 1);
      return anchor + periods * periodMs;
    },
  };
}

function parseCron(body: string): Schedule {
  const fields = parseCronFields(body);
  if (nextCronTime(fields, Date.UTC(1970, 0, 1) - 1) === Infinity) {
    throw new ScheduleExpressionError(`cron(${body}) never fires: no date between 1970 and 2199 matches every field`);
  }
  return { next: (afterEpochMs) => nextCronTime(fields, afterEpochMs) };
}

/** Parses `rate(...)` or `cron(...)`; throws ScheduleExpressionError naming the part that is wrong. */
export function parseScheduleExpression(text: string, options: ScheduleOptions = {}): Schedule {
  const m = /^(rate|cron)\((.*)\)$/s.exec(text);
  if (m === null) {
    throw new ScheduleExpressionError(`expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year), got "${text}"`);
  }
  return m[1] === 'rate' ? parseRate(m[2] as string, options.anchorEpochMs ?? 0) : parseCron(m[2] as string);
}
