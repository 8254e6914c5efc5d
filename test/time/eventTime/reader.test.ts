// Local time is UTC for this whole file: set before any Date is used.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventTimeSetting, type EventTimeSetting } from '../../../src/time/eventTime/spec.js';

/** A setting from the options, which must be valid. */
function settingOf(o: Parameters<typeof eventTimeSetting>[0]): EventTimeSetting {
  const s = eventTimeSetting(o);
  if (s === null || typeof s === 'string') throw new Error(String(s));
  return s;
}

/** The ISO dates (UTC) one reader gives the lines, its input written at `mtime`. */
function dates(o: Parameters<typeof eventTimeSetting>[0], mtime: string, ...lines: string[]): (string | null)[] {
  const reader = settingOf(o).reader(() => Date.parse(mtime));
  return lines.map((l) => {
    const ms = reader.read(l);
    return ms === null ? null : new Date(ms).toISOString();
  });
}

test('syslog year: the year of the file modification time', () => {
  assert.deepEqual(dates({ eventTime: 'syslog' }, '2026-12-04T14:00:00Z', 'Dec  4 13:25:57 a', 'Dec  4 13:59:00 b'), [
    '2026-12-04T13:25:57.000Z',
    '2026-12-04T13:59:00.000Z',
  ]);
});

test('syslog year: the year before when the first line would be after the modification time', () => {
  assert.deepEqual(dates({ eventTime: 'syslog' }, '2026-01-02T08:00:00Z', 'Dec 30 23:00:00 a'), ['2025-12-30T23:00:00.000Z']);
  // on the modification time itself it is still that year
  assert.deepEqual(dates({ eventTime: 'syslog' }, '2026-01-02T08:00:00Z', 'Jan  2 08:00:00 a'), ['2026-01-02T08:00:00.000Z']);
});

test('syslog year: New Year from December back to January moves the year on, and a late December line after it goes back', () => {
  assert.deepEqual(
    dates(
      { eventTime: 'syslog' },
      '2026-01-02T08:00:00Z',
      'Dec 31 23:59:59 a',
      'Jan  1 00:00:00 b',
      'Dec 31 23:59:58 late',
      'Jan  1 00:00:01 c',
      'Feb  1 00:00:00 d',
    ),
    ['2025-12-31T23:59:59.000Z', '2026-01-01T00:00:00.000Z', '2025-12-31T23:59:58.000Z', '2026-01-01T00:00:01.000Z', '2026-02-01T00:00:00.000Z'],
  );
});

test('syslog year: Feb 29 is a date in a leap year only', () => {
  assert.deepEqual(dates({ eventTime: 'syslog' }, '2024-03-10T00:00:00Z', 'Feb 29 12:00:00 a'), ['2024-02-29T12:00:00.000Z']);
  assert.deepEqual(dates({ eventTime: 'syslog' }, '2026-03-10T00:00:00Z', 'Feb 29 12:00:00 a', 'Mar  1 12:00:00 b'), [null, '2026-03-01T12:00:00.000Z']);
});

test('the modification time is asked only when a line leaves out its year', () => {
  let asked = 0;
  const reader = settingOf({ eventTime: 'iso8601' }).reader(() => {
    asked++;
    return 0;
  });
  reader.read('2026-12-04T13:25:57Z x');
  assert.equal(asked, 0);
});

test('--event-time-regex with --event-time-format: the group named time, else the first group, read whole', () => {
  const apache = { eventTimeRegex: '\\[([^\\]]+)\\]', eventTimeFormat: '%d/%b/%Y:%H:%M:%S %z' };
  assert.deepEqual(
    dates(apache, '2026-12-04T00:00:00Z', '1.2.3.4 - - [04/Dec/2026:13:25:57 +0100] "GET /"', 'no brackets', '[04/Dec/2026:13:25:57 +0100 extra]'),
    ['2026-12-04T12:25:57.000Z', null, null],
  );
  const named = { eventTimeRegex: '^(\\w+) at (?<time>\\S+ \\S+)', eventTimeFormat: '%Y-%m-%d %H:%M' };
  assert.deepEqual(dates(named, '2026-12-04T00:00:00Z', 'job at 2026-12-04 13:25 done'), ['2026-12-04T13:25:00.000Z']);
  const yearless = { eventTimeRegex: 'time=(.{15})', eventTimeFormat: '%b %e %H:%M:%S' };
  assert.deepEqual(dates(yearless, '2026-01-02T00:00:00Z', 'x time=Dec 31 23:00:00', 'x time=Jan  1 01:00:00'), [
    '2025-12-31T23:00:00.000Z',
    '2026-01-01T01:00:00.000Z',
  ]);
});

test('option errors: unknown format, a regex that does not compile or has no group, a format without a time, the options mixed', () => {
  assert.equal(eventTimeSetting({}), null);
  assert.match(eventTimeSetting({ eventTime: 'rfc822' }) as string, /^--event-time: unknown format 'rfc822' \(known: syslog, iso8601, epoch, epoch-ms, auto/);
  assert.match(eventTimeSetting({ eventTimeRegex: '([', eventTimeFormat: '%s' }) as string, /^--event-time-regex: Invalid regular expression/);
  assert.match(eventTimeSetting({ eventTimeRegex: '\\d+', eventTimeFormat: '%s' }) as string, /no capture group/);
  assert.match(eventTimeSetting({ eventTimeRegex: '(\\d+)', eventTimeFormat: '%H' }) as string, /^--event-time-format: a format needs/);
  assert.match(eventTimeSetting({ eventTimeRegex: '(\\d+)' }) as string, /need each other/);
  assert.match(eventTimeSetting({ eventTimeFormat: '%s' }) as string, /need each other/);
  assert.match(eventTimeSetting({ eventTime: 'epoch', eventTimeRegex: '(\\d+)', eventTimeFormat: '%s' }) as string, /cannot be given with/);
});
