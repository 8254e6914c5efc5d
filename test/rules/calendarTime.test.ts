// Local time is UTC for this whole file: set before any Date is used.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calendarMatches, expandTimeList, parseCalendarTime } from '../../src/rules/calendarTime.js';

const list = (spec: string, min: number, max: number, offset = 0): number[] | null => {
  const s = expandTimeList(spec, min, max, offset);
  return s === null ? null : [...s].sort((a, b) => a - b);
};
const range = (from: number, to: number, step = 1): number[] => {
  const out: number[] = [];
  for (let i = from; i <= to; i += step) out.push(i);
  return out;
};
/** A UTC moment as a Date. */
const at = (y: number, mon: number, d: number, h = 0, mi = 0): Date => new Date(Date.UTC(y, mon - 1, d, h, mi, 30));

// ---- expandTimeList ------------------------------------------------------

test('single numbers, lists and leading zeros', () => {
  assert.deepEqual(list('5', 0, 59), [5]);
  assert.deepEqual(list('02,5-07', 0, 59), [2, 5, 6, 7]);
  assert.deepEqual(list('0', 0, 59), [0]);
  assert.deepEqual(list('59', 0, 59), [59]);
});

test('* and */step', () => {
  assert.deepEqual(list('*', 0, 23), range(0, 23));
  assert.deepEqual(list('*/15', 0, 59), [0, 15, 30, 45]);
  assert.deepEqual(list('*/05', 0, 23), [0, 5, 10, 15, 20]);
});

test('ranges, open-ended ranges and range/step', () => {
  assert.deepEqual(list('10-12', 0, 59), [10, 11, 12]);
  assert.deepEqual(list('-3', 0, 59), [0, 1, 2, 3]);
  assert.deepEqual(list('57-', 0, 59), [57, 58, 59]);
  assert.deepEqual(list('-', 0, 5), range(0, 5));
  assert.deepEqual(list('1-/20', 0, 59), [1, 21, 41]);
  assert.deepEqual(list('10-20/5', 0, 59), [10, 15, 20]);
  assert.deepEqual(list('3-1', 0, 59), [], 'a backwards range is valid and empty (as in sec)');
});

test('the offset moves every value (months are 0-based inside)', () => {
  assert.deepEqual(list('2,5-7,11-', 1, 12, -1), [1, 4, 5, 6, 10, 11]);
  assert.deepEqual(list('*', 1, 12, -1), range(0, 11));
  assert.deepEqual(list('*/6', 1, 12, -1), [0, 6]);
});

test('empty list items are skipped, trailing ones dropped; an all-empty list is invalid', () => {
  assert.deepEqual(list(',,1', 0, 59), [1]);
  assert.deepEqual(list('1,,', 0, 59), [1]);
  assert.deepEqual(list('1,,2', 0, 59), [1, 2]);
  assert.equal(list(',', 0, 59), null);
  assert.equal(list(',,', 0, 59), null);
  assert.equal(list('', 0, 59), null);
});

test('invalid lists (checked against the real sec)', () => {
  for (const spec of ['60', '1-60', '5/2', '*/0', '*/00', '*/5/2', 'a', '+1', '1-2-3', '1.5', '*/x', ' 1', '1-a', 'x-1']) {
    assert.equal(list(spec, 0, 59), null, spec);
  }
  assert.equal(list('0', 1, 12, -1), null);
  assert.equal(list('13', 1, 12, -1), null);
});

// ---- parseCalendarTime ---------------------------------------------------

test('five fields, the year defaults to *', () => {
  const t = parseCalendarTime('30 4 1,15 * 1-5');
  assert.deepEqual([...t.minutes], [30]);
  assert.deepEqual([...t.hours], [4]);
  assert.deepEqual(
    [...t.days].sort((a, b) => a - b),
    [1, 15],
  );
  assert.equal(t.months.size, 12);
  assert.deepEqual([...t.weekdays].sort(), [1, 2, 3, 4, 5]);
  assert.deepEqual(
    [...t.years].sort((a, b) => a - b),
    range(0, 99),
  );
});

test('a sixth field gives the two-digit years; extra whitespace is fine', () => {
  const t = parseCalendarTime('  0  0   *  *  *   26,27  ');
  assert.deepEqual([...t.years].sort(), [26, 27]);
});

test('weekday 7 is Sunday (0 is added)', () => {
  assert.deepEqual([...parseCalendarTime('* * * * 7').weekdays].sort(), [0, 7]);
  assert.deepEqual([...parseCalendarTime('* * * * 5-7').weekdays].sort(), [0, 5, 6, 7]);
  assert.deepEqual([...parseCalendarTime('* * * * 0').weekdays], [0]);
});

test('months are stored 0-based', () => {
  assert.deepEqual(
    [...parseCalendarTime('* * * 1,12 *').months].sort((a, b) => a - b),
    [0, 11],
  );
});

