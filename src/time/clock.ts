// The one source of time for the whole engine. SEC works in whole seconds
// (Perl's time()), so every window, lifetime and timer reads `seconds()`.
// Tests swap in a VirtualClock and move it by hand instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** Whole seconds since the epoch, as SEC's time(). */
  seconds(): number;
  /**
   * From now until release(), reads may be answered with an earlier one:
   * the engine holds the clock while it takes one event through the rules,
   * so a line costs at most one clock read, not one per rule and sweep check.
   */
  hold?(): void;
  /** Time may have passed (an action ran): the next read while held asks again. */
  forget?(): void;
  release?(): void;
}

/** Holds that may share one read: lines taken back to back in one turn of the loop are microseconds apart. */
const HOLDS_PER_READ = 16;

export class RealClock implements Clock {
  private held = false;
  /** The read that held reads are answered with; -1 when the next one must ask. */
  private heldMs = -1;
  private holdsSinceRead = 0;
  private expiryQueued = false;
  /** The end of the current synchronous run of code: a later turn of the loop reads afresh. */
  private readonly expire = (): void => {
    this.heldMs = -1;
    this.expiryQueued = false;
  };

  /** `offsetMs` shifts the clock (SEC_TS_START_TIME); it still runs at real speed. */
  constructor(private readonly offsetMs = 0) {}
  nowMs(): number {
    if (!this.held) return Date.now() + this.offsetMs;
    if (this.heldMs < 0) {
      this.heldMs = Date.now() + this.offsetMs;
      this.holdsSinceRead = 0;
      if (!this.expiryQueued) {
        this.expiryQueued = true;
        queueMicrotask(this.expire);
      }
    }
    return this.heldMs;
  }
  /** Reads are answered with the last held read while it is fresh: taken in this turn of the loop, a few holds ago, no action since. */
  hold(): void {
    this.held = true;
    if (++this.holdsSinceRead >= HOLDS_PER_READ) this.heldMs = -1;
  }
  forget(): void {
    this.heldMs = -1;
  }
  release(): void {
    this.held = false;
  }
  seconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}

/**
 * The process clock: real time, or, when SEC_TS_START_TIME=<epoch seconds>
 * is set (tests of Calendar rules), real time moved to start at that moment.
 */
export function processClock(env: NodeJS.ProcessEnv = process.env): RealClock {
  const start = env.SEC_TS_START_TIME;
  if (start === undefined || !/^\d+(\.\d+)?$/.test(start)) return new RealClock();
  return new RealClock(Number(start) * 1000 - Date.now());
}

export class VirtualClock implements Clock {
  private ms: number;
  constructor(startSeconds = 1_700_000_000) {
    this.ms = startSeconds * 1000;
  }
  nowMs(): number {
    return this.ms;
  }
  seconds(): number {
    return Math.floor(this.ms / 1000);
  }
  advance(seconds: number): void {
    this.ms += seconds * 1000;
  }
  set(seconds: number): void {
    this.ms = seconds * 1000;
  }
  setMs(ms: number): void {
    this.ms = ms;
  }
}
