// The table of live operations, indexed per rule file and rule index by
// key (Pair looks only at its own rule's operations), and a min-heap of
// window deadlines so the once-a-second sweep touches only operations whose
// window has passed, however many are live.
//
// An operation's key is its desc; but where a rule's desc is one match
// variable between fixed texts ("SSH brute force from $2"), two of its
// operations differ only in that variable's value, so the value alone is the
// key: an event then finds its operation without building the desc.
import { isEmptyVars, type MatchVars, type OneVariable, oneVariable } from '../patterns/matchVars.js';
import { DeadlineHeap } from '../time/deadlineHeap.js';
import { type Operation, operationKey, plainOperation } from './operations.js';
import type { IndexedOperations } from './pairIndex.js';
import type { RuleFile } from './types.js';

/** The second at which the operation's window has passed; a heap entry is stale once the window moved or changed length. */
const deadlineOf = (op: Operation): number => op.time + op.window + 1;

/** Where an operation lives: what SEC's key is made of. */
export interface OperationPlace {
  file: string;
  ruleIndex: number;
  desc: string;
}

/**
 * The key of a variable's value in a rule's table: the value itself, or the
 * 32 bits of an IPv4 address written the one way (no leading zeros), the
 * most common value of all. A number is hashed and compared without reading
 * a string, which the table's look-ups otherwise do for every event. No two
 * values share a key: only such an address becomes a number, and a number
 * is never equal to a string.
 */
export function valueKey(value: string): string | number {
  const length = value.length;
  if (length < 7 || length > 15) return value;
  let address = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c === DOT) {
      if (digits === 0 || dots === 3) return value;
      address = (address << 8) | part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= ZERO && c <= ZERO + 9 && !(digits === 1 && part === 0)) {
      part = part * 10 + c - ZERO;
      if (part > 255) return value;
      digits++;
    } else return value;
  }
  return dots === 3 && digits > 0 ? (address << 8) | part : value;
}

const DOT = 0x2e;
const ZERO = 0x30;

/** The live operations of one rule, by key. */
class RuleOperations {
  private readonly byKey = new Map<string | number, Operation>();
  /** Operations whose desc the rule cannot make (from a saved state edited by hand), by desc: apart, so no such desc is mistaken for a value. */
  private readonly others = new Map<string, Operation>();

  /** Operations put in or taken out so far (pairIndex.ts follows them). */
  changes = 0;

  /** `shape`: the rule's desc when it is one variable between fixed texts. */
  constructor(private readonly shape: OneVariable | null) {}

  get size(): number {
    return this.byKey.size + this.others.size;
  }

  values(): IterableIterator<Operation> {
    // Pair walks these on every gated event: the plain map iterator unless there are odd ones
    return this.others.size === 0 ? this.byKey.values() : [...this.byKey.values(), ...this.others.values()].values();
  }

  get(desc: string): Operation | undefined {
    const key = this.keyOf(desc);
    return key === null ? this.others.get(desc) : this.byKey.get(key);
  }

  /** The operation a match with `vars` would start, found by its variable's value; null when only its desc can tell. */
  findByMatch(vars: MatchVars): Operation | undefined | null {
    // without variables the desc is left as written, variable and all
    if (this.shape === null || isEmptyVars(vars)) return null;
    return this.byKey.get(valueKey(vars[this.shape.name] ?? ''));
  }

  /** Put `op` in; false when it took the place of another with its key. */
  set(op: Operation): boolean {
    // the key is cut from the operation's own desc, which is flat: a key cut from the event would keep its line
    const key = this.keyOf(op.desc);
    const table: Map<string | number, Operation> = key === null ? this.others : this.byKey;
    const k = key ?? op.desc;
    const before = table.size;
    table.set(k, op);
    this.changes++;
    return table.size > before;
  }

  delete(desc: string): boolean {
    const key = this.keyOf(desc);
    const deleted = key === null ? this.others.delete(desc) : this.byKey.delete(key);
    if (deleted) this.changes++;
    return deleted;
  }

  /** The key of the operation with `desc`; null when the rule cannot make that desc. */
  private keyOf(desc: string): string | number | null {
    const shape = this.shape;
    if (shape === null) return desc;
    const end = desc.length - shape.suffix.length;
    if (end < shape.prefix.length || !desc.startsWith(shape.prefix) || !desc.endsWith(shape.suffix)) return null;
    return valueKey(desc.slice(shape.prefix.length, end));
  }
}

export class OperationStore {
  /** Per rule file path, per rule index: the live operations by key. */
  private readonly byFile = new Map<string, (RuleOperations | undefined)[]>();
  private count = 0;
  private deadlines = new DeadlineHeap<Operation>();
  /** The desc of each rule, per rule file path (see useRules). */
  private descs = new Map<string, readonly string[]>();

  get size(): number {
    return this.count;
  }

  /**
   * The rules whose operations come next (at start and at each restart).
   * Keys follow a rule's desc, so operations kept over a soft restart must
   * come from unchanged files (the others are ended and forgotten).
   */
  useRules(files: readonly RuleFile[]): void {
    this.descs = new Map(files.map((f) => [f.path, f.rules.map((r) => r.desc)]));
  }

  /** End every operation silently (full restart). */
  clear(): void {
    this.byFile.clear();
    this.count = 0;
    this.deadlines = new DeadlineHeap<Operation>();
  }

  /** Drop the tables of a rule file whose operations have all ended (its rules changed). */
  forgetFile(file: string): void {
    this.byFile.delete(file);
  }

  get(file: string, ruleIndex: number, desc: string): Operation | undefined {
    return this.byFile.get(file)?.[ruleIndex]?.get(desc);
  }

  /**
   * The live operation of a rule for a match with `vars`, when the match's
   * variables tell it without the desc (undefined: there is none); null when
   * the desc is needed (then get).
   */
  findByMatch(file: string, ruleIndex: number, vars: MatchVars): Operation | undefined | null {
    const ops = this.byFile.get(file)?.[ruleIndex];
    return ops === undefined ? undefined : ops.findByMatch(vars);
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
      const desc = this.descs.get(op.file)?.[op.ruleIndex];
      ops = new RuleOperations(desc === undefined ? null : oneVariable(desc));
      rules[op.ruleIndex] = ops;
    }
    if (ops.set(op)) this.count++;
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

  /** Live operations of one rule. */
  ofRule(file: string, ruleIndex: number): IndexedOperations | undefined {
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
    this.deadlines.trim(this.count, this.isCurrent);
  }

  /** Whether a heap entry is the live operation's current window end (entries of ended operations and moved windows are not). */
  private readonly isCurrent = (at: number, op: Operation): boolean => at === deadlineOf(op) && this.has(op);

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
      if (seen.has(op) || !this.isCurrent(at, op)) continue;
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
