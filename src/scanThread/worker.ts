// The scan thread: finds the literals of lines the main thread has read in
// bulk, ahead of the engine, which then only sets the rules' bits (see
// scanThread.ts). It runs from the text of its bundle (dist/src/bundle/
// scanWorker.js), so it imports nothing of ours that needs a package.
import { Buffer } from 'node:buffer';
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type LiteralScanner, literalScanner } from '../patterns/literalScanner.js';
import {
  JOB_INTS,
  JOB_SLOTS,
  type LiteralSet,
  POSTED,
  RECORD_IDS,
  SLOT_BYTES,
  STOP,
  type ScanThreadData,
  TAKEN,
  TICKET_MASK,
  TOO_MANY,
  UNFINISHED,
  recordOf,
} from './layout.js';

const NEWLINE = 0x0a;
/** A sleep's limit, after which STOP is looked at again. */
const SLEEP_MS = 1000;

const data = workerData as ScanThreadData;
const control = new Int32Array(data.control);
const jobs = new Int32Array(data.jobs);
const bytes = Buffer.from(data.bytes);
const records = new Int32Array(data.records);

let generation = -1;
let scanner: LiteralScanner | null = null;

/** Take literal sets until the one of `wanted` (they come in order); false if it has not come. */
function useGeneration(wanted: number): boolean {
  while (generation !== wanted) {
    const got = receiveMessageOnPort(data.literalsPort);
    if (!got) return false;
    const set = got.message as LiteralSet;
    generation = set.generation;
    scanner = set.literals.length ? literalScanner(set.literals) : null;
  }
  return scanner !== null;
}

function record(ticket: number, text: string): void {
  const at = recordOf(ticket);
  Atomics.store(records, at, UNFINISHED);
  const found = (scanner as LiteralScanner).scan(text);
  records[at + 1] = generation;
  if (found.count > RECORD_IDS) records[at + 2] = TOO_MANY;
  else {
    records[at + 2] = found.count;
    for (let k = 0; k < found.count; k++) records[at + 3 + k] = found.list[k];
  }
  Atomics.store(records, at, ticket);
}

function scanJob(slot: number): void {
  const job = slot * JOB_INTS;
  if (!useGeneration(jobs[job + 3])) return;
  let ticket = jobs[job + 2];
  const end = slot * SLOT_BYTES + jobs[job + 1];
  for (let start = slot * SLOT_BYTES + jobs[job]; start < end; ticket = (ticket + 1) & TICKET_MASK) {
    // every line of a job ends in a newline
    const newline = bytes.indexOf(NEWLINE, start);
    record(ticket, bytes.toString('latin1', start, newline));
    start = newline + 1;
  }
}

/** Sleep until a block after `taken` comes; false once told to stop. */
function waitForWork(taken: number): boolean {
  while (Atomics.load(control, POSTED) === taken) {
    if (Atomics.load(control, STOP)) return false;
    Atomics.wait(control, POSTED, taken, SLEEP_MS);
  }
  return !Atomics.load(control, STOP);
}

let taken = 0;
while (waitForWork(taken)) {
  while (Atomics.load(control, POSTED) !== taken) {
    scanJob(taken & (JOB_SLOTS - 1));
    taken = (taken + 1) | 0;
    Atomics.store(control, TAKEN, taken);
  }
}
