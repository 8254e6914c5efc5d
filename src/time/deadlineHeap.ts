// A min-heap of items by deadline, keeping the deadlines and the items in two
// parallel arrays: no entry object per item, which counts where hundreds of
// thousands of operations each have a window deadline.

/**
 * Stale entries tolerated beyond twice the live items before a trim (see
 * trim). Few: a stale entry keeps its ended item, and all the item holds,
 * past V8's young generation. With 1024, Pair operations that end one line
 * after they start (a session id each) all lived long enough to be copied
 * to the old generation: 140 MB more copied per 200,000 of them.
 */
const TRIM_SLACK = 64;

export class DeadlineHeap<T> {
  private readonly at: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  /** The earliest deadline, Infinity when empty. */
  peekAt(): number {
    return this.at.length ? this.at[0] : Infinity;
  }

  push(at: number, item: T): void {
    const a = this.at;
    const h = this.items;
    let i = a.length;
    a.push(at);
    h.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent] <= at) break;
      a[i] = a[parent];
      h[i] = h[parent];
      i = parent;
    }
    a[i] = at;
    h[i] = item;
  }

  /** Take the item with the earliest deadline (see peekAt). */
  pop(): T | undefined {
    const a = this.at;
    const h = this.items;
    if (!h.length) return undefined;
    const top = h[0];
    const lastAt = a.pop() as number;
    const last = h.pop() as T;
    if (h.length) this.siftDown(0, lastAt, last);
    return top;
  }

  /**
   * Once the heap holds more than twice `live` entries (and some), keep
   * only those `current` accepts, one per item. An entry goes stale when
   * its item ends or gets a new deadline, and a stale entry holds its item
   * until the old deadline comes: a Pair operation that completed, a
   * context deleted or created again, would stay in memory for the rest of
   * its old window or lifetime. Each trim is paid for by as many pushes as
   * there are live items, so pushing stays O(log n).
   */
  trim(live: number, current: (at: number, item: T) => boolean): void {
    const a = this.at;
    const h = this.items;
    if (h.length <= 2 * live + TRIM_SLACK) return;
    const kept = new Set<T>();
    let n = 0;
    for (let i = 0; i < h.length; i++) {
      if (kept.has(h[i]) || !current(a[i], h[i])) continue;
      kept.add(h[i]);
      a[n] = a[i];
      h[n] = h[i];
      n++;
    }
    a.length = n;
    h.length = n;
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, a[i], h[i]);
  }

  /** Put `item` (deadline `at`) in the hole at `i`, moving earlier children up. */
  private siftDown(i: number, at: number, item: T): void {
    const a = this.at;
    const h = this.items;
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const m = l + 1 < n && a[l + 1] < a[l] ? l + 1 : l;
      if (a[m] >= at) break;
      a[i] = a[m];
      h[i] = h[m];
      i = m;
    }
    a[i] = at;
    h[i] = item;
  }
}
