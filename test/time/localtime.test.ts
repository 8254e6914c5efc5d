// Local time is UTC for this whole file: set before any Date is used.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perlLocaltime, timeParts, tzName, tzOffset } from '../../src/time/localtime.js';

/** A Date stand-in with a fixed offset, for tzOffset (minutes behind UTC, as getTimezoneOffset). */
const withOffset = (minutesBehindUtc: number): Date => ({ getTimezoneOffset: () => minutesBehindUtc }) as unknown as Date;

test('perlLocaltime matches Perl scalar localtime (TZ=UTC, checked with perl)', () => {
  assert.equal(perlLocaltime(0), 'Thu Jan  1 00:00:00 1970');
  assert.equal(perlLocaltime(-1), 'Wed Dec 31 23:59:59 1969');
  assert.equal(perlLocaltime(951782400), 'Tue Feb 29 00:00:00 2000');
  assert.equal(perlLocaltime(4102444800), 'Fri Jan  1 00:00:00 2100');
  assert.equal(perlLocaltime(1795819984), 'Fri Nov 27 22:53:04 2026');
});

test('perlLocaltime pads the day with a space and the time with zeros', () => {
  // 2026-03-05 07:08:09 UTC
  assert.equal(perlLocaltime(Date.UTC(2026, 2, 5, 7, 8, 9) / 1000), 'Thu Mar  5 07:08:09 2026');
  assert.equal(perlLocaltime(Date.UTC(2026, 2, 10, 17, 18, 19) / 1000), 'Tue Mar 10 17:18:19 2026');
});

test('perlLocaltime covers every weekday and month name', () => {
  const days = [0, 1, 2, 3, 4, 5, 6].map((i) => perlLocaltime(Date.UTC(2026, 0, 4 + i) / 1000).slice(0, 3));
  assert.deepEqual(days, ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']);
  const months = Array.from({ length: 12 }, (_, i) => perlLocaltime(Date.UTC(2026, i, 15) / 1000).slice(4, 7));
  assert.deepEqual(months, ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']);
});

test('perlLocaltime truncates fractional seconds down', () => {
  assert.equal(perlLocaltime(59.999), 'Thu Jan  1 00:00:59 1970');
});

test('tzOffset is strftime %z: sign, hours and minutes', () => {
  assert.equal(tzOffset(new Date(0)), '+0000');
  assert.equal(tzOffset(withOffset(0)), '+0000');
  assert.equal(tzOffset(withOffset(-540)), '+0900');
  assert.equal(tzOffset(withOffset(-330)), '+0530');
  assert.equal(tzOffset(withOffset(210)), '-0330');
  assert.equal(tzOffset(withOffset(300)), '-0500');
  assert.equal(tzOffset(withOffset(-765)), '+1245');
});

test('tzName in UTC is UTC', () => {
  assert.equal(tzName(new Date(0)), 'UTC');
  assert.equal(tzName(new Date(1795819984000)), 'UTC');
});

test('timeParts gives the %.xxx variables like SEC but %.tzname (checked with perl strftime)', () => {
  assert.deepEqual(timeParts(1795819984), {
    sec: '04',
    min: '53',
    hour: '22',
    hmsstr: '22:53:04',
    mday: '27',
    mdaystr: '27',
    mon: '11',
    monstr: 'Nov',
    year: '2026',
    wday: '5',
    wdaystr: 'Fri',
    tzoff: '+0000',
    tzoff2: '+00:00',
  });
  assert.deepEqual(timeParts(0), {
    sec: '00',
    min: '00',
    hour: '00',
    hmsstr: '00:00:00',
    mday: '01',
    mdaystr: ' 1',
    mon: '01',
    monstr: 'Jan',
    year: '1970',
    wday: '4',
    wdaystr: 'Thu',
    tzoff: '+0000',
    tzoff2: '+00:00',
  });
});

test('timeParts: October is 10, Sunday is 0, two-digit hours and minutes stay', () => {
  const p = timeParts(Date.UTC(2026, 9, 11, 23, 59, 58) / 1000);
  assert.deepEqual([p.mon, p.monstr, p.wday, p.wdaystr, p.hmsstr, p.mday, p.mdaystr], ['10', 'Oct', '0', 'Sun', '23:59:58', '11', '11']);
  const s = timeParts(Date.UTC(2026, 8, 9, 1, 2, 3) / 1000);
  assert.deepEqual([s.mon, s.sec, s.min, s.hour, s.mday, s.mdaystr], ['09', '03', '02', '01', '09', ' 9']);
});

test('tzName gives the C library abbreviation, also where Intl has none (JST, IST)', () => {
  const saved = process.env.TZ;
  try {
    process.env.TZ = 'Asia/Tokyo';
    assert.equal(tzName(new Date(0)), 'JST');
    process.env.TZ = 'Asia/Kolkata';
    assert.equal(tzName(new Date(0)), 'IST');
  } finally {
    process.env.TZ = saved;
  }
});
