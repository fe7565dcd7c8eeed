/**
 * EventBridge `cron()` schedules: the next minute, in UTC, at which all six fields agree.
 *
 * `next` walks forward from the minute after `after`, and whenever a field disagrees it jumps to
 * the start of the next unit of that field (next year, month, day, hour, minute), so it visits at
 * most a few hundred candidates even for rare schedules. Dates are computed with `Date.UTC`, which
 * has no daylight saving time: a schedule at 02:30 fires every day of the year.
 */
import {
  FIELDS, FIRST_YEAR, LAST_YEAR, parseDayOfMonth, parseDayOfWeek, parseValues, type DayRule, type ValueTable,
} from './cron-fields.ts';
import { ScheduleExpressionError } from './schedule-error.ts';

const MINUTE_MS = 60_000;

export interface CronFields {
  minutes: ValueTable;
  hours: ValueTable;
  month: ValueTable;
  year: ValueTable;
  day: DayRule;
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** 1 = Sunday … 7 = Saturday, as cron writes weekdays. */
function weekdayOf(year: number, month0: number, day: number): number {
  return new Date(Date.UTC(year, month0, day)).getUTCDay() + 1;
}

/** The weekday (Mon-Fri) nearest `day` that stays inside the month, or undefined past its end. */
function nearestWeekday(year: number, month0: number, day: number): number | undefined {
  const last = daysInMonth(year, month0);
  if (day > last) return undefined;
  const weekday = weekdayOf(year, month0, day);
  if (weekday === 7) return day === 1 ? 3 : day - 1; // Saturday: Friday before, or Monday the 3rd
  if (weekday === 1) return day === last ? day - 2 : day + 1; // Sunday: Monday after, or Friday
  return day;
}

export function dayMatches(rule: DayRule, year: number, month0: number, day: number): boolean {
  switch (rule.kind) {
    case 'days-of-month': return rule.days[day] === true;
    case 'last-day-of-month': return day === daysInMonth(year, month0);
    case 'last-weekday-of-month': {
      const last = daysInMonth(year, month0);
      return day === nearestWeekday(year, month0, last);
    }
    case 'nearest-weekday': return day === nearestWeekday(year, month0, rule.day);
    case 'days-of-week': return rule.weekdays[weekdayOf(year, month0, day)] === true;
    case 'last-weekday-in-month':
      return weekdayOf(year, month0, day) === rule.weekday && day + 7 > daysInMonth(year, month0);
    case 'nth-weekday':
      return weekdayOf(year, month0, day) === rule.weekday && Math.ceil(day / 7) === rule.nth;
  }
}

/** The first fire time strictly after `afterMs` (UTC, whole minutes), or Infinity when none is left. */
export function nextCronTime(fields: CronFields, afterMs: number): number {
  let t = Math.floor(afterMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS;
  for (;;) {
    const d = new Date(t);
    const year = d.getUTCFullYear();
    if (year > LAST_YEAR) return Infinity;
    if (year < FIRST_YEAR) { t = Date.UTC(FIRST_YEAR, 0, 1); continue; }
    const month0 = d.getUTCMonth();
    const day = d.getUTCDate();
    if (fields.year[year] !== true) t = Date.UTC(year + 1, 0, 1);
    else if (fields.month[month0 + 1] !== true) t = Date.UTC(year, month0 + 1, 1);
    else if (!dayMatches(fields.day, year, month0, day)) t = Date.UTC(year, month0, day + 1);
    else if (fields.hours[d.getUTCHours()] !== true) t = Date.UTC(year, month0, day, d.getUTCHours() + 1);
    else if (fields.minutes[d.getUTCMinutes()] !== true) t += MINUTE_MS;
    else return t;
  }
}

/** Parses the text between `cron(` and `)`. */
export function parseCronFields(body: string): CronFields {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    const hint = parts.length === 5 ? ' (a 5-field Unix cron needs a year field and "?" in one day field)'
      : parts.length === 7 ? ' (there is no seconds field)' : '';
    throw new ScheduleExpressionError(`cron() takes 6 fields (minutes hours day-of-month month day-of-week year), got ${parts.length}${hint}`);
  }
  const [minutes, hours, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  const domAny = dom === '?';
  const dowAny = dow === '?';
  if (domAny === dowAny) {
    throw new ScheduleExpressionError(domAny
      ? 'day-of-month and day-of-week cannot both be "?"'
      : `exactly one of day-of-month ("${dom}") and day-of-week ("${dow}") must be "?"`);
  }
  return {
    minutes: parseValues(FIELDS.minutes, minutes),
    hours: parseValues(FIELDS.hours, hours),
    month: parseValues(FIELDS.month, month),
    year: parseValues(FIELDS.year, year),
    day: domAny ? parseDayOfWeek(dow) : parseDayOfMonth(dom),
  };
}
