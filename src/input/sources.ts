// Input sources: standard input, regular files and named pipes, following
// SEC 2.9.1's open_input_file, input_shuffled, read_line_from_file and
// read_line. Each input keeps a read buffer of bytes (latin1 text, one char
// per byte) and hands out one complete line per poll; a last line without a
// newline stays in the buffer while tailing (a regular file) and is handed
// out when the input closes (--notail, or a pipe whose writers went away).
// Files are tracked by name and by device/i-node: a file that was rotated
// (renamed, new file under the old name), deleted and re-created, or
// truncated is reopened and read from its start once the old one has no more
// data; a missing file is (re)opened every --reopen-timeout seconds. Nothing
// here ever blocks: files are read with positioned reads, pipes with
// non-blocking reads.
import type { BigIntStats, Stats } from 'node:fs';
import fs from '../modules/nodeFs.js';
import { NO_TICKET, type ScanThread } from '../scanThread/scanThread.js';
import { TICKET_MASK } from '../scanThread/sharedMemory.js';
import { LineSplitter, NEWLINE } from './lineSplitter.js';
import { PageWarmer } from './pageWarmer.js';
import { LogLevel, type Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';

/** What one poll of an input gave (one turn of SEC's read_line for that input). */
export interface PollResult {
  /** A complete line, or null. */
  line: string | null;
  /** No line, but new bytes arrived (a partial line): poll again at once. */
  newData: boolean;
  /** The line's ticket at the scan thread (NO_TICKET when it was not posted there). */
  ticket: number;
}

export interface InputSource {
  /** Name used in $+{_inputsrc}: the file name, or '-' for standard input. */
  readonly name: string;
  /** Internal context name for --intcontexts. */
  readonly context: string;
  /** No more lines will come (the input is closed and its buffer is empty). */
  readonly ended: boolean;
  /** One SEC read_line turn for this input: at most one line. `now` in seconds. */
  poll(now: number): PollResult;
  /** Close the input for good. */
  close(): void;
}

/** SEC's input options that shape reading (command-line values). */
export interface InputOptions {
  /** --tail (true) or --notail. */
  tail: boolean;
  /** --blocksize: bytes per read. */
  blocksize: number;
  /** --rwfifo: open named pipes read-write so they never report EOF. */
  rwfifo: boolean;
  /** --reopen-timeout (0 = never reopen a closed or missing input). */
  reopenTimeout: number;
  /** --check-timeout (0 = check inputs at EOF on every poll). */
  checkTimeout: number;
  /** --input-timeout (0 = off). */
  inputTimeout: number;
  /** --timeout-script. */
  timeoutScript?: string;
  /** Runs a command without a shell (the --timeout-script). */
  runCommand?: (argv: string[]) => void;
  log: Logger;
  /** Whole seconds (SEC's time()), for when an input was opened and last read. */
  now?: () => number;
  /** Where blocks of lines are scanned for literals ahead of the engine (--scanthread). */
  scanThread?: ScanThread;
}

export const DEFAULT_INPUT_OPTIONS: Omit<InputOptions, 'log'> = {
  tail: true,
  blocksize: 8192,
  rwfifo: true,
  reopenTimeout: 0,
  checkTimeout: 0,
  inputTimeout: 0,
};

/** A file with this much to read when it is opened starts the scan thread at once. */
const BULK_BACKLOG = 4 << 20;

/** Whether a file of `size` bytes read from `position` has a backlog worth the scan thread. */
export function isBulkBacklog(size: number, position: number): boolean {
  return size - position >= BULK_BACKLOG;
}

/** Bytes read at once from a regular file when the scan thread runs (whole --blocksize blocks). */
const READ_AHEAD = 256 << 10;
/**
 * Lines left of such a read when the next one is made: enough for the
 * engine to work on while the thread wakes (tens of microseconds) and
 * scans the first lines of the next.
 */
const REFILL_AT = 256;

const wallSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * A read buffer: complete lines waiting to be handed out and the bytes of an
 * incomplete last line. Appending only scans the new bytes, so a 5 MB line
 * arriving in 8 KB reads costs linear time.
 */
class ReadBuffer {
  private lines: string[] = [];
  /** Each line's ticket at the scan thread. */
  private tickets: number[] = [];
  private head = 0;
  private readonly splitter = new LineSplitter();
  /** The ticket of the line last handed out (NO_TICKET for one not handed out by shift). */
  ticket = NO_TICKET;

  constructor(private readonly scanThread: ScanThread | undefined) {}

  /** The first `length` bytes of `chunk` (all of it by default). */
  append(chunk: Buffer, length = chunk.length): void {
    const { lines, tickets } = this;
    const before = lines.length;
    const continued = this.splitter.pending;
    this.splitter.push(chunk, length, lines);
    for (let i = before; i < lines.length; i++) tickets.push(NO_TICKET);
    // the lines that lie whole in the chunk go to the scan thread
    const whole = lines.length - before - (continued ? 1 : 0);
    if (!this.scanThread || whole <= 0) return;
    const start = continued ? chunk.indexOf(NEWLINE) + 1 : 0;
    const end = chunk.lastIndexOf(NEWLINE, length - 1) + 1;
    let ticket = this.scanThread.post(chunk, start, end, whole);
    if (ticket === NO_TICKET) return;
    for (let i = lines.length - whole; i < lines.length; i++, ticket = (ticket + 1) & TICKET_MASK) tickets[i] = ticket;
  }

  /** The first complete line, or null. */
  shift(): string | null {
    if (this.head >= this.lines.length) {
      this.ticket = NO_TICKET;
      return null;
    }
    this.ticket = this.tickets[this.head];
    const line = this.lines[this.head++];
    if (this.head === this.lines.length) {
      this.lines = [];
      this.tickets = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.lines.length) {
      this.lines.splice(0, this.head);
      this.tickets.splice(0, this.head);
      this.head = 0;
    }
    return line;
  }

  get hasLine(): boolean {
    return this.head < this.lines.length;
  }

  /** Complete lines not handed out yet. */
  get queued(): number {
    return this.lines.length - this.head;
  }

  /** Everything left (no complete line is left when this is called: the partial line). */
  takeAll(): string {
    let rest = '';
    while (this.hasLine) rest += `${this.shift() as string}\n`;
    this.ticket = NO_TICKET;
    return rest + this.splitter.flush().join('');
  }

  /** Everything not handed out yet (complete lines with their newlines, then the partial line), left in place. */
  get unread(): string {
    let text = '';
    for (let i = this.head; i < this.lines.length; i++) text += `${this.lines[i]}\n`;
    return text + this.splitter.partial;
  }

  get empty(): boolean {
    return !this.hasLine && !this.splitter.pending;
  }
}

/**
 * The common part of read_line: --check-timeout, --input-timeout with the
 * --timeout-script, and (for inputs that can be reopened) the shuffle and
 * --reopen-timeout checks made when an input has no new bytes.
 */
abstract class PolledInput implements InputSource {
  protected readonly buffer: ReadBuffer;
  /** SEC's "open" flag. */
  protected isOpen = false;
  private scriptexec = false;
  private checktime = 0;
  protected lastopen: number;
  private lastread: number;
  /** Set by readLine when bytes were added to the buffer. */
  protected grew = false;
  /** Lines handed out (SEC counts them for the dump). */
  lines = 0;

  constructor(
    readonly name: string,
    public context: string,
    protected readonly opts: InputOptions,
  ) {
    const now = this.clock();
    this.lastopen = now;
    this.lastread = now;
    this.buffer = new ReadBuffer(opts.scanThread);
  }

  protected clock(): number {
    return (this.opts.now ?? wallSeconds)();
  }

  get open(): boolean {
    return this.isOpen;
  }

  get ended(): boolean {
    return !this.isOpen;
  }

  /** read_line_from_file: a complete line, or null (sets `grew` when bytes came). */
  protected abstract readLine(now: number): string | null;

  /** The tail-mode checks made when the input had no new bytes (shuffle, reopen). */
  protected afterIdle(_now: number): void {
    // standard input is never reopened
  }

  poll(now: number): PollResult {
    const o = this.opts;
    if (o.checkTimeout && now < this.checktime) return { line: null, newData: false, ticket: NO_TICKET };
    this.grew = false;
    const line = this.isOpen ? this.readLine(now) : null;
    if (line !== null) {
      this.lines++;
      if (o.inputTimeout) this.lastread = now;
      if (this.scriptexec) {
        o.log.log(LogLevel.INFO, `Input received, executing script ${o.timeoutScript} 0 ${this.name}`);
        this.runScript('0');
        this.scriptexec = false;
      }
      return { line, newData: false, ticket: this.buffer.ticket };
    }
    if (this.grew) return { line: null, newData: true, ticket: NO_TICKET };
    if (o.checkTimeout) this.checktime = now + o.checkTimeout;
    if (o.inputTimeout && !this.scriptexec && now - this.lastread >= o.inputTimeout) {
      o.log.log(LogLevel.INFO, `No input, executing script ${o.timeoutScript} 1 ${this.name}`);
      this.runScript('1');
      this.scriptexec = true;
    }
    if (o.tail) this.afterIdle(now);
    return { line: null, newData: false, ticket: NO_TICKET };
  }

  private runScript(flag: string): void {
    if (this.opts.timeoutScript === undefined) return;
    try {
      this.opts.runCommand?.([this.opts.timeoutScript, flag, this.name]);
    } catch (e) {
      this.opts.log.error(`Could not fork command '${this.opts.timeoutScript} ${flag} ${this.name}' (${errnoText(e)})`);
    }
  }

  abstract close(): void;
}

/** Standard input, read through Node's stream so a terminal answers each line at once. */
export class StdinSource extends PolledInput {
  private eof = false;
  private readonly onData: () => void;
  private readonly listeners: Array<[string, (...a: never[]) => void]> = [];

  constructor(context: string, onData: () => void, opts: InputOptions) {
    super('-', context, opts);
    this.onData = onData;
    this.isOpen = true;
    const stdin = process.stdin;
    // a reopen after standard input ended (restart) finds it at EOF at once
    if (stdin.readableEnded) this.eof = true;
    const data = (chunk: Buffer): void => {
      this.buffer.append(chunk);
      this.onData();
    };
    const end = (): void => {
      this.eof = true;
      this.onData();
    };
    stdin.on('data', data);
    stdin.on('end', end);
    stdin.on('error', end);
    this.listeners.push(['data', data], ['end', end], ['error', end]);
  }

  protected readLine(): string | null {
    const line = this.buffer.shift();
    if (line !== null || !this.eof || !this.isOpen) return line;
    // no writers left: SEC closes the pipe and hands out its partial last line
    this.opts.log.debug('No writers on input pipe -, closing the pipe');
    this.isOpen = false;
    const rest = this.buffer.takeAll();
    return rest.length ? rest : null;
  }

  close(): void {
    this.isOpen = false;
    for (const [ev, fn] of this.listeners) process.stdin.off(ev, fn as (...a: unknown[]) => void);
    process.stdin.pause();
  }
}

/** Where reading a regular file stands: its identity, the offset read up to, the bytes read but not handed out. */
export interface ReadingState {
  dev: bigint;
  ino: bigint;
  offset: number;
  unread: string;
}

/** A regular file or a named pipe, tracked by name and device/i-node. */
export class FileSource extends PolledInput {
  private fd: number | null = null;
  private dev: bigint | null = null;
  private ino: bigint | null = null;
  private regfile = false;
  /** Read offset in a regular file. */
  private position = 0;
  private chunk: Buffer;
  /** The last read of a regular file filled the scan thread's slot: more is waiting, worth reading before the lines run out. */
  private backlog = false;
  private readonly warmer = new PageWarmer();
  /** The file did not exist at the first open: read it from its start when it appears. */
  private readFromStart = false;
  /** File descriptor given from outside (standard input redirected from a file). */
  private readonly givenFd: number | null;
  /** Where reading stood when --notail read the file to its end (for saved state). */
  private endState: ReadingState | null = null;

  /**
   * Open `name` at `fpos` (-1: its end, 0: its start), as SEC's open_input
   * does. `fd` is for standard input redirected from a regular file.
   */
  constructor(name: string, context: string, fpos: number, opts: InputOptions, fd?: number) {
    super(name, context, opts);
    this.chunk = Buffer.allocUnsafe(opts.blocksize);
    this.givenFd = fd ?? null;
    this.isOpen = this.openFile(fpos);
    if (!this.isOpen && name !== '-' && !exists(name)) this.readFromStart = true;
  }

  /** open_input_file: open at `fpos` (-1 end, 0 start, n offset); true on success. */
  private openFile(fpos: number): boolean {
    const { log } = this.opts;
    const name = this.name;
    let fd: number;
    if (this.givenFd !== null) {
      fd = this.givenFd;
    } else {
      let st: Stats;
      try {
        st = fs.statSync(name);
      } catch {
        if (this.opts.reopenTimeout) log.debug(`Input file ${name} has not been created yet`);
        else log.warn(`Input file ${name} does not exist!`);
        return false;
      }
      let flags: number;
      if (st.isFile()) flags = fs.constants.O_RDONLY;
      // SEC opens a pipe read-write (--rwfifo) or read-only non-blocking;
      // here both are non-blocking, since SEC only reads after select()
      else if (st.isFIFO()) flags = (this.opts.rwfifo ? fs.constants.O_RDWR : fs.constants.O_RDONLY) | fs.constants.O_NONBLOCK;
      else {
        log.error(`Input file ${name} is of unsupported type!`);
        return false;
      }
      try {
        fd = fs.openSync(name, flags);
      } catch (e) {
        log.error(`Can't open input file ${name} (${errnoText(e)})`);
        return false;
      }
    }
    let st: BigIntStats;
    try {
      st = fs.fstatSync(fd, { bigint: true });
    } catch (e) {
      log.error(`Can't stat input file ${name} through filehandle (${errnoText(e)})`);
      this.closeFd(fd);
      return false;
    }
    this.fd = fd;
    this.dev = st.dev;
    this.ino = st.ino;
    if (st.isFile()) {
      const size = Number(st.size);
      if (fpos > size) {
        log.notice(`Offset ${fpos} beyond EOF, seeking EOF in input file ${name}`);
        fpos = -1;
      }
      this.position = fpos === -1 ? size : fpos;
      this.regfile = true;
      if (isBulkBacklog(size, this.position)) this.opts.scanThread?.expectBulk();
    } else {
      this.position = 0;
      this.regfile = false;
    }
    return true;
  }

  private closeFd(fd: number | null = this.fd): void {
    if (fd === null) return;
    if (fd === this.fd) {
      this.fd = null;
      this.backlog = false;
      this.warmer.reset();
    }
    if (fd === this.givenFd) return;
    try {
      fs.closeSync(fd);
    } catch {
      // already gone
    }
  }

  private markClosed(): void {
    this.closeFd();
    this.isOpen = false;
  }

  /**
   * Where the next read goes: with the scan thread, the job slot it takes
   * next (the bytes need no copy there), room for READ_AHEAD; else (and
   * while the thread has no free slot) a block of our own.
   */
  private readBuffer(blocksize: number): Buffer {
    const thread = this.opts.scanThread;
    const slot = thread?.readTarget(Math.max(blocksize, READ_AHEAD - (READ_AHEAD % blocksize)));
    if (slot) return slot;
    if (this.chunk.length !== blocksize) this.chunk = Buffer.allocUnsafe(blocksize);
    return this.chunk;
  }

  /**
   * `n` bytes were read from a regular file into `block` at the read offset
   * (n > 0). A full block means a backlog: its next pages come in from disk
   * meanwhile, and a scan thread's piece (READ_AHEAD) is refilled before
   * its lines run out.
   */
  private takeRead(block: Buffer, n: number): void {
    const full = n === block.length;
    this.backlog = full && block !== this.chunk;
    if (full) this.warmer.ahead(this.fd as number, this.position + n);
    this.position += n;
    this.take(block, n);
  }

  /**
   * A backlog read ahead for the scan thread is running low: the next piece
   * now, so the thread has it scanned before the engine comes to it. An
   * error or the end is left to the read made when no line is left.
   */
  private refill(): void {
    this.backlog = false;
    if (!this.isOpen || this.fd === null || !this.regfile) return;
    const block = this.readBuffer(this.opts.blocksize);
    // the thread has no free slot: the lines left are read as usual
    if (block === this.chunk) return;
    let n: number;
    try {
      n = fs.readSync(this.fd, block, 0, block.length, this.position);
    } catch {
      return;
    }
    if (n > 0) this.takeRead(block, n);
  }

  /** Append the first `n` bytes of `block`, just read. */
  private take(block: Buffer, n: number): void {
    this.buffer.append(block, n);
    this.grew = true;
  }

  protected readLine(now: number): string | null {
    const { log } = this.opts;
    const name = this.name;
    const ready = this.buffer.shift();
    if (ready !== null) {
      if (this.backlog && this.buffer.queued === REFILL_AT) this.refill();
      return ready;
    }
    if (!this.isOpen || this.fd === null) return null;
    const blocksize = this.opts.blocksize;
    const block = this.readBuffer(blocksize);
    if (this.regfile) {
      let n: number;
      try {
        n = fs.readSync(this.fd, block, 0, block.length, this.position);
      } catch (e) {
        log.error(`Input file ${name} IO error (${errnoText(e)}), closing the file`);
        this.markClosed();
        return null;
      }
      if (n === 0) {
        if (this.opts.tail) return null;
        // read to its end under --notail: the saved state says so, and a later run goes on from
        // here (the partial last line is handed out now as a whole line, so it is not kept)
        const end = this.readingState();
        this.endState = end && { ...end, unread: '' };
        this.markClosed();
        const rest = this.buffer.takeAll();
        return rest.length ? rest : null;
      }
      this.takeRead(block, n);
    } else {
      let n: number;
      try {
        n = fs.readSync(this.fd, block, 0, blocksize, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN' || code === 'EWOULDBLOCK' || code === 'EINTR') return null;
        log.error(`Input pipe ${name} IO error (${errnoText(e)}), closing the pipe`);
        this.markClosed();
        return null;
      }
      if (n === 0) {
        // no writers on the pipe any more (never happens with --rwfifo)
        log.debug(`No writers on input pipe ${name}, closing the pipe`);
        this.markClosed();
        if (this.opts.tail && name !== '-') {
          log.debug(`Reopening input pipe ${name}`);
          this.isOpen = this.openFile(-1);
          if (this.opts.reopenTimeout) this.lastopen = now;
        }
        const rest = this.buffer.takeAll();
        return rest.length ? rest : null;
      }
      this.take(block, n);
    }
    return this.buffer.shift();
  }

  /**
   * input_shuffled: has the file been re-created (other device/i-node under
   * the name: the rest of the old file is read into the buffer first) or
   * truncated (size below the read offset)?
   */
  private shuffled(): boolean {
    if (this.name === '-' || this.fd === null) return false;
    let st: BigIntStats;
    try {
      st = fs.statSync(this.name, { bigint: true });
    } catch {
      return false;
    }
    const fpos = this.position;
    if (st.dev !== this.dev || st.ino !== this.ino) {
      if (this.regfile) {
        let bytes = 0;
        try {
          bytes = Number(fs.fstatSync(this.fd, { bigint: true }).size) - fpos;
        } catch {
          bytes = 0;
        }
        if (bytes > 0) {
          const rest = Buffer.allocUnsafe(bytes);
          let got = 0;
          try {
            while (got < bytes) {
              const n = fs.readSync(this.fd, rest, got, bytes - got, this.position);
              if (n === 0) break;
              got += n;
              this.position += n;
            }
          } catch {
            // keep what was read
          }
          if (got > 0) this.buffer.append(rest, got);
        }
      }
      this.opts.log.notice(`Input file ${this.name} has been recreated`);
      return true;
    }
    if (this.regfile && fpos > Number(st.size)) {
      this.opts.log.notice(`Input file ${this.name} has been truncated`);
      return true;
    }
    return false;
  }

  protected override afterIdle(now: number): void {
    const { log, reopenTimeout } = this.opts;
    if (this.isOpen && this.shuffled()) {
      log.notice(`Reopening ${this.name} and processing from the start`);
      this.closeFd();
      this.isOpen = this.openFile(0);
      if (reopenTimeout) this.lastopen = now;
    }
    if (reopenTimeout && !this.isOpen && now - this.lastopen >= reopenTimeout) {
      log.debug(`Attempting to (re)open ${this.name}`);
      if (this.readFromStart) {
        this.isOpen = this.openFile(0);
        if (this.isOpen) this.readFromStart = false;
      } else {
        this.isOpen = this.openFile(-1);
      }
      this.lastopen = now;
    }
  }

  /**
   * Where reading this regular file stands, for saved state (--state-file):
   * its identity, the offset read up to and the bytes read but not handed
   * out yet. Null when it is not an open regular file of its own name
   * (or, under --notail, one that was read to its end).
   */
  readingState(): ReadingState | null {
    if (!this.isOpen) return this.endState;
    if (!this.regfile || this.fd === null || this.givenFd !== null || this.dev === null || this.ino === null) return null;
    return { dev: this.dev, ino: this.ino, offset: this.position, unread: this.buffer.unread };
  }

  /** The identity of the open file (device, i-node), or null. */
  get identity(): { dev: bigint; ino: bigint } | null {
    return this.isOpen && this.dev !== null && this.ino !== null ? { dev: this.dev, ino: this.ino } : null;
  }

  /**
   * Go on from saved state: `unread` (bytes read before) is handed out
   * first, then the open regular file from `offset` (its start when the
   * file is now shorter: it was truncated).
   */
  resumeAt(offset: number, unread: string): void {
    if (!this.regfile || this.fd === null) return;
    let size = 0;
    try {
      size = Number(fs.fstatSync(this.fd, { bigint: true }).size);
    } catch {
      size = 0;
    }
    if (offset > size) this.opts.log.notice(`Input file ${this.name} has been truncated, processing from the start`);
    this.position = offset > size ? 0 : offset;
    if (unread.length) this.buffer.append(Buffer.from(unread, 'latin1'));
  }

  /** Whether a regular file or pipe: for callers that watch files. */
  get isRegularFile(): boolean {
    return this.regfile;
  }

  close(): void {
    this.markClosed();
  }
}

function exists(name: string): boolean {
  try {
    fs.statSync(name);
    return true;
  } catch {
    return false;
  }
}
