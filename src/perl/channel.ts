// A synchronous line to one perl process. SEC calls Perl code in the middle
// of matching an event, so a call here blocks until perl answers: requests
// and answers go through two FIFOs read and written with blocking system
// calls (two system calls per call, no event-loop turn). A keeper thread
// (watchdog.ts) starts perl, kills it past a call's deadline and wakes this
// thread when it exits, so a dead or stuck perl never blocks us for good.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type StartMessage, WATCH_SLOTS, WatchSlot } from './watchSlots.js';

/** Why the perl process is gone. */
export interface PerlGone {
  gone: true;
  /** Its status or signal, or that it passed the deadline, in words. */
  reason: string;
}

// dist/src/perl/channel.js → perl/bridge.pl at the package root
const BRIDGE_SCRIPT = fileURLToPath(new URL('../../../perl/bridge.pl', import.meta.url));

export class PerlChannel {
  private readonly state = new Int32Array(new SharedArrayBuffer(WATCH_SLOTS * 4));
  private readonly deadline = new Float64Array(new SharedArrayBuffer(8));
  private worker: Worker | null = null;
  private gen = 0;
  private requestFd = -1;
  private answerFd = -1;
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
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-perl-'));
    const requests = path.join(dir, 'requests');
    const answers = path.join(dir, 'answers');
    try {
      execFileSync('mkfifo', ['-m', '600', requests, answers]);
      // read-write opens never block, and keep each FIFO open while perl opens its end
      this.requestFd = fs.openSync(requests, fs.constants.O_RDWR);
      this.answerFd = fs.openSync(answers, fs.constants.O_RDWR);
      if (!this.worker) {
        this.worker = new Worker(new URL('./watchdog.js', import.meta.url));
        this.worker.unref();
      }
      const m: StartMessage = {
        type: 'start',
        gen: this.gen,
        perl: this.perl,
        script: BRIDGE_SCRIPT,
        requests,
        answers,
        state: this.state.buffer as SharedArrayBuffer,
        deadline: this.deadline.buffer as SharedArrayBuffer,
      };
      this.worker.postMessage(m);
      const ready = this.receive();
      if ('gone' in ready) return ready;
      return null;
    } finally {
      // both ends are open now (or perl is gone): the names are no longer needed
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Send one request frame and wait for its answer (the answer's bytes, without the length). */
  call(frame: Buffer): Buffer | PerlGone {
    if (Atomics.load(this.state, WatchSlot.DeadGen) === this.gen) return this.gone();
    this.deadline[0] = Date.now() + this.timeoutMs;
    Atomics.store(this.state, WatchSlot.CallGen, this.gen);
    try {
      let off = 0;
      while (off < frame.length) off += fs.writeSync(this.requestFd, frame, off);
      return this.receive();
    } finally {
      Atomics.store(this.state, WatchSlot.CallGen, 0);
    }
  }

  private receive(): Buffer | PerlGone {
    let have = 0;
    let need = 4;
    for (;;) {
      if (have >= 4) need = 4 + this.answer.readUInt32BE(0);
      if (have >= need && need > 4) return this.answer.subarray(4, need);
      if (need > this.answer.length) {
        const bigger = Buffer.allocUnsafe(need);
        this.answer.copy(bigger, 0, 0, have);
        this.answer = bigger;
      }
      const n = fs.readSync(this.answerFd, this.answer, have, this.answer.length - have, null);
      have += n;
      if (Atomics.load(this.state, WatchSlot.DeadGen) === this.gen) {
        if (have >= 4 && have >= 4 + this.answer.readUInt32BE(0)) continue; // a last whole answer (exit)
        return this.gone();
      }
    }
  }

  private gone(): PerlGone {
    if (Atomics.load(this.state, WatchSlot.TimedOutGen) === this.gen) {
      return { gone: true, reason: `Perl code did not return within ${this.timeoutMs / 1000} seconds` };
    }
    const code = Atomics.load(this.state, WatchSlot.ExitCode);
    const signal = Atomics.load(this.state, WatchSlot.ExitSignal);
    const how = signal ? `was killed by signal ${signal}` : `exited with status ${code}`;
    return { gone: true, reason: `the Perl interpreter ${how}` };
  }

  private closeFds(): void {
    for (const fd of [this.requestFd, this.answerFd]) if (fd >= 0) fs.closeSync(fd);
    this.requestFd = this.answerFd = -1;
  }

  /** End perl: it reads end of file and exits, flushing what user code printed. */
  close(): void {
    this.closeFds();
    this.worker?.postMessage({ type: 'stop' });
  }
}
