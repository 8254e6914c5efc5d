// Local time is UTC for this whole file: set before any Date is used.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFields } from '../../../src/time/eventTime/fields.js';
import { compileStrptime } from '../../../src/time/eventTime/strptime.js';

/** The parts `format` reads from `text`, and where it stopped (-1: no match). */
function scan(format: string, text: string): { end: number; fields: ReturnType<typeof newFields> } {
  const scanner = compileStrptime(format);
  if (typeof scanner === 'string') throw new Error(scanner);
  const fields = newFields();
  return { end: scanner(text, 0, fields), fields };
}

test('%Y-%m-%d %H:%M:%S reads every part', () => {
  const { end, fields } = scan('%Y-%m-%d %H:%M:%S', '2026-12-04 13:25:57');
  assert.equal(end, 19);
  assert.deepEqual(fields, { ...newFields(), year: 2026, month: 11, day: 4, hour: 13, minute: 25, second: 57 });
});

test('%d/%b/%Y:%H:%M:%S %z (an Apache access log time), month names in any case', () => {
  const { fields } = scan('%d/%b/%Y:%H:%M:%S %z', '04/DEC/2026:13:25:57 -0700');
  assert.deepEqual(fields, { ...newFields(), year: 2026, month: 11, day: 4, hour: 13, minute: 25, second: 57, offsetMinutes: -420 });
  assert.equal(scan('%b %e %H:%M', 'September  4 13:25').fields.month, 8);
  assert.equal(scan('%b %e %H:%M', 'September  4 13:25').end, 18);
});

test('%e and %d take a day padded with a space; white space in the format takes any run of it', () => {
  assert.equal(scan('%b %e %H:%M:%S', 'Dec  4 13:25:57').fields.day, 4);
  assert.equal(scan('%m%d %H%M', '1204 1325').end, 9);
  assert.equal(scan('%m %d %H %M', '12\t 04   13 25').end, 14);
  assert.equal(scan('%m %d %H %M', '12041325').end, 8);
});

test('%y is 1969-2068; %f a fraction; %s epoch seconds with a %f fraction', () => {
  assert.equal(scan('%y%m%d %H:%M', '691204 13:25').fields.year, 1969);
  assert.equal(scan('%y%m%d %H:%M', '681204 13:25').fields.year, 2068);
  assert.equal(scan('%m-%d %H:%M:%S.%f', '12-04 13:25:57.0421').fields.ms, 42);
  assert.equal(scan('%s.%f', '1796390757.5').fields.epochMs, 1796390757500);
  assert.equal(scan('[%s]', '[1796390757]').fields.epochMs, 1796390757000);
});

test('%% is a percent sign; other characters are themselves', () => {
  assert.equal(scan('%%%m/%d %H:%M', '%12/04 13:25').end, 12);
  assert.equal(scan('%%%m/%d %H:%M', '12/04 13:25').end, -1);
});

test('out-of-range or missing parts do not match', () => {
  for (const text of ['13-04 10:00', '12-32 10:00', '12-04 24:00', '12-04 10:60', '12-04 10:', 'xx-04 10:00'])
    assert.equal(scan('%m-%d %H:%M', text).end, -1, text);
});

test('a format must give a date and time, or epoch seconds; unknown directives are refused', () => {
  assert.match(compileStrptime('%H:%M:%S') as string, /needs %s, or a month/);
  assert.match(compileStrptime('%Y-%m-%d') as string, /needs %s/);
  assert.match(compileStrptime('%Y-%m-%d %H:%M %Q') as string, /unknown directive %Q/);
  assert.match(compileStrptime('%m-%d %H:%M %') as string, /unknown directive %/);
  assert.equal(typeof compileStrptime('%b %e %H:%M'), 'function');
});
