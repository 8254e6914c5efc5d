// A synchronous line to one perl process. SEC calls Perl code in the middle
// of matching an event, so a call here blocks until perl answers: requests
// and answers go through two FIFOs read and written with blocking system
// calls (two system calls per call, no event-loop turn). A keeper thread
// (watchdog.ts) starts perl, kills it past a call's deadline and wakes this
// thread when it exits, so a dead or stuck perl never blocks us for good.
import fs from '../modules/nodeFs.js';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { errnoText } from '../log/strerror.js';
import { builtin, onDemandValue } from '../modules/onDemand.js';
import { flushHeldWrites } from '../log/heldWrites.js';
import { type KeeperData, type StartMessage, WATCH_SLOTS, WatchSlot } from './watchSlots.js';

/** Why the perl process is gone. */
export interface PerlGone {
  gone: true;
  /** Its status or signal, or that it passed the deadline, in words. */
  reason: string;
}

// from dist/src/perl/channel.js, or from the bundle dist/src/cli/bundle.js (one
// folder over, as deep): perl/bridge.pl at the package root, and the keeper's own module
const BRIDGE_SCRIPT = fileURLToPath(new URL('../../../perl/bridge.pl', import.meta.url));
const KEEPER_SCRIPT = fileURLToPath(new URL('../perl/watchdog.js', import.meta.url));
// Perl gets the bridge as text and the keeper thread runs from its text: both
// are read before --user gives up root (onDemand.ts), since the new user may
// not reach our installation.
const bridgeSource = onDemandValue(() => fs.readFileSync(BRIDGE_SCRIPT, 'latin1'));
const keeperSource = onDemandValue(() => fs.readFileSync(KEEPER_SCRIPT, 'utf8'));
/**
 * How long perl polls for the next request before it sleeps: being woken
 * costs more than a call (measured on a 2-core virtual machine: 22 µs per
 * call sleeping, 15 µs polling). Only where each of us has a core.
 */
const PERL_SPIN_SECONDS = os.availableParallelism() > 1 ? 0.0002 : 0;
/**
 * How long we poll for perl's answer before a blocking read, likewise: a
 * thread woken from a read of a pipe comes back some 10 µs later on a
 * virtual machine, a third of a short call (bench/perl-code.mjs: PerlFunc
 * and lcall 30% faster polling).
 */
const ANSWER_SPIN_MS = os.availableParallelism() > 1 ? 0.2 : 0;
/** How long the keeper thread may take to load (seconds on a busy machine, normally some milliseconds). */
const KEEPER_START_MS = 10_000;

const childProcess = builtin<typeof import('node:child_process')>('node:child_process');
const workerThreads = builtin<typeof import('node:worker_threads')>('node:worker_threads');

export class PerlChannel {
  private readonly state = new Int32Array(new SharedArrayBuffer(WATCH_SLOTS * 4));
  private readonly deadline = new Float64Array(new SharedArrayBuffer(8));
  private worker: Worker | null = null;
  private gen = 0;
  private requestFd = -1;
  private answerFd = -1;
  /** A non-blocking read end on the answer FIFO, to take what a dead perl left without waiting. */
  private leftoverFd = -1;
  private answer = Buffer.allocUnsafe(65536);

  /** @param timeoutMs how long one call may run before perl is killed */
  constructor(
    private readonly timeoutMs: number,
    private readonly perl = 'perl',
  ) {}

  get generation(): number {
    return this.gen;
  }

