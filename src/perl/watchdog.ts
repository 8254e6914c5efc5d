// The Perl interpreter's keeper, on its own thread. The main thread talks to
// perl synchronously and so cannot notice, while it waits, that perl died or
// hangs. This thread owns the perl process: it starts it, kills it when a
// call passes its deadline, and on its exit marks the generation dead in
// shared memory and wakes the main thread with a byte on the answer FIFO.
// The thread runs this file's text from a data: URL, where only Node's own
// modules resolve: of ours, only types and const enums (compiled away).
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type KeeperData, type StartMessage, WatchSlot } from './watchSlots.js';

interface Running {
  readonly gen: number;
  readonly child: ChildProcess;
  /** Write end on the answer FIFO, for the wake-up byte (-1 once closed). */
  wakeFd: number;
  /** Read end on the request FIFO: drained once perl is gone, so a blocked writer goes on. */
  drainFd: number;
  /** Its end is recorded once, though a failed start may report both 'error' and 'exit'. */
  ended: boolean;
}

let running: Running | null = null;
const state = new Int32Array((workerData as KeeperData).state);
const deadline = new Float64Array((workerData as KeeperData).deadline);

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
  const wakeFd = fs.openSync(m.answers, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
  const drainFd = fs.openSync(m.requests, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const child = spawn(m.perl, ['-w', '-e', m.source, '--', m.requests, m.answers, String(m.spinSeconds)], { stdio: ['ignore', 'inherit', 'inherit'] });
  const r: Running = { gen: m.gen, child, wakeFd, drainFd, ended: false };
  running = r;
  Atomics.store(state, WatchSlot.Pid, child.pid ?? 0);
  const died = (code: number | null, signal: NodeJS.Signals | null, spawnErrno = 0): void => {
    // after a stop, the end is still recorded (closing waits for it); after a newer start, it is not ours to record
    if (running !== r || r.ended) return;
    r.ended = true;
    Atomics.store(state, WatchSlot.SpawnErrno, spawnErrno);
    Atomics.store(state, WatchSlot.ExitCode, code ?? -1);
    Atomics.store(state, WatchSlot.ExitSignal, signal ? os.constants.signals[signal] : 0);
    Atomics.store(state, WatchSlot.DeadGen, r.gen);
    Atomics.notify(state, WatchSlot.DeadGen);
    if (r.wakeFd < 0) return; // stopped: nobody reads or writes the FIFOs any more
    try {
      fs.writeSync(r.wakeFd, Buffer.from([0]));
    } catch {
      // a full pipe already wakes the reader
    }
    drain(r);
  };
  // 'error' also reports a failed kill; only one without a process id means perl never ran
  child.on('error', (e: NodeJS.ErrnoException) => {
    if (child.pid === undefined) died(127, null, typeof e.errno === 'number' ? e.errno : -1);
  });
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
  // perl ends on end of file; `running` stays, so its exit is still recorded
  else if (running) closeFds(running);
});
setInterval(watch, POLL_MS);
Atomics.store(state, WatchSlot.KeeperUp, 1);
Atomics.notify(state, WatchSlot.KeeperUp);
