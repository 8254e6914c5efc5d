// Capped exponential backoff for a sink whose peer is failing: the first
// retry comes soon, each further one waits twice as long, never longer than
// the cap, and a success starts over.

export interface BackoffTimings {
  /** Delay before the first retry after a failure. */
  initialMs: number;
  /** No retry waits longer than this. */
  maxMs: number;
}

export class Backoff {
  private failures = 0;

  constructor(private readonly timings: BackoffTimings) {}

  /** The delay before the next retry; each call doubles the following one. */
  next(): number {
    const delay = Math.min(this.timings.maxMs, this.timings.initialMs * 2 ** this.failures);
    if (delay < this.timings.maxMs) this.failures++;
    return delay;
  }

  /** The peer answered: the next failure waits the initial delay again. */
  reset(): void {
    this.failures = 0;
  }
}
