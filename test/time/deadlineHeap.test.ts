import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadlineHeap } from '../../src/time/deadlineHeap.js';

/** Pop everything, checking that deadlines never go back: each item with its deadline, in the order they came out. */
function drain(heap: DeadlineHeap<string>): [number, string][] {
  const out: [number, string][] = [];
  let previous = -1;
  while (heap.size) {
    const at = heap.peekAt();
    const item = heap.pop() as string;
    assert.ok(at >= previous, `${at} after ${previous}`);
    out.push([at, item]);
    previous = at;
  }
  return out;
}

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
  const out = drain(heap);
  for (const [at, item] of out) assert.equal(Number(item.slice(1)), at);
  assert.equal(new Set(out.map(([, item]) => item)).size, 2000);
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
  heap.trim(1500, isCurrent);
  assert.equal(heap.size, 3000);
  // items 0..499 ended; the other 500 are live
  for (let i = 0; i < 500; i++) current.delete(`i${i}`);
  heap.trim(500, isCurrent);
  assert.equal(heap.size, 500);
  const out = drain(heap);
  for (const [at, item] of out) assert.equal(at, current.get(item));
  assert.equal(new Set(out.map(([, item]) => item)).size, 500);
});
