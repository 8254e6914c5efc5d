// Local time is Central European for this whole file (summer time from the
// last Sunday of March): set before any Date is used.
process.env.TZ = 'Europe/Berlin';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILTIN_FORMATS, type BuiltinFormat } from '../../../src/time/eventTime/formats.js';
import { atLineStart, EventTimeReader } from '../../../src/time/eventTime/reader.js';

/** The reference for years the format leaves out: late 2026. */
const REFERENCE = Date.UTC(2026, 11, 20);

/** The epoch ms each line reads as in `format` (null: no time), in order, by one reader. */
function read(format: BuiltinFormat, ...lines: string[]): (number | null)[] {
  const reader = new EventTimeReader(atLineStart(BUILTIN_FORMATS[format]), () => REFERENCE);
  return lines.map((l) => reader.read(l));
}

const utc = (...parts: [number, number, number, number?, number?, number?, number?]): number => Date.UTC(...parts);

test('syslog: Mmm dd hh:mm:ss in local time, the day padded with a space or a zero, after an optional <PRI>', () => {
  assert.deepEqual(read('syslog', 'Dec  4 13:25:57 host sshd[1]: x', 'Dec 04 13:25:58 host', '<34>Dec 14 13:25:59 host', 'Jul  4 12:00:00 summer'), [
    utc(2026, 11, 4, 12, 25, 57),
    utc(2026, 11, 4, 12, 25, 58),
    utc(2026, 11, 14, 12, 25, 59),
    utc(2026, 6, 4, 10, 0, 0), // CEST, two hours ahead of UTC
  ]);
});

test('syslog: a fraction after the seconds is read to the millisecond', () => {
  assert.deepEqual(read('syslog', 'Dec  4 13:25:57.1239 host'), [utc(2026, 11, 4, 12, 25, 57, 123)]);
});

test('syslog: lines without a time there, or an impossible one, have none', () => {
  assert.deepEqual(
    read('syslog', 'host Dec  4 13:25:57', 'Dex  4 13:25:57 x', 'Dec  4 13:25 x', 'Dec  4 1:25:57 x', 'Apr 31 10:00:00 x', 'Dec  4 24:00:00 x', '', 'Dec'),
    [null, null, null, null, null, null, null, null],
  );
});

test('iso8601: zones Z, +hh:mm, -hhmm and +hh; fractions with a dot or a comma; T, t or a space', () => {
  assert.deepEqual(
    read(
      'iso8601',
      '2026-12-04T13:25:57.123+01:00 host',
      '2026-12-04T13:25:57Z x',
      '2026-12-04 13:25:57,5-0230 x',
      '2026-12-04t13:25:57.123456789+05 x',
      '2026-12-04T13:25:57z',
    ),
    [
      utc(2026, 11, 4, 12, 25, 57, 123),
      utc(2026, 11, 4, 13, 25, 57),
      utc(2026, 11, 4, 15, 55, 57, 500),
      utc(2026, 11, 4, 8, 25, 57, 123),
      utc(2026, 11, 4, 13, 25, 57),
    ],
  );
});

test('iso8601: no zone is local time (winter and summer), seconds may be left out', () => {
  assert.deepEqual(read('iso8601', '2026-12-04T13:25:57 x', '2026-07-04T13:25:57 x', '2026-07-04T13:25 x'), [
    utc(2026, 11, 4, 12, 25, 57),
    utc(2026, 6, 4, 11, 25, 57),
    utc(2026, 6, 4, 11, 25),
  ]);
});

test('iso8601: after an RFC 5424 header <PRI>1', () => {
  assert.deepEqual(read('iso8601', '<165>1 2026-12-04T13:25:57.003Z host app - - - msg'), [utc(2026, 11, 4, 13, 25, 57, 3)]);
});

test('iso8601: a leap day exists in a leap year only; bad parts give no time', () => {
  assert.deepEqual(
    read('iso8601', '2024-02-29T12:00:00Z', '2026-02-29T12:00:00Z', '2026-13-01T00:00:00Z', '2026-12-04X13:25:57Z', '2026-12-04T13:25:', '26-12-04T13:25:57Z'),
    [utc(2024, 1, 29, 12), null, null, null, null, null],
  );
});

test('epoch and epoch-ms: a number at the start with an optional fraction, not followed by a letter, digit, - : or /', () => {
  assert.deepEqual(
    read('epoch', '1796390757 x', '1796390757.25 x', '[1796390757] x', '1796390757,x', '1796390757x', '1796390757:x', 'x 1796390757', '1796390757.'),
    [1796390757000, 1796390757250, null, 1796390757000, null, null, null, 1796390757000],
  );
  assert.deepEqual(read('epoch-ms', '1796390757123 x', '1796390757123.9 x', 'abc'), [1796390757123, 1796390757123, null]);
});

test('auto: each format at the start of the line; an epoch of 12 digits or more is milliseconds', () => {
  assert.deepEqual(read('auto', '2026-12-04T13:25:57Z a', 'Dec  4 13:25:57 b', '1796390757 c', '1796390757123 d', '<34>Dec  4 13:25:57 e', 'no time'), [
    utc(2026, 11, 4, 13, 25, 57),
    utc(2026, 11, 4, 12, 25, 57),
    1796390757000,
    1796390757123,
    utc(2026, 11, 4, 12, 25, 57),
    null,
  ]);
});

test('auto: the start of a date or a clock time that is no format is not an epoch number', () => {
  assert.deepEqual(read('auto', '2026-12-04T13:xx', '2026-12-04', '13:25:57 x', '12/04/2026 x', '2026 x'), [null, null, null, null, 2026000]);
});
