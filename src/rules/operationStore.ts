// The table of live operations, indexed per rule file and rule index by desc
// (an event's look-up builds no key string, and Pair looks only at its own
// rule's operations), and a min-heap of window deadlines so the
// once-a-second sweep touches only operations whose window has passed,
// however many are live.
import { DeadlineHeap } from '../time/deadlineHeap.js';
import { type Operation, operationKey, plainOperation } from './operations.js';

/** The second at which the operation's window has passed; a heap entry is stale once the window moved or changed length. */
const deadlineOf = (op: Operation): number => op.time + op.window + 1;

/** Where an operation lives: what SEC's key is made of. */
export interface OperationPlace {
  file: string;
  ruleIndex: number;
  desc: string;
}

export class OperationStore {
  /** Per rule file path, per rule index: the live operations by desc. */
  private readonly byFile = new Map<string, (Map<string, Operation> | undefined)[]>();
  private count = 0;
  private deadlines = new DeadlineHeap<Operation>();

  get size(): number {
    return this.count;
  }

  /** End every operation silently (full restart). */
  clear(): void {
    this.byFile.clear();
    this.count = 0;
    this.deadlines = new DeadlineHeap<Operation>();
  }

  get(file: string, ruleIndex: number, desc: string): Operation | undefined {
    return this.byFile.get(file)?.[ruleIndex]?.get(desc);
  }

  /** Whether `op` itself is still live (not ended, not replaced by a newer one with its key). */
  has(op: Operation): boolean {
    return this.get(op.file, op.ruleIndex, op.desc) === op;
  }

  add(op: Operation): void {
    let rules = this.byFile.get(op.file);
    if (!rules) {
      rules = [];
      this.byFile.set(op.file, rules);
    }
    let ops = rules[op.ruleIndex];
    if (!ops) {
      ops = new Map();
      rules[op.ruleIndex] = ops;
    }
    if (!ops.has(op.desc)) this.count++;
    ops.set(op.desc, op);
    this.schedule(op);
  }

  /** End the operation at `place` (if any) without running anything. */
  delete(place: OperationPlace): void {
    if (this.byFile.get(place.file)?.[place.ruleIndex]?.delete(place.desc)) this.count--;
  }

  /** End the operations with `desc` of every rule of `file`. */
  deleteInFile(file: string, desc: string): void {
    for (const ops of this.byFile.get(file) ?? []) if (ops?.delete(desc)) this.count--;
  }

  /** Live operations of one rule, by desc. */
  ofRule(file: string, ruleIndex: number): Map<string, Operation> | undefined {
    return this.byFile.get(file)?.[ruleIndex];
  }

  /** Live operations started by the rules of one file. */
  ofFile(file: string): Operation[] {
    return (this.byFile.get(file) ?? []).flatMap((ops) => (ops ? [...ops.values()] : []));
  }

  /** Record the operation's current window end; call again whenever time or window change. */
  schedule(op: Operation): void {
    if (op.window <= 0) return;
    this.deadlines.push(deadlineOf(op), op);
  }

  /** The earliest second at which an operation's window may pass (Infinity: no operation). */
  nextDeadline(): number {
    return this.deadlines.peekAt();
  }

  /**
   * Operations whose window has passed at `now`, each once, earliest first.
   * Entries left behind by moved windows or ended operations are dropped.
   */
  takeExpired(now: number): Operation[] {
    const out: Operation[] = [];
    const seen = new Set<Operation>();
    while (this.deadlines.peekAt() <= now) {
      const at = this.deadlines.peekAt();
      const op = this.deadlines.pop() as Operation;
      if (at !== deadlineOf(op) || seen.has(op) || !this.has(op)) continue;
      seen.add(op);
      out.push(op);
    }
    return out;
  }

  /** Every live operation, by rule file, rule and age. */
  all(): Operation[] {
    const out: Operation[] = [];
    // one push at a time: spreading a rule's hundreds of thousands of operations overflows the stack
    for (const rules of this.byFile.values()) for (const ops of rules) if (ops) for (const op of ops.values()) out.push(op);
    return out;
  }

  /** Every live operation with SEC's key (after its type, where dumps have always shown it), for dumps. */
  toJSON(): (Operation & { key: string })[] {
    return this.all()
      .map(plainOperation)
      .map(({ type, ...fields }) => ({ type, key: operationKey(fields.file, fields.ruleIndex, fields.desc), ...fields }) as Operation & { key: string });
  }
}
