// Saved state round trips: an engine is stopped half-way (its state taken
// through the state file's JSON text), a fresh engine over the same rule
// files is given that state, the rest of the input is fed to it, and the
// output must be what one uninterrupted engine wrote.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { decodeState, encodeState } from '../../src/state/codec.js';
import { checkEngineState, engineState, restoreEngineState } from '../../src/state/snapshot.js';
import { harness, harnessOver, type Harness } from '../support/harness.js';

/** A line to feed, or seconds to move the clock. */
type Step = string | number;

function play(h: Harness, steps: Step[]): void {
  for (const s of steps) {
    if (typeof s === 'number') h.advance(s);
    else h.feed(s);
  }
}

/** The state of `h` through the state file's text, into a new engine over the same rule files started `gap` seconds later. */
function restarted(h: Harness, gap = 0): Harness {
  const text = encodeState(engineState(h.engine));
  const next = harnessOver(
    h.dir,
    h.config.files.map((f) => f.path),
    {},
    h.clock.seconds() + gap,
  );
  restoreEngineState(next.engine, checkEngineState(decodeState(text)));
  return next;
}

/** Output of one run over all steps, and of a run stopped after `before` and restarted (`gap` seconds later) for `after`. */
function compare(rules: string, before: Step[], after: Step[], gap = 0): { whole: string[]; split: string[] } {
  const whole = harness(rules);
  play(whole, [...before, gap, ...after]);
  const first = harness(rules);
  play(first, before);
  const second = restarted(first, gap);
  play(second, after);
  return { whole: whole.lines(), split: [...first.lines(), ...second.lines()] };
}

/** Assert that the split run wrote what the whole run did, and that the restored part did something (`expect` lines appear after the restart). */
function assertResumes(rules: string, before: Step[], after: Step[], expectAfter: string[], gap = 0): void {
  const { whole, split } = compare(rules, before, after, gap);
  assert.deepEqual(split, whole);
  for (const line of expectAfter) assert.ok(whole.includes(line), `'${line}' is written: ${JSON.stringify(whole)}`);
}

test('SingleWithSuppress: the suppressing window goes on after a restart', () => {
  const rules = `type=SingleWithSuppress
ptype=RegExp
pattern=^s (\\S+)
desc=sup $1
action=write - ran %s at %u
window=10
`;
  // without the saved operation the 's a' right after the restart would run the action
  const { whole, split } = compare(rules, ['s a', 3], ['s a', 8, 's a']);
  assert.deepEqual(split, whole);
  assert.deepEqual(whole, ['ran sup a at 1800000000', 'ran sup a at 1800000011']);
});

test('SingleWithThreshold: the count and window go on; action2 at the window end', () => {
  const rules = `type=SingleWithThreshold
ptype=RegExp
pattern=^t (\\S+)
desc=thr $1
action=write - fired %s $1
action2=write - over %s
window=20
thresh=3
`;
  assertResumes(rules, ['t a', 2, 't a', 't b'], [3, 't a', 't b', 30], ['fired thr a a', 'over thr a']);
});

test('SingleWithThreshold: a window that passed while stopped ends at the first sweep', () => {
  const rules = `type=SingleWithThreshold
ptype=RegExp
pattern=^t
desc=thr
action=write - fired
window=5
thresh=2
`;
  // stopped for 30 s: the first event's window is over, so the next one starts a new count
  assertResumes(rules, ['t'], ['t', 1, 't'], ['fired'], 30);
  const { split } = compare(rules, ['t'], ['t'], 30);
  assert.deepEqual(split, []);
});

test('SingleWith2Thresholds: both passes go on after a restart', () => {
  const rules = `type=SingleWith2Thresholds
ptype=RegExp
pattern=^ev(\\d)
desc=up
action=write - up %s one=$1
desc2=down $1
action2=write - %s
window=10
thresh=2
window2=5
thresh2=0
`;
  assertResumes(rules, ['ev1'], ['ev2', 2, 'ev3', 20], ['up up one=1', 'down 1']);
  assertResumes(rules, ['ev1', 'ev2', 1], ['ev3', 20], ['up up one=1', 'down 1']);
});

test('Pair: the waiting operation with its pattern2 built from the first event completes after a restart', () => {
  const rules = `type=Pair
ptype=RegExp
pattern=^open (\\S+)
desc=pair $1
action=write - opened $1
ptype2=RegExp
pattern2=^close $1 (\\S+)
desc2=closed %1
action2=write - %s by $1 ctx=%1
window=0
`;
  assertResumes(rules, ['open x', 'open y'], [5, 'close y z', 'close x w'], ['closed x by w ctx=x', 'closed y by z ctx=y']);
});

