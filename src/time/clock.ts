// The one source of time for the whole engine. SEC works in whole seconds
// (Perl's time()), so every window, lifetime and timer reads `seconds()`.
// Tests swap in a VirtualClock and move it by hand instead of sleeping.

export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** Whole seconds since the epoch, as SEC's time(). */
  seconds(): number;
}

export class RealClock implements Clock {
  /** `offsetMs` shifts the clock (SEC_TS_START_TIME); it still runs at real speed. */
  constructor(private readonly offsetMs = 0) {}
  nowMs(): number {
    return Date.now() + this.offsetMs;
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
