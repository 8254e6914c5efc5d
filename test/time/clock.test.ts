import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RealClock } from '../../src/time/clock.js';

/** Date.now answering 1000, 2000, 3000... while `fn` runs. */
function withSteppingDate(fn: () => void): void {
  const real = Date.now;
  let ms = 0;
  Date.now = () => (ms += 1000);
  try {
    fn();
  } finally {
    Date.now = real;
  }
}

test('a held real clock answers reads with one read until it is released, forgotten or too many holds old', () => {
  withSteppingDate(() => {
    const clock = new RealClock();
    assert.equal(clock.nowMs(), 1000);
    assert.equal(clock.nowMs(), 2000, 'not held: every read asks');
    clock.hold();
    assert.equal(clock.nowMs(), 3000);
    assert.equal(clock.nowMs(), 3000);
    assert.equal(clock.seconds(), 3);
    clock.forget();
    assert.equal(clock.nowMs(), 4000, 'after forget the next read asks again');
    assert.equal(clock.nowMs(), 4000);
    clock.release();
    assert.equal(clock.nowMs(), 5000, 'released: every read asks');
    const held: number[] = [];
    for (let k = 0; k < 20; k++) {
      clock.hold();
      held.push(clock.nowMs());
      clock.release();
    }
    assert.deepEqual(held.slice(0, 15), Array(15).fill(4000), 'the next holds of the same turn share the read');
    assert.deepEqual(held.slice(15), Array(5).fill(6000), 'the 16th hold since the read reads again');
  });
});

test('a held read does not outlive the turn of the loop it was taken in', async () => {
  const real = Date.now;
  let ms = 1000;
  Date.now = () => ms;
  try {
    const clock = new RealClock();
    clock.hold();
    assert.equal(clock.nowMs(), 1000);
    clock.release();
    ms = 9000;
    clock.hold();
    assert.equal(clock.nowMs(), 1000, 'the same turn: the read is still fresh');
    clock.release();
    await new Promise((resolve) => setImmediate(resolve));
    clock.hold();
    assert.equal(clock.nowMs(), 9000, 'a later turn reads again');
    clock.release();
  } finally {
    Date.now = real;
  }
});

test('forget outside a hold changes nothing', () => {
  withSteppingDate(() => {
    const clock = new RealClock(500);
    clock.forget();
    assert.equal(clock.nowMs(), 1500);
    assert.equal(clock.nowMs(), 2500);
  });
});
