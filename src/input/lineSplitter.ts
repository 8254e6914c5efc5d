// Cutting a byte stream (decoded as latin1, one char per byte) into lines.
// A line split across two reads is one line; a last line without a newline
// is handed out when the input ends.

export class LineSplitter {
  private partial = '';

  /** Lines completed by `chunk`. */
  push(chunk: string): string[] {
    const text = this.partial + chunk;
    const lines = text.split('\n');
    this.partial = lines.pop() as string;
    return lines;
  }

  /** What is left at end of input (a last line without newline), if anything. */
  flush(): string[] {
    const rest = this.partial;
    this.partial = '';
    return rest.length ? [rest] : [];
  }
}
