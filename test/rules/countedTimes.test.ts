import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CountedTimes, countBefore, countOf, listOf, oldestOf, withoutOldest, withTime } from '../../src/rules/countedTimes.js';

// The compact counted times of threshold operations: one time is a bare
// number, more are a list; every operation sees the same times whatever
// form they are kept in.

/** Add `n` times 1, 2, ..., n to nothing. */
function counted(n: number): CountedTimes {
  let times: CountedTimes = [];
  for (let t = 1; t <= n; t++) times = withTime(times, t);
  return times;
}

test('counted times: one time is a bare number, more are a list in order', () => {
  assert.equal(counted(1), 1);
  assert.deepEqual(counted(2), [1, 2]);
  for (const n of [0, 1, 2, 15, 16, 17, 40]) {
    const times = counted(n);
    assert.equal(countOf(times), n);
    assert.deepEqual(
      listOf(times),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    assert.equal(oldestOf(times), n ? 1 : undefined);
  }
});

test('counted times: dropping the oldest leaves a bare number for one, an empty list for none', () => {
  assert.deepEqual(withoutOldest(5, 1), []);
  assert.equal(withoutOldest(5, 0), 5);
  assert.equal(withoutOldest([1, 2, 3], 2), 3);
  assert.deepEqual(withoutOldest([1, 2, 3], 1), [2, 3]);
  assert.deepEqual(withoutOldest([1, 2, 3], 3), []);
  assert.deepEqual(
    listOf(withoutOldest(counted(30), 10)),
    Array.from({ length: 20 }, (_, i) => i + 11),
  );
});

test('counted times: how many are before a time, in either form', () => {
  assert.equal(countBefore(5, 5), 0);
  assert.equal(countBefore(5, 6), 1);
  assert.equal(countBefore([1, 2, 2, 4], 3), 3);
  assert.equal(countBefore([], 3), 0);
});

test('counted times: a list kept as saved (one time in an array) counts the same', () => {
  assert.equal(countOf([7]), 1);
  assert.equal(oldestOf([7]), 7);
  assert.deepEqual(withTime([7], 8), [7, 8]);
  assert.deepEqual(withoutOldest([7], 1), []);
});
