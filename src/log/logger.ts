// SEC's logging: numbered levels (1 = critical ... 6 = debug), a message is
// kept when its level is at or below --debug. Messages go to the --log file
// with a "Fri Nov 27 22:54:31 2026: " prefix, and bare to standard error when
// that is a terminal (interactive use). Writes to the --log file are held
// back and batched like output files (sinks/heldWrites.ts): written out at
// the end of a turn of the main loop, after 64 KB or 100 ms, before anything
// that could read the file, and at exit, so nothing is lost when the process
// exits. A log on a descriptor we were given (standard output) is written at
// once.
import fs from '../modules/nodeFs.js';
import type { Clock } from '../time/clock.js';
import { perlLocaltime } from '../time/localtime.js';
import { fileIdentity, holdWrites, pathIdentity } from './heldWrites.js';
import { errnoText } from './strerror.js';
import { SyslogWriter } from './syslog.js';

export const LogLevel = {
  CRIT: 1,
  ERR: 2,
  WARN: 3,
  NOTICE: 4,
  INFO: 5,
  DEBUG: 6,
} as const;
export type LogLevel = (typeof LogLevel)[keyof typeof LogLevel];

/** Held log lines are written out at this size or age, whatever else happens. */
const MAX_HELD_BYTES = 64 * 1024;
const MAX_HELD_MS = 100;

export class Logger {
  private fd: number | null = null;
  /** The log goes to a descriptor we did not open (standard output). */
  private borrowedFd = false;
  private syslog: SyslogWriter | null = null;
  private readonly toStderr: boolean;
  private stampSecond = -1;
  private stamp = '';
  /** Whether lines may wait: not when the log is standard output or error, which `write -` and messages write at once. */
  private holdLines = false;
  /** The --log file is the null device (--log=/dev/null, as the benchmarks run). */
  private fileDiscards = false;
  /** Log lines not written yet, and when the first of them was logged. */
  private held = '';
  private heldSince = 0;
  private flushScheduled = false;

  constructor(
    private readonly clock: Clock,
    public level: number = LogLevel.DEBUG,
    stderrIsTerminal: boolean = process.stderr.isTTY === true,
    /** Extra destination for every kept message (tests collect them here). */
    private readonly sink?: (msg: string) => void,
  ) {
    this.toStderr = stderrIsTerminal;
    holdWrites(() => this.flush());
  }

  /**
   * Open (append) the --log file; report on stderr as SEC does if it fails.
   * SEC opens it with Perl's two-argument open, so `-` is standard output
   * and `&N` (or `&=N`) an open file descriptor; such a descriptor is not
   * ours to close.
   */
  openFile(path: string): void {
    const name = path.trim();
    const given = name === '-' ? '1' : /^&=?(\d+)$/.exec(name)?.[1];
    try {
      if (given === undefined) {
        this.fd = fs.openSync(name, 'a');
      } else {
        fs.fstatSync(Number(given)); // it must be open
        this.fd = Number(given);
      }
      this.borrowedFd = given !== undefined;
      const own = fileIdentity(this.fd);
      this.holdLines = !this.borrowedFd && own !== fileIdentity(1) && own !== fileIdentity(2);
      // what goes to the null device is gone unseen: lines for it are not even made
      this.fileDiscards = own !== null && own === pathIdentity('/dev/null');
    } catch (e) {
      process.stderr.write(`Can't open logfile ${path} (${errnoText(e)})\n`);
      this.fd = null;
    }
  }

  /** --syslog=FACILITY: also send messages to the system logger. */
  openSyslog(facility: string): void {
    const writer = SyslogWriter.open(facility);
    if (typeof writer === 'string') process.stderr.write(`${writer}\n`);
    else this.syslog = writer;
  }

  /** Close the --log file and the syslog connection (USR2 and restarts reopen them). */
  close(): void {
    this.flush();
    this.syslog?.close();
    this.syslog = null;
    if (this.fd !== null && !this.borrowedFd) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already gone
      }
    }
    this.fd = null;
  }

  /** The descriptor of the --log file (null when there is none): outputs to the same file must not overtake its lines. */
  get fileDescriptor(): number | null {
    return this.fd;
  }

  /** Whether a message of this level would go anywhere: lets callers skip building it. */
  enabled(level: number): boolean {
    return level <= this.level && ((this.fd !== null && !this.fileDiscards) || this.toStderr || this.syslog !== null || this.sink !== undefined);
  }

  log(level: number, msg: string): void {
    if (!this.enabled(level)) return;
    this.sink?.(msg);
    if (this.toStderr) writeAll(2, `${msg}\n`);
    this.syslog?.send(level, msg, new Date(this.clock.nowMs()));
    if (this.fd !== null && !this.fileDiscards) {
      const now = this.clock.seconds();
      if (now !== this.stampSecond) {
        this.stampSecond = now;
        this.stamp = perlLocaltime(now);
      }
      const line = `${this.stamp}: ${msg}\n`;
      if (this.holdLines) this.hold(line);
      else writeAll(this.fd, line);
    }
  }

  private hold(line: string): void {
    if (this.held === '') this.heldSince = Date.now();
    this.held += line;
    if (this.held.length >= MAX_HELD_BYTES || Date.now() - this.heldSince >= MAX_HELD_MS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Write out the held log lines. */
  flush(): void {
    if (this.held === '' || this.fd === null) return;
    const text = this.held;
    this.held = '';
    writeAll(this.fd, text);
  }

  error(msg: string): void {
    this.log(LogLevel.ERR, msg);
  }
  warn(msg: string): void {
    this.log(LogLevel.WARN, msg);
  }
  notice(msg: string): void {
    this.log(LogLevel.NOTICE, msg);
  }
  debug(msg: string): void {
    this.log(LogLevel.DEBUG, msg);
  }
}

/**
 * Write a latin1 string to a file descriptor. With `patient` (standard
 * output and error, the log) a full pipe is waited out; otherwise (named
 * pipes opened non-blocking) what does not fit now is dropped, as SEC's
 * non-blocking syswrite does, so a slow reader never stalls the engine.
 * Returns false on an error, or when a write was cut short.
 */
export function writeAll(fd: number, text: string, patient = true): boolean {
  let buf = Buffer.from(text, 'latin1');
  for (let tries = 0; buf.length > 0; ) {
    try {
      const n = fs.writeSync(fd, buf);
      buf = buf.subarray(n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' && patient && tries++ < 1000) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
        continue;
      }
      return false;
    }
    if (!patient && buf.length > 0) return false;
  }
  return true;
}
