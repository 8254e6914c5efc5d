// Which rules can match the current event, found in one pass over it for
// all rule files: each pattern's required literals (requiredLiterals.ts) go
// into one scanner, and a rule none of whose literals occur in the line is
// skipped without running any regex. Rules keep their order and their
// continue/context semantics, because a rule is only skipped when trying it
// could not have had any effect:
// - a pattern without useful literals, a negated pattern, or one over
//   several lines is always tried;
// - a rule with a context evaluated before its pattern (SEC's [...]) is
//   always visited, since evaluating a context may expire contexts or run
//   code.
import { LiteralScanner } from '../patterns/literalScanner.js';
import type { Pattern } from '../patterns/pattern.js';
import { substrLiterals } from '../patterns/requiredLiterals.js';
import { ruleModule } from '../rules/index.js';
import { PAIR_GATE } from '../rules/module.js';
import type { RuleFile } from '../rules/types.js';

/** Keys run from PAIR_GATE to MAX_KEY; later EventGroup members are always tried. */
const MAX_KEY = 62;
const KEYS = MAX_KEY + 2;
const NONE = -1;

/** Literals one of which `p` cannot match without; null when it may match without any. */
function patternLiterals(p: Pattern): string[] | null {
  if (p.lines !== 1 || !('negate' in p) || p.negate) return null;
  if (p.type === 'SubStr') return substrLiterals(p.text);
  if (p.type === 'RegExp') return p.compiled?.required ?? null;
  return null;
}

/** One rule file's view: slot and rule numbers into the shared stamps. */
export interface FileCandidates {
  /** (rule * KEYS + key + 1) → stamp index of that pattern, NONE when it is always tried. */
  readonly slotOf: Int32Array;
  /** Rule index → stamp index of the rule, NONE when the rule is always visited. */
  readonly ruleOf: Int32Array;
}

export class RuleCandidates {
  private readonly scanner: LiteralScanner | null;
  /** Stamp index → the event version whose text held one of its literals. */
  private readonly stamps: Float64Array;
  private scannedFor = -1;
  private readonly files = new Map<RuleFile, FileCandidates>();

  constructor(files: readonly RuleFile[]) {
    const literalIds = new Map<string, number[]>();
    let stampCount = 0;
    const stampFor = (lits: string[], ruleStamp: number): number => {
      const id = stampCount++;
      for (const lit of lits) {
        const ids = literalIds.get(lit) ?? [];
        literalIds.set(lit, ids);
        ids.push(id);
        if (ruleStamp !== NONE) ids.push(ruleStamp);
      }
      return id;
    };
    for (const file of files) {
      const slotOf = new Int32Array(file.rules.length * KEYS).fill(NONE);
      const ruleOf = new Int32Array(file.rules.length).fill(NONE);
      for (const rule of file.rules) {
        const specs = ruleModule(rule).matchSpecs(rule);
        const literals = specs.map(({ key, spec }) => (key <= MAX_KEY && !spec.context?.preEval ? patternLiterals(spec.pattern) : null));
        // a Pair without a gate tries its live operations' own patterns on every event
        const needsGate = (rule.type === 'Pair' || rule.type === 'PairWithWindow') && !specs.some((s) => s.key === PAIR_GATE);
        const ruleStamp = literals.every((l) => l !== null) && !needsGate ? stampCount++ : NONE;
        ruleOf[rule.index] = ruleStamp;
        specs.forEach(({ key }, k) => {
          const lits = literals[k];
          if (lits) slotOf[rule.index * KEYS + key + 1] = stampFor(lits, ruleStamp);
        });
      }
      this.files.set(file, { slotOf, ruleOf });
    }
    this.stamps = new Float64Array(stampCount).fill(-1);
    this.scanner = literalIds.size ? new LiteralScanner([...literalIds.keys()], [...literalIds.values()]) : null;
  }

  /** The view of `file` (every rule file the engine was built with has one). */
  of(file: RuleFile): FileCandidates {
    return this.files.get(file) as FileCandidates;
  }

  /** Scan `text` unless it was scanned already for this `version` of the event. */
  prepare(text: string, version: number): void {
    if (this.scannedFor === version) return;
    this.scannedFor = version;
    this.scanner?.scan(text, this.stamps, version);
  }

  /** The first rule at or after `from` that the prepared event may match (rules.length when none). */
  nextRule(view: FileCandidates, from: number, version: number): number {
    const { ruleOf } = view;
    const stamps = this.stamps;
    let i = from;
    while (i < ruleOf.length) {
      const id = ruleOf[i];
      if (id === NONE || stamps[id] === version) return i;
      i++;
    }
    return i;
  }

  /** Whether the pattern in slot (rule, key) cannot match the prepared event. */
  rulesOut(view: FileCandidates, rule: number, key: number, version: number): boolean {
    if (key > MAX_KEY) return false;
    const id = view.slotOf[rule * KEYS + key + 1];
    return id !== NONE && this.stamps[id] !== version;
  }
}
