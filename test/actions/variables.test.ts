process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';

// imported after TZ is set, so that no Date is made in another zone
const { ActionVariables } = await import('../../src/actions/variables.js');
const { VirtualClock } = await import('../../src/time/clock.js');

function vars(seconds = 1_800_000_000, allChars = false): { v: InstanceType<typeof ActionVariables>; clock: InstanceType<typeof VirtualClock> } {
  const clock = new VirtualClock(seconds);
  return { v: new ActionVariables(clock, allChars), clock };
}

test('%s is the desc given to substitute', () => {
  const { v } = vars();
  assert.equal(v.substitute('desc=[%s]', 'my desc'), 'desc=[my desc]');
  assert.equal(v.substitute('%s%s', 'ab'), 'abab');
  assert.equal(v.substitute('%{s}x', 'D'), 'Dx');
});

test('%u is epoch seconds and %t is Perl scalar localtime', () => {
  const { v } = vars(1_800_000_000);
  assert.equal(v.substitute('%u', ''), '1800000000');
  assert.equal(v.substitute('%t', ''), 'Fri Jan 15 08:00:00 2027');
  const zero = vars(0).v;
  assert.equal(zero.substitute('[%t]', ''), '[Thu Jan  1 00:00:00 1970]');
  assert.equal(zero.substitute('%u', ''), '0');
  assert.equal(vars(1_000_000_000).v.substitute('%t', ''), 'Sun Sep  9 01:46:40 2001');
});

test('%u and %t are read again each time, even after assign overwrote them', () => {
  const { v, clock } = vars(1_800_000_000);
  v.set('u', 'mine');
  v.set('t', 'mine');
  assert.equal(v.substitute('%u %t', ''), '1800000000 Fri Jan 15 08:00:00 2027');
  clock.advance(61);
  assert.equal(v.substitute('%u %t', ''), '1800000061 Fri Jan 15 08:01:01 2027');
});

test('time pieces: %.year %.mon %.mday %.mdaystr %.hour %.min %.sec %.hmsstr %.wday %.wdaystr %.monstr', () => {
  // Sun Sep  9 01:46:40 2001 UTC
  const { v } = vars(1_000_000_000);
  assert.equal(
    v.substitute('%.year|%.mon|%.mday|%.mdaystr|%.hour|%.min|%.sec|%.hmsstr|%.wday|%.wdaystr|%.monstr', ''),
    '2001|09|09| 9|01|46|40|01:46:40|0|Sun|Sep',
  );
  // Thu Feb 29 23:59:59 2024 UTC: two-digit values are not padded further
  const leap = vars(1_709_251_199).v;
  assert.equal(
    leap.substitute('%.year|%.mon|%.mday|%.mdaystr|%.hour|%.min|%.sec|%.hmsstr|%.wday|%.wdaystr|%.monstr', ''),
    '2024|02|29|29|23|59|59|23:59:59|4|Thu|Feb',
  );
  // Fri Jan 15 08:00:00 2027 UTC
  const jan = vars(1_800_000_000).v;
  assert.equal(jan.substitute('%{.year}-%{.mon}-%{.mday}T%{.hmsstr} %{.wday}', ''), '2027-01-15T08:00:00 5');
});

test('time pieces follow the clock to the next second', () => {
  const { v, clock } = vars(1_709_251_199);
  assert.equal(v.substitute('%.hmsstr %.mon/%.mday/%.year', ''), '23:59:59 02/29/2024');
  clock.advance(1);
  assert.equal(v.substitute('%.hmsstr %.mon/%.mday/%.year %.monstr %.wdaystr', ''), '00:00:00 03/01/2024 Mar Fri');
});

test('%.tzname %.tzoff %.tzoff2 in UTC', () => {
  const { v } = vars();
  assert.equal(v.substitute('%.tzname|%.tzoff|%.tzoff2', ''), 'UTC|+0000|+00:00');
});

test('%.tzname is read like the other time pieces, though it is made only when asked for', () => {
  const { v } = vars();
  assert.equal(v.get('.tzname'), undefined, 'no time piece before the first substitution');
  v.substitute('%s', '');
  assert.equal(v.get('.tzname'), 'UTC');
  assert.equal(v.isTrue('.tzname'), true);
});

test('%.nl %.cr %.tab %.sp', () => {
  const { v } = vars();
  assert.equal(v.substitute('a%{.nl}b%{.cr}c%{.tab}d%{.sp}e', ''), 'a\nb\rc\td e');
  assert.equal(v.substitute('%.nl %.cr %.tab %.sp', ''), '\n \r \t  ');
});

test('%.chr0 .. %.chr31 are the control characters; %.chr32 and up are unset, as in SEC 2.9.1', () => {
  const { v } = vars();
  for (let i = 0; i < 32; i++) assert.equal(v.substitute(`[%{.chr${i}}]`, ''), `[${String.fromCharCode(i)}]`, `%.chr${i}`);
  assert.equal(v.substitute('[%.chr32][%.chr65][%.chr255]', ''), '[][][]');
  v.clear();
  assert.equal(v.substitute('[%.chr31][%.chr32]', ''), '[\x1f][]', 'a full restart keeps the same set');
});

