// Synthetic events created with a delay (event N, tevent, cevent): kept in a
// min-heap by due time, so the once-a-second sweep costs nothing while none
// is due, however many are waiting.

export interface DelayedEvent {
  due: number;
  seq: number;
  text: string;
  context: string;
}

export class DelayedEvents {
  private heap: DelayedEvent[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(due: number, text: string, context: string): void {
    const h = this.heap;
    h.push({ due, seq: this.seq++, text, context });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private less(a: DelayedEvent, b: DelayedEvent): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private pop(): DelayedEvent {
    const h = this.heap;
    const top = h[0];
    const last = h.pop() as DelayedEvent;
    if (h.length) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }

  /** Remove and return every event due at `now`, in the order they were created. */
  takeDue(now: number): DelayedEvent[] {
    const due: DelayedEvent[] = [];
    while (this.heap.length && this.heap[0].due <= now) due.push(this.pop());
    return due.sort((a, b) => a.seq - b.seq);
  }

  toJSON(): DelayedEvent[] {
    return [...this.heap].sort((a, b) => a.seq - b.seq);
  }
}
