// The literals a regular expression cannot match without: for a parsed
// pattern, a set of strings such that every match contains at least one of
// them. A line that holds none of them cannot match, so the engine skips the
// rule without running its regex (see engine/candidates.ts). Literals are
// kept with ASCII letters in lower case: the scan folds case, so a
// case-insensitive pattern is covered too, and a case-sensitive one merely
// gets an occasional extra regex run.
import { size, type ByteSet } from './byteSets.js';
import { oncePer } from './oncePer.js';
import type { Node } from './perlSyntax.js';

/** Shorter literals occur in most lines: they would not rule anything out. */
export const MIN_LENGTH = 3;
/** An alternation of more branches than this is tried on every line. */
const MAX_ALTERNATIVES = 32;

const A = 0x41;
const Z = 0x5a;
const CASE_BIT = 0x20;

/** ASCII upper-case letters to lower case; other bytes unchanged. */
export function foldByte(c: number): number {
  return c >= A && c <= Z ? c | CASE_BIT : c;
}

/** The one byte (case folded) a set stands for, or -1 when it stands for more. */
const literalByte = oncePer(findLiteralByte);

function findLiteralByte(set: ByteSet): number {
  const n = size(set);
  if (n === 1) return foldByte(set.indexOf(1));
  if (n !== 2) return -1;
  const lower = set.indexOf(1, A + CASE_BIT);
  return lower >= A + CASE_BIT && lower <= Z + CASE_BIT && set[lower - CASE_BIT] ? lower : -1;
}

/** The string a node always matches exactly (case folded), or null. */
function exactText(node: Node): string | null {
  switch (node.kind) {
    case 'set': {
      const c = literalByte(node.set);
      return c < 0 ? null : String.fromCharCode(c);
    }
    case 'seq': {
      let text = '';
      for (const item of node.items) {
        const part = exactText(item);
        if (part === null) return null;
        text += part;
      }
      return text;
    }
    case 'group':
    case 'atomic':
      return exactText(node.body);
    default:
      return null;
  }
}

/** Any-of sets compared: the one whose shortest literal is longer wins, then the smaller set. */
function better(a: string[] | null, b: string[] | null): string[] | null {
  if (a === null) return b;
  if (b === null) return a;
  const shortest = (s: string[]): number => Math.min(...s.map((l) => l.length));
  const byLength = shortest(a) - shortest(b);
  if (byLength !== 0) return byLength > 0 ? a : b;
  return a.length <= b.length ? a : b;
}

function required(node: Node): string[] | null {
  switch (node.kind) {
    case 'set': {
      const c = literalByte(node.set);
      return c < 0 ? null : [String.fromCharCode(c)];
    }
    case 'seq': {
      let best: string[] | null = null;
      let run = '';
      const closeRun = (): void => {
        if (run) best = better(best, [run]);
        run = '';
      };
      for (const item of node.items) {
        const text = exactText(item);
        if (text !== null) {
          run += text;
          continue;
        }
        closeRun();
        best = better(best, required(item));
      }
      closeRun();
      return best;
    }
    case 'alt': {
      const all = new Set<string>();
      for (const branch of node.branches) {
        const lits = required(branch);
        if (lits === null) return null;
        for (const l of lits) all.add(l);
      }
      return all.size <= MAX_ALTERNATIVES ? [...all] : null;
    }
    case 'group':
    case 'atomic':
      return required(node.body);
    case 'repeat':
      return node.min >= 1 ? required(node.body) : null;
    default:
      // assertions, lookarounds and backreferences consume nothing we can name
      return null;
  }
}

/**
 * Literals (case folded) one of which every match of the pattern contains;
 * null when the pattern has no useful ones.
 */
export function requiredLiterals(root: Node): string[] | null {
  const lits = required(root);
  return lits?.every((l) => l.length >= MIN_LENGTH) ? lits : null;
}

/** Every any-of set the pattern's outer sequence requires: its runs of exact text and each item's own best set. */
function requiredSets(node: Node): string[][] {
  switch (node.kind) {
    case 'seq': {
      const sets: string[][] = [];
      let run = '';
      for (const item of node.items) {
        const text = exactText(item);
        if (text !== null) {
          run += text;
          continue;
        }
        if (run) sets.push([run]);
        run = '';
        sets.push(...requiredSets(item));
      }
      if (run) sets.push([run]);
      return sets;
    }
    case 'group':
    case 'atomic':
      return requiredSets(node.body);
    case 'repeat':
      return node.min >= 1 ? requiredSets(node.body) : [];
    default: {
      const lits = required(node);
      return lits ? [lits] : [];
    }
  }
}

/**
 * A second set of literals (case folded) every match contains, taken from an
 * alternation of the pattern: the names a rule tells apart (ports, paths,
 * tools) rule out far more lines than the common text around them that
 * requiredLiterals picks (`primary`). Null when the pattern has no other
 * such alternation.
 */
export function alternativeLiterals(root: Node, primary: string[] | null): string[] | null {
  let best: string[] | null = null;
  for (const set of requiredSets(root)) {
    if (set.length > 1 && set.every((l) => l.length >= MIN_LENGTH)) best = better(best, set);
  }
  // the alternation requiredLiterals picked (`primary`) tells nothing more
  const same = best !== null && primary !== null && best.length === primary.length && best.every((l, k) => l === primary[k]);
  return same ? null : best;
}

/** The same for a SubStr pattern's text. */
export function substrLiterals(text: string): string[] | null {
  if (text.length < MIN_LENGTH) return null;
  let folded = '';
  for (let i = 0; i < text.length; i++) folded += String.fromCharCode(foldByte(text.charCodeAt(i)));
  return [folded];
}
