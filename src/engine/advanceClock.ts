// Time moved by hand instead of by the wall clock (replay on event time,
// rule tests): the clock goes forward to a target second, stopping at each
// second where the sweep has work, so contexts, windows and delayed events
// end at the second they would have ended live, in the same order.
import type { VirtualClock } from '../time/clock.js';
import type { Engine } from './engine.js';

/** Move `clock` (the engine's own) to `targetMs`, sweeping on the way as the idle main loop would. */
export function advanceClock(engine: Engine, clock: VirtualClock, targetMs: number): void {
  const target = Math.floor(targetMs / 1000);
  for (let now = clock.seconds(); now < target; now = clock.seconds()) {
    clock.set(Math.min(target, Math.max(now + 1, engine.nextSweepDue())));
    engine.maybeSweep();
    engine.drainQueue();
  }
  if (targetMs > clock.nowMs()) clock.setMs(targetMs);
}
