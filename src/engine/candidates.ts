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
// A pattern with an alternation also needs one of its literals (see
// alternativeLiterals): without it, the rule is visited but its regex is not
// run. Those literals join the scan only where they do not turn a skip search
// into the automaton that reads every character.
import { type LiteralScanner, literalScanner, skipSearchFits } from '../patterns/literalScanner.js';
import type { Pattern } from '../patterns/pattern.js';
import { substrLiterals } from '../patterns/requiredLiterals.js';
import { ruleModule } from '../rules/index.js';
import { PAIR_GATE } from '../rules/module.js';
import type { RuleFile } from '../rules/types.js';
import { NO_TICKET, type ScanThread } from '../scanThread/scanThread.js';

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

/** A second set of literals `p` cannot match without, from an alternation; null when none. */
function patternAlternatives(p: Pattern): string[] | null {
  return p.type === 'RegExp' ? (p.compiled?.alternatives ?? null) : null;
}

/** One rule file's view: its slots' bits and its rules' place in the rule bits. */
export interface FileCandidates {
  /** (rule * KEYS + key + 1) → bit of that pattern in the slot bits, NONE when it is always tried. */
  readonly slotOf: Int32Array;
  /** The same for the pattern's alternative literals, NONE when it has none. */
  readonly alternativeOf: Int32Array;
  /** Rule r of the file is bit 32 * firstWord + r of the rule bits. */
  readonly firstWord: number;
  readonly rules: number;
}

const WORD_BITS = 32;

function setBit(bits: Uint32Array, bit: number): void {
  bits[bit >>> 5] |= 1 << (bit & 31);
}

/** For each literal, the bits it sets: bits[start[k] .. start[k + 1]). */
interface BitLists {
  readonly start: Int32Array;
  readonly bits: Int32Array;
}

function bitLists(perLiteral: readonly (readonly number[])[]): BitLists {
  const start = new Int32Array(perLiteral.length + 1);
  perLiteral.forEach((bits, k) => {
    start[k + 1] = start[k] + bits.length;
  });
  return { start, bits: Int32Array.from(perLiteral.flat()) };
}

export class RuleCandidates {
  private readonly scanner: LiteralScanner | null;
  /** Literal → the patterns (slot bits) and the rules (rule bits) that need it. */
  private readonly slotsOf: BitLists;
  private readonly rulesOf: BitLists;
  /** Slot bit set: one of the pattern's literals is in the prepared event. */
  private readonly slotHits: Uint32Array;
  /** Rule bit set: the rule is visited whatever the event is. */
  private readonly alwaysVisited: Uint32Array;
  /** Rule bit set: the rule is visited for the prepared event. */
  private readonly visited: Uint32Array;
  private scannedFor = -1;
  private readonly files = new Map<RuleFile, FileCandidates>();

  /** @param thread where lines read in bulk are scanned ahead (it gets this literal set) */
  constructor(
    files: readonly RuleFile[],
    private readonly thread: ScanThread | null = null,
  ) {
    const needs = new Map<string, { slots: number[]; rules: number[] }>();
    const need = (lit: string): { slots: number[]; rules: number[] } => {
      const entry = needs.get(lit) ?? { slots: [], rules: [] };
      needs.set(lit, entry);
      return entry;
    };
    let slotCount = 0;
    let words = 0;
    const ruleBits: { bit: number; always: boolean }[] = [];
    const alternatives: { place: number; alternativeOf: Int32Array; lits: string[] }[] = [];
    for (const file of files) {
      const slotOf = new Int32Array(file.rules.length * KEYS).fill(NONE);
      const alternativeOf = new Int32Array(file.rules.length * KEYS).fill(NONE);
      const firstWord = words;
      words += Math.ceil(file.rules.length / WORD_BITS);
      for (const rule of file.rules) {
        const specs = ruleModule(rule).matchSpecs(rule);
        const literals = specs.map(({ key, spec }) => (key <= MAX_KEY && !spec.context?.preEval ? patternLiterals(spec.pattern) : null));
        // a Pair without a gate tries its live operations' own patterns on every event
        const needsGate = (rule.type === 'Pair' || rule.type === 'PairWithWindow') && !specs.some((s) => s.key === PAIR_GATE);
        const always = !literals.every((l) => l !== null) || needsGate;
        const ruleBit = firstWord * WORD_BITS + rule.index;
        ruleBits.push({ bit: ruleBit, always });
        specs.forEach(({ key }, k) => {
          const lits = literals[k];
          if (!lits) return;
          const slot = slotCount++;
          slotOf[rule.index * KEYS + key + 1] = slot;
          for (const lit of lits) {
            const entry = need(lit);
            entry.slots.push(slot);
            if (!always) entry.rules.push(ruleBit);
          }
          const alts = patternAlternatives(specs[k].spec.pattern);
          if (alts) alternatives.push({ place: rule.index * KEYS + key + 1, alternativeOf, lits: alts });
        });
      }
      this.files.set(file, { slotOf, alternativeOf, firstWord, rules: file.rules.length });
    }
    const primary = [...needs.keys()];
    const withAlternatives = [...new Set([...primary, ...alternatives.flatMap((a) => a.lits)])];
    if (!skipSearchFits(primary) || skipSearchFits(withAlternatives)) {
      for (const { place, alternativeOf, lits } of alternatives) {
        const slot = slotCount++;
        alternativeOf[place] = slot;
        for (const lit of lits) need(lit).slots.push(slot);
      }
    }
    this.slotHits = new Uint32Array(Math.ceil(slotCount / WORD_BITS));
    this.alwaysVisited = new Uint32Array(words);
    this.visited = new Uint32Array(words);
    for (const { bit, always } of ruleBits) if (always) setBit(this.alwaysVisited, bit);
    this.slotsOf = bitLists([...needs.values()].map((n) => n.slots));
    this.rulesOf = bitLists([...needs.values()].map((n) => n.rules));
    const literals = [...needs.keys()];
    this.scanner = literals.length ? literalScanner(literals) : null;
    thread?.useLiterals(literals);
  }

