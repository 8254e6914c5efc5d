import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { retryUntil, scratchDir, startSec } from '../support/process.js';

// End-to-end Calendar runs of bin/sec with the process clock moved by
// SEC_TS_START_TIME (it then runs at real speed), in UTC. Each run ends on a
// condition on sec's own clock (the time its tick echoes show), so a slow
// machine only makes it take longer.

/** 2026-11-28 (a Saturday) at hh:mm:ss UTC, as epoch seconds. */
const sat = (hh: number, mm: number, ss: number): number => Date.UTC(2026, 10, 28, hh, mm, ss) / 1000;

const TICK = `
type=Single
ptype=SubStr
pattern=tick
desc=tick
action=write - tick %t
`;

/**
 * Run sec from `startAt` with stdin kept open; feed "tick" every 300 ms
 * until done(output) holds, then SIGTERM it.
 */
async function calendarRun(rules: string, startAt: number, done: (out: string) => boolean): Promise<string> {
  const dir = scratchDir('sec-cal-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rules + TICK);
  const sec = startSec(['--conf=r.conf', '--input=-', '--log=/dev/null'], dir, { env: { ...process.env, TZ: 'UTC', SEC_TS_START_TIME: String(startAt) } });
  try {
    await retryUntil(
      () => sec.child.stdin?.write('tick\n'),
      () => done(sec.stdout()),
      () => `the end of the run; output so far:\n${sec.stdout()}`,
      300,
      60_000,
    );
  } finally {
    sec.child.kill('SIGTERM');
    await sec.exited;
  }
  return sec.stdout();
}

const lines = (out: string): string[] => out.split('\n').filter((l) => l !== '' && !l.startsWith('tick '));
/** A tick echo from at or after the given time of day. */
const tickedAt = (out: string, hhmmss: string): boolean => out.split('\n').some((l) => l.startsWith('tick ') && l.slice(16, 24) >= hhmmss);

test('Calendar: a rule for 12:30 fires once when the clock reaches it', async () => {
  const out = await calendarRun(
    `type=Calendar
time=30 12 * * *
desc=cal
action=write - fired %t
`,
    sat(12, 29, 55),
    (o) => o.includes('fired') && tickedAt(o, '12:30:02'),
  );
  const fired = lines(out);
  assert.equal(fired.length, 1, out);
  // the sweep that fires it comes at most a few seconds late on a loaded machine
  assert.match(fired[0], /^fired Sat Nov 28 12:30:0\d 2026$/);
  // it did not fire before the minute began (sec may take a few seconds to start)
  const firstTick = out.split('\n').find((l) => l.startsWith('tick '));
  assert.match(firstTick ?? '', /12:29:5\d/);
  assert.ok(out.indexOf('fired') > out.indexOf(firstTick as string), out);
});

test('Calendar: a rule whose minute matches at start fires at startup, %s is its desc', async () => {
  const out = await calendarRun(
    `type=Calendar
time=30 12 * * 6
desc=the desc
action=write - startup %s %t
`,
    sat(12, 30, 30),
    (o) => tickedAt(o, '12:30:31'),
  );
  const fired = lines(out);
  assert.equal(fired.length, 1, out);
  // at start-up: the first sweep, which a loaded machine may make a little after 12:30:30
  assert.match(fired[0], /^startup the desc Sat Nov 28 12:30:3\d 2026$/);
  assert.ok(out.startsWith('startup'), out);
});

test('Calendar: a false context= guard prevents firing, a true one allows it', async () => {
  const out = await calendarRun(
    `type=Calendar
time=30 12 * * *
context=NOPE
desc=guarded
action=write - guarded fired

type=Calendar
time=30 12 * * *
context=!NOPE
desc=negated
action=write - negated fired
`,
    sat(12, 30, 10),
    (o) => tickedAt(o, '12:30:12'),
  );
  assert.deepEqual(lines(out), ['negated fired']);
});

test('Calendar: another minute, hour or weekday does not fire', async () => {
  const out = await calendarRun(
    `type=Calendar
time=31 12 * * *
desc=a
action=write - wrong minute

type=Calendar
time=30 13 * * *
desc=b
action=write - wrong hour

type=Calendar
time=30 12 * * 0-5
desc=c
action=write - wrong weekday

type=Calendar
time=29-30 12 28 11 *
desc=d
action=write - right day
`,
    sat(12, 30, 0),
    (o) => tickedAt(o, '12:30:02'),
  );
  assert.deepEqual(lines(out), ['right day']);
});
