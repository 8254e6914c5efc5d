// The table of live operations: by key, by rule (Pair looks only at its own
// operations), and a min-heap of window deadlines so the once-a-second sweep
// touches only operations whose window has passed, however many are live.
import { MinHeap } from '../time/minHeap.js';
import type { Operation } from './types.js';

interface Deadline {
  at: number;
  key: string;
  /** The operation's window start when the entry was made; stale if it moved. */
  time: number;
  window: number;
}

const ruleId = (file: string, ruleIndex: number): string => `${file}\0${ruleIndex}`;

export class OperationStore {
  readonly byKey = new Map<string, Operation>();
  private readonly byRule = new Map<string, Map<string, Operation>>();
  private readonly deadlines = new MinHeap<Deadline>((a, b) => a.at < b.at);

  get size(): number {
    return this.byKey.size;
  }

  /** End every operation silently (full restart). */
  clear(): void {
    for (const key of [...this.byKey.keys()]) this.delete(key);
  }

  get(key: string): Operation | undefined {
    return this.byKey.get(key);
  }

  add(op: Operation): void {
    this.byKey.set(op.key, op);
    const id = ruleId(op.file, op.ruleIndex);
    let ops = this.byRule.get(id);
    if (!ops) {
      ops = new Map();
      this.byRule.set(id, ops);
    }
    ops.set(op.key, op);
    this.schedule(op);
  }

  delete(key: string): void {
    const op = this.byKey.get(key);
    if (!op) return;
    this.byKey.delete(key);
    const id = ruleId(op.file, op.ruleIndex);
    const ops = this.byRule.get(id);
    ops?.delete(key);
    if (ops && ops.size === 0) this.byRule.delete(id);
  }

  /** Live operations of one rule. */
  ofRule(file: string, ruleIndex: number): Map<string, Operation> | undefined {
    return this.byRule.get(ruleId(file, ruleIndex));
  }

  /** Record the operation's current window end; call again whenever time or window change. */
  schedule(op: Operation): void {
    if (op.window <= 0) return;
    this.deadlines.push({ at: op.time + op.window + 1, key: op.key, time: op.time, window: op.window });
  }

  /**
   * Operations whose window has passed at `now`, each once, earliest first.
   * Entries left behind by moved windows or deleted operations are dropped.
   */
  takeExpired(now: number): Operation[] {
    const out: Operation[] = [];
    const seen = new Set<string>();
    while ((this.deadlines.peek()?.at ?? Infinity) <= now) {
      const d = this.deadlines.pop() as Deadline;
      const op = this.byKey.get(d.key);
      if (!op || op.time !== d.time || op.window !== d.window || seen.has(d.key)) continue;
      seen.add(d.key);
      out.push(op);
    }
    return out;
  }

  toJSON(): Operation[] {
    return [...this.byKey.values()];
  }
}