test('PairWithWindow: the timeout action runs at the window end after a restart', () => {
  const rules = `type=PairWithWindow
ptype=RegExp
pattern=^start (\\S+)
desc=pw $1
action=write - timeout %s
ptype2=SubStr
pattern2=done $1
desc2=done
action2=write - completed %s
window=10
`;
  assertResumes(rules, ['start a', 'start b'], [2, 'done a', 20], ['completed done', 'timeout pw b']);
});

test('EventGroup: events, member counts and the window go on; slide and end after a restart', () => {
  const rules = `type=EventGroup2
ptype=RegExp
pattern=^a(\\d)
thresh=2
count=write - count1 $1
ptype2=RegExp
pattern2=^b(\\d)
count2=write - count2 $1
desc=eg
init=write - init
slide=write - slide
end=write - end
action=write - fired $1
window=10
`;
  assertResumes(rules, ['a1', 2, 'b1'], [3, 'a2', 20], ['fired 1', 'end']);
  assertResumes(rules, ['a1', 5], ['b1', 6, 'a2', 20], ['slide', 'end']);
});

test('contexts (aliases, event store, lifetime, expiry actions with compiled code), variables and delayed events go on', () => {
  const rules = `type=Single
ptype=RegExp
pattern=^mk$
desc=maker
action=create C 10 (jscall %n -> (() => 'js'); copy C %ev; write - expired %s %n %ev); alias C C2; add C one; add C2 two; \\
 assign %kept kv; event 15 LATER

type=Single
ptype=RegExp
pattern=^show$
desc=show
action=exists %e C2; getsize %n C; write - e=%e n=%n kept=%kept

type=Single
ptype=RegExp
pattern=^LATER$
desc=later
action=write - later came
`;
  assertResumes(rules, ['mk', 3], ['show', 20, 'show'], ['e=1 n=2 kept=kv', 'expired maker js one', 'later came', 'e=0 n= kept=kv']);
});

test('operations of a rule file that changed are dropped, those of an unchanged one resume', () => {
  const thr = (name: string): string => `type=SingleWithThreshold
ptype=RegExp
pattern=^${name}$
desc=${name}
action=write - fired ${name}
window=60
thresh=2
`;
  const h = harness({ 'a.conf': thr('a'), 'b.conf': thr('b') });
  play(h, ['a', 'b']);
  const text = encodeState(engineState(h.engine));
  const [a, b] = h.config.files.map((f) => f.path);
  fs.writeFileSync(b, `${thr('b')}\n`);
  const next = harnessOver(h.dir, [a, b], {}, h.clock.seconds());
  restoreEngineState(next.engine, checkEngineState(decodeState(text)));
  assert.ok(
    next.logs.some((m) => m.includes(`dropping 1 event correlation operation(s) started from ${b}: the rule file has changed`)),
    next.logs.join('\n'),
  );
  play(next, ['a', 'b']);
  assert.deepEqual(next.lines(), ['fired a']);
});

test('a saved state of the wrong shape is refused as a whole', () => {
  const h = harness('type=Suppress\nptype=SubStr\npattern=x\n');
  const good = engineState(h.engine);
  assert.doesNotThrow(() => checkEngineState(JSON.parse(JSON.stringify(good))));
  assert.throws(() => checkEngineState({ ...good, contexts: [{ names: 'C' }] }), /context 1: field 'names'/);
  assert.throws(() => checkEngineState({ ...good, operations: [{ type: 'Nope' }] }), /unknown operation type 'Nope'/);
  assert.throws(
    () => checkEngineState({ ...good, operations: [{ type: 'SingleWithThreshold', file: 'f', ruleIndex: 0, desc: 'd', started: 1, time: 1, window: 1 }] }),
    /operation 1: field 'times'/,
  );
  assert.throws(() => checkEngineState({ ...good, variables: { x: 1 } }), /variable 'x'/);
});

test('counted times are saved as lists, one time too, and a saved list of one counts on after a restart', () => {
  const rules = `type=SingleWithThreshold
ptype=RegExp
pattern=^t (\\S+)
desc=thr $1
action=write - fired %s
window=20
thresh=2
`;
  const h = harness(rules);
  play(h, ['t a', 1, 't b', 't b']);
  const saved = JSON.parse(encodeState(engineState(h.engine))) as { operations: { desc: string; times: unknown }[] };
  assert.deepEqual(
    saved.operations.map((op) => [op.desc, op.times]),
    [
      ['thr a', [1_800_000_000]],
      ['thr b', [1_800_000_001, 1_800_000_001]],
    ],
  );
  const next = restarted(h);
  play(next, ['t a']);
  assert.deepEqual([...h.lines(), ...next.lines()], ['fired thr b', 'fired thr a']);
});
