import assert from 'node:assert/strict';
import { test } from 'node:test';
import { VirtualClock } from '../../src/time/clock.js';
import { harnessOver, ruleFiles } from '../support/harness.js';

/** A virtual clock that holds as the real one does and counts the reads that reach it. */
class CountingClock extends VirtualClock {
  reads = 0;
  holds = 0;
  releases = 0;
  private held = false;
  private answered = false;
  override nowMs(): number {
    if (!this.held || !this.answered) {
      this.reads++;
      this.answered = this.held;
    }
    return super.nowMs();
  }
  override seconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  hold(): void {
    this.holds++;
    this.held = true;
    this.answered = false;
  }
  forget(): void {
    this.answered = false;
  }
  release(): void {
    this.releases++;
    this.held = false;
  }
}

const RULES = `type=SingleWithThreshold
ptype=RegExp
pattern=count (\\S+)
desc=count $1
action=write - reached $1
window=60
thresh=3

type=SingleWithSuppress
ptype=RegExp
pattern=once (\\S+)
desc=once $1
action=none
window=60
`;

test('an event reads the clock once however many rules look at the time, and again after an action ran', () => {
  const clock = new CountingClock(1_800_000_000);
  const { dir, paths } = ruleFiles({ 'rules.conf': RULES });
  const h = harnessOver(dir, paths, {}, 1_800_000_000, clock);
  const readsFor = (line: string): number => {
    const before = clock.reads;
    h.feed(line);
    return clock.reads - before;
  };
  assert.equal(readsFor('count a'), 1);
  assert.equal(readsFor('once b'), 2, 'the action of SingleWithSuppress ran: the sweep check after it reads again');
  assert.equal(readsFor('nothing matches'), 1);
  assert.equal(clock.holds, clock.releases, 'every hold is released');
  assert.deepEqual([readsFor('count a'), readsFor('count a')], [1, 2]);
  assert.deepEqual(h.lines(), ['reached a']);
});
