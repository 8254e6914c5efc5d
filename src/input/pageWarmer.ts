// Reading a regular file's backlog from disk while the engine works. The
// positioned reads that hand lines out block the main thread; when the file
// is not in the kernel's page cache (a large old log, or one the cache has
// dropped), each of them waits for the disk. While an input has a backlog,
// this keeps reads of the next megabytes going on libuv's thread pool into a
// scratch buffer whose bytes are thrown away: they only bring the file's
// pages into the cache, where the main thread's reads then find them. All
// reads share the one scratch buffer, at once even: what lands in it is
// never looked at.

import fs from '../modules/nodeFs.js';

/** How far ahead of the main thread's reads the pages are brought in (bytes). */
const WINDOW = 32 << 20;
/** One read's size. */
const STEP = 1 << 20;
/**
 * Reads on their way at once, for all inputs together: libuv runs four at a
 * time, and its other work (name look-ups of tcpsock, udpsock) must not
 * queue behind hundreds of them.
 */
const IN_FLIGHT = 8;

let scratch: Buffer | null = null;
let inFlight = 0;

export class PageWarmer {
  /** File offset up to which reads have been asked for. */
  private askedTo = 0;
  /** The offset the main thread last read at. */
  private readAt = 0;
  /** A read came back short: the end of the file (as it was then) is in. */
  private atEnd = false;
  /** A new file (or none) makes the reads of the old one stale. */
  private generation = 0;

  /** The main thread read a full block ending at `position` of `fd`: more is waiting, so keep the next pages coming. */
  ahead(fd: number, position: number): void {
    this.readAt = position;
    if (this.askedTo < position) {
      this.askedTo = position;
      this.atEnd = false;
    }
    this.more(fd);
  }

  /** The file was closed or reopened: start again from its new read offset. */
  reset(): void {
    this.generation++;
    this.askedTo = 0;
    this.readAt = 0;
    this.atEnd = false;
  }

  private more(fd: number): void {
    scratch ??= Buffer.allocUnsafe(STEP);
    const generation = this.generation;
    while (!this.atEnd && inFlight < IN_FLIGHT && this.askedTo < this.readAt + WINDOW) {
      inFlight++;
      fs.read(fd, scratch, 0, STEP, this.askedTo, (err, n) => {
        inFlight--;
        // a stale read (the file was closed, the descriptor maybe reused) only read pages
        if (generation !== this.generation) return;
        if (err || n < STEP) this.atEnd = true;
        else this.more(fd);
      });
      this.askedTo += STEP;
    }
  }
}
