// Files that write/writen keep open between actions, as SEC does: '-' is
// standard output, a named pipe is opened non-blocking (a missing reader
// never stalls the engine), anything else is appended to.
import fs from 'node:fs';
import type { Logger } from '../log/logger.js';
import { writeAll } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import type { Sink } from './types.js';

/** Where '-' goes: standard output, or a test's collector. */
export type StdoutWriter = (text: string) => void;

export const writeToStdout: StdoutWriter = (text) => {
  writeAll(1, text);
};

export class OutputFiles implements Sink {
  private readonly open = new Map<string, number>();

  constructor(
    private readonly log: Logger,
    readonly stdout: StdoutWriter = writeToStdout,
  ) {}

  private openFile(file: string, what: string): number | null {
    let st: fs.Stats | undefined;
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

  /** write (with a newline) / writen: keep the file open for the next write. */
  write(file: string, event: string, newline: boolean): void {
    const text = newline ? `${event}\n` : event;
    if (file === '-') {
      this.stdout(text);
      return;
    }
    let fd = this.open.get(file);
    if (fd === undefined) {
      const opened = this.openFile(file, `event '${event}'`);
      if (opened === null) return;
      fd = opened;
      this.open.set(file, fd);
    }
    // SEC forgets the file after a failed write (a short one keeps it open)
    if (!this.writeOnce(fd, file, event, text)) this.close(file);
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
    const fd = this.openFile(file, `event '${text}'`);
    if (fd === null) return;
    this.writeOnce(fd, file, text, text);
    fs.closeSync(fd);
  }

  close(file: string): boolean {
    const fd = this.open.get(file);
    if (fd === undefined) return false;
    this.open.delete(file);
    try {
      fs.closeSync(fd);
    } catch (e) {
      this.log.warn(`Error when closing file '${file}' (${errnoText(e)})`);
    }
    return true;
  }

  closeAll(): void {
    for (const file of [...this.open.keys()]) this.close(file);
  }

  /** Every write is done when the action runs: nothing is left at shutdown. */
  drain(): Promise<void> {
    return Promise.resolve();
  }
}
