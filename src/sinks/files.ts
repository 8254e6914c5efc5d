// Files that write/writen keep open between actions, as SEC does: '-' is
// standard output, a named pipe is opened non-blocking (a missing reader
// never stalls the engine), anything else is appended to.
//
// Writes to a regular file are held back and written together (one write
// system call per run of writes to one file) at the end of the event loop's
// turn, after 64 KB or 100 ms, and before anything that could look at the
// file (heldWrites.ts). Each write is still a write of its own where it
// counts: when a batch fails or is cut short, the writes from the one that
// failed on are done again one by one, as SEC does them, with its messages.
// A file that is also standard output, standard error or the log is never
// held back, so its lines stay in order with theirs.
import type { Stats } from 'node:fs';
import fs from '../modules/nodeFs.js';
import type { Logger } from '../log/logger.js';
import { writeAll } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import { fileIdentity, flushHeldWrites, holdWrites } from '../log/heldWrites.js';
import type { Sink } from './types.js';

/** Where '-' goes: standard output, or a test's collector. */
export type StdoutWriter = (text: string) => void;

export const writeToStdout: StdoutWriter = (text) => {
  writeAll(1, text);
};

/** Held writes are written out once they reach this many bytes... */
const MAX_HELD_BYTES = 64 * 1024;
/** ...or once the first of them has waited this long (ms), even if the loop does not yield. */
const MAX_HELD_MS = 100;

interface OpenFile {
  fd: number;
  /** Writes may be held back (a regular file that no other stream of ours writes to). */
  batched: boolean;
}

/** A write held back: `text` is what goes to the file, `event` what messages name. */
interface HeldWrite {
  file: string;
  event: string;
  text: string;
}

export class OutputFiles implements Sink {
  private readonly open = new Map<string, OpenFile>();
  private held: HeldWrite[] = [];
  private heldBytes = 0;
  private heldSince = 0;
  private flushScheduled = false;

  constructor(
    private readonly log: Logger,
    readonly stdout: StdoutWriter = writeToStdout,
  ) {
    holdWrites(() => this.flush());
  }

  private openFile(file: string, what: string): number | null {
    let st: Stats | undefined;
    try {
      st = fs.statSync(file);
    } catch {
      st = undefined;
    }
    if (st && !st.isFile() && !st.isFIFO()) {
      this.log.debug(`Can't write ${what} to file '${file}' (not a regular file or pipe)`);
      return null;
    }
    try {
      return st?.isFIFO()
        ? fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)
        : fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_APPEND);
    } catch (e) {
      this.log.debug(`Can't open '${file}' for writing ${what} (${errnoText(e)})`);
      return null;
    }
  }

  /** An open file for write/writen, opened now if it is not. */
  private opened(file: string, event: string): OpenFile | null {
    const known = this.open.get(file);
    if (known) return known;
    const fd = this.openFile(file, `event '${event}'`);
    if (fd === null) return null;
    const out = { fd, batched: this.mayHold(fd) };
    this.open.set(file, out);
    return out;
  }

  /** Whether writes to `fd` may wait: a regular file that standard output, standard error and the log do not write to. */
  private mayHold(fd: number): boolean {
    if (!fs.fstatSync(fd).isFile()) return false;
    const own = fileIdentity(fd);
    const log = this.log.fileDescriptor;
    return ![1, 2, ...(log === null ? [] : [log])].some((other) => fileIdentity(other) === own);
  }

  /** write (with a newline) / writen: keep the file open for the next write. */
  write(file: string, event: string, newline: boolean): void {
    const text = newline ? `${event}\n` : event;
    if (file === '-') {
      this.stdout(text);
      return;
    }
    const out = this.opened(file, event);
    if (out === null) return;
    if (out.batched) this.hold({ file, event, text });
    else {
      // the file may be the log's: held log lines go first
      flushHeldWrites();
      this.writeNow(file, out.fd, event, text);
    }
  }

  /** One write now; SEC forgets the file after a failed write (a short one keeps it open). */
  private writeNow(file: string, fd: number, event: string, text: string): void {
    if (!this.writeOnce(fd, file, event, text)) this.close(file);
  }

  private hold(write: HeldWrite): void {
    this.held.push(write);
    this.heldBytes += write.text.length;
    if (this.held.length === 1) this.heldSince = Date.now();
    if (this.heldBytes >= MAX_HELD_BYTES || Date.now() - this.heldSince >= MAX_HELD_MS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Write out every held write, in order: one write system call per run of writes to one file. */
  flush(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    for (let first = 0; first < held.length; ) {
      let end = first + 1;
      while (end < held.length && held[end].file === held[first].file) end++;
      this.writeRun(held.slice(first, end));
      first = end;
    }
  }

  /** Writes to one file in one system call; if it fails or is cut short, the rest one by one as SEC would have done them. */
  private writeRun(run: HeldWrite[]): void {
    const file = run[0].file;
    const bytes = Buffer.from(run.length === 1 ? run[0].text : run.map((w) => w.text).join(''), 'latin1');
    // the file may have been closed by a failure earlier in this flush: then SEC opens it again for each write
    const out = this.open.get(file);
    const written = out === undefined ? -1 : this.writeBytes(out.fd, bytes);
    if (written === bytes.length) return;
    // skip the writes that went out whole; a write cut short is reported as SEC reports a short write
    let next = 0;
    let left = Math.max(written, 0);
    while (left >= run[next].text.length) left -= run[next++].text.length;
    if (left > 0) this.log.debug(`${left} bytes of '${run[next++].event}' written to '${file}'`);
    for (const w of run.slice(next)) {
      const out = this.opened(w.file, w.event);
      if (out !== null) this.writeNow(w.file, out.fd, w.event, w.text);
    }
  }

  /** write(2) until it is not interrupted: the bytes written, or -1 when it failed. */
  private writeBytes(fd: number, bytes: Buffer): number {
    for (;;) {
      try {
        return fs.writeSync(fd, bytes);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EINTR') return -1;
      }
    }
  }

  /**
   * One write(2), as SEC's syswrite: what does not fit into a named pipe now
   * is lost. Logs a failure with its reason, or how much of a short write
   * went out; false when the write failed.
   */
  private writeOnce(fd: number, file: string, event: string, text: string): boolean {
    const bytes = Buffer.from(text, 'latin1');
    for (;;) {
      let written: number;
      try {
        written = fs.writeSync(fd, bytes);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EINTR') continue;
        this.log.debug(`Error when writing event '${event}' to '${file}' (${errnoText(e)})`);
        return false;
      }
      if (written !== bytes.length) this.log.debug(`${written} bytes of '${event}' written to '${file}'`);
      return true;
    }
  }

  /** owritecl: open, write, close. */
  writeAndClose(file: string, text: string): void {
    if (file === '-') {
      this.stdout(text);
      return;
    }
    flushHeldWrites();
    const fd = this.openFile(file, `event '${text}'`);
    if (fd === null) return;
    this.writeOnce(fd, file, text, text);
    fs.closeSync(fd);
  }

  close(file: string): boolean {
    const out = this.open.get(file);
    if (out === undefined) return false;
    this.flush();
    this.open.delete(file);
    try {
      fs.closeSync(out.fd);
    } catch (e) {
      this.log.warn(`Error when closing file '${file}' (${errnoText(e)})`);
    }
    return true;
  }

  closeAll(): void {
    this.flush();
    for (const file of [...this.open.keys()]) this.close(file);
  }

  /** closeAll wrote out what was held: nothing is left at shutdown. */
  drain(): Promise<void> {
    this.flush();
    return Promise.resolve();
  }
}
