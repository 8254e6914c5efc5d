// Log lines that a failing peer would repeat for every message and every
// retry: the first of a kind is logged at once, later ones of the same kind
// at most once per interval, with how many were held back in between, so a
// dead server cannot fill the log.
import type { Logger } from '../log/logger.js';

interface KindState {
  lastMs: number;
  suppressed: number;
}

export class RateLimitedLog {
  private readonly kinds = new Map<string, KindState>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** Log `msg` at `level` unless a message of this `kind` was logged within the interval. */
  log(level: number, kind: string, msg: string): void {
    const now = this.nowMs();
    const state = this.kinds.get(kind);
    if (state !== undefined && now - state.lastMs < this.intervalMs) {
      state.suppressed++;
      return;
    }
    const held = state?.suppressed ? ` (${state.suppressed} similar messages not logged)` : '';
    this.logger.log(level, msg + held);
    this.kinds.set(kind, { lastMs: now, suppressed: 0 });
  }

  /** Forget a kind (its condition is over), so its next occurrence is logged at once. */
  clear(kind: string): void {
    this.kinds.delete(kind);
  }
}
