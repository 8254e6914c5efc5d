// Input sources: standard input and files. Each hands out whole lines and
// says when it has ended; the main loop polls them.
import fs from 'node:fs';
import { LineSplitter } from './lineSplitter.js';
import type { Logger } from '../log/logger.js';

export interface InputSource {
  /** Name used in $+{_inputsrc}: the file name, or '-' for standard input. */
  readonly name: string;
  /** Internal context name for --intcontexts. */
  readonly context: string;
  /** Lines available now (at most about `budget` bytes of input). */
  read(budget: number): string[];
  /** No more lines will come. */
  readonly ended: boolean;
}

/** Standard input, read through Node's stream so a terminal answers each line at once. */
export class StdinSource implements InputSource {
  readonly name = '-';
  private readonly splitter = new LineSplitter();
  private lines: string[] = [];
  private eof = false;

  constructor(readonly context: string, onData: () => void) {
    process.stdin.setEncoding('latin1');
    process.stdin.on('data', (chunk: string) => {
      this.lines.push(...this.splitter.push(chunk));
      onData();
    });
    process.stdin.on('end', () => {
      this.lines.push(...this.splitter.flush());
      this.eof = true;
      onData();
    });
    process.stdin.on('error', () => {
      this.eof = true;
      onData();
    });
  }

  read(): string[] {
    const out = this.lines;
    this.lines = [];
    return out;
  }

  get ended(): boolean {
    return this.eof && this.lines.length === 0;
  }
}

/** A regular file (or named pipe), read with plain reads; waits at EOF when tailing. */
export class FileSource implements InputSource {
  private fd: number | null = null;
  /** Read offset; null for pipes, which cannot seek. */
  private position: number | null = 0;
  private readonly splitter = new LineSplitter();
  private readonly buffer = Buffer.alloc(1 << 20);
  private eof = false;

  constructor(
    readonly name: string,
    readonly context: string,
    private readonly follow: boolean,
    fromStart: boolean,
    log: Logger,
  ) {
    try {
      this.fd = fs.openSync(name, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      const st = fs.fstatSync(this.fd);
      if (!st.isFile()) this.position = null;
      else if (!fromStart) this.position = st.size;
    } catch (e) {
      log.error(`Can't open input file ${name} (${(e as Error).message})`);
      this.eof = true;
    }
  }

  read(budget: number): string[] {
    if (this.fd === null || this.eof) return [];
    const lines: string[] = [];
    let total = 0;
    while (total < budget) {
      let n: number;
      try {
        n = fs.readSync(this.fd, this.buffer, 0, this.buffer.length, this.position);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
        n = 0;
      }
      if (n === 0) {
        if (!this.follow) {
          lines.push(...this.splitter.flush());
          this.eof = true;
          fs.closeSync(this.fd);
          this.fd = null;
        }
        break;
      }
      if (this.position !== null) this.position += n;
      total += n;
      const chunk = this.buffer.toString('latin1', 0, n);
      for (const l of this.splitter.push(chunk)) lines.push(l);
    }
    return lines;
  }

  get ended(): boolean {
    return this.eof;
  }
}
