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

    // the trie: children found through a table (-1: none), listed per state through firstEdge/nextEdge
    let maxStates = 1;
    for (const lit of literals) maxStates += lit.length;
    const child = new Int32Array(maxStates * classes).fill(-1);
    const firstEdge = new Int32Array(maxStates).fill(-1);
    const nextEdge = new Int32Array(maxStates);
    const edgeClass = new Int32Array(maxStates);
    /** Literals ending in a state, listed through firstEnding/nextEnding. */
    const firstEnding = new Int32Array(maxStates).fill(-1);
    const nextEnding = new Int32Array(literals.length);
    let states = 1;
    literals.forEach((lit, k) => {
      let state = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i);
        const cls = c < BYTE_VALUES ? this.classOf[c] : 0;
        let to = child[state * classes + cls];
        if (to === -1) {
          to = states++;
          child[state * classes + cls] = to;
          // the edge into a state is numbered as the state
          edgeClass[to] = cls;
          nextEdge[to] = firstEdge[state];
          firstEdge[state] = to;
        }
        state = to;
      }
      nextEnding[k] = firstEnding[state];
      firstEnding[state] = k;
    });

    // breadth first, one row of the transition table per state: the row of its failure state
    // (copied whole, a state reached later than it by a shorter path), then its own children.
    // Entries are premultiplied by the class count and negated (~) where literals end in the
    // target state, so the scan does one lookup per character and a sign test.
    const next = new Int32Array(states * classes);
    const fail = new Int32Array(states);
    const ends = new Uint8Array(states);
    const lists: number[][] = new Array(states);
    lists[0] = [];
    const order = new Int32Array(states);
    let queued = 0;
    const entry = (state: number): number => (ends[state] ? ~(state * classes) : state * classes);
    const stateOf = (value: number): number => (value < 0 ? ~value : value) / classes;
    const enter = (state: number, failState: number): void => {
      fail[state] = failState;
      const own: number[] = [];
      for (let k = firstEnding[state]; k !== -1; k = nextEnding[k]) own.push(k);
      lists[state] = lists[failState].length ? own.concat(lists[failState]) : own;
      ends[state] = lists[state].length ? 1 : 0;
      order[queued++] = state;
    };
    for (let to = firstEdge[0]; to !== -1; to = nextEdge[to]) {
      enter(to, 0);
      next[edgeClass[to]] = entry(to);
    }
    for (let head = 0; head < queued; head++) {
      const state = order[head];
      const row = state * classes;
      const failRow = fail[state] * classes;
      next.copyWithin(row, failRow, failRow + classes);
      for (let to = firstEdge[state]; to !== -1; to = nextEdge[to]) {
        enter(to, stateOf(next[failRow + edgeClass[to]]));
        next[row + edgeClass[to]] = entry(to);
      }
    }
    this.next = next;
    this.idStart = new Int32Array(states + 1);
    const flat: number[] = [];
    for (let state = 0; state < states; state++) {
      this.idStart[state] = flat.length;
      for (const k of lists[state]) flat.push(k);
    }
    this.idStart[states] = flat.length;
    this.ids = Int32Array.from(flat);
  }

  /** The literals that occur in text[from, to) (valid until the next scan). */
  scan(text: string, from = 0, to = text.length): FoundLiterals {
    const { classOf, next, found } = this;
    found.clear();
    let at = 0;
    for (let i = from; i < to; i++) {
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
