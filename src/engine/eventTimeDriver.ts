// Replay on event time (extension): each input line's own time moves the
// engine's clock before the line is processed, so windows, lifetimes,
// delayed events and Calendar rules run as they did when the lines were
// written, however fast the lines are read. The clock starts at the first
// dated line (start-up runs then) and never goes back: a line dated before
// the clock is processed at the clock's time and counted.
import fs from '../modules/nodeFs.js';
import type { Clock, VirtualClock } from '../time/clock.js';
import type { EventTimeReader } from '../time/eventTime/reader.js';
import type { EventTimeSetting } from '../time/eventTime/spec.js';
import { advanceClock } from './advanceClock.js';
import type { Engine } from './engine.js';
import type { LineFeeder } from './mainLoop.js';

/** Undated lines kept before the first dated one; past this the clock starts at real time. */
const MAX_WAITING = 1000;

/** The modification time of `file` (now for standard input, or a file that cannot be read). */
function writtenAt(file: string): number {
  if (file === '-') return Date.now();
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}

/** What the runtime shows of a replay: in the log at exit and in dumps. */
export interface EventTimeStatus {
  readonly describe: string;
  /** Lines dated before the clock (processed at the clock's time). */
  readonly heldBack: number;
  /** Start the clock at real time if no dated line came (before shutting down). */
  startIfWaiting(): void;
}

export class EventTimeDriver implements EventTimeStatus, LineFeeder {
  heldBack = 0;
  private started = false;
  private waiting: Array<[string, string, string | undefined]> = [];
  private readonly readers = new Map<string, EventTimeReader>();
  private lastSource = '';
  private lastReader: EventTimeReader | undefined;

  constructor(
    private readonly engine: Engine,
    private readonly clock: VirtualClock,
    /** The process's real clock: where the engine's starts when no line is dated. */
    private readonly realClock: Clock,
    private readonly setting: EventTimeSetting,
    /** Start-up work (SEC_STARTUP, first sweep), run at the first line's time. */
    private readonly startUp: () => void,
  ) {}

  get describe(): string {
    return this.setting.describe;
  }

  /** Each input follows its own year (syslog): a reader per input, the last one at hand. */
  private readerFor(source: string): EventTimeReader {
    if (source === this.lastSource && this.lastReader) return this.lastReader;
    let reader = this.readers.get(source);
    if (!reader) {
      reader = this.setting.reader(() => writtenAt(source));
      this.readers.set(source, reader);
    }
    this.lastSource = source;
    this.lastReader = reader;
    return reader;
  }

  /** Move the clock to the line's time, then process the line (the main loop's feed in this mode). */
  feedLine(line: string, source: string, context?: string, ticket?: number): void {
    const ms = this.readerFor(source).read(line);
    if (!this.started) {
      if (ms === null && this.waiting.length < MAX_WAITING) {
        this.waiting.push([line, source, context]);
        return;
      }
      this.start(ms ?? this.realClock.nowMs());
    } else if (ms !== null) {
      if (ms < this.clock.nowMs()) this.heldBack++;
      else advanceClock(this.engine, this.clock, ms);
    }
    this.engine.feedLine(line, source, context, ticket);
  }

  /** The end of a main loop turn: no sweep before the clock has started (it would run at real time). */
  endTurn(): void {
    if (!this.started) return;
    this.engine.maybeSweep();
    this.engine.drainQueue();
  }

  /** Input timeouts keep real time: the event clock stands still while no line comes. */
  inputNow(): number {
    return this.realClock.seconds();
  }

  private start(ms: number): void {
    this.started = true;
    this.clock.setMs(ms);
    this.startUp();
    const waiting = this.waiting;
    this.waiting = [];
    for (const [line, source, context] of waiting) this.engine.feedLine(line, source, context);
  }

  startIfWaiting(): void {
    if (!this.started) this.start(this.realClock.nowMs());
  }
}
