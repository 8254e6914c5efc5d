// A min-heap of items by deadline, keeping the deadlines and the items in two
// parallel arrays: no entry object per item, which counts where hundreds of
// thousands of operations each have a window deadline.

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
    const n = h.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const m = l + 1 < n && a[l + 1] < a[l] ? l + 1 : l;
      if (a[m] >= lastAt) break;
      a[i] = a[m];
      h[i] = h[m];
      i = m;
    }
    a[i] = lastAt;
    h[i] = last;
    return top;
  }
}
