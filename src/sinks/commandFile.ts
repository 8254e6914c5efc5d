// The Nagios/Naemon/Icinga external command file as a sink: passive check
// results become command lines (nagiosCommands.ts) that are queued and
// written in order, each exactly once, without ever blocking sec.
//
// The command file is the named pipe Nagios creates and reads. It is opened
// write-only and non-blocking and never created: when it is missing (Nagios
// not started yet), has no reader (Nagios stopped: ENXIO, EPIPE), or the pipe
// is full (EAGAIN), lines wait in a bounded queue and the write is retried
// with a doubling delay. A regular file is written too (appended to) when it
// already exists, for tests and for tools that read a spool file; anything
// else is refused. Each line is one write(2) of at most PIPE_BUF bytes, which
// the kernel puts in a pipe whole or not at all, so lines from several writers
// never interleave and a refused write can simply be tried again. A line is
// delivered once the pipe took it; lines still in the pipe when Nagios exits
// are lost with it, as for any writer.
import fs from '../modules/nodeFs.js';
import { LogLevel, type Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import type { Clock } from '../time/clock.js';
import { Backoff } from './backoff.js';
import { type CommandLine, type HostResult, hostResultLine, MAX_COMMAND_BYTES, type Parsed, type ServiceResult, serviceResultLine } from './nagiosCommands.js';

export interface CommandFileOptions {
  /** The command file, named once on the command line. */
  path: string;
  log: Logger;
  /** Gives each result its epoch, when it is produced. */
  clock: Clock;
  /** Most lines kept waiting; beyond it the oldest are dropped (and counted in the log). */
  maxQueue?: number;
  /** First retry delay, doubled after each failure up to retryMaxMs. */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/** How often drain() tries again within its grace period, whatever the backoff has reached. */
const DRAIN_RETRY_MS = 100;
const OPEN_FLAGS = fs.constants.O_WRONLY | fs.constants.O_NONBLOCK | fs.constants.O_APPEND;

export class CommandFileSink {
  private readonly path: string;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly maxQueue: number;
  private readonly backoff: Backoff;
  /** Lines not written yet, oldest first (latin1 bytes). */
  private readonly queue: Buffer[] = [];
  /** The head of the queue is what a short write to a regular file left: it must not be dropped. */
  private headPartial = false;
  private fd: number | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  /** The delay of the retry about to be scheduled (taken from the backoff once, shown in the log first). */
  private nextDelayMs: number | null = null;
  /** The failure last logged, so a failure repeated at each retry is logged once. */
  private failure: string | null = null;
  /** Results dropped from a full queue and not reported yet. */
  private dropped = 0;
  private closed = false;

  constructor(options: CommandFileOptions) {
    this.path = options.path;
    this.log = options.log;
    this.clock = options.clock;
    this.maxQueue = options.maxQueue ?? 10_000;
    this.backoff = new Backoff({ initialMs: options.retryMinMs ?? 500, maxMs: options.retryMaxMs ?? 30_000 });
  }

  /** Submit a passive service result; returns why it was refused (invalid code or name), or null when it is queued. */
  serviceResult(result: ServiceResult): string | null {
    return this.submit(serviceResultLine(result, this.clock.seconds()), `${result.host};${result.service}`);
  }

  /** Submit a passive host result; returns why it was refused, or null when it is queued. */
  hostResult(result: HostResult): string | null {
    return this.submit(hostResultLine(result, this.clock.seconds()), result.host);
  }

  /** Lines waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Keep trying to write what waits for up to `graceMs` (at TERM); resolves to how many lines are left. */
  async drain(graceMs: number): Promise<number> {
    const deadline = Date.now() + graceMs;
    while (this.queue.length > 0 && !this.closed) {
      this.cancelRetry();
      this.flush();
      const left = deadline - Date.now();
      if (this.queue.length === 0 || left <= 0) break;
      await new Promise((resolve) => setTimeout(resolve, Math.min(DRAIN_RETRY_MS, left)));
    }
    return this.queue.length;
  }

  /** Stop: what is still queued is logged as lost and the file is closed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancelRetry();
    this.reportDropped();
    if (this.queue.length > 0) this.log.warn(`${this.queue.length} result(s) for command file ${this.path} not written`);
    this.queue.length = 0;
    this.closeFile();
  }

  private submit(line: Parsed<CommandLine>, object: string): string | null {
    if (this.closed) return `command file ${this.path} is closed`;
    if (!line.ok) return line.error;
    if (line.value.truncated) this.log.notice(`Output for ${JSON.stringify(object)} cut to fit one ${this.path} write of ${MAX_COMMAND_BYTES} bytes`);
    if (this.queue.length >= this.maxQueue) this.dropOldest();
    this.queue.push(Buffer.from(line.value.text, 'latin1'));
    // while a retry is pending the file is known to be unwritable: the retry writes this line in turn
    if (this.retryTimer === null) this.flush();
    return null;
  }

  private dropOldest(): void {
    this.queue.splice(this.headPartial ? 1 : 0, 1);
    if (this.dropped++ === 0) this.log.warn(`Command file ${this.path}: queue full (${this.maxQueue} lines), dropping the oldest results`);
  }

  private reportDropped(): void {
    if (this.dropped === 0) return;
    this.log.warn(`Command file ${this.path}: ${this.dropped} result(s) dropped, queue full`);
    this.dropped = 0;
  }

  /** Write queued lines until the queue is empty or the file refuses one. */
  private flush(): void {
    while (this.queue.length > 0) {
      const fd = this.fd ?? this.open();
      if (fd === null) {
        this.retryLater();
        return;
      }
      const line = this.queue[0];
      let written: number;
      try {
        written = fs.writeSync(fd, line);
      } catch (e) {
        // EAGAIN: the pipe is full, keep it open; anything else (EPIPE: Nagios went away) reopens by name
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') this.closeFile();
        this.failed(`Can't write to command file ${this.path} (${errnoText(e)})`);
        this.retryLater();
        return;
      }
      // only a regular file takes part of a line (a pipe takes a short line whole or not at all)
      this.headPartial = written < line.length;
      if (this.headPartial) this.queue[0] = line.subarray(written);
      else this.queue.shift();
    }
    this.recovered();
  }

  private open(): number | null {
    let fd: number;
    try {
      fd = fs.openSync(this.path, OPEN_FLAGS);
    } catch (e) {
      this.failed(`Can't open command file ${this.path} (${errnoText(e)})`);
      return null;
    }
    const stat = fs.fstatSync(fd);
    if (!stat.isFIFO() && !stat.isFile()) {
      fs.closeSync(fd);
      this.failed(`Command file ${this.path} is neither a named pipe nor a regular file`);
      return null;
    }
    this.fd = fd;
    return fd;
  }

  private closeFile(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already unusable: nothing more to do with it
    }
    this.fd = null;
  }

  /** Log a failure once (repeats at each retry go to the debug level). */
  private failed(message: string): void {
    const level = message === this.failure ? LogLevel.DEBUG : LogLevel.WARN;
    this.failure = message;
    this.log.log(level, `${message}, ${this.queue.length} result(s) queued, retrying in ${this.upcomingDelay() / 1000} s`);
  }

  private upcomingDelay(): number {
    this.nextDelayMs ??= this.backoff.next();
    return this.nextDelayMs;
  }

  private recovered(): void {
    this.backoff.reset();
    this.nextDelayMs = null;
    this.reportDropped();
    if (this.failure === null) return;
    this.failure = null;
    this.log.notice(`Command file ${this.path} written again, queued results delivered`);
  }

  private retryLater(): void {
    if (this.retryTimer !== null || this.closed) return;
    const delay = this.upcomingDelay();
    this.nextDelayMs = null;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.reportDropped();
      this.flush();
    }, delay);
    // pending results alone do not keep sec running: shutdown drains them with its own deadline
    this.retryTimer.unref();
  }

  private cancelRetry(): void {
    if (this.retryTimer === null) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }
}
