// Finding which of many literals occur in a line, in one pass over it: an
// Aho-Corasick automaton compiled to a flat transition table. Characters
// are read case folded (ASCII), as requiredLiterals.ts writes literals.
// Every character costs one table lookup, however many literals there are.
import { FoundLiterals } from './foundLiterals.js';
import { foldByte } from './requiredLiterals.js';

/** Characters outside latin1 (only synthetic events can hold them) are in class 0 with the bytes no literal has. */
const BYTE_VALUES = 256;
const CHAR_CODES = 0x10000;

export class AhoCorasickScanner {
  private readonly found: FoundLiterals;
  /** Character code → character class; class 0 is every character no literal contains. */
  private readonly classOf = new Uint16Array(CHAR_CODES);
  private readonly classes: number;
  /** (state * classes + class) → next state * classes, ~ of it where that state stamps ids. */
  private readonly next: Int32Array;
  /** Literals that end in a state: ids[idStart[state] .. idStart[state + 1]). */
  private readonly idStart: Int32Array;
  private readonly ids: Int32Array;

  /** `literals` are case folded and not empty. */
  constructor(literals: readonly string[]) {
    this.found = new FoundLiterals(literals.length);
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

  /** The literals that occur in `text` (valid until the next scan). */
  scan(text: string): FoundLiterals {
    const { classOf, next, found } = this;
    found.clear();
    let at = 0;
    for (let i = 0; i < text.length; i++) {
      at = next[at + classOf[text.charCodeAt(i)]];
      if (at < 0) {
        at = ~at;
        this.addEndingIn(at / this.classes);
      }
    }
    return found;
  }

  private addEndingIn(state: number): void {
    const { idStart, ids, found } = this;
    for (let k = idStart[state]; k < idStart[state + 1]; k++) found.add(ids[k]);
  }
}
