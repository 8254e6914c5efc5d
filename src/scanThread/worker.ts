// The scan thread: finds the literals of lines the main thread has read in
// bulk, ahead of the engine, which then only sets the rules' bits (see
// scanThread.ts). It runs from the text of its bundle (dist/src/bundle/
// scanWorker.js), so it imports nothing of ours that needs a package.
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type LiteralScanner, literalScanner } from '../patterns/literalScanner.js';
import { type Job, type LiteralSet, PUBLISH_EVERY, type ScanThreadData, SharedMemory, TICKET_MASK } from './sharedMemory.js';

/** The bytes of lines made into one string at a time (V8 keeps strings up to 128 KB in its young generation). */
const PIECE_BYTES = 32 << 10;
/** A sleep's limit, after which the order to stop is looked at again. */
const SLEEP_MS = 1000;

const data = workerData as ScanThreadData;
const memory = new SharedMemory(data.buffers);

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

function scanJob(job: Job, taken: number): void {
  if (!useGeneration(job.generation)) return;
  const scan = scanner as LiteralScanner;
  let ticket = job.ticket;
  let unpublished = 0;
  // one string per piece of lines (a string per line would cost more than scanning it); a piece
  // stays in the young generation, where a string of a whole block would be a large object on
  // pages fresh from the system every time (a page fault every 4 KB)
  for (let from = job.start; from < job.end; ) {
    const to = memory.piecesEnd(taken, from, job.end, PIECE_BYTES);
    const text = memory.text(taken, from, to);
    from = to;
    for (let start = 0; start < text.length; ticket = (ticket + 1) & TICKET_MASK) {
      // every line of a job ends in a newline
      const newline = text.indexOf('\n', start);
      memory.writeRecord(ticket, generation, scan.scan(text, start, newline));
      start = newline + 1;
      if (++unpublished === PUBLISH_EVERY) {
        memory.publish((ticket + 1) & TICKET_MASK);
        unpublished = 0;
      }
    }
  }
  memory.publish(ticket);
}

let taken = 0;
while (memory.waitForJob(taken, SLEEP_MS)) {
  while (memory.hasJob(taken)) {
    scanJob(memory.job(taken), taken);
    memory.taken(taken);
    taken = (taken + 1) | 0;
  }
}
