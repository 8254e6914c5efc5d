// Finding the rules' literals in lines on a second thread, while the engine
// works on the lines before them. An input that reads a block of several
// lines (a backlog, a busy log, a pipe) posts the block's complete lines
// here and gets a ticket per line; the scan thread (worker.ts) finds each
// line's literals, which is most of what matching costs before any regex
// runs. When the engine comes to the line, it takes the result if it is
// there and scans the line itself if not: the main thread never waits, and
// a thread that is slow, late, or gone only costs the posting.
//
// Results hold for one literal set: the engine's candidates announce theirs
// (useLiterals) whenever the rules change, and a result found with an older
// set is not taken.
import type { MessagePort, Worker } from 'node:worker_threads';
import fs from '../modules/nodeFs.js';
import { builtin, onDemandValue } from '../modules/onDemand.js';
import { JOB_SLOTS, type LiteralSet, SLOT_BYTES, type ScanThreadData, SharedMemory, TICKET_MASK } from './sharedMemory.js';

// the thread runs the text of its own bundle, read before --user gives up root
// (onDemand.ts): from dist/src/scanThread/ and from dist/src/bundle/ alike
const WORKER_SCRIPT = new URL('../bundle/scanWorker.js', import.meta.url);
const workerSource = onDemandValue(() => fs.readFileSync(WORKER_SCRIPT, 'utf8'));
const workerThreads = builtin<typeof import('node:worker_threads')>('node:worker_threads');

/** Blocks of fewer lines are scanned on the main thread: waking the thread costs more than scanning them (and typing at a terminal never starts it). */
const MIN_LINES = 4;
/** No ticket. */
export const NO_TICKET = -1;

export class ScanThread {
  /** Shared with the thread; made when the thread starts. */
  private memory: SharedMemory | null = null;
  private worker: Worker | null = null;
  private port: MessagePort | null = null;
  /** The thread could not be started: everything is scanned here. */
  private failed = false;
  private posted = 0;
  private nextTicket = 0;
  /** The current literal set (-1: none yet) and its literals. */
  private generation = -1;
  private literals: readonly string[] = [];
  /** An input has a large backlog: the thread starts as soon as there are literals. */
  private bulkComing = false;

  /** @param onFailure told once, in words, when the thread cannot be started or fails */
  constructor(private readonly onFailure: (why: string) => void = () => undefined) {}

  /** The literals results are for from now on (ids are indexes in this list). */
  useLiterals(literals: readonly string[]): void {
    this.generation++;
    this.literals = literals;
    this.send();
    this.startIfBulkComing();
  }

  /**
   * An input has a backlog worth the thread (a large file read from its
   * start): start it now rather than with the first block, so that it runs
   * by the time the engine gets to the lines (starting takes some 40 ms).
   */
  expectBulk(): void {
    this.bulkComing = true;
    this.startIfBulkComing();
  }

  /**
   * Start the thread now, before its literals are known: an input will have
   * a large backlog, and starting takes 20 ms on an idle machine but 50-100
   * ms once the engine and V8's compiler keep both cores busy. Started
   * while the rules load, it is ready for the first lines.
   */
  boot(): void {
    if (!this.memory && !this.failed) this.start();
  }

  private startIfBulkComing(): void {
    if (this.bulkComing && !this.memory && !this.failed && this.literals.length) this.start();
  }

  /**
   * Where to read the next block, `size` bytes: the job slot the next post
   * takes, so the block needs no copy (null when the thread does not run,
   * takes no more now, or the block would not fit).
   */
  readTarget(size: number): Buffer | null {
    // before the thread runs, a block goes through post (which starts it when the block is worth it)
    if (size > SLOT_BYTES || !this.memory || !this.takesMore()) return null;
    return this.memory.slot(this.posted & (JOB_SLOTS - 1), size);
  }

  /** Whether a job can be posted now. */
  private takesMore(): boolean {
    return !this.failed && this.literals.length > 0 && (this.memory === null || this.memory.waiting(this.posted) < JOB_SLOTS);
  }

  /**
   * The complete lines in chunk[start, end), each ending in a newline, `lines`
   * of them: the ticket of the first (the others follow, modulo TICKET_MASK + 1),
   * or NO_TICKET when they are left to the main thread.
   */
  post(chunk: Buffer, start: number, end: number, lines: number): number {
    if (lines < MIN_LINES || end - start > SLOT_BYTES || !this.takesMore()) return NO_TICKET;
    const memory = this.memory ?? this.start();
    if (!memory) return NO_TICKET;
    const slot = this.posted & (JOB_SLOTS - 1);
    // a block read into the slot (readTarget) is in place; others are copied in
    const inPlace = memory.isSlot(chunk, slot);
    if (!inPlace) chunk.copy(memory.slot(slot), 0, start, end);
    const from = inPlace ? start : 0;
    const ticket = this.nextTicket;
    this.nextTicket = (ticket + lines) & TICKET_MASK;
    memory.post(this.posted, { start: from, end: from + end - start, ticket, generation: this.generation });
    this.posted = (this.posted + 1) | 0;
    return ticket;
  }

  /** Where the result of `ticket` is in `records`, or -1 when it is not there (yet, or any more). */
  lookup(ticket: number): number {
    return this.memory ? this.memory.record(ticket, this.generation) : -1;
  }

  /** The literal ids of the record at `at`: records[idsStart(at) .. idsEnd(at)). */
  get records(): Int32Array {
    return (this.memory as SharedMemory).records;
  }

  idsStart(at: number): number {
    return (this.memory as SharedMemory).idsStart(at);
  }

  idsEnd(at: number): number {
    return (this.memory as SharedMemory).idsEnd(at);
  }

  /** Whether the record at `at`, read since lookup, still holds `ticket`'s result (the thread may have reused it meanwhile). */
  stillHolds(at: number, ticket: number): boolean {
    return (this.memory as SharedMemory).holds(at, ticket);
  }

  /** Stop the thread (it is never restarted). */
  close(): void {
    this.failed = true;
    this.memory?.stop();
    void this.worker?.terminate();
    this.worker = null;
  }

  /** Start the thread; the memory shared with it, or null when it cannot start. */
  private start(): SharedMemory | null {
    const code = workerSource();
    if (code === null) return this.fail(`cannot read ${WORKER_SCRIPT.pathname}`);
    try {
      const memory = new SharedMemory();
      const channel = new (workerThreads().MessageChannel)();
      const data: ScanThreadData = { buffers: memory.buffers, literalsPort: channel.port2 };
      const worker = new (workerThreads().Worker)(new URL(`data:text/javascript,${encodeURIComponent(code)}`), {
        workerData: data,
        transferList: [channel.port2],
        // the process's node options are not for it; it allocates little (a string per 32 KB of lines, soon garbage)
        execArgv: [],
        resourceLimits: { maxYoungGenerationSizeMb: 2 },
      });
      worker.unref();
      worker.on('error', (e) => this.fail(e.message));
      this.worker = worker;
      this.memory = memory;
      this.port = channel.port1;
      this.port.unref();
      this.send();
      return memory;
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }

  /** The current literal set to the thread, if it runs (it takes sets in order, when a job needs one). */
  private send(): void {
    if (!this.port || this.generation < 0) return;
    const set: LiteralSet = { generation: this.generation, literals: this.literals };
    this.port.postMessage(set);
  }

  private fail(why: string): null {
    if (!this.failed) this.onFailure(why);
    this.close();
    return null;
  }
}
