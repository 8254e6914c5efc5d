// The four-character pieces of a text, kept as bits of a small table (a
// Bloom filter): a literal occurs in the text only if each of its pieces
// does, so after one pass over the text many literals are tested with a
// few bit look-ups each. A piece may share its bit with another: "maybe"
// answers are checked for real by the caller.

const BITS = 4096;
const MASK = BITS - 1;
const GRAM = 4;

const hash = (a: number, b: number, c: number, d: number): number => (((a * 33 + b) * 33 + c) * 33 + d) & MASK;

/** The distinct bits of the pieces of `literal`; empty when it is shorter than a piece (it may then be anywhere). */
export function literalGrams(literal: string): Int32Array {
  const bits = new Set<number>();
  for (let i = 0; i + GRAM <= literal.length; i++) {
    bits.add(hash(literal.charCodeAt(i), literal.charCodeAt(i + 1), literal.charCodeAt(i + 2), literal.charCodeAt(i + 3)));
  }
  return Int32Array.from(bits);
}

export class GramSet {
  private readonly words = new Uint32Array(BITS / 32);

  /** Take the pieces of `text` (those of an earlier text are forgotten). */
  fill(text: string): void {
    const words = this.words;
    words.fill(0);
    if (text.length < GRAM) return;
    let a = text.charCodeAt(0);
    let b = text.charCodeAt(1);
    let c = text.charCodeAt(2);
    for (let i = GRAM - 1; i < text.length; i++) {
      const d = text.charCodeAt(i);
      const bit = hash(a, b, c, d);
      words[bit >>> 5] |= 1 << (bit & 31);
      a = b;
      b = c;
      c = d;
    }
  }

  /** False when a piece of the literal (its `grams`) is not in the text: the literal surely does not occur. */
  mayContain(grams: Int32Array): boolean {
    const words = this.words;
    for (let k = 0; k < grams.length; k++) {
      const bit = grams[k];
      if ((words[bit >>> 5] & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }
}
