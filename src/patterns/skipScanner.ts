// Finding which of a few long literals occur in a line without reading
// every character: a Set-Horspool search (Wu-Manber with pairs of
// characters). Each literal is looked for by one window of the same length
// m (rareWindow.ts); the search looks at the last two characters under an
// m-character frame and moves the frame as far as no window can be lost:
// a pair in no window moves it by m - 1. Where a window may end, its
// literals are checked whole. Characters are read case folded (ASCII), as
// requiredLiterals.ts writes literals.
import { FoundLiterals } from './foundLiterals.js';
import { rareWindowStart } from './rareWindow.js';
import { foldByte } from './requiredLiterals.js';

/** Longer windows move the frame further but match less often inside a literal's rarest part. */
const MAX_WINDOW = 8;
const CHAR_CODES = 0x10000;
const BYTE_PAIRS = 0x10000;

export class SkipScanner {
  private readonly literals: readonly string[];
  private readonly found: FoundLiterals;
  /** The window (and frame) length. */
  private readonly width: number;
  /** Character code → class; class 0 is every character no window contains. */
  private readonly classOf = new Uint16Array(CHAR_CODES);
  private readonly classes: number;
  /**
   * How far the frame may move, by its last two bytes ((next-to-last & 0xff) << 8 | last & 0xff): one
   * look-up a step: a step's reads depend on the step before, so each
   * look-up saved is time saved. A character above 0xff (only synthetic
   * events hold them) reads as another byte's pair: a frame move no longer
   * than its own, which loses nothing.
   */
  private readonly byteShift = new Uint8Array(BYTE_PAIRS);
  /** Literals whose window ends in a pair of classes (next-to-last * classes + last): endingIn[endStart[pair] .. endStart[pair + 1]). */
  private readonly endStart: Int32Array;
  private readonly endingIn: Int32Array;
  /** Literal → where its window ends in it: a window ending at i puts the literal's start at i + 1 - windowEnd. */
  private readonly windowEnd: Int32Array;

  /** `literals` are case folded and at least 2 characters long. */
  constructor(literals: readonly string[]) {
    this.literals = literals;
    this.found = new FoundLiterals(literals.length);
    const width = Math.min(MAX_WINDOW, ...literals.map((l) => l.length));
    this.width = width;
    this.windowEnd = new Int32Array(literals.length);
    const windows = literals.map((lit, k) => {
      const start = rareWindowStart(lit, width);
      this.windowEnd[k] = start + width;
      return lit.slice(start, start + width);
    });
    let classes = 1;
    for (const window of windows) {
      for (let i = 0; i < width; i++) {
        const c = window.charCodeAt(i);
        if (this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    for (let c = 0x41; c <= 0x5a; c++) this.classOf[c] = this.classOf[foldByte(c)];
    this.classes = classes;

    const pairOf = (window: string, i: number): number => this.classOf[window.charCodeAt(i - 1)] * classes + this.classOf[window.charCodeAt(i)];
    // by the classes of the last two characters first: (class of the next-to-last * classes + class of the last)
    const shift = new Uint8Array(classes * classes).fill(width - 1);
    const ending = new Map<number, number[]>();
    windows.forEach((window, k) => {
      for (let i = 1; i < width; i++) {
        const pair = pairOf(window, i);
        shift[pair] = Math.min(shift[pair], width - 1 - i);
      }
      const last = pairOf(window, width - 1);
      ending.set(last, [...(ending.get(last) ?? []), k]);
    });
    // one row of byte shifts per class of the next-to-last byte, copied in place for each byte
    const rows = Array.from({ length: classes }, (_, first) => Uint8Array.from({ length: 256 }, (_, c) => shift[first * classes + this.classOf[c]]));
    for (let c = 0; c < 256; c++) this.byteShift.set(rows[this.classOf[c]], c << 8);
    this.endStart = new Int32Array(classes * classes + 1);
    const flat: number[] = [];
    for (let pair = 0; pair < classes * classes; pair++) {
      this.endStart[pair] = flat.length;
      flat.push(...(ending.get(pair) ?? []));
    }
    this.endStart[classes * classes] = flat.length;
    this.endingIn = Int32Array.from(flat);
  }

  /** The literals that occur in text[from, to) (valid until the next scan). */
  scan(text: string, from = 0, to = text.length): FoundLiterals {
    const { byteShift, found } = this;
    found.clear();
    const length = to;
    let end = from + this.width - 1;
    while (end < length) {
      // two moves a turn: most frames move, and a turn's branch then covers two of them
      let move = byteShift[((text.charCodeAt(end - 1) & 0xff) << 8) | (text.charCodeAt(end) & 0xff)];
      if (move !== 0) {
        end += move;
        if (end >= length) break;
        move = byteShift[((text.charCodeAt(end - 1) & 0xff) << 8) | (text.charCodeAt(end) & 0xff)];
        if (move !== 0) {
          end += move;
          continue;
        }
      }
      this.confirm(text, end, from, to);
      end++;
    }
    return found;
  }

  /** Add the literals whose window ends at text[end] and which occur there whole, within text[from, to). */
  private confirm(text: string, end: number, from: number, to: number): void {
    const { classOf, classes, endStart, endingIn, windowEnd, literals, found } = this;
    const pair = classOf[text.charCodeAt(end - 1)] * classes + classOf[text.charCodeAt(end)];
    for (let e = endStart[pair]; e < endStart[pair + 1]; e++) {
      const k = endingIn[e];
      if (found.has(k)) continue;
      const literal = literals[k];
      const start = end + 1 - windowEnd[k];
      if (start < from || start + literal.length > to) continue;
      let i = 0;
      while (i < literal.length && foldByte(text.charCodeAt(start + i)) === literal.charCodeAt(i)) i++;
      if (i === literal.length) found.add(k);
    }
  }
}