  /** The file last asked for and its view: one event asks for the same file many times. */
  private lastFile: RuleFile | null = null;
  private lastView: FileCandidates | null = null;

  /** The view of `file` (every rule file the engine was built with has one). */
  of(file: RuleFile): FileCandidates {
    if (file !== this.lastFile) {
      this.lastView = this.files.get(file) as FileCandidates;
      this.lastFile = file;
    }
    return this.lastView as FileCandidates;
  }

  /**
   * Scan `text` unless it was scanned already for this `version` of the
   * event; `ticket` is the scan thread's for it when it is an input line.
   */
  prepare(text: string, version: number, ticket = NO_TICKET): void {
    if (this.scannedFor === version) return;
    this.scannedFor = version;
    if (!this.scanner) {
      this.clear();
      return;
    }
    if (ticket !== NO_TICKET && this.thread && this.markScannedAhead(this.thread, ticket)) return;
    this.clear();
    const found = this.scanner.scan(text);
    for (let f = 0; f < found.count; f++) this.mark(found.list[f]);
  }

  /** Mark the literals the scan thread found for `ticket`; false when its result is not there. */
  private markScannedAhead(thread: ScanThread, ticket: number): boolean {
    const at = thread.lookup(ticket);
    if (at < 0) return false;
    this.clear();
    const records = thread.records;
    const end = thread.idsEnd(at);
    for (let f = thread.idsStart(at); f < end; f++) this.mark(records[f]);
    return thread.stillHolds(at, ticket);
  }

  private clear(): void {
    const { slotHits, visited, alwaysVisited } = this;
    // a few words each: plain loops cost less than calling set() and fill()
    for (let w = 0; w < visited.length; w++) visited[w] = alwaysVisited[w];
    for (let w = 0; w < slotHits.length; w++) slotHits[w] = 0;
  }

  /** Literal `k` is in the event: its patterns' slots and its rules' bits. */
  private mark(k: number): void {
    const { slotsOf, rulesOf, slotHits, visited } = this;
    for (let b = slotsOf.start[k]; b < slotsOf.start[k + 1]; b++) setBit(slotHits, slotsOf.bits[b]);
    for (let b = rulesOf.start[k]; b < rulesOf.start[k + 1]; b++) setBit(visited, rulesOf.bits[b]);
  }

  /** The first rule at or after `from` that the prepared event may match (the file's rule count when none). */
  nextRule(view: FileCandidates, from: number): number {
    if (from >= view.rules) return view.rules;
    const visited = this.visited;
    const lastWord = view.firstWord + ((view.rules - 1) >>> 5);
    let w = view.firstWord + (from >>> 5);
    // bits past the file's last rule are never set
    let word = visited[w] & (-1 << (from & 31));
    while (word === 0) {
      if (++w > lastWord) return view.rules;
      word = visited[w];
    }
    return (w - view.firstWord) * WORD_BITS + 31 - Math.clz32(word & -word);
  }

  /** Whether the pattern in slot (rule, key) cannot match the prepared event. */
  rulesOut(view: FileCandidates, rule: number, key: number): boolean {
    if (key > MAX_KEY) return false;
    const place = rule * KEYS + key + 1;
    return this.missing(view.slotOf[place]) || this.missing(view.alternativeOf[place]);
  }

  /** None of the slot's literals is in the prepared event (false for NONE). */
  private missing(slot: number): boolean {
    return slot !== NONE && (this.slotHits[slot >>> 5] & (1 << (slot & 31))) === 0;
  }
}
