import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadlineHeap } from '../../src/time/deadlineHeap.js';

test('deadline heap: items come out earliest deadline first, whatever the order they went in', () => {
  const heap = new DeadlineHeap<string>();
  assert.equal(heap.peekAt(), Infinity);
  assert.equal(heap.pop(), undefined);
  // a fixed shuffle of 0..999, each deadline given twice
  const deadlines = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  for (const d of deadlines) {
    heap.push(d, `a${d}`);
    heap.push(d, `b${d}`);
  }
  assert.equal(heap.size, 2000);
  let previous = -1;
  const seen = new Set<string>();
  while (heap.size) {
    const at = heap.peekAt();
    const item = heap.pop() as string;
    assert.ok(at >= previous, `${at} after ${previous}`);
    assert.equal(Number(item.slice(1)), at);
    seen.add(item);
    previous = at;
  }
  assert.equal(seen.size, 2000);
  assert.equal(heap.peekAt(), Infinity);
});

test('deadline heap: trim keeps the current entries, one per item, in deadline order, once stale ones outnumber twice the live', () => {
  const heap = new DeadlineHeap<string>();
  // 3000 entries for 1000 items: each item pushed at 3 deadlines, only the last is current
  const current = new Map<string, number>();
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 1000; i++) {
      const at = ((i * 7919) % 1000) + round * 10;
      heap.push(at, `i${i}`);
      current.set(`i${i}`, at);
    }
  }
  const isCurrent = (at: number, item: string): boolean => current.get(item) === at;
  // below twice the live items and the slack: nothing is dropped
  heap.trim(1000, isCurrent);
  assert.equal(heap.size, 3000);
  // items 0..499 ended; the other 500 are live
  for (let i = 0; i < 500; i++) current.delete(`i${i}`);
  heap.trim(500, isCurrent);
  assert.equal(heap.size, 500);
  let previous = -1;
  const seen = new Set<string>();
  while (heap.size) {
    const at = heap.peekAt();
    const item = heap.pop() as string;
    assert.ok(at >= previous, `${at} after ${previous}`);
    assert.equal(at, current.get(item));
    assert.ok(!seen.has(item), `${item} twice`);
    seen.add(item);
    previous = at;
  }
  assert.equal(seen.size, 500);
});
