// The main loop: read whatever the inputs have, feed it line by line to the
// engine, sweep timers, and sleep --poll-timeout when nothing is waiting.
// Standard input wakes the loop at once, so interactive use answers each
// line as it is typed.
import type { InputSource } from '../input/sources.js';
import type { Engine } from './engine.js';

/** Bytes read from one input before the other inputs get a turn. */
const READ_BUDGET = 1 << 20;

export interface MainLoopOptions {
  pollTimeout: number;
  /** Exit once every input has ended (--notail). */
  exitAtEnd: boolean;
  /** Called once when the loop finishes (all inputs ended under --notail). */
  onEnd: () => void;
}

export class MainLoop {
  private timer: NodeJS.Timeout | null = null;
  private scheduled = false;
  private finished = false;

  constructor(
    private readonly engine: Engine,
    private sources: InputSource[],
    private readonly options: MainLoopOptions,
  ) {}

  setSources(sources: InputSource[]): void {
    this.sources = sources;
  }

  start(): void {
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

  private turn(): void {
    this.scheduled = false;
    let busy = false;
    for (const src of this.sources) {
      const lines = src.read(READ_BUDGET);
      if (lines.length) busy = true;
      for (const line of lines) this.engine.feedLine(line, src.name, src.context);
    }
    this.engine.maybeSweep();
    this.engine.drainQueue();
    if (this.options.exitAtEnd && this.sources.every((s) => s.ended)) {
      this.finished = true;
      this.options.onEnd();
      return;
    }
    if (busy) this.wake();
    else this.timer = setTimeout(() => this.turn(), this.options.pollTimeout * 1000);
  }

  stop(): void {
    this.finished = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
