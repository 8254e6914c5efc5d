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
  nowMs(): number {
    return Date.now();
  }
  seconds(): number {
    return Math.floor(Date.now() / 1000);
  }
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
}