  /** Start a new perl process (the old one, if any, is dropped). Returns why it could not start, or null. */
  start(): PerlGone | null {
    this.closeFds();
    this.gen++;
    const source = bridgeSource();
    if (source === null) return { gone: true, reason: `cannot read ${BRIDGE_SCRIPT}` };
    let dir: string | undefined;
    try {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-perl-'));
      const requests = path.join(dir, 'requests');
      const answers = path.join(dir, 'answers');
      childProcess().execFileSync('mkfifo', ['-m', '600', requests, answers]);
      // read-write opens never block, and keep each FIFO open while perl opens its end
      this.requestFd = fs.openSync(requests, fs.constants.O_RDWR);
      this.answerFd = fs.openSync(answers, fs.constants.O_RDWR);
      this.leftoverFd = fs.openSync(answers, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
      this.worker ??= this.startKeeper();
      if (!this.worker) {
        const why = keeperSource() === null ? `cannot read ${KEEPER_SCRIPT}` : `did not start within ${KEEPER_START_MS / 1000} seconds`;
        return { gone: true, reason: `its keeper thread ${why}` };
      }
      const m: StartMessage = { type: 'start', gen: this.gen, perl: this.perl, source, requests, answers, spinSeconds: PERL_SPIN_SECONDS };
      this.worker.postMessage(m);
      // a perl that hangs before it is ready is killed at the deadline, as a call is
      this.armDeadline();
      const ready = this.receive();
      Atomics.store(this.state, WatchSlot.CallGen, 0);
      if (!('gone' in ready)) return null;
      const timedOut = Atomics.load(this.state, WatchSlot.TimedOutGen) === this.gen;
      return timedOut ? { gone: true, reason: `it was not ready within ${this.timeoutMs / 1000} seconds` } : ready;
    } catch (e) {
      // no named pipes (mkfifo missing, no temporary directory...), or no thread
      return { gone: true, reason: (e as Error).message };
    } finally {
      // both ends are open now (or perl is gone): the names are no longer needed
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /**
   * Start the keeper thread and wait until it runs. Blocked in a read, this
   * thread could not hear of a keeper that failed to load; and the node
   * options of the process (--input-type, say) are not for it.
   */
  private startKeeper(): Worker | null {
    const workerData: KeeperData = { state: this.state.buffer as SharedArrayBuffer, deadline: this.deadline.buffer as SharedArrayBuffer };
    const code = keeperSource();
    if (code === null) return null;
    const worker = new (workerThreads().Worker)(new URL(`data:text/javascript,${encodeURIComponent(code)}`), { workerData, execArgv: [] });
    worker.unref();
    if (Atomics.wait(this.state, WatchSlot.KeeperUp, 0, KEEPER_START_MS) !== 'timed-out') return worker;
    void worker.terminate();
    return null;
  }

  /** Send one request frame and wait for its answer (the answer's bytes, without the length). */
  call(frame: Buffer): Buffer | PerlGone {
    if (Atomics.load(this.state, WatchSlot.DeadGen) === this.gen) return this.gone();
    flushHeldWrites(); // Perl code may read the files written so far
    this.armDeadline();
    try {
      let off = 0;
      while (off < frame.length) off += fs.writeSync(this.requestFd, frame, off);
      return this.receive();
    } finally {
      Atomics.store(this.state, WatchSlot.CallGen, 0);
    }
  }

  /** From now on the keeper kills this perl once the timeout has passed (until CallGen is reset). */
  private armDeadline(): void {
    this.deadline[0] = Date.now() + this.timeoutMs;
    Atomics.store(this.state, WatchSlot.CallGen, this.gen);
  }

  private receive(): Buffer | PerlGone {
    let have = 0;
    for (;;) {
      const need = have >= 4 ? 4 + this.answer.readUInt32BE(0) : 4;
      if (have >= need && have >= 4) return this.answer.subarray(4, need);
      if (need > this.answer.length) {
        const bigger = Buffer.allocUnsafe(need);
        this.answer.copy(bigger, 0, 0, have);
        this.answer = bigger;
      }
      if (Atomics.load(this.state, WatchSlot.DeadGen) === this.gen) {
        // perl wrote all it ever will before it exited (and the keeper's wake-up
        // byte came after that): an answer it finished, such as the one to
        // exit(), is whole in the pipe, while a blocking read could wait forever
        const n = this.readLeftover(have);
        if (n > 0) {
          have += n;
          continue;
        }
        return this.gone();
      }
      const polled = have === 0 ? this.pollAnswer() : 0;
      have += polled > 0 ? polled : fs.readSync(this.answerFd, this.answer, have, this.answer.length - have, null);
    }
  }

  /** Read the first bytes of the answer as soon as they come, for ANSWER_SPIN_MS at most: the byte count (0: none yet). */
  private pollAnswer(): number {
    if (ANSWER_SPIN_MS === 0) return 0;
    const until = performance.now() + ANSWER_SPIN_MS;
    // an empty pipe is an exception from node; without a stack trace to capture it costs less
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      do {
        const n = this.readLeftover(0);
        if (n > 0) return n;
      } while (performance.now() < until);
      return 0;
    } finally {
      Error.stackTraceLimit = limit;
    }
  }

  /** Read what is in the answer pipe now, without waiting: the byte count (0 when empty). */
  private readLeftover(have: number): number {
    try {
      return fs.readSync(this.leftoverFd, this.answer, have, this.answer.length - have, null);
    } catch {
      return 0; // EAGAIN: the pipe is empty
    }
  }

  private gone(): PerlGone {
    const spawnErrno = Atomics.load(this.state, WatchSlot.SpawnErrno);
    if (spawnErrno) return { gone: true, reason: `${this.perl}: ${errnoText({ errno: spawnErrno })}` };
    if (Atomics.load(this.state, WatchSlot.TimedOutGen) === this.gen) {
      return { gone: true, reason: `Perl code did not return within ${this.timeoutMs / 1000} seconds` };
    }
    const code = Atomics.load(this.state, WatchSlot.ExitCode);
    const signal = Atomics.load(this.state, WatchSlot.ExitSignal);
    const how = signal ? `was killed by signal ${signal}` : `exited with status ${code}`;
    return { gone: true, reason: `the Perl interpreter ${how}` };
  }

  private closeFds(): void {
    for (const fd of [this.requestFd, this.answerFd, this.leftoverFd]) if (fd >= 0) fs.closeSync(fd);
    this.requestFd = this.answerFd = this.leftoverFd = -1;
  }

  /**
   * End perl: it reads end of file and exits, flushing what user code
   * printed. Waits for that (at most the call deadline, then kills it), so
   * its output is out before ours ends and no perl outlives us.
   */
  close(): void {
    this.closeFds();
    if (!this.worker) return;
    this.worker.postMessage({ type: 'stop' });
    const until = Date.now() + this.timeoutMs;
    for (;;) {
      const dead = Atomics.load(this.state, WatchSlot.DeadGen);
      if (dead === this.gen) return;
      const left = until - Date.now();
      if (left <= 0) break;
      Atomics.wait(this.state, WatchSlot.DeadGen, dead, left);
    }
    const pid = Atomics.load(this.state, WatchSlot.Pid);
    try {
      if (pid > 0) process.kill(pid, 'SIGKILL'); // never 0: that would be our whole process group
    } catch {
      // it has just gone
    }
  }
}
