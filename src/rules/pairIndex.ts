// The live operations of a Pair rule by a piece of their pattern2's literal
// (four characters), so that an event finds the operations it may complete
// without trying every one: with a session id each, 20,000 open sessions
// made every close try 20,000 patterns, as SEC does. Each operation is
// filed under one four-character piece of the literal its pattern2 cannot
// match without (the first event's values are in it): the piece fewest
// other operations' literals hold, so not one of the pattern's own text,
// which every event holds, but one of the values. An event looks up its
// own pieces. Operations without such a literal are tried on every event.
//
// An index follows the rule's operations in the store (RuleOperations):
// pair.ts tells it each operation it starts or ends, and it is built anew
// whenever the store changed otherwise (a reset, a restart, a saved state).
import type { Operation, PairOperation } from './operations.js';

/** The length of a piece. */
const GRAM = 4;

/** A piece of four characters as one number (each character's low byte: the lines are latin1 text). */
const pieceKey = (a: number, b: number, c: number, d: number): number => ((a & 0xff) << 24) | ((b & 0xff) << 16) | ((c & 0xff) << 8) | (d & 0xff);

/** The piece of `text` at `i`. */
const pieceAt = (text: string, i: number): number => pieceKey(text.charCodeAt(i), text.charCodeAt(i + 1), text.charCodeAt(i + 2), text.charCodeAt(i + 3));

/**
 * Counts per piece are kept by a hash of it, in a table of eight slots per
 * operation the index was built for (1,024 to 65,536): two pieces sharing
 * a count only makes a choice of piece worse, or an event ask the map for
 * a piece no operation is filed under. A small table stays in the cache.
 */
function slotBits(operations: number): number {
  return Math.min(16, Math.max(10, Math.ceil(Math.log2(8 * Math.max(1, operations)))));
}

/** The slot of a piece in a table of 2^(32 - shift) counts (slotBits). */
const slotOf = (key: number, shift: number): number => Math.imul(key, 0x9e3779b1) >>> shift;

/** The store's operations of one rule, as an index sees them. */
export interface IndexedOperations {
  readonly size: number;
  /** Changes to the rule's operations so far (an operation put in or taken out). */
  readonly changes: number;
  values(): IterableIterator<Operation>;
}

/** The lower-case literal every match of an operation's pattern2 holds, null when there is not one. */
export type LiteralOf = (op: PairOperation) => string | null;

/** An indexed operation: its place in the order they started (the store's order), its literal, and the piece it is filed under (null: everywhere). */
interface Entry {
  readonly op: PairOperation;
  readonly order: number;
  /** The literal its pattern2 cannot match without; its pieces are what it may be filed under (none when shorter than a piece). */
  readonly literal: string;
  piece: number | null;
  /** The event it was last found for: an event that holds its piece twice finds it once. */
  foundFor: number;
}

export class PairIndex {
  /** Per piece: the operation filed under it, or the operations (most pieces have one, and a list each would double the memory). */
  private readonly byPiece = new Map<number, Entry | Entry[]>();
  /** Operations tried on every event. */
  private readonly everywhere = new Set<Entry>();
  private readonly entries = new Map<PairOperation, Entry>();
  /** Per piece (slotOf): how many indexed operations' literals hold it. */
  private readonly holding: Int32Array;
  /** Per piece (slotOf): how many operations are filed under it, so that most of an event's pieces need no look-up. */
  private readonly filedUnder: Int32Array;
  /** slotOf's shift for these tables: 32 less their bits. */
  private readonly shift: number;
  private started = 0;
  private event = 0;

  /**
   * @param changes the store's changes when this index last followed them
   * @param builtFor how many operations it was built with: the pieces each
   * is filed under are chosen knowing theirs, so it is built anew once
   * there are twice as many
   */
  constructor(
    public changes: number,
    readonly builtFor: number,
  ) {
    const bits = slotBits(builtFor);
    this.holding = new Int32Array(1 << bits);
    this.filedUnder = new Int32Array(1 << bits);
    this.shift = 32 - bits;
  }

  /** Index `op`, whose pattern2 cannot match without `literal`; `file` false: count its pieces only, for fileAll. */
  add(op: PairOperation, literal: string | null, file = true): void {
    const entry: Entry = { op, order: this.started++, literal: literal ?? '', piece: null, foundFor: 0 };
    this.count(entry.literal, 1);
    this.entries.set(op, entry);
    if (file) this.file(entry);
  }

