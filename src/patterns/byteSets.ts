// Sets of bytes: what one Perl character-matching atom (a literal, `.`, a
// class, \w, [[:alpha:]], ...) matches. SEC reads its input as bytes and Perl
// matches such strings with byte rules: \w, \s, [[:alpha:]] and case folding
// know ASCII only. Writing every atom out as an explicit set of bytes makes
// the translation the same on RE2 and on JavaScript, whatever their own
// classes or case-folding rules are.

import { oncePer } from './oncePer.js';

/** Membership per byte value 0..255. */
export type ByteSet = Uint8Array;

export function emptySet(): ByteSet {
  return new Uint8Array(256);
}

export function addRange(set: ByteSet, from: number, to: number): ByteSet {
  for (let c = Math.max(from, 0); c <= Math.min(to, 255); c++) set[c] = 1;
  return set;
}

export function addSet(set: ByteSet, other: ByteSet): ByteSet {
  for (let c = 0; c < 256; c++) if (other[c]) set[c] = 1;
  return set;
}

export function complement(set: ByteSet): ByteSet {
  const out = emptySet();
  for (let c = 0; c < 256; c++) out[c] = set[c] ? 0 : 1;
  return out;
}

/** A set from ranges written as [from, to] pairs. */
function ranges(...pairs: [number, number][]): ByteSet {
  const set = emptySet();
  for (const [from, to] of pairs) addRange(set, from, to);
  return set;
}

const ch = (s: string): number => s.charCodeAt(0);
const DIGIT: [number, number] = [ch('0'), ch('9')];
const UPPER: [number, number] = [ch('A'), ch('Z')];
const LOWER: [number, number] = [ch('a'), ch('z')];
const UNDERSCORE: [number, number] = [ch('_'), ch('_')];

/** Perl 5.36 \s on bytes: tab, newline, vertical tab, form feed, return, space. */
const SPACE = ranges([0x09, 0x0d], [0x20, 0x20]);
const WORD = ranges(DIGIT, UPPER, LOWER, UNDERSCORE);

/** The backslash classes; \h and \v include the Latin-1 ones even on bytes. */
export const ESCAPE_CLASSES: Record<string, ByteSet> = {
  d: ranges(DIGIT),
  w: WORD,
  s: SPACE,
  h: ranges([0x09, 0x09], [0x20, 0x20], [0xa0, 0xa0]),
  v: ranges([0x0a, 0x0d], [0x85, 0x85]),
};

/** [[:name:]] on bytes: ASCII only. */
export const POSIX_CLASSES: Record<string, ByteSet> = {
  alpha: ranges(UPPER, LOWER),
  digit: ranges(DIGIT),
  alnum: ranges(DIGIT, UPPER, LOWER),
  upper: ranges(UPPER),
  lower: ranges(LOWER),
  space: SPACE,
  blank: ranges([0x09, 0x09], [0x20, 0x20]),
  punct: ranges([0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]),
  xdigit: ranges(DIGIT, [ch('A'), ch('F')], [ch('a'), ch('f')]),
  word: WORD,
  print: ranges([0x20, 0x7e]),
  graph: ranges([0x21, 0x7e]),
  cntrl: ranges([0x00, 0x1f], [0x7f, 0x7f]),
  ascii: ranges([0x00, 0x7f]),
};

/** Case-insensitive on bytes: each ASCII letter brings its other case. */
export function foldCase(set: ByteSet): ByteSet {
  const out = Uint8Array.from(set);
  for (let c = ch('A'); c <= ch('Z'); c++) {
    if (set[c] || set[c + 32]) out[c] = out[c + 32] = 1;
  }
  return out;
}

export function size(set: ByteSet): number {
  let n = 0;
  for (let c = 0; c < 256; c++) n += set[c];
  return n;
}

/** The byte as a regex atom both engines read the same way. */
function byteAtom(c: number): string {
  return /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`;
}

function classBody(set: ByteSet): string {
  let out = '';
  for (let c = 0; c < 256; c++) {
    if (!set[c]) continue;
    let end = c;
    while (end < 255 && set[end + 1]) end++;
    out += end === c ? byteAtom(c) : end === c + 1 ? byteAtom(c) + byteAtom(end) : `${byteAtom(c)}-${byteAtom(end)}`;
    c = end;
  }
  return out;
}

/**
 * The set as regex source: one literal, a class, or a negated class when that
 * is shorter. A negated class also matches code points above 0xFF, which
 * never occur in byte input. The empty set is a class nothing matches.
 * Written once per set: a parsed atom's set never changes, and literal
 * characters share theirs (perlSyntax's charSet).
 */
export const setSource = oncePer(makeSetSource);

function makeSetSource(set: ByteSet): string {
  const n = size(set);
  if (n === 0) return '[^\\x00-\\xff]';
  if (n === 1) return byteAtom(set.indexOf(1));
  if (n === 256) return '[\\x00-\\xff]';
  if (n > 128) return `[^${classBody(complement(set))}]`;
  return `[${classBody(set)}]`;
}
