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

test('a held real clock answers every read with the first one until it is released', () => {
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
    assert.equal(clock.nowMs(), 5000);
    clock.hold();
    assert.equal(clock.nowMs(), 6000, 'a new hold does not keep the time of the last one');
  });
});

test('forget outside a hold changes nothing', () => {
  withSteppingDate(() => {
    const clock = new RealClock(500);
    clock.forget();
    assert.equal(clock.nowMs(), 1500);
    assert.equal(clock.nowMs(), 2500);
  });
});
