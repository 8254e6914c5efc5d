// Local time is UTC for this whole file: set before any Date is used.
process.env.TZ = 'UTC';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventTimeDriver } from '../../src/engine/eventTimeDriver.js';
import { VirtualClock } from '../../src/time/clock.js';
import { eventTimeSetting, type EventTimeSetting } from '../../src/time/eventTime/spec.js';
import { harness } from '../support/harness.js';

const EPOCH = eventTimeSetting({ eventTime: 'epoch' }) as EventTimeSetting;

/** Writes each line with the second it was processed at. */
const STAMP = 'type=Single\nptype=RegExp\npattern=(.*)\ndesc=$1\naction=write - %u $1\n';

/** A driver on a harness engine whose clock stands at `engineStart` before the replay; `real` is the process's clock. */
function replay(rules: string, real = new VirtualClock(1_900_000_000), engineStart = 1_000) {
  const h = harness(rules, {}, engineStart);
  const startUps: number[] = [];
  const driver = new EventTimeDriver(h.engine, h.clock, real, EPOCH, () => startUps.push(h.clock.seconds()));
  const feed = (...lines: string[]): void => {
    for (const l of lines) driver.feedLine(l, '-');
  };
  return { h, driver, startUps, feed };
}

test('the clock starts at the first dated line, start-up runs then, and undated lines before it wait for it', () => {
  const { h, driver, startUps, feed } = replay(STAMP);
  feed('header', 'another');
  assert.deepEqual(h.lines(), []);
  assert.deepEqual(startUps, []);
  feed('1800000000 first', '1800000005 second');
  assert.deepEqual(startUps, [1_800_000_000]);
  assert.deepEqual(h.lines(), ['1800000000 header', '1800000000 another', '1800000000 1800000000 first', '1800000005 1800000005 second']);
  assert.equal(driver.heldBack, 0);
});

test('a line without a time keeps the last time; a line dated before the clock is held at the clock and counted', () => {
  const { h, driver, feed } = replay(STAMP);
  feed('1800000010.5 a', 'no time', '1800000004 late', '1800000010.2 same second, earlier', '1800000011 b');
  assert.deepEqual(h.lines(), [
    '1800000010 1800000010.5 a',
    '1800000010 no time',
    '1800000010 1800000004 late',
    '1800000010 1800000010.2 same second, earlier',
    '1800000011 1800000011 b',
  ]);
  assert.equal(driver.heldBack, 2);
  assert.equal(h.clock.nowMs(), 1_800_000_011_000);
});

test('between two lines the clock stops where timers fall due: a context expires at its second', () => {
  const rules = `type=Single
ptype=RegExp
pattern=open
desc=open
action=create C 60 (write - %u expired)

${STAMP}`;
  const { h, feed } = replay(rules);
  feed('1800000000 open', '1800003600 much later');
  // as in SEC, a lifetime of 60 s is over once more than 60 s have passed
  assert.deepEqual(h.lines(), ['1800000061 expired', '1800003600 1800003600 much later']);
});

test('with no dated line, the clock starts at real time when asked before shutting down', () => {
  const { h, startUps, feed, driver } = replay(STAMP, new VirtualClock(1_900_000_000));
  feed('no time at all');
  driver.startIfWaiting();
  driver.startIfWaiting();
  assert.deepEqual(startUps, [1_900_000_000]);
  assert.deepEqual(h.lines(), ['1900000000 no time at all']);
});

test('past 1000 undated lines the clock starts at real time, and later dated lines go on from there', () => {
  const { h, startUps, feed, driver } = replay(STAMP, new VirtualClock(1_900_000_000));
  feed(...Array.from({ length: 1001 }, (_, i) => `undated ${i}`));
  assert.deepEqual(startUps, [1_900_000_000]);
  assert.equal(h.lines().length, 1001);
  feed('1800000000 from the past', '1900000100 later');
  assert.equal(driver.heldBack, 1);
  assert.deepEqual(h.lines().slice(-2), ['1900000000 1800000000 from the past', '1900000100 1900000100 later']);
});

test('turns of the main loop before the first dated line do not sweep: timers then start with the replay', () => {
  const rules = `type=Single
ptype=RegExp
pattern=job
desc=job
action=event 30 DELAYED

${STAMP}`;
  // the engine's clock stands at real time, after the lines' times, until the first dated line
  const { h, driver, feed } = replay(rules, new VirtualClock(1_900_000_000), 1_900_000_000);
  driver.endTurn();
  feed('1800000000 job', '1800000100 later');
  driver.endTurn();
  assert.deepEqual(h.lines(), ['1800000030 DELAYED', '1800000100 1800000100 later']);
});

test('inputs measure their timeouts on real time', () => {
  const { driver, feed } = replay(STAMP, new VirtualClock(1_900_000_000));
  feed('1800000000 x');
  assert.equal(driver.inputNow(), 1_900_000_000);
});
