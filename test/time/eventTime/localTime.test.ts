// Local time is Central European for this whole file: set before any Date is used.
process.env.TZ = 'Europe/Berlin';

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { localToEpochMs } from '../../../src/time/eventTime/localTime.js';

test('local wall time in winter and summer, as Date reads it', () => {
  for (const parts of [
    [2026, 0, 15, 8, 30, 0, 0],
    [2026, 6, 15, 8, 30, 0, 250],
    [2024, 1, 29, 23, 59, 59, 999],
    [1999, 11, 31, 23, 0, 0, 0],
  ] as [number, number, number, number, number, number, number][]) {
    assert.equal(localToEpochMs(...parts), new Date(...parts).getTime(), parts.join(','));
  }
});

test('the hour kept from one call does not leak into the next hour, day or zone offset', () => {
  // the same wall hour in two seasons, one after the other: each gets its own offset
  assert.equal(localToEpochMs(2026, 0, 15, 8, 0, 0, 0), Date.UTC(2026, 0, 15, 7));
  assert.equal(localToEpochMs(2026, 0, 15, 8, 59, 0, 0), Date.UTC(2026, 0, 15, 7, 59));
  assert.equal(localToEpochMs(2026, 6, 15, 8, 0, 0, 0), Date.UTC(2026, 6, 15, 6));
  assert.equal(localToEpochMs(2026, 0, 15, 9, 0, 0, 0), Date.UTC(2026, 0, 15, 8));
});

test('summer time begins (29 March 2026, 02:00 → 03:00): the skipped hour is read with the winter offset', () => {
  assert.equal(localToEpochMs(2026, 2, 29, 1, 59, 59, 0), Date.UTC(2026, 2, 29, 0, 59, 59));
  assert.equal(localToEpochMs(2026, 2, 29, 2, 30, 0, 0), Date.UTC(2026, 2, 29, 1, 30)); // = 03:30 CEST
  assert.equal(localToEpochMs(2026, 2, 29, 3, 0, 0, 0), Date.UTC(2026, 2, 29, 1));
});

test('summer time ends (25 October 2026, 03:00 → 02:00): the repeated hour is its first (summer) pass', () => {
  assert.equal(localToEpochMs(2026, 9, 25, 1, 59, 0, 0), Date.UTC(2026, 9, 24, 23, 59));
  assert.equal(localToEpochMs(2026, 9, 25, 2, 30, 0, 0), Date.UTC(2026, 9, 25, 0, 30));
  assert.equal(localToEpochMs(2026, 9, 25, 3, 0, 0, 0), Date.UTC(2026, 9, 25, 2));
});