test('day 0 is allowed (last day of the month)', () => {
  assert.deepEqual([...parseCalendarTime('* * 0 * *').days], [0]);
});

test('wrong number of fields', () => {
  for (const spec of ['* * * *', '* * * * * * *', '', '   ']) {
    assert.throws(() => parseCalendarTime(spec), { message: 'Wrong number of elements in time specification' }, spec);
  }
});

test('each field reports its own name and text (as sec does)', () => {
  const cases: [string, string][] = [
    ['61 * * * *', "Invalid minute specification '61'"],
    ['* 24 * * *', "Invalid hour specification '24'"],
    ['* * 32 * *', "Invalid day specification '32'"],
    ['* * * 13 *', "Invalid month specification '13'"],
    ['* * * 0 *', "Invalid month specification '0'"],
    ['* * * * 8', "Invalid weekday specification '8'"],
    ['* * * * * 100', "Invalid year specification '100'"],
    ['*/0 * * * *', "Invalid minute specification '*/0'"],
    [', * * * *', "Invalid minute specification ','"],
    ['x y * * *', "Invalid minute specification 'x'"],
  ];
  for (const [spec, message] of cases) assert.throws(() => parseCalendarTime(spec), { message }, spec);
});

// ---- calendarMatches -----------------------------------------------------

test('every field must match', () => {
  const t = parseCalendarTime('30 12 27 11 5 26');
  assert.equal(calendarMatches(t, at(2026, 11, 27, 12, 30)), true);
  assert.equal(calendarMatches(t, at(2026, 11, 27, 12, 31)), false, 'minute');
  assert.equal(calendarMatches(t, at(2026, 11, 27, 13, 30)), false, 'hour');
  assert.equal(calendarMatches(t, at(2027, 11, 27, 12, 30)), false, 'year (and weekday)');
  const noWeekday = parseCalendarTime('30 12 27 11 1');
  assert.equal(calendarMatches(noWeekday, at(2026, 11, 27, 12, 30)), false, 'weekday: 2026-11-27 is a Friday');
  const otherMonth = parseCalendarTime('30 12 27 10 *');
  assert.equal(calendarMatches(otherMonth, at(2026, 11, 27, 12, 30)), false, 'month');
  const otherDay = parseCalendarTime('30 12 26 * *');
  assert.equal(calendarMatches(otherDay, at(2026, 11, 27, 12, 30)), false, 'day');
});

test('* * * * * matches any minute', () => {
  const t = parseCalendarTime('* * * * *');
  for (const d of [at(1970, 1, 1), at(2026, 2, 28, 23, 59), at(2099, 12, 31, 12, 0)]) assert.equal(calendarMatches(t, d), true);
});

test('month 1 in the spec is January', () => {
  const t = parseCalendarTime('0 0 1 1 *');
  assert.equal(calendarMatches(t, at(2026, 1, 1)), true);
  assert.equal(calendarMatches(t, at(2026, 2, 1)), false);
});

test('Sunday matches weekday 0 and weekday 7', () => {
  const sunday = at(2026, 11, 29, 10, 0);
  assert.equal(calendarMatches(parseCalendarTime('* * * * 0'), sunday), true);
  assert.equal(calendarMatches(parseCalendarTime('* * * * 7'), sunday), true);
  assert.equal(calendarMatches(parseCalendarTime('* * * * 1-6'), sunday), false);
});

test('day 0 matches the last day of each month, leap years included', () => {
  const t = parseCalendarTime('0 0 0 * *');
  assert.equal(calendarMatches(t, at(2026, 1, 31)), true);
  assert.equal(calendarMatches(t, at(2026, 1, 30)), false);
  assert.equal(calendarMatches(t, at(2026, 2, 28)), true);
  assert.equal(calendarMatches(t, at(2028, 2, 28)), false);
  assert.equal(calendarMatches(t, at(2028, 2, 29)), true);
  assert.equal(calendarMatches(t, at(2026, 4, 30)), true);
  assert.equal(calendarMatches(t, at(2026, 12, 31)), true);
});

test('day 0 together with other days', () => {
  const t = parseCalendarTime('0 0 0,15 * *');
  assert.equal(calendarMatches(t, at(2026, 6, 15)), true);
  assert.equal(calendarMatches(t, at(2026, 6, 30)), true);
  assert.equal(calendarMatches(t, at(2026, 6, 29)), false);
});

test('the year field is the year modulo 100', () => {
  const t = parseCalendarTime('* * * * * 0');
  assert.equal(calendarMatches(t, at(2000, 6, 1)), true);
  assert.equal(calendarMatches(t, at(2100, 6, 1)), true);
  assert.equal(calendarMatches(t, at(2001, 6, 1)), false);
});

test('an empty field (backwards range) never matches', () => {
  const t = parseCalendarTime('30-10 * * * *');
  assert.equal(t.minutes.size, 0);
  assert.equal(calendarMatches(t, at(2026, 1, 1, 0, 20)), false);
});
