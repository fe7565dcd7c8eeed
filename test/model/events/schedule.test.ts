/**
 * Schedule expressions with fixed clocks: each row gives an expression, a moment and the fire
 * times that follow it, all in UTC, covering rates and their anchor, month ends, leap years,
 * `L`, `W`, `#`, wrapping ranges, years, and a DST changeover that UTC ignores; then the refused
 * forms with their messages.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScheduleExpression, ScheduleExpressionError } from '../../../src/model/events/schedule.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString().replace('.000Z', 'Z') : String(ms));

/** The first `want.length` fire times after `from`. */
function fires(expression: string, from: string, count: number, anchor?: string): string[] {
  const schedule = parseScheduleExpression(expression, anchor === undefined ? {} : { anchorEpochMs: at(anchor) });
  const out: string[] = [];
  let t = at(from);
  for (let i = 0; i < count; i++) {
    t = schedule.next(t);
    out.push(iso(t));
    if (!Number.isFinite(t)) break;
  }
  return out;
}

const table: { expression: string; from: string; anchor?: string; want: string[] }[] = [
  // rate(): one period after the anchor, then every period; the anchor is truncated to the minute.
  { expression: 'rate(1 minute)', from: '2024-05-01T10:00:00Z', want: ['2024-05-01T10:01:00Z', '2024-05-01T10:02:00Z'] },
  { expression: 'rate(5 minutes)', from: '2024-05-01T10:00:00Z', anchor: '2024-05-01T09:58:30Z',
    want: ['2024-05-01T10:03:00Z', '2024-05-01T10:08:00Z'] },
  { expression: 'rate(5 minutes)', from: '2024-05-01T10:03:00Z', anchor: '2024-05-01T09:58:00Z',
    want: ['2024-05-01T10:08:00Z'] },
  { expression: 'rate(1 hour)', from: '2024-05-01T10:00:00Z', anchor: '2024-05-01T10:00:00Z',
    want: ['2024-05-01T11:00:00Z', '2024-05-01T12:00:00Z'] },
  { expression: 'rate(1 hour)', from: '2024-05-01T10:20:00Z', want: ['2024-05-01T11:00:00Z'] },
  { expression: 'rate(2 days)', from: '2024-01-01T00:00:00Z', anchor: '2024-02-28T06:00:00Z',
    want: ['2024-03-01T06:00:00Z', '2024-03-03T06:00:00Z'] },
  // cron(): daily, steps, weekdays.
  { expression: 'cron(0 10 * * ? *)', from: '2024-05-01T10:00:00Z', want: ['2024-05-02T10:00:00Z', '2024-05-03T10:00:00Z'] },
  { expression: 'cron(0 10 * * ? *)', from: '2024-05-01T09:59:59.999Z', want: ['2024-05-01T10:00:00Z'] },
  { expression: 'cron(0/15 * * * ? *)', from: '2024-05-01T10:07:00Z', want: ['2024-05-01T10:15:00Z', '2024-05-01T10:30:00Z', '2024-05-01T10:45:00Z', '2024-05-01T11:00:00Z'] },
  { expression: 'cron(*/20 * * * ? *)', from: '2024-05-01T10:41:00Z', want: ['2024-05-01T11:00:00Z', '2024-05-01T11:20:00Z'] },
  { expression: 'cron(5-10/5 * * * ? *)', from: '2024-05-01T10:06:00Z', want: ['2024-05-01T10:10:00Z', '2024-05-01T11:05:00Z'] },
  { expression: 'cron(0 18 ? * MON-FRI *)', from: '2024-05-03T18:00:00Z', want: ['2024-05-06T18:00:00Z', '2024-05-07T18:00:00Z'] },
  { expression: 'cron(0 18 ? * 2-6 *)', from: '2024-05-03T18:00:00Z', want: ['2024-05-06T18:00:00Z'] },
  { expression: 'cron(0 9 ? * sun,sat *)', from: '2024-05-01T00:00:00Z', want: ['2024-05-04T09:00:00Z', '2024-05-05T09:00:00Z', '2024-05-11T09:00:00Z'] },
  { expression: 'cron(0 0 ? * FRI-MON *)', from: '2024-05-01T00:00:00Z', want: ['2024-05-03T00:00:00Z', '2024-05-04T00:00:00Z', '2024-05-05T00:00:00Z', '2024-05-06T00:00:00Z', '2024-05-10T00:00:00Z'] },
  // Wrapping hour range, month lists and names.
  { expression: 'cron(0 22-1 * * ? *)', from: '2024-05-01T12:00:00Z', want: ['2024-05-01T22:00:00Z', '2024-05-01T23:00:00Z', '2024-05-02T00:00:00Z', '2024-05-02T01:00:00Z', '2024-05-02T22:00:00Z'] },
  { expression: 'cron(0 0 1 JAN,jul ? *)', from: '2024-02-01T00:00:00Z', want: ['2024-07-01T00:00:00Z', '2025-01-01T00:00:00Z'] },
  { expression: 'cron(0 0 1 NOV-FEB ? *)', from: '2024-03-01T00:00:00Z', want: ['2024-11-01T00:00:00Z', '2024-12-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z', '2025-11-01T00:00:00Z'] },
  // Month ends and leap years.
  { expression: 'cron(0 0 31 * ? *)', from: '2024-01-31T00:00:00Z', want: ['2024-03-31T00:00:00Z', '2024-05-31T00:00:00Z', '2024-07-31T00:00:00Z', '2024-08-31T00:00:00Z'] },
  { expression: 'cron(0 0 29 2 ? *)', from: '2023-01-01T00:00:00Z', want: ['2024-02-29T00:00:00Z', '2028-02-29T00:00:00Z'] },
  { expression: 'cron(0 0 29 2 ? *)', from: '2096-03-01T00:00:00Z', want: ['2104-02-29T00:00:00Z'] },
  { expression: 'cron(59 23 31 12 ? *)', from: '2024-12-31T23:58:00Z', want: ['2024-12-31T23:59:00Z', '2025-12-31T23:59:00Z'] },
  // L, W and #.
  { expression: 'cron(0 12 L * ? *)', from: '2024-01-31T12:00:00Z', want: ['2024-02-29T12:00:00Z', '2024-03-31T12:00:00Z', '2024-04-30T12:00:00Z'] },
  { expression: 'cron(0 12 L 2 ? *)', from: '2023-01-01T00:00:00Z', want: ['2023-02-28T12:00:00Z', '2024-02-29T12:00:00Z'] },
  { expression: 'cron(0 12 LW * ? *)', from: '2024-06-01T00:00:00Z', want: ['2024-06-28T12:00:00Z', '2024-07-31T12:00:00Z', '2024-08-30T12:00:00Z'] },
  { expression: 'cron(0 12 15W * ? *)', from: '2024-06-01T00:00:00Z', want: ['2024-06-14T12:00:00Z', '2024-07-15T12:00:00Z', '2024-08-15T12:00:00Z', '2024-09-16T12:00:00Z'] },
  { expression: 'cron(0 12 1W * ? *)', from: '2024-06-01T00:00:00Z', want: ['2024-06-03T12:00:00Z', '2024-07-01T12:00:00Z'] },
  { expression: 'cron(0 12 31W * ? *)', from: '2024-08-01T00:00:00Z', want: ['2024-08-30T12:00:00Z', '2024-10-31T12:00:00Z'] },
  { expression: 'cron(15 10 ? * 6L 2024-2026)', from: '2024-05-01T00:00:00Z', want: ['2024-05-31T10:15:00Z', '2024-06-28T10:15:00Z'] },
  { expression: 'cron(15 10 ? * 6L 2024-2026)', from: '2026-12-25T10:15:00Z', want: ['Infinity'] },
  { expression: 'cron(0 12 ? * L *)', from: '2024-05-01T00:00:00Z', want: ['2024-05-04T12:00:00Z', '2024-05-11T12:00:00Z'] },
  { expression: 'cron(0 9 ? * 3#2 *)', from: '2024-05-01T00:00:00Z', want: ['2024-05-14T09:00:00Z', '2024-06-11T09:00:00Z'] },
  { expression: 'cron(0 9 ? * MON#5 *)', from: '2024-02-01T00:00:00Z', want: ['2024-04-29T09:00:00Z', '2024-07-29T09:00:00Z'] },
  // Years.
  { expression: 'cron(0 0 1 1 ? 2030/10)', from: '2024-01-01T00:00:00Z', want: ['2030-01-01T00:00:00Z', '2040-01-01T00:00:00Z'] },
  { expression: 'cron(0 0 1 1 ? 2199)', from: '2199-01-01T00:00:00Z', want: ['Infinity'] },
  { expression: 'cron(0 0 * * ? 2020)', from: '2024-05-01T00:00:00Z', want: ['Infinity'] },
  { expression: 'cron(0 0 * * ? 2020)', from: '1960-01-01T00:00:00Z', want: ['2020-01-01T00:00:00Z'] },
  // UTC has no daylight saving time: the EU (31 March) and US (10 March) changeovers change nothing.
  { expression: 'cron(30 2 * * ? *)', from: '2024-03-30T03:00:00Z', want: ['2024-03-31T02:30:00Z', '2024-04-01T02:30:00Z'] },
  { expression: 'cron(0 * * * ? *)', from: '2024-03-10T00:30:00Z', want: ['2024-03-10T01:00:00Z', '2024-03-10T02:00:00Z', '2024-03-10T03:00:00Z'] },
  { expression: 'rate(1 day)', from: '2024-10-26T12:00:00Z', want: ['2024-10-27T00:00:00Z', '2024-10-28T00:00:00Z'] },
];

