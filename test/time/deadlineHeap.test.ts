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
