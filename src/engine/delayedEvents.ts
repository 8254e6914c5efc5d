// Synthetic events created with a delay (event N, tevent, cevent), kept in a
// min-heap by due time, so the once-a-second sweep costs nothing while none
// is due, however many are waiting.
import { MinHeap } from '../time/minHeap.js';

export interface DelayedEvent {
  due: number;
  seq: number;
  text: string;
  context: string;
}

export class DelayedEvents {
  private readonly heap = new MinHeap<DelayedEvent>((a, b) => a.due < b.due || (a.due === b.due && a.seq < b.seq));
  private seq = 0;

  get size(): number {
    return this.heap.size;
  }

  add(due: number, text: string, context: string): void {
    this.heap.push({ due, seq: this.seq++, text, context });
  }

  clear(): void {
    while (this.heap.pop()) {
      // discard
    }
  }

  /** When the next event is due (Infinity: none waits). */
  nextDue(): number {
    return this.heap.peek()?.due ?? Infinity;
  }

  /** Remove and return every event due at `now`, in the order they were created. */
  takeDue(now: number): DelayedEvent[] {
    const due: DelayedEvent[] = [];
    while ((this.heap.peek()?.due ?? Infinity) <= now) due.push(this.heap.pop() as DelayedEvent);
    return due.sort((a, b) => a.seq - b.seq);
  }

  toJSON(): DelayedEvent[] {
    return this.heap.toArray().sort((a, b) => a.seq - b.seq);
  }
}
