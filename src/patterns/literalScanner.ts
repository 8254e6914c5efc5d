// Finding which of many literals occur in a line, in one pass over it: an
// Aho-Corasick automaton compiled to a flat transition table. Characters
// are read case folded (ASCII), as requiredLiterals.ts writes literals.
// A scan lists the literals it found, each once.
import { foldByte } from './requiredLiterals.js';

/** Characters outside latin1 (only synthetic events can hold them) are in class 0 with the bytes no literal has. */
const BYTE_VALUES = 256;
const CHAR_CODES = 0x10000;

export class LiteralScanner {
  /** The literals the last scan found, by index: found[0 .. its result), each once. */
  readonly found: Int32Array;
  /** Character code → character class; class 0 is every character no literal contains. */
  private readonly classOf = new Uint16Array(CHAR_CODES);
  private readonly classes: number;
  /** (state * classes + class) → next state * classes, ~ of it where that state stamps ids. */
  private readonly next: Int32Array;
  /** Literals that end in a state: ids[idStart[state] .. idStart[state + 1]). */
  private readonly idStart: Int32Array;
  private readonly ids: Int32Array;
  /** Literal → the number of the scan that last found it. */
  private readonly foundIn: Float64Array;
  private scans = 0;

  /** `literals` are case folded and not empty. */
  constructor(literals: readonly string[]) {
    this.found = new Int32Array(literals.length);
    this.foundIn = new Float64Array(literals.length).fill(-1);
    let classes = 1;
    for (const lit of literals) {
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        if (c < BYTE_VALUES && this.classOf[c] === 0) this.classOf[c] = classes++;
      }
    }
    for (let c = 0x41; c <= 0x5a; c++) this.classOf[c] = this.classOf[foldByte(c)];
    this.classes = classes;

    // the trie: goto[state] maps a class to a child state
    const goto: Map<number, number>[] = [new Map()];
    const out: Set<number>[] = [new Set()];
    literals.forEach((lit, k) => {
      let state = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        const cls = c < BYTE_VALUES ? this.classOf[c] : 0;
        let child = goto[state].get(cls);
        if (child === undefined) {
          child = goto.length;
          goto.push(new Map());
          out.push(new Set());
          goto[state].set(cls, child);
        }
        state = child;
      }
      out[state].add(k);
    });

    // breadth first: failure links, outputs inherited along them, full transitions
    const states = goto.length;
    const next = new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let cls = 0; cls < classes; cls++) {
      const child = goto[0].get(cls);
      if (child !== undefined) {
        next[cls] = child;
        queue.push(child);
      }
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      for (const id of out[fail[state]]) out[state].add(id);
      for (let cls = 0; cls < classes; cls++) {
        const child = goto[state].get(cls);
        const viaFail = next[fail[state] * classes + cls];
        if (child === undefined) {
          next[state * classes + cls] = viaFail;
        } else {
          fail[child] = viaFail;
          next[state * classes + cls] = child;
          queue.push(child);
        }
      }
    }
    // premultiplied by the class count, and negated (~) where literals end in the state:
    // the scan loop does one lookup per character and a sign test
    this.next = next.map((state) => state * classes);
    this.idStart = new Int32Array(states + 1);
    const flat: number[] = [];
    for (let s = 0; s < states; s++) {
      this.idStart[s] = flat.length;
      flat.push(...out[s]);
    }
    this.idStart[states] = flat.length;
    this.ids = Int32Array.from(flat);
    for (let k = 0; k < this.next.length; k++) {
      const target = this.next[k] / classes;
      if (this.idStart[target + 1] > this.idStart[target]) this.next[k] = ~this.next[k];
    }
  }

  /** Find the literals that occur in `text`: found[0 .. the count returned). */
  scan(text: string): number {
    this.scans++;
    const { classOf, next } = this;
    let count = 0;
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      at = next[at + classOf[text.charCodeAt(i)]];
      if (at < 0) {
        at = ~at;
        count = this.list(at / this.classes, count);
      }
    }
    return count;
  }

  /** Add to found[count ..] the literals ending in `state` not found yet in this scan. */
  private list(state: number, count: number): number {
    const { idStart, ids, foundIn, found } = this;
    for (let k = idStart[state]; k < idStart[state + 1]; k++) {
      const literal = ids[k];
      if (foundIn[literal] === this.scans) continue;
      foundIn[literal] = this.scans;
      found[count++] = literal;
    }
    return count;
  }
}
