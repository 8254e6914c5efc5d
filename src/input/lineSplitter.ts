// Cutting a byte stream (decoded as latin1, one char per byte) into lines.
// A line split across two reads is one line; a last line without a newline
// is handed out when the input ends. The bytes of an incomplete line are kept
// as a list of pieces, so a huge line arriving in small reads costs linear
// time (each new piece is scanned once).

export class LineSplitter {
  private parts: string[] = [];

  /** Lines completed by `chunk`. */
  push(chunk: string): string[] {
    if (chunk.indexOf('\n') === -1) {
      if (chunk.length) this.parts.push(chunk);
      return [];
    }
    const lines = chunk.split('\n');
    const rest = lines.pop() as string;
    if (this.parts.length) {
      this.parts.push(lines[0]);
      lines[0] = this.parts.join('');
    }
    this.parts = rest.length ? [rest] : [];
    return lines;
  }

  /** Bytes of an incomplete line are waiting. */
  get pending(): boolean {
    return this.parts.length > 0;
  }

  /** What is left at end of input (a last line without newline), if anything. */
  flush(): string[] {
    const rest = this.parts.join('');
    this.parts = [];
    return rest.length ? [rest] : [];
  }
}
