// Files that write/writen keep open between actions, as SEC does: '-' is
// standard output, a named pipe is opened non-blocking (a missing reader
// never stalls the engine), anything else is appended to.
import fs from 'node:fs';
import type { Logger } from '../log/logger.js';
import { writeAll } from '../log/logger.js';

/** Where '-' goes: standard output, or a test's collector. */
export type StdoutWriter = (text: string) => void;

export const writeToStdout: StdoutWriter = (text) => {
  writeAll(1, text);
};

export class OutputFiles {
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
      this.log.debug(`Can't open '${file}' for writing ${what} (${(e as Error).message})`);
      return null;
    }
  }

  /** write / writen: keep the file open for the next write. */
  write(file: string, text: string): void {
    if (file === '-') {
      this.stdout(text);
      return;
    }
    let fd = this.open.get(file);
    if (fd === undefined) {
      const opened = this.openFile(file, `event '${text}'`);
      if (opened === null) return;
      fd = opened;
      this.open.set(file, fd);
    }
    if (!writeAll(fd, text, false)) {
      this.log.debug(`Error when writing event '${text}' to '${file}'`);
      this.close(file);
    }
  }

  /** owritecl: open, write, close. */
  writeOnce(file: string, text: string): void {
    if (file === '-') {
      this.stdout(text);
      return;
    }
    const fd = this.openFile(file, `event '${text}'`);
    if (fd === null) return;
    writeAll(fd, text, false);
    fs.closeSync(fd);
  }

  close(file: string): boolean {
    const fd = this.open.get(file);
    if (fd === undefined) return false;
    this.open.delete(file);
    try {
      fs.closeSync(fd);
    } catch (e) {
      this.log.warn(`Error when closing file '${file}' (${(e as Error).message})`);
    }
    return true;
  }

  closeAll(): void {
    for (const file of [...this.open.keys()]) this.close(file);
  }
}
