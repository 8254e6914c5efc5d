// Finding which of many literals (case folded) occur in a line: the search
// that is cheaper for the literals at hand. Few long literals are found by
// skipping through the line (skipScanner.ts); many, or short ones, leave a
// skip search too little to skip, and an automaton reading every character
// once is cheaper (ahoCorasick.ts).
import { AhoCorasickScanner } from './ahoCorasick.js';
import type { FoundLiterals } from './foundLiterals.js';
import { SkipScanner } from './skipScanner.js';

/** With more windows, most pairs of characters of a line are in one of them and the frame hardly moves. */
const SKIP_MAX_LITERALS = 32;
/** Shorter windows move the frame too little to pay for looking at two characters a step. */
const SKIP_MIN_LENGTH = 6;

export interface LiteralScanner {
  /** The literals that occur in text[from, to), all of it by default (valid until the next scan). */
  scan(text: string, from?: number, to?: number): FoundLiterals;
}

/** Whether `literals` are few and long enough for the skip search. */
export function skipSearchFits(literals: readonly string[]): boolean {
  return literals.length <= SKIP_MAX_LITERALS && literals.every((l) => l.length >= SKIP_MIN_LENGTH);
}

/** A scanner for `literals` (case folded, not empty). */
export function literalScanner(literals: readonly string[]): LiteralScanner {
  return skipSearchFits(literals) ? new SkipScanner(literals) : new AhoCorasickScanner(literals);
}
