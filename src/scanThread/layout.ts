// The shared memory between the main thread and the scan thread (worker.ts),
// and how each side reads it. The main thread copies blocks of complete
// lines into job slots; the scan thread finds each line's literals and
// writes them into a record indexed by the line's ticket. A record names its
// ticket, so a reader can tell a finished line from a slot still holding an
// older one, or one being rewritten (the scan thread writes the ticket last
// and marks the slot unfinished first).
import type { MessagePort } from 'node:worker_threads';

/** Job slots (a power of two): blocks waiting for the scan thread or being scanned. */
export const JOB_SLOTS = 8;
/** The largest block a job holds (a bigger --blocksize is scanned on the main thread). */
export const SLOT_BYTES = 1 << 20;
/** Per job: [start, end (of its bytes in the slot), first ticket, literal set generation]. */
export const JOB_INTS = 4;

/** Per record: [ticket, generation, count of literals found, their ids...]. */
export const RECORD_INTS = 16;
export const RECORD_IDS = RECORD_INTS - 3;
/** Records kept: a line's result stays this many tickets. */
export const RECORD_SLOTS = 1 << 14;
/** Tickets count modulo this (so they stay positive 32-bit integers). */
export const TICKET_MASK = 0x3fffffff;
/** Count of a line whose literals did not fit its record. */
export const TOO_MANY = -1;
/** A record being written. */
export const UNFINISHED = -1;

/** Control words. */
export const POSTED = 0;
export const TAKEN = 1;
export const STOP = 2;
export const CONTROL_INTS = 3;

/** What the scan thread is started with. */
export interface ScanThreadData {
  control: SharedArrayBuffer;
  jobs: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
  records: SharedArrayBuffer;
  /** Where new literal sets come: { generation, literals }. */
  literalsPort: MessagePort;
}

/** A literal set: the scan thread builds its scanner from it. */
export interface LiteralSet {
  generation: number;
  literals: readonly string[];
}

/** The record slot of `ticket`. */
export function recordOf(ticket: number): number {
  return (ticket & (RECORD_SLOTS - 1)) * RECORD_INTS;
}
