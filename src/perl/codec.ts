// The bytes of the Perl bridge protocol (perl/bridge.pl describes it): a
// request writer that reuses one buffer, and a reader over an answer.
// Strings are latin1 throughout, one char per log byte, so Perl sees the
// bytes SEC would see.

/** A value given to Perl code: a string, undef, an array or a hash reference. */
export type PerlArg = string | undefined | PerlArray | PerlHash;
export interface PerlArray {
  readonly array: readonly PerlArg[];
}
/** A hash reference; after the call `entries` holds what the code left in it. */
export interface PerlHash {
  entries: Record<string, string | undefined>;
}

export class RequestWriter {
  private buf = Buffer.allocUnsafe(4096);
  private len = 4;

  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.len + n));
    this.buf.copy(bigger, 0, 0, this.len);
    this.buf = bigger;
  }

  /** Start a request with its operation letter. */
  begin(op: string): this {
    this.len = 4;
    this.room(1);
    this.buf[this.len++] = op.charCodeAt(0);
    return this;
  }

  u32(n: number): this {
    this.room(4);
    this.buf.writeUInt32BE(n, this.len);
    this.len += 4;
    return this;
  }

  private bytes(s: string): void {
    this.u32(s.length);
    this.room(s.length);
    this.len += this.buf.write(s, this.len, 'latin1');
  }

  value(v: PerlArg): this {
    this.room(1);
    if (v === undefined) {
      this.buf[this.len++] = 0x75; // u
    } else if (typeof v === 'string') {
      this.buf[this.len++] = 0x73; // s
      this.bytes(v);
    } else if ('array' in v) {
      this.buf[this.len++] = 0x61; // a
      this.u32(v.array.length);
      for (const item of v.array) this.value(item);
    } else {
      this.buf[this.len++] = 0x68; // h
      const keys = Object.keys(v.entries);
      this.u32(keys.length);
      for (const k of keys) {
        this.bytes(k);
        this.value(v.entries[k]);
      }
    }
    return this;
  }

  /** The finished frame (valid until the next begin). */
  frame(): Buffer {
    this.buf.writeUInt32BE(this.len - 4, 0);
    return this.buf.subarray(0, this.len);
  }
}

export class AnswerReader {
  private pos = 1;
  constructor(private readonly buf: Buffer) {}

  get op(): string {
    return String.fromCharCode(this.buf[0]);
  }

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  byte(): number {
    return this.buf[this.pos++];
  }

  u32(): number {
    const n = this.buf.readUInt32BE(this.pos);
    this.pos += 4;
    return n;
  }

  private bytes(): string {
    const n = this.u32();
    const s = this.buf.toString('latin1', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  /** A scalar answer value: undef or a string. */
  value(): string | undefined {
    const tag = this.buf[this.pos++];
    return tag === 0x75 ? undefined : this.bytes();
  }

  list(): (string | undefined)[] {
    const n = this.u32();
    const out: (string | undefined)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.value();
    return out;
  }

  hash(): Record<string, string | undefined> {
    const n = this.u32();
    const out: Record<string, string | undefined> = {};
    for (let i = 0; i < n; i++) {
      const k = this.bytes();
      out[k] = this.value();
    }
    return out;
  }
}