  /** File every operation added with `file` false (an index built at once, knowing all their pieces first). */
  fileAll(): void {
    for (const entry of this.entries.values()) this.file(entry);
  }

  /** Count the pieces of `literal` as held by one operation more (`by` 1) or less (-1). */
  private count(literal: string, by: number): void {
    for (let i = 0; i + GRAM <= literal.length; i++) this.holding[slotOf(pieceAt(literal, i), this.shift)] += by;
  }

  private file(entry: Entry): void {
    let fewest = Infinity;
    for (let i = 0; i + GRAM <= entry.literal.length; i++) {
      const key = pieceAt(entry.literal, i);
      const holding = this.holding[slotOf(key, this.shift)];
      if (holding < fewest) {
        fewest = holding;
        entry.piece = key;
      }
    }
    const piece = entry.piece;
    if (piece === null) {
      this.everywhere.add(entry);
      return;
    }
    const filed = this.byPiece.get(piece);
    if (filed === undefined) this.byPiece.set(piece, entry);
    else if (Array.isArray(filed)) filed.push(entry);
    else this.byPiece.set(piece, [filed, entry]);
    this.filedUnder[slotOf(piece, this.shift)]++;
  }

  remove(op: PairOperation): void {
    const entry = this.entries.get(op);
    if (!entry) return;
    this.entries.delete(op);
    this.count(entry.literal, -1);
    if (entry.piece === null) {
      this.everywhere.delete(entry);
      return;
    }
    const filed = this.byPiece.get(entry.piece) as Entry | Entry[];
    if (!Array.isArray(filed)) this.byPiece.delete(entry.piece);
    else {
      filed.splice(filed.indexOf(entry), 1);
      if (filed.length === 1) this.byPiece.set(entry.piece, filed[0]);
    }
    this.filedUnder[slotOf(entry.piece, this.shift)]--;
  }

  /** The operations an event whose line is `lowerCaseLine` may complete, in the order they started. */
  candidates(lowerCaseLine: string): PairOperation[] {
    const out: Entry[] = [...this.everywhere];
    const text = lowerCaseLine;
    if (text.length >= GRAM && this.byPiece.size > 0) {
      const { byPiece, filedUnder, shift } = this;
      const event = ++this.event;
      let a = text.charCodeAt(0);
      let b = text.charCodeAt(1);
      let c = text.charCodeAt(2);
      for (let i = GRAM - 1; i < text.length; i++) {
        const d = text.charCodeAt(i);
        const key = pieceKey(a, b, c, d);
        const filed = filedUnder[slotOf(key, shift)] === 0 ? undefined : byPiece.get(key);
        if (Array.isArray(filed)) {
          for (const entry of filed) {
            if (entry.foundFor === event) continue;
            entry.foundFor = event;
            out.push(entry);
          }
        } else if (filed !== undefined && filed.foundFor !== event) {
          filed.foundFor = event;
          out.push(filed);
        }
        a = b;
        b = c;
        c = d;
      }
    }
    if (out.length > 1) out.sort((p, q) => p.order - q.order);
    return out.map((entry) => entry.op);
  }
}

/** Per rule's operations in the store: their index, once there are enough of them to want one. */
const indexes = new WeakMap<IndexedOperations, PairIndex>();

/** The index of `ops`, built anew from them when it has not followed every change, or they are twice as many as it was built with. */
export function indexFor(ops: IndexedOperations, literalOf: LiteralOf): PairIndex {
  let index = indexes.get(ops);
  if (index === undefined || index.changes !== ops.changes || ops.size >= 2 * index.builtFor) {
    index = new PairIndex(ops.changes, ops.size);
    for (const op of ops.values()) index.add(op as PairOperation, literalOf(op as PairOperation), false);
    index.fileAll();
    indexes.set(ops, index);
  }
  return index;
}

/**
 * Make one change to `ops` (`change`: putting `op` in or taking it out of
 * the store) and have their index, if it followed every change before,
 * follow this one (`follow`); an index left behind is built anew when next
 * asked for.
 */
export function changeIndexed(ops: IndexedOperations | undefined, change: () => void, follow: (index: PairIndex) => void): void {
  const index = ops === undefined ? undefined : indexes.get(ops);
  const inStep = index !== undefined && index.changes === (ops as IndexedOperations).changes;
  change();
  if (!inStep) return;
  // a change larger than the one told leaves the index behind, and it is built anew
  follow(index);
  index.changes++;
}