describe('schedule expressions: fire times', () => {
  for (const row of table) {
    it(`${row.expression} after ${row.from}${row.anchor ? ` (anchor ${row.anchor})` : ''}`, () => {
      assert.deepEqual(fires(row.expression, row.from, row.want.length, row.anchor), row.want);
    });
  }

  it('fires strictly after the given moment, from a second inside the minute', () => {
    const schedule = parseScheduleExpression('cron(* * * * ? *)');
    assert.equal(iso(schedule.next(at('2024-05-01T10:00:00Z'))), '2024-05-01T10:01:00Z');
    assert.equal(iso(schedule.next(at('2024-05-01T10:00:59.999Z'))), '2024-05-01T10:01:00Z');
  });
});

const PREFIX = 'Parameter ScheduleExpression is not valid: ';
const refused: { expression: string; message: string }[] = [
  { expression: 'every 5 minutes', message: 'expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year), got "every 5 minutes"' },
  { expression: 'RATE(5 minutes)', message: 'expected rate(value unit) or cron(minutes hours day-of-month month day-of-week year), got "RATE(5 minutes)"' },
  { expression: 'rate(1 minutes)', message: 'rate(1 minutes) is written rate(1 minute): the unit is singular for 1' },
  { expression: 'rate(1 hours)', message: 'rate(1 hours) is written rate(1 hour): the unit is singular for 1' },
  { expression: 'rate(5 hour)', message: 'rate(5 hour) is written rate(5 hours): the unit is plural above 1' },
  { expression: 'rate(0 minutes)', message: 'rate() value must be a positive whole number, got 0' },
  { expression: 'rate(-5 minutes)', message: 'rate() takes "value unit" with a positive whole number and minute(s), hour(s) or day(s), got "-5 minutes"' },
  { expression: 'rate(1.5 hours)', message: 'rate() takes "value unit" with a positive whole number and minute(s), hour(s) or day(s), got "1.5 hours"' },
  { expression: 'rate(30 seconds)', message: 'rate() takes "value unit" with a positive whole number and minute(s), hour(s) or day(s), got "30 seconds"' },
  { expression: 'rate(5)', message: 'rate() takes "value unit" with a positive whole number and minute(s), hour(s) or day(s), got "5"' },
  { expression: 'cron(0 12 * * *)', message: 'cron() takes 6 fields (minutes hours day-of-month month day-of-week year), got 5 (a 5-field Unix cron needs a year field and "?" in one day field)' },
  { expression: 'cron(0 0 12 * * ? *)', message: 'cron() takes 6 fields (minutes hours day-of-month month day-of-week year), got 7 (there is no seconds field)' },
  { expression: 'cron(0 12 * * * *)', message: 'exactly one of day-of-month ("*") and day-of-week ("*") must be "?"' },
  { expression: 'cron(0 12 ? * ? *)', message: 'day-of-month and day-of-week cannot both be "?"' },
  { expression: 'cron(0 12 1 * MON *)', message: 'exactly one of day-of-month ("1") and day-of-week ("MON") must be "?"' },
  { expression: 'cron(60 12 * * ? *)', message: 'minutes: "60" is not valid: 60 is out of range 0-59' },
  { expression: 'cron(0 24 * * ? *)', message: 'hours: "24" is not valid: 24 is out of range 0-23' },
  { expression: 'cron(0 12 0 * ? *)', message: 'day-of-month: "0" is not valid: 0 is out of range 1-31' },
  { expression: 'cron(0 12 * 13 ? *)', message: 'month: "13" is not valid: 13 is out of range 1-12' },
  { expression: 'cron(0 12 * FOO ? *)', message: 'month: "FOO" is not valid: "FOO" is not a number or a name (JAN-DEC)' },
  { expression: 'cron(0 12 ? * 0 *)', message: 'day-of-week: "0" is not valid: 0 is out of range 1-7 (1 = SUN)' },
  { expression: 'cron(0 12 ? * 1-8 *)', message: 'day-of-week: "1-8" is not valid: 8 is out of range 1-7 (1 = SUN)' },
  { expression: 'cron(0 12 * * ? 1969)', message: 'year: "1969" is not valid: 1969 is out of range 1970-2199' },
  { expression: 'cron(0 12 * * ? 2200)', message: 'year: "2200" is not valid: 2200 is out of range 1970-2199' },
  { expression: 'cron(0/0 * * * ? *)', message: 'minutes: "0/0" is not valid: the step "0" must be a positive number' },
  { expression: 'cron(0/x * * * ? *)', message: 'minutes: "0/x" is not valid: the step "x" must be a positive number' },
  { expression: 'cron(1-2-3 * * * ? *)', message: 'minutes: "1-2-3" is not valid: a range has two ends' },
  { expression: 'cron(0,,5 * * * ? *)', message: 'minutes: "0,,5" is not valid' },
  { expression: 'cron(? 12 * * ? *)', message: 'minutes: "?" is not valid: "?" is allowed only in day-of-month or day-of-week' },
  { expression: 'cron(L 12 * * ? *)', message: 'minutes: "L" is not valid: "L" uses L, W or # where minutes does not allow them' },
  { expression: 'cron(0 12 ? L ? *)', message: 'day-of-month and day-of-week cannot both be "?"' },
  { expression: 'cron(0 12 1,L * ? *)', message: 'day-of-month: "1,L" is not valid: L, LW and nW stand alone (# belongs to day-of-week)' },
  { expression: 'cron(0 12 32W * ? *)', message: 'day-of-month: "32W" is not valid: 32 is out of range 1-31' },
  { expression: 'cron(0 12 1#2 * ? *)', message: 'day-of-month: "1#2" is not valid: L, LW and nW stand alone (# belongs to day-of-week)' },
  { expression: 'cron(0 12 ? * 3#6 *)', message: 'day-of-week: "3#6" is not valid: "#6" must be 1-5' },
  { expression: 'cron(0 12 ? * 3#1,5#3 *)', message: 'day-of-week: "3#1,5#3" is not valid: only one "#" term is allowed, on its own' },
  { expression: 'cron(0 12 ? * 2,6L *)', message: 'day-of-week: "2,6L" is not valid: "L" and "nL" stand alone' },
  { expression: 'cron(0 12 ? * 8L *)', message: 'day-of-week: "8L" is not valid: 8 is out of range 1-7 (1 = SUN)' },
  { expression: 'cron(0 0 30 2 ? *)', message: 'cron(0 0 30 2 ? *) never fires: no date between 1970 and 2199 matches every field' },
];

describe('schedule expressions: refused', () => {
  for (const row of refused) {
    it(row.expression, () => {
      assert.throws(() => parseScheduleExpression(row.expression), (e: unknown) => {
        assert.ok(e instanceof ScheduleExpressionError);
        assert.equal(e.name, 'ScheduleExpressionError');
        assert.equal(e.message, PREFIX + row.message);
        return true;
      });
    });
  }
});