test('with --compat=2.9.3 or later, %.chr0 .. %.chr255 are the bytes 0..255 as latin1 characters; %.chr256 is unset', () => {
  const { v } = vars(1_800_000_000, true);
  for (let i = 0; i < 256; i++) {
    assert.equal(v.substitute(`[%{.chr${i}}]`, ''), `[${String.fromCharCode(i)}]`, `%.chr${i}`);
  }
  assert.equal(v.substitute('%.chr32%.chr65%.chr127', ''), ' A\x7f');
  // UTF-8 bytes of A-umlaut, written byte by byte
  assert.equal(Buffer.from(v.substitute('%.chr195%.chr132', ''), 'latin1').toString('utf8'), '\u00c4');
  assert.equal(v.substitute('[%.chr256]', ''), '[]');
  assert.equal(v.substitute('[%.chr0255]', ''), '[]', 'no leading zeros');
  assert.equal(v.substitute('%{.chr7}1', ''), '\x071');
  // greedy: %.chr10 is chr 10, not chr 1 followed by 0
  assert.equal(v.substitute('%.chr10', ''), '\n');
});

test('%% is % and %{name} is a braced name', () => {
  const { v } = vars();
  v.set('x', 'X');
  assert.equal(v.substitute('100%% %%x %{x}y %x', ''), '100% %x Xy X');
  assert.equal(v.substitute('%%%%', ''), '%%');
  assert.equal(v.substitute('%%{x}', ''), '%{x}');
});

test('names are greedy: %.nlx and %xy are other (unset) variables', () => {
  const { v } = vars();
  v.set('x', 'X');
  assert.equal(v.substitute('line1%.nlline2', ''), 'line1');
  assert.equal(v.substitute('[%.nlx]', ''), '[]');
  assert.equal(v.substitute('[%xy]', ''), '[]');
  assert.equal(v.substitute('[%x_1]', ''), '[]');
  assert.equal(v.substitute('[%{x}y]', ''), '[Xy]');
  assert.equal(v.substitute('line1%{.nl}line2', ''), 'line1\nline2');
});

test('names are case-sensitive', () => {
  const { v } = vars();
  v.set('abc', 'lower');
  assert.equal(v.substitute('[%abc][%ABC][%.NL]', ''), '[lower][][]');
});

test('unset and undefined variables become empty', () => {
  const { v } = vars();
  assert.equal(v.substitute('100%done', ''), '100');
  assert.equal(v.substitute('[%foo]', ''), '[]');
  assert.equal(v.substitute('[%{foo}]', ''), '[]');
  v.set('u1', undefined);
  assert.equal(v.substitute('[%u1]', ''), '[]');
  v.set('gone', 'x');
  v.delete('gone');
  assert.equal(v.substitute('[%gone]', ''), '[]');
});

test('a % not followed by a name stays', () => {
  const { v } = vars();
  assert.equal(v.substitute('100%', ''), '100%');
  assert.equal(v.substitute('%1 %_a %. %{1} %{} % x', ''), '%1 %_a %. %{1} %{} % x');
  assert.equal(v.substitute('50% off', ''), '50% off');
});

test('a value containing % is not substituted again', () => {
  const { v } = vars();
  v.set('a', '%b');
  v.set('b', 'B');
  assert.equal(v.substitute('%a', ''), '%b');
  assert.equal(v.substitute('%s', '%b'), '%b');
});

test('text without % comes back unchanged', () => {
  const { v } = vars();
  assert.equal(v.substitute('plain text $1', 'D'), 'plain text $1');
});

test('isTrue is Perl truth: defined, not empty, not "0"', () => {
  const { v } = vars();
  v.set('one', '1');
  v.set('zero', '0');
  v.set('empty', '');
  v.set('undef', undefined);
  v.set('zz', '00');
  v.set('sp', ' ');
  assert.equal(v.isTrue('one'), true);
  assert.equal(v.isTrue('zz'), true);
  assert.equal(v.isTrue('sp'), true);
  assert.equal(v.isTrue('zero'), false);
  assert.equal(v.isTrue('empty'), false);
  assert.equal(v.isTrue('undef'), false);
  assert.equal(v.isTrue('missing'), false);
});

test('toJSON lists user variables only (undefined as null)', () => {
  const { v } = vars();
  v.set('a', '1');
  v.set('b', undefined);
  v.substitute('%t %.year', 'D');
  const json = v.toJSON();
  assert.equal(json.a, '1');
  assert.equal(json.b, null);
  assert.equal(
    Object.keys(json).some((k) => k.startsWith('.') || k === '%'),
    false,
  );
  assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
});
