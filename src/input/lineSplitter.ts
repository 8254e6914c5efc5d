// Cutting a byte stream into lines (latin1 strings, one char per byte). A
// line split across two reads is one line; a last line without a newline is
// handed out when the input ends. The bytes of an incomplete line are kept
// as a list of pieces, so a huge line arriving in small reads costs linear
// time (each new piece is scanned once). Each line is decoded on its own
// rather than cut from a string of the whole read: a piece of a line kept
// for long (a value in an operation's key, a context name) then holds on to
// that line only, not to the whole read block.

export const NEWLINE = 0x0a;

export class LineSplitter {
  private parts: string[] = [];

  /** Lines completed by the first `length` bytes of `chunk`, appended to `lines`. */
  push(chunk: Buffer, length = chunk.length, lines: string[] = []): string[] {
    let start = 0;
    for (let nl = chunk.indexOf(NEWLINE, 0); nl !== -1 && nl < length; nl = chunk.indexOf(NEWLINE, start)) {
      let line = chunk.toString('latin1', start, nl);
      if (this.parts.length) {
        this.parts.push(line);
        line = this.parts.join('');
        this.parts = [];
      }
      lines.push(line);
      start = nl + 1;
    }
    if (start < length) this.parts.push(chunk.toString('latin1', start, length));
    return lines;
  }

  /** Bytes of an incomplete line are waiting. */
  get pending(): boolean {
    return this.parts.length > 0;
  }

  /** The bytes of the incomplete line, left in place. */
  get partial(): string {
    return this.parts.join('');
  }

  /** What is left at end of input (a last line without newline), if anything. */
  flush(): string[] {
    const rest = this.parts.join('');
    this.parts = [];
    return rest.length ? [rest] : [];
  }
}
