// One pass over the event for all the single-line RE2 patterns of a rule
// file (RE2.Set), instead of one regex call per rule: a rule whose pattern
// cannot match is skipped without running its regex. Each pattern sits in a
// slot named by its rule and a key (EventGroup member, or PAIR_GATE); the
// engine matches patterns outside the set (SubStr, multi-line, JavaScript
// and Perl fallbacks) as usual.
import RE2 from 're2';
import type { Pattern } from './pattern.js';

/** Key of the slot that gates Pair's pattern2 (see pairGate). */
export const PAIR_GATE = -1;
/** Keys run from PAIR_GATE to MAX_KEY; EventGroups with more members are not prefiltered past it. */
const MAX_KEY = 62;
const KEYS = MAX_KEY + 2;
/** Fewer patterns than this in a file: no set, each rule runs its own regex. */
const MIN_SLOTS = 3;

interface SetChunk {
  set: { match(input: string | Buffer): number[] };
  /** Set position → slot. */
  slots: number[];
}

function buildChunks(sources: string[], slots: number[]): SetChunk[] {
  if (!sources.length) return [];
  try {
    return [{ set: new RE2.Set(sources), slots }];
  } catch (e) {
    if (sources.length === 1) throw e;
    // a set too large for RE2's memory budget: split it
    const half = sources.length >> 1;
    return [...buildChunks(sources.slice(0, half), slots.slice(0, half)), ...buildChunks(sources.slice(half), slots.slice(half))];
  }
}

/** A pattern the set can answer for, as RE2 source; null otherwise. */
export function setSource(p: Pattern | null): string | null {
  return p?.type === 'RegExp' && p.lines === 1 && p.compiled?.re2Source !== undefined ? p.compiled.re2Source : null;
}

export interface PrefilterSlot {
  rule: number;
  key: number;
  /** RE2 source of the pattern. */
  source: string;
}

export class RulePrefilter {
  private readonly chunks: SetChunk[];
  private readonly covered: Uint8Array;
  /** Slot → the text version it last matched; a hit when equal to the current one. */
  private readonly hitVersion: Float64Array;
  private evaluatedFor = -1;

  constructor(ruleCount: number, slots: PrefilterSlot[]) {
    const size = ruleCount * KEYS;
    this.covered = new Uint8Array(size);
    this.hitVersion = new Float64Array(size).fill(-1);
    // with very few patterns the extra pass costs more than the regexes it saves
    const usable = slots.length >= MIN_SLOTS ? slots.filter((s) => s.key >= PAIR_GATE && s.key <= MAX_KEY) : [];
    let chunks: SetChunk[] = [];
    try {
      chunks = buildChunks(
        usable.map((s) => s.source),
        usable.map((s) => s.rule * KEYS + s.key + 1),
      );
    } catch {
      chunks = [];
    }
    this.chunks = chunks;
    for (const c of chunks) for (const slot of c.slots) this.covered[slot] = 1;
  }

  /**
   * Whether the pattern in slot (rule, key) matches `text`, evaluated once
   * per `version` of the event; undefined when the set does not cover it.
   */
  matches(rule: number, key: number, text: string | Buffer, version: number): boolean | undefined {
    const slot = rule * KEYS + key + 1;
    if (key > MAX_KEY || !this.covered[slot]) return undefined;
    if (this.evaluatedFor !== version) {
      for (const c of this.chunks) for (const k of c.set.match(text)) this.hitVersion[c.slots[k]] = version;
      this.evaluatedFor = version;
    }
    return this.hitVersion[slot] === version;
  }
}
