// The result of one scan for literals: which of them occur, each listed
// once however often it occurs.

export class FoundLiterals {
  /** Indices of the literals found: list[0 .. count). */
  readonly list: Int32Array;
  count = 0;
  /** Literal → the number of the scan that last found it. */
  private readonly foundIn: Float64Array;
  private scans = 0;

  constructor(literals: number) {
    this.list = new Int32Array(literals);
    this.foundIn = new Float64Array(literals).fill(-1);
  }

  /** Start a new scan: nothing found yet. */
  clear(): void {
    this.scans++;
    this.count = 0;
  }

  has(literal: number): boolean {
    return this.foundIn[literal] === this.scans;
  }

  add(literal: number): void {
    if (this.foundIn[literal] === this.scans) return;
    this.foundIn[literal] = this.scans;
    this.list[this.count++] = literal;
  }
}
