// The memory the main thread and the scan thread (worker.ts) share, and how
// each side reads and writes it. The main thread puts blocks of complete
// lines into job slots and posts them; the scan thread finds each line's
// literals and writes them into a record indexed by the line's ticket, and
// every few lines publishes how far it got (one atomic store for those
// lines: a store of each record's own would cost the thread a fifth of its
// time). A reader takes a record only when it is published, names its
// ticket (not an older line's), and is less than a ring of records behind
// the thread, which may meanwhile be writing over the oldest ones.
import type { MessagePort } from 'node:worker_threads';
import type { FoundLiterals } from '../patterns/foundLiterals.js';

/** Job slots (a power of two): blocks waiting for the scan thread or being scanned. */
export const JOB_SLOTS = 8;
/** The largest block a job holds (a bigger --blocksize is scanned on the main thread). */
export const SLOT_BYTES = 1 << 20;
/** Tickets count modulo TICKET_MASK + 1 (so they stay positive 32-bit integers). */
export const TICKET_MASK = 0x3fffffff;

/** Per job: [start, end (of its bytes in the slot), first ticket, literal set generation]. */
const JOB_INTS = 4;
/** Per record: [ticket, generation, count of literals found, their ids...]. */
const RECORD_INTS = 16;
const FIRST_ID = 3;
const RECORD_IDS = RECORD_INTS - FIRST_ID;
const NEWLINE = 0x0a;
/** Records kept: a line's result stays for this many tickets. */
const RECORD_SLOTS = 1 << 14;
/** The scan thread publishes its progress after this many lines (and at the end of each job). */
export const PUBLISH_EVERY = 16;
/** The count of a line whose literals did not fit its record. */
const TOO_MANY = -1;
/** The ticket of a record never written. */
const UNWRITTEN = -1;
/** Control words: jobs posted and taken so far (modulo 2^32), the order to stop, the ticket after the last published record. */
const POSTED = 0;
const TAKEN = 1;
const STOP = 2;
const SCANNED = 3;
const CONTROL_INTS = 4;

export interface SharedBuffers {
  control: SharedArrayBuffer;
  jobs: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
  records: SharedArrayBuffer;
}

/** What the scan thread is started with. */
export interface ScanThreadData {
  buffers: SharedBuffers;
  /** Where new literal sets come. */
  literalsPort: MessagePort;
}

/** A literal set: the scan thread builds its scanner from it. */
export interface LiteralSet {
  generation: number;
  literals: readonly string[];
}

/** A block of lines to scan: bytes [start, end) of its slot, the first line's ticket, the literal set it is for. */
export interface Job {
  start: number;
  end: number;
  ticket: number;
  generation: number;
}

export class SharedMemory {
  private readonly control: Int32Array;
  private readonly jobs: Int32Array;
  private readonly bytes: Buffer;
  /** The records (see writeRecord), read through record, idsStart and idsEnd. */
  readonly records: Int32Array;

  readonly buffers: SharedBuffers;

  /** Over `buffers` (the thread's side), or over new memory with no record written (the main thread's). */
  constructor(buffers?: SharedBuffers) {
    const fresh = buffers === undefined;
    this.buffers = buffers ?? {
      control: new SharedArrayBuffer(CONTROL_INTS * 4),
      jobs: new SharedArrayBuffer(JOB_SLOTS * JOB_INTS * 4),
      bytes: new SharedArrayBuffer(JOB_SLOTS * SLOT_BYTES),
      records: new SharedArrayBuffer(RECORD_SLOTS * RECORD_INTS * 4),
    };
    this.control = new Int32Array(this.buffers.control);
    this.jobs = new Int32Array(this.buffers.jobs);
    this.bytes = Buffer.from(this.buffers.bytes);
    this.records = new Int32Array(this.buffers.records);
    // no ticket was given before: a record never written must not pass for ticket 0's
    if (fresh) for (let at = 0; at < this.records.length; at += RECORD_INTS) this.records[at] = UNWRITTEN;
  }

  // ---- jobs

  /** The first `size` bytes of job slot `slot`. */
  slot(slot: number, size = SLOT_BYTES): Buffer {
    return this.bytes.subarray(slot * SLOT_BYTES, slot * SLOT_BYTES + size);
  }

  /** Whether `chunk` is (the start of) job slot `slot` itself. */
  isSlot(chunk: Buffer, slot: number): boolean {
    return chunk.buffer === this.bytes.buffer && chunk.byteOffset === slot * SLOT_BYTES;
  }

