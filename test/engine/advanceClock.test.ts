// advanceClock skips the seconds where the sweep has nothing to do; it must
// give exactly what sweeping every second gives (the idle main loop), times
// of every action included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceClock } from '../../src/engine/advanceClock.js';
import { harness, type Harness } from '../support/harness.js';

const RULES = `type=Single
ptype=RegExp
pattern=^ctx (\\S+)
desc=ctx $1
action=create C_$1 7 (write - %u expired C_$1); tevent 13 later $1

type=Single
ptype=RegExp
pattern=^later (\\S+)
desc=later $1
action=write - %u later $1

type=SingleWithThreshold
ptype=RegExp
pattern=^hit (\\S+)
desc=thr $1
action=write - %u fired $1
action2=write - %u window of $1 over
window=20
thresh=2
`;

/** The old way: one second at a time, sweeping at each. */
function stepEverySecond(h: Harness, seconds: number): void {
  for (let i = 0; i < seconds; i++) {
    h.clock.advance(1);
    h.engine.maybeSweep();
    h.engine.drainQueue();
  }
}

const SCRIPT: [number, string][] = [
  [1, 'ctx a'],
  [3, 'hit x'],
  [2, 'hit x'],
  [40, 'ctx b'],
  [5, 'hit y'],
  [19, 'hit y'],
  [100, 'hit x'],
  [1000, 'ctx c'],
];

function run(move: (h: Harness, seconds: number) => void): string[] {
  const h = harness(RULES);
  for (const [wait, line] of SCRIPT) {
    move(h, wait);
    h.engine.feedLine(line, '-');
  }
  move(h, 3600);
  h.engine.sinks.files.flush();
  return h.lines();
}

test('advanceClock gives what sweeping every second gives, at the same seconds', () => {
  const stepped = run(stepEverySecond);
  const skipped = run((h, seconds) => advanceClock(h.engine, h.clock, h.clock.nowMs() + seconds * 1000));
  // every kind of timer fired in between lines
  for (const what of ['expired C_a', 'later a', 'fired x', 'window of x over', 'fired y', 'window of y over', 'expired C_c', 'later c'])
    assert.ok(
      stepped.some((l) => l.endsWith(what)),
      `${what} in ${stepped.join('\n')}`,
    );
  assert.deepEqual(skipped, stepped);
});

test('advanceClock visits only the seconds where something falls due', () => {
  const h = harness(RULES);
  h.engine.feedLine('ctx a', '-');
  let sweeps = 0;
  const sweep = h.engine.sweep.bind(h.engine);
  h.engine.sweep = () => {
    sweeps++;
    sweep();
  };
  advanceClock(h.engine, h.clock, h.clock.nowMs() + 100_000 * 1000);
  // the context's expiry and the tevent's event: a handful of sweeps, not 100 000
  assert.ok(sweeps <= 4, `${sweeps} sweeps`);
  assert.deepEqual(
    h.lines().map((l) => l.replace(/^\d+ /, '')),
    ['expired C_a', 'later a'],
  );
});
