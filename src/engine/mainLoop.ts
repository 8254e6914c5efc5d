// The main loop, as SEC's main_loop and read_line: each round polls every
// input once (at most one line each, in input order), then processes the
// lines read (each with the synthetic events it causes) before the next
// round. When a round brings no line and no new bytes, the loop sleeps
// --poll-timeout; standard input, child processes and file-change
// notifications (chokidar, in --tail mode) wake it early, so interactive
// use answers each line as it is typed. The loop yields to Node's event loop
// between slices of work, so it never blocks timers, children or signals.
import type { FSWatcher } from 'chokidar';
import type { InputSource } from '../input/sources.js';
import { onDemand } from '../modules/onDemand.js';
import type { Engine } from './engine.js';

/** chokidar, loaded only once a file is watched (off the path to the first processed line). */
const loadChokidar = onDemand<typeof import('chokidar')>('chokidar');

/** Longest stretch of input processing before the loop lets other work run (ms). */
const SLICE_MS = 20;
/** The slice's end is checked every 16th round: (rounds & CLOCK_EVERY) === 0. */
const CLOCK_EVERY = 15;

export interface MainLoopOptions {
  pollTimeout: number;
  /** Exit once every input has been closed (--notail). */
  exitAtEnd: boolean;
  /** Called once when the loop finishes (all inputs closed under --notail). */
  onEnd: () => void;
  /** File names to watch for changes to wake the loop early (--tail). */
  watchFiles?: () => string[];
  /** What takes the lines instead of the engine itself (replay on event time). */
  feeder?: LineFeeder;
}

/** Who takes each line read and keeps time between turns: the engine, or a replay on event time in front of it. */
export interface LineFeeder {
  /** `ticket`: the scan thread's for the line (NO_TICKET when it was not posted there). */
  feedLine(line: string, source: string, context: string, ticket: number): void;
  /** The end of a turn: timers that fell due, events waiting. */
  endTurn(): void;
  /** The time (seconds) inputs measure their timeouts by. */
  inputNow(): number;
}

/** The engine on its own clock. */
const engineFeeder = (engine: Engine): LineFeeder => ({
  feedLine: (line, source, context, ticket) => engine.feedLine(line, source, context, ticket),
  endTurn: () => {
    engine.maybeSweep();
    engine.drainQueue();
  },
  inputNow: () => engine.now(),
});

export class MainLoop {
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private finished = false;
  /**
   * Lines read in a round and not processed yet (SEC's @readbuffer), with
   * the input of each: readHead .. readEnd - 1. The slots are reused from
   * round to round (setting an array's length costs a runtime call), so
   * those past readEnd are stale.
   */
  private readLines: string[] = [];
  private readSources: InputSource[] = [];
  private readTickets: number[] = [];
  private readHead = 0;
  private readEnd = 0;
  private watcher: FSWatcher | null = null;
  private watched = new Set<string>();
  private readonly feeder: LineFeeder;

  constructor(
    private readonly engine: Engine,
    private sources: InputSource[],
    private readonly options: MainLoopOptions,
  ) {
    this.feeder = options.feeder ?? engineFeeder(engine);
  }

  /** New inputs (after a restart reopened them): lines of dropped inputs are dropped. */
  setSources(sources: InputSource[]): void {
    this.sources = sources;
    const kept = new Set(sources);
    const from = this.readSources.slice(this.readHead, this.readEnd);
    const keep = <T>(slots: T[]): T[] => slots.slice(this.readHead, this.readEnd).filter((_, k) => kept.has(from[k]));
    this.readLines = keep(this.readLines);
    this.readTickets = keep(this.readTickets);
    this.readSources = from.filter((src) => kept.has(src));
    this.readHead = 0;
    this.readEnd = this.readLines.length;
    this.updateWatch();
  }

  start(): void {
    this.updateWatch();
    this.wake();
  }

  /** Run a turn as soon as possible (new data arrived). */
  wake(): void {
    if (this.scheduled || this.finished) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.scheduled = true;
    setImmediate(() => this.turn());
  }

  /** One SEC read_line round: a line from each input that has one; `now` is read every few rounds (see work). */
  private round(now: number): boolean {
    let newData = false;
    for (const src of this.sources) {
      const r = src.poll(now);
      if (r.line !== null) {
        this.readLines[this.readEnd] = r.line;
        this.readTickets[this.readEnd] = r.ticket;
        this.readSources[this.readEnd++] = src;
      } else if (r.newData) newData = true;
    }
    return newData;
  }

  private turn(): void {
    this.scheduled = false;
    if (this.finished) return;
    try {
      this.work();
    } catch (e) {
      // whatever failed, the loop goes on: it is the only thing that reads input
      this.engine.internalError('reading input', e);
      if (!this.finished && !this.scheduled) this.timer = setTimeout(() => this.turn(), this.options.pollTimeout * 1000);
    }
  }

  private work(): void {
    const until = Date.now() + SLICE_MS;
    // the inputs' clock (timeouts in whole seconds) is read with the slice's end, every few rounds
    let inputNow = this.feeder.inputNow();
    let again = false;
    let rounds = 0;
    for (;;) {
      let newData = false;
      if (this.readHead >= this.readEnd) {
        this.readHead = 0;
        this.readEnd = 0;
        newData = this.round(inputNow);
      }
      const got = this.readEnd > this.readHead;
      while (this.readHead < this.readEnd) {
        const src = this.readSources[this.readHead];
        const ticket = this.readTickets[this.readHead];
        this.feeder.feedLine(this.readLines[this.readHead++], src.name, src.context, ticket);
        if (this.finished) return;
      }
      if (!got && !newData) break;
      // reading the clock costs as much as a short line: look every few rounds
      if ((++rounds & CLOCK_EVERY) === 0) {
        if (Date.now() >= until) {
          again = true;
          break;
        }
        inputNow = this.feeder.inputNow();
      }
    }
    this.feeder.endTurn();
    if (this.finished) return;
    if (!again && this.options.exitAtEnd && this.sources.every((s) => s.ended)) {
      this.stop();
      this.options.onEnd();
      return;
    }
    if (again) this.wake();
    else this.timer = setTimeout(() => this.turn(), this.options.pollTimeout * 1000);
  }

  /** Watch the input files (chokidar) so that a change wakes the loop early. */
  private updateWatch(): void {
    if (!this.options.watchFiles || this.finished) return;
    const names = new Set(this.options.watchFiles());
    const added = [...names].filter((n) => !this.watched.has(n));
    const removed = [...this.watched].filter((n) => !names.has(n));
    this.watched = names;
    if (!added.length && !removed.length) return;
    void this.applyWatch(added, removed);
  }

  private async applyWatch(added: string[], removed: string[]): Promise<void> {
    try {
      if (!this.watcher) {
        const chokidar = loadChokidar();
        if (!chokidar) return;
        this.watcher = chokidar.watch([], { persistent: false, ignoreInitial: true, followSymlinks: true });
        this.watcher.on('all', () => this.wake());
        this.watcher.on('error', () => undefined);
      }
      if (removed.length) await this.watcher.unwatch(removed);
      if (added.length) this.watcher.add(added);
    } catch {
      // notification is only a hint: polling every --poll-timeout still reads
    }
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.watcher) void this.watcher.close().catch(() => undefined);
    this.watcher = null;
  }
}
