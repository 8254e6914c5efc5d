// One pass over the event for all the single-line RE2 patterns of a rule
// file (RE2.Set), instead of one regex call per rule: the rules whose
// pattern cannot match are skipped without running their regex. Only
// patterns the set covers are answered; the engine matches the others
// (SubStr, multi-line, JavaScript-engine fallbacks) as usual.
import RE2 from 're2';
import type { Pattern } from './pattern.js';
import { perlToRe2 } from './regex.js';

interface SetChunk {
  set: { match(input: string): number[] };
  /** Set position → rule index. */
  rules: number[];
}

function buildChunks(sources: string[], rules: number[]): SetChunk[] {
  if (!sources.length) return [];
  try {
    return [{ set: new RE2.Set(sources), rules }];
  } catch (e) {
    if (sources.length === 1) throw e;
    // a set too large for RE2's memory budget: split it
    const half = sources.length >> 1;
    return [...buildChunks(sources.slice(0, half), rules.slice(0, half)), ...buildChunks(sources.slice(half), rules.slice(half))];
  }
}

export class RulePrefilter {
  private readonly chunks: SetChunk[];
  /** 1 where the rule's pattern is answered by the set. */
  private readonly covered: Uint8Array;
  /** 1 where the last evaluated text matched the rule's pattern. */
  private readonly hits: Uint8Array;
  private evaluatedFor = -1;

  /** `patterns[i]` is the first pattern of rule i (null for rules without one). */
  constructor(patterns: (Pattern | null)[]) {
    this.covered = new Uint8Array(patterns.length);
    this.hits = new Uint8Array(patterns.length);
    const sources: string[] = [];
    const rules: number[] = [];
    patterns.forEach((p, i) => {
      if (p?.type === 'RegExp' && p.lines === 1 && p.compiled?.engine === 're2') {
        sources.push(perlToRe2(p.source));
        rules.push(i);
      }
    });
    let chunks: SetChunk[] = [];
    try {
      chunks = buildChunks(sources, rules);
    } catch {
      chunks = [];
    }
    this.chunks = chunks;
    for (const c of chunks) for (const r of c.rules) this.covered[r] = 1;
  }

  get size(): number {
    return this.chunks.reduce((n, c) => n + c.rules.length, 0);
  }

  /**
   * Whether rule `i`'s pattern matches `text` (evaluated once per `version`
   * of the event), or undefined when the set does not cover rule i.
   */
  matches(i: number, text: string, version: number): boolean | undefined {
    if (!this.covered[i]) return undefined;
    if (this.evaluatedFor !== version) {
      this.hits.fill(0);
      for (const c of this.chunks) for (const k of c.set.match(text)) this.hits[c.rules[k]] = 1;
      this.evaluatedFor = version;
    }
    return this.hits[i] === 1;
  }
}
