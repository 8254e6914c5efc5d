// The Perl interpreter's keeper, on its own thread. The main thread talks to
// perl synchronously and so cannot notice, while it waits, that perl died or
// hangs. This thread owns the perl process: it starts it, kills it when a
// call passes its deadline, and on its exit marks the generation dead in
// shared memory and wakes the main thread with a byte on the answer FIFO.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { type StartMessage, WatchSlot } from './watchSlots.js';

interface Running {
  readonly gen: number;
  readonly child: ChildProcess;
  /** Write end on the answer FIFO, for the wake-up byte (-1 once closed). */
  wakeFd: number;
  /** Read end on the request FIFO: drained once perl is gone, so a blocked writer goes on. */
  drainFd: number;
}

let running: Running | null = null;
let state: Int32Array;
let deadline: Float64Array;

const POLL_MS = 20;

/** Close the keeper's ends once (a second close could hit a reused descriptor). */
function closeFds(r: Running): void {
  if (r.wakeFd < 0) return;
  fs.closeSync(r.wakeFd);
  fs.closeSync(r.drainFd);
  r.wakeFd = r.drainFd = -1;
}

function start(m: StartMessage): void {
  if (running) closeFds(running);
  state = new Int32Array(m.state);
  deadline = new Float64Array(m.deadline);
  const wakeFd = fs.openSync(m.answers, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  const drainFd = fs.openSync(m.requests, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const child = spawn(m.perl, [m.script, m.requests, m.answers], { stdio: ['ignore', 'inherit', 'inherit'] });
  const r: Running = { gen: m.gen, child, wakeFd, drainFd };
  running = r;
  const died = (code: number | null, signal: NodeJS.Signals | null): void => {
    if (running !== r) return; // stopped, or replaced by a newer perl
    Atomics.store(state, WatchSlot.ExitCode, code ?? -1);
    Atomics.store(state, WatchSlot.ExitSignal, signal ? os.constants.signals[signal] : 0);
    Atomics.store(state, WatchSlot.DeadGen, r.gen);
    try {
      fs.writeSync(r.wakeFd, Buffer.from([0]));
    } catch {
      // a full pipe already wakes the reader
    }
    drain(r);
  };
  child.once('error', () => died(127, null));
  child.once('exit', died);
}

/** Read and drop what the main thread still writes to a dead perl, until it starts a new one. */
function drain(r: Running): void {
  const buf = Buffer.alloc(65536);
  const timer = setInterval(() => {
    if (running !== r || r.drainFd < 0) {
      clearInterval(timer);
      return;
    }
    try {
      while (fs.readSync(r.drainFd, buf) > 0) {
        // dropped
      }
    } catch {
      // EAGAIN: nothing to drop now
    }
  }, POLL_MS);
}

/** Kill perl when the call the main thread waits on has passed its deadline. */
function watch(): void {
  const r = running;
  if (!r || Atomics.load(state, WatchSlot.DeadGen) === r.gen) return;
  if (Atomics.load(state, WatchSlot.CallGen) !== r.gen) return;
  if (Date.now() <= deadline[0]) return;
  Atomics.store(state, WatchSlot.TimedOutGen, r.gen);
  r.child.kill('SIGKILL');
}

parentPort?.on('message', (m: StartMessage | { type: 'stop' }) => {
  if (m.type === 'start') start(m);
  else if (running) {
    const r = running;
    running = null;
    closeFds(r);
  }
});
setInterval(watch, POLL_MS);
