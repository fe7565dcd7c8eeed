/**
 * The six fields of an EventBridge `cron()` expression, parsed into what the scheduler tests:
 * a table of allowed values for minutes, hours, months and years, and a day rule that is either
 * a day-of-month rule or a day-of-week rule (exactly one of the two fields is `?`).
 *
 *   minutes 0-59   hours 0-23   day-of-month 1-31   month 1-12|JAN-DEC   day-of-week 1-7|SUN-SAT
 *   year 1970-2199
 *
 * Every field takes `*`, values, ranges `a-b` (wrapping: `20-2`, `FRI-MON`), steps `a/n` and
 * `a-b/n` (`*` then `/n` for every n-th value) and comma lists. Day-of-month adds `L` (last day),
 * `LW` (last weekday) and `nW` (weekday nearest day n, never leaving the month); day-of-week adds
 * `L` (Saturday, the last day of the week), `nL` (last weekday n of the month) and `n#k` (k-th weekday n). Names are accepted in any
 * case [guess]; `L`, `W` and `#` stand alone, not in lists [guess, as Quartz].
 */
import { ScheduleExpressionError } from './schedule-error.ts';

export const FIRST_YEAR = 1970;
export const LAST_YEAR = 2199;

interface FieldSpec { name: string; min: number; max: number; names?: readonly string[]; hint?: string }

export const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dayOfMonth: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  dayOfWeek: { name: 'day-of-week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], hint: ' (1 = SUN)' },
  year: { name: 'year', min: FIRST_YEAR, max: LAST_YEAR },
} as const satisfies Record<string, FieldSpec>;

/** Allowed values of a field: `allowed[v]` is true when v is allowed. */
export type ValueTable = readonly boolean[];

/** How the day of a month is chosen. Weekdays are 1-7 with 1 = Sunday, as in the expression. */
export type DayRule =
  | { kind: 'days-of-month'; days: ValueTable }
  | { kind: 'last-day-of-month' }
  | { kind: 'last-weekday-of-month' }
  | { kind: 'nearest-weekday'; day: number }
  | { kind: 'days-of-week'; weekdays: ValueTable }
  | { kind: 'last-weekday-in-month'; weekday: number }
  | { kind: 'nth-weekday'; weekday: number; nth: number };

function fieldError(spec: FieldSpec, text: string, reason: string): ScheduleExpressionError {
  return new ScheduleExpressionError(`${spec.name}: "${text}" ${reason}`);
}

function parseValue(spec: FieldSpec, token: string, whole: string): number {
  const named = spec.names?.indexOf(token.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d+$/.test(token)) {
    throw fieldError(spec, whole, `is not valid: "${token}" is not a number${spec.names ? ` or a name (${spec.names[0]}-${spec.names[spec.names.length - 1]})` : ''}`);
  }
  const value = Number(token);
  if (value < spec.min || value > spec.max) {
    throw fieldError(spec, whole, `is not valid: ${value} is out of range ${spec.min}-${spec.max}${spec.hint ?? ''}`);
  }
  return value;
}

/** Values from `start` to `end` (wrapping past `max` when end < start), every `step`. */
function walk(spec: FieldSpec, start: number, end: number, step: number, into: boolean[]): void {
  const span = spec.max - spec.min + 1;
  const count = ((end - start + span) % span) + 1;
  for (let i = 0; i < count; i += step) into[spec.min + ((start - spec.min + i) % span)] = true;
}

function parseTerm(spec: FieldSpec, term: string, whole: string, into: boolean[]): void {
  const [range, stepText, extra] = term.split('/');
  if (extra !== undefined || range === undefined || range === '') throw fieldError(spec, whole, 'is not valid');
  let step = 1;
  if (stepText !== undefined) {
    if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw fieldError(spec, whole, `is not valid: the step "${stepText}" must be a positive number`);
    step = Number(stepText);
  }
  if (range === '*') return walk(spec, spec.min, spec.max, step, into);
  const bounds = range.split('-');
  if (bounds.length > 2) throw fieldError(spec, whole, 'is not valid: a range has two ends');
  const start = parseValue(spec, bounds[0] as string, whole);
  // `a/n` runs from a to the field's maximum; `a-b/n` from a to b.
  const end = bounds.length === 2 ? parseValue(spec, bounds[1] as string, whole) : stepText !== undefined ? spec.max : start;
  walk(spec, start, end, step, into);
}

/** A plain field: `*`, values, ranges, steps and lists. */
export function parseValues(spec: FieldSpec, text: string): ValueTable {
  if (text === '?') throw fieldError(spec, text, 'is not valid: "?" is allowed only in day-of-month or day-of-week');
  const table = new Array<boolean>(spec.max + 1).fill(false);
  for (const term of text.split(',')) {
    if (/[LW#]/i.test(term) && !spec.names) throw fieldError(spec, text, `is not valid: "${term}" uses L, W or # where ${spec.name} does not allow them`);
    parseTerm(spec, term, text, table);
  }
  return table;
}

export function parseDayOfMonth(text: string): DayRule {
  const spec = FIELDS.dayOfMonth;
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'last-day-of-month' };
  if (upper === 'LW') return { kind: 'last-weekday-of-month' };
  const nearest = /^(\d+)W$/.exec(upper);
  if (nearest) return { kind: 'nearest-weekday', day: parseValue(spec, nearest[1] as string, text) };
  if (/[LW#]/.test(upper)) throw fieldError(spec, text, 'is not valid: L, LW and nW stand alone (# belongs to day-of-week)');
  return { kind: 'days-of-month', days: parseValues(spec, text) };
}

export function parseDayOfWeek(text: string): DayRule {
  const spec = FIELDS.dayOfWeek;
  const upper = text.toUpperCase();
  if (upper === 'L') return { kind: 'days-of-week', weekdays: parseValues(spec, '7') };
  const last = /^(\w+)L$/.exec(upper);
  if (last && !upper.includes(',')) return { kind: 'last-weekday-in-month', weekday: parseValue(spec, last[1] as string, text) };
  const nth = /^(\w+)#(\d+)$/.exec(upper);
  if (nth) {
    const k = Number(nth[2]);
    if (k < 1 || k > 5) throw fieldError(spec, text, `is not valid: "#${nth[2]}" must be 1-5`);
    return { kind: 'nth-weekday', weekday: parseValue(spec, nth[1] as string, text), nth: k };
  }
  if (upper.includes('#')) throw fieldError(spec, text, 'is not valid: only one "#" term is allowed, on its own');
  // No weekday name contains an L, so any L left here is an `nL` inside a list or range.
  if (upper.includes('L')) throw fieldError(spec, text, 'is not valid: "L" and "nL" stand alone');
  return { kind: 'days-of-week', weekdays: parseValues(spec, text) };
}