  /** Jobs posted and not taken yet, with `posted` the number posted so far. */
  waiting(posted: number): number {
    return (posted - Atomics.load(this.control, TAKEN)) | 0;
  }

  /** Post job number `posted` (its slot's bytes are in place) and wake the thread. */
  post(posted: number, job: Job): void {
    const at = (posted & (JOB_SLOTS - 1)) * JOB_INTS;
    this.jobs.set([job.start, job.end, job.ticket, job.generation], at);
    Atomics.store(this.control, POSTED, (posted + 1) | 0);
    Atomics.notify(this.control, POSTED);
  }

  /** Job number `taken`; its text is text(job, taken). */
  job(taken: number): Job {
    const at = (taken & (JOB_SLOTS - 1)) * JOB_INTS;
    const [start, end, ticket, generation] = this.jobs.subarray(at, at + JOB_INTS);
    return { start, end, ticket, generation };
  }

  /** Bytes [start, end) of job number `taken`'s slot, as a string. */
  text(taken: number, start: number, end: number): string {
    const base = (taken & (JOB_SLOTS - 1)) * SLOT_BYTES;
    return this.bytes.toString('latin1', base + start, base + end);
  }

  /** Where the whole lines of job number `taken`'s slot from `start` end, for a piece of about `size` bytes (at least one line; the job's lines all end in a newline). */
  piecesEnd(taken: number, start: number, end: number, size: number): number {
    const base = (taken & (JOB_SLOTS - 1)) * SLOT_BYTES;
    if (end - start <= size) return end;
    const last = this.bytes.lastIndexOf(NEWLINE, base + start + size - 1);
    return (last >= base + start ? last : this.bytes.indexOf(NEWLINE, base + start + size)) + 1 - base;
  }

  /** Job number `taken` is done: its slot is free. */
  taken(taken: number): void {
    Atomics.store(this.control, TAKEN, (taken + 1) | 0);
  }

  /** Sleep until a job after the first `taken` is posted (waking every `ms` to look for the order to stop); false once told to stop. */
  waitForJob(taken: number, ms: number): boolean {
    while (Atomics.load(this.control, POSTED) === taken) {
      if (Atomics.load(this.control, STOP)) return false;
      Atomics.wait(this.control, POSTED, taken, ms);
    }
    return !Atomics.load(this.control, STOP);
  }

  /** Whether job number `taken` is posted. */
  hasJob(taken: number): boolean {
    return Atomics.load(this.control, POSTED) !== taken;
  }

  stop(): void {
    Atomics.store(this.control, STOP, 1);
    Atomics.notify(this.control, POSTED);
  }

  // ---- records

  /** The literals `found` in the line of `ticket`, with literal set `generation` (read once published). */
  writeRecord(ticket: number, generation: number, found: FoundLiterals): void {
    const { records } = this;
    const at = (ticket & (RECORD_SLOTS - 1)) * RECORD_INTS;
    records[at] = ticket;
    records[at + 1] = generation;
    const count = found.count > RECORD_IDS ? TOO_MANY : found.count;
    records[at + 2] = count;
    for (let k = 0; k < count; k++) records[at + FIRST_ID + k] = found.list[k];
  }

  /** The records of the tickets before `next` are written: readers may take them. */
  publish(next: number): void {
    Atomics.store(this.control, SCANNED, next);
  }

  /** Where the result of `ticket` with literal set `generation` is, or -1 when it is not there (yet, or any more). */
  record(ticket: number, generation: number): number {
    if (!this.intact(ticket)) return -1;
    const { records } = this;
    const at = (ticket & (RECORD_SLOTS - 1)) * RECORD_INTS;
    if (records[at] !== ticket || records[at + 1] !== generation || records[at + 2] === TOO_MANY) return -1;
    return at;
  }

  /**
   * Whether the record of `ticket` is published and the thread cannot have
   * started writing over it: it is less than the ring of records, less the
   * lines it may have written since it last published, past it.
   */
  private intact(ticket: number): boolean {
    const past = (Atomics.load(this.control, SCANNED) - ticket - 1) & TICKET_MASK;
    return past < RECORD_SLOTS - PUBLISH_EVERY;
  }

  /** The literal ids of the record at `at` are records[idsStart(at) .. idsEnd(at)). */
  idsStart(at: number): number {
    return at + FIRST_ID;
  }

  idsEnd(at: number): number {
    return at + FIRST_ID + this.records[at + 2];
  }

  /** Whether the record at `at`, read since `record`, still holds `ticket`'s result (the thread may have reused it meanwhile). */
  holds(at: number, ticket: number): boolean {
    return this.intact(ticket) && this.records[at] === ticket;
  }
}
