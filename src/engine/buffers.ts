// The input buffers that multi-line patterns (RegExp2, SubStr3, ...) look
// into. With --jointbuf every event goes into one buffer; by default each
// input source has its own, and synthetic events share one. Buffers start
// full of empty lines, as in SEC.
import type { EventView } from '../patterns/pattern.js';
import type { MatchCache } from '../patterns/matchVars.js';

const SYNTHETIC = 'synthetic';

class Ring {
  readonly lines: string[];
  readonly sources: (string | null)[];
  pos = 0;
  constructor(readonly size: number) {
    this.lines = new Array<string>(size).fill('');
    this.sources = new Array<string | null>(size).fill(null);
  }
  push(line: string, source: string | null): void {
    this.pos = (this.pos + 1) % this.size;
    this.lines[this.pos] = line;
    this.sources[this.pos] = source;
  }
  /** Indexes of the last n entries, oldest first. */
  private last(n: number): number[] {
    const out: number[] = [];
    for (let k = n - 1; k >= 0; k--) out.push((this.pos - k + this.size) % this.size);
    return out;
  }
  text(n: number): string {
    if (n === 1) return this.lines[this.pos];
    return this.last(n)
      .map((i) => this.lines[i])
      .join('\n');
  }
  lastLines(n: number): string[] {
    return this.last(n).map((i) => this.lines[i]);
  }
  lastSources(n: number): (string | undefined)[] {
    return this.last(n).map((i) => this.sources[i] ?? undefined);
  }
  sourceNames(n: number): string {
    return this.last(n)
      .map((i) => this.sources[i] ?? SYNTHETIC)
      .join(' ');
  }
  /** Overwrite the last lines.length entries (the rewrite action). */
  rewrite(lines: string[]): void {
    this.last(lines.length).forEach((i, k) => {
      this.lines[i] = lines[k];
    });
  }
}

export class InputBuffers implements EventView {
  private readonly joint: Ring;
  private readonly perSource = new Map<string, Ring>();
  private readonly synthetic: Ring;
  private current: Ring;
  private currentSource: string | null = null;
  intContext: string | undefined = undefined;
  cache: MatchCache = new Map();
  /** Changes whenever the current event's text may have changed (new event, rewrite). */
  version = 0;

  constructor(
    readonly size: number,
    readonly jointBuffer: boolean,
  ) {
    this.joint = new Ring(size);
    this.synthetic = new Ring(size);
    this.current = this.joint;
  }

  /** Make `line` the current event. `source` is null for synthetic events. */
  push(line: string, source: string | null, intContext: string | undefined): void {
    this.version++;
    this.currentSource = source;
    this.intContext = intContext;
    if (this.cache.size) this.cache = new Map();
    this.joint.push(line, source);
    if (this.jointBuffer) {
      this.current = this.joint;
      return;
    }
    if (source === null) {
      this.current = this.synthetic;
    } else {
      let ring = this.perSource.get(source);
      if (!ring) {
        ring = new Ring(this.size);
        this.perSource.set(source, ring);
      }
      this.current = ring;
    }
    this.current.push(line, source);
  }

  text(lines: number): string {
    return this.current.text(lines);
  }

  private bytesFor = -1;
  private bytesLines = 0;
  private bytesCache: Buffer = Buffer.alloc(0);

  bytes(lines: number): Buffer {
    if (this.bytesFor !== this.version || this.bytesLines !== lines) {
      this.bytesCache = Buffer.from(this.current.text(lines), 'utf8');
      this.bytesFor = this.version;
      this.bytesLines = lines;
    }
    return this.bytesCache;
  }

  source(lines: number): string {
    if (this.jointBuffer && this.size > 1) return this.joint.sourceNames(lines);
    return this.currentSource ?? SYNTHETIC;
  }

  perlArgs(lines: number): (string | undefined)[] {
    const args: (string | undefined)[] = this.current.lastLines(lines);
    // one name per line from the joint buffer; else the one input the lines came from
    if (this.jointBuffer && this.size > 1) args.push(...this.joint.lastSources(lines));
    else args.push(this.currentSource ?? undefined);
    return args;
  }

  private lowerFor = -1;
  private lowerLine = '';

  /** The last line in lower case (for literal tests: see CompiledRegex.lowerCaseRequired), made once per event. */
  lowerCaseLine(): string {
    if (this.lowerFor !== this.version) {
      this.lowerLine = this.current.text(1).toLowerCase();
      this.lowerFor = this.version;
    }
    return this.lowerLine;
  }

  /** The last line of the current event. */
  get line(): string {
    return this.current.text(1);
  }

  /** Overwrite the last lines of the current event's buffer; returns that buffer's name for the log. */
  rewrite(lines: string[]): string {
    this.version++;
    this.current.rewrite(lines);
    if (this.jointBuffer) return 'Input buffer';
    return this.currentSource === null ? 'Input buffer of synthetic events' : `Input buffer of ${this.currentSource}`;
  }
}
