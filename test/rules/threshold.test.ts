import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ThresholdOperation } from '../../src/rules/operations.js';
import type { ThresholdRule } from '../../src/rules/types.js';
import { harness, type Harness } from '../support/harness.js';

// SingleWithThreshold and SingleWith2Thresholds on the virtual clock.
// Offsets are seconds after the harness start; expectations were checked
// against the real sec 2.9.1 with input a quarter second past whole seconds.

const START = 1_800_000_000;
/** Move the clock forward to offset k (one sweep per second, like the idle loop). */
function at(h: Harness, k: number): void {
  const now = h.clock.seconds() - START;
  assert.ok(k >= now, `cannot go back from ${now} to ${k}`);
  h.advance(k - now);
}

const thr = (extra: string, window = 2, thresh = 3): string => `type=SingleWithThreshold
ptype=RegExp
pattern=^ev(\\d)
desc=thr
action=write - fired one=$1 zero=$0
window=${window}
thresh=${thresh}
${extra}`;

test('SingleWithThreshold: an event exactly window seconds after the first still counts', () => {
  const h = harness(thr(''));
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  at(h, 2);
  h.feed('ev3');
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1']);
});

test('SingleWithThreshold: one second after the window the first event no longer counts', () => {
  const h = harness(thr(''));
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  at(h, 3);
  h.feed('ev3');
  assert.deepEqual(h.lines(), []);
  // the window slid to the oldest remaining event (ev2 at 1), not to now
  const op = h.engine.operations.all()[0];
  assert.equal(op?.time, START + 1);
});

test('SingleWithThreshold slides and restarts at the oldest remaining event: 0,1,3,3 fires at 3', () => {
  const h = harness(thr(''));
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  at(h, 3);
  h.feed('ev3');
  assert.deepEqual(h.lines(), []);
  h.feed('ev4');
  // the values stay those of the event that started the operation
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1']);
});

test('SingleWithThreshold: an idle operation whose events all left the window ends without action', () => {
  const h = harness(thr('action2=write - end %s'));
  h.feed('ev1');
  assert.equal(h.engine.operations.size, 1);
  at(h, 2);
  assert.equal(h.engine.operations.size, 1);
  at(h, 3);
  assert.equal(h.engine.operations.size, 0);
  assert.deepEqual(h.lines(), []);
});

test('SingleWithThreshold: action2 runs at the window end after firing, events before it are swallowed', () => {
  const h = harness(`${thr('action2=write - done %s one=$1', 3, 2)}
continue=TakeNext

type=Single
ptype=RegExp
pattern=.
desc=all
action=write - saw $0
`);
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['saw ev1', 'fired one=1 zero=ev1', 'saw ev2']);
  at(h, 2);
  h.feed('ev3');
  at(h, 3);
  h.feed('ev4'); // exactly window seconds after the first: still swallowed
  assert.deepEqual(h.lines().slice(3), ['saw ev3', 'saw ev4']);
  assert.equal(h.engine.operations.size, 1);
  at(h, 4);
  assert.deepEqual(h.lines().slice(5), ['done thr one=1']);
  assert.equal(h.engine.operations.size, 0);
  at(h, 10);
  assert.equal(h.lines().length, 6);
});

test('SingleWithThreshold: swallowing lasts until the window from the first event passes (SEC-NOTES 3)', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^(e\\d)
desc=thr
action=write - fired at $1
window=3
thresh=2
`);
  h.feed('e1', 'e2');
  at(h, 1);
  h.feed('e3');
  at(h, 3);
  h.feed('e4');
  at(h, 4);
  h.feed('e5', 'e6');
  assert.deepEqual(h.lines(), ['fired at e1', 'fired at e5']);
});

test('SingleWithThreshold: a fired operation found stale by its next event runs action2 then starts anew', () => {
  // cleantime keeps the sweep away, so the event itself finds the operation over
  const h = harness(thr('action2=write - done one=$1', 1, 1), { cleantime: 100 });
  h.feed('ev1');
  at(h, 2);
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1', 'done one=1', 'fired one=2 zero=ev2']);
});

test('SingleWithThreshold: operations are keyed by desc after substitution', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^ev(\\d)
desc=thr $1
action=write - fired %s
window=10
thresh=2
`);
  h.feed('ev1', 'ev2', 'ev3');
  assert.deepEqual(h.lines(), []);
  assert.equal(h.engine.operations.size, 3);
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['fired thr 2']);
});

test('SingleWithThreshold: a desc of one variable (kept by its value) is still what reset and getwpos name', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^ev(\\d)
desc=thr $1 end
action=write - fired %s
window=10
thresh=2

type=Single
ptype=RegExp
pattern=^reset (.*)
desc=x
action=reset -1 $1

type=Single
ptype=RegExp
pattern=^where (.*)
desc=x
action=getwpos %w -2 $1; write - at [%w]
`);
  h.feed('ev1', 'ev2');
  h.feed('reset 1', 'reset 2 end', 'reset thr 2');
  assert.equal(h.engine.operations.size, 2, 'neither the value alone nor a longer text is the desc');
  h.feed('where 1', 'where thr 1 end');
  assert.deepEqual(h.lines(), ['at []', `at [${START}]`]);
  h.feed('reset thr 2 end', 'ev2');
  assert.deepEqual(h.lines(), ['at []', `at [${START}]`], 'the count for 2 started again');
  h.feed('ev1');
  assert.deepEqual(h.lines(), ['at []', `at [${START}]`, 'fired thr 1 end']);
});

test("SingleWithThreshold: reset with a rule offset ends only that rule's operation", () => {
  const h = harness(`type=SingleWithSuppress
ptype=RegExp
pattern=^ev(\\d)
desc=thr
action=write - sup $1
window=10
continue=TakeNext

type=SingleWithThreshold
ptype=RegExp
pattern=^ev(\\d)
desc=thr
action=write - fired $1
window=10
thresh=2

type=Single
ptype=SubStr
pattern=r1
desc=x
action=reset -1 thr

type=Single
ptype=SubStr
pattern=rall
desc=x
action=reset thr
`);
  h.feed('ev1');
  at(h, 1);
  h.feed('r1', 'ev2');
  assert.deepEqual(h.lines(), ['sup 1']); // the count restarted at ev2
  at(h, 2);
  h.feed('ev3');
  assert.deepEqual(h.lines(), ['sup 1', 'fired 2']);
  at(h, 3);
  h.feed('rall'); // every rule of the file: the suppression ends too
  assert.equal(h.engine.operations.size, 0);
  h.feed('ev4', 'ev5');
  assert.deepEqual(h.lines(), ['sup 1', 'fired 2', 'sup 4', 'fired 4']);
});

test('SingleWithThreshold: reset mid-window drops the counted events and action2', () => {
  const h = harness(`${thr('action2=write - done', 5, 2)}

type=Single
ptype=SubStr
pattern=stop
desc=x
action=reset 1 thr
`);
  h.feed('ev1', 'ev2');
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1']);
  at(h, 2);
  h.feed('stop');
  assert.equal(h.engine.operations.size, 0);
  at(h, 10);
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1']);
});

test('SingleWithThreshold: getwpos reads the window start, setwpos moves it and the end follows', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^ev(\\d)
desc=thr
action=write - fired; getwpos %p 0; write - pos %p
action2=write - done
window=3
thresh=2

type=Single
ptype=SubStr
pattern=move
desc=mv
action=getwpos %a -1 thr; setwpos %u -1 thr; getwpos %b -1 thr; write - moved %a %b
`);
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['fired', `pos ${START}`]);
  at(h, 2);
  h.feed('move');
  assert.deepEqual(h.lines().slice(2), [`moved ${START} ${START + 2}`]);
  at(h, 5); // the old end (second 4) has passed: nothing
  assert.equal(h.lines().length, 3);
  at(h, 6);
  assert.deepEqual(h.lines().slice(3), ['done']);
});

test('SingleWithThreshold: setwpos before firing drops the events older than the new start', () => {
  const h = harness(`${thr('', 10, 3)}

type=Single
ptype=RegExp
pattern=^move (\\d+)
desc=mv
action=setwpos $1 -1 thr
`);
  h.feed('ev1');
  at(h, 2);
  h.feed('ev2');
  at(h, 3);
  h.feed(`move ${START + 1}`); // drops ev1 (0), keeps ev2 (2); the window starts at 1 exactly
  const op = h.engine.operations.all().find((o) => o.type === 'SingleWithThreshold');
  assert.equal(op?.time, START + 1);
  h.feed('ev3');
  assert.deepEqual(h.lines(), []);
  h.feed('ev4');
  assert.deepEqual(h.lines(), ['fired one=1 zero=ev1']);
  // backwards and future moves are refused
  h.feed(`move ${START}`, `move ${START + 99}`);
  assert.equal(op?.time, START + 1);
  assert.ok(h.logs.some((l) => /backwards/.test(l)));
  assert.ok(h.logs.some((l) => /future/.test(l)));
});

test('SingleWithThreshold: setwpos past every counted event ends the operation', () => {
  const h = harness(`${thr('', 10, 3)}

type=Single
ptype=SubStr
pattern=move
desc=mv
action=setwpos %u -1 thr
`);
  h.feed('ev1');
  at(h, 2);
  h.feed('move');
  assert.equal(h.engine.operations.size, 0);
});

const thr2 = `type=SingleWith2Thresholds
ptype=RegExp
pattern=^ev(\\d)
desc=up
action=write - up %s one=$1
desc2=down $1
action2=write - %s one=$1
window=3
thresh=2
window2=2
thresh2=1
`;

test('SingleWith2Thresholds: rising threshold inside the window, exactly at its end and past it', () => {
  const inside = harness(thr2);
  inside.feed('ev1');
  at(inside, 3);
  inside.feed('ev2');
  assert.deepEqual(inside.lines(), ['up up one=1']);

  const outside = harness(thr2);
  outside.feed('ev1');
  at(outside, 4);
  outside.feed('ev2');
  assert.deepEqual(outside.lines(), []);
});

test('SingleWith2Thresholds: action2 once the count in window2 stays at or below thresh2', () => {
  const h = harness(thr2);
  h.feed('ev1');
  at(h, 1);
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['up up one=1']);
  at(h, 2);
  h.feed('ev3'); // one event in window2: at thresh2
  at(h, 3);
  h.feed('ev4'); // two: above thresh2, window2 moves to the second (3)
  at(h, 5);
  assert.equal(h.lines().length, 1);
  const op = h.engine.operations.all()[0];
  assert.equal(op.time, START + 3);
  at(h, 6);
  assert.deepEqual(h.lines(), ['up up one=1', 'down 1 one=1']);
  assert.equal(h.engine.operations.size, 0);
});

test('SingleWith2Thresholds: with no events after firing, action2 runs at window2 + 1', () => {
  const h = harness(thr2);
  h.feed('ev1', 'ev2');
  at(h, 2);
  assert.equal(h.lines().length, 1);
  at(h, 3);
  assert.deepEqual(h.lines(), ['up up one=1', 'down 1 one=1']);
});

test('SingleWith2Thresholds: getwpos and setwpos in the falling phase', () => {
  const h = harness(`${thr2}
type=Single
ptype=SubStr
pattern=move
desc=mv
action=setwpos %u -1 up; getwpos %w -1 up; write - at %w
`);
  h.feed('ev1', 'ev2');
  at(h, 2);
  h.feed('move');
  assert.deepEqual(h.lines(), ['up up one=1', `at ${START + 2}`]);
  at(h, 4);
  assert.equal(h.lines().length, 2);
  at(h, 5);
  assert.deepEqual(h.lines().slice(2), ['down 1 one=1']);
});

test('SingleWith2Thresholds: reset in the falling phase drops action2', () => {
  const h = harness(`${thr2}
type=Single
ptype=SubStr
pattern=stop
desc=mv
action=reset -1 up
`);
  h.feed('ev1', 'ev2', 'stop');
  at(h, 10);
  assert.deepEqual(h.lines(), ['up up one=1']);
});

test('SingleWithThreshold: operations share an action list with no $ variables (and the missing action2), and get their own copy of one with them', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^plain(\\d)
desc=plain $1
action=write - plain %s
window=60
thresh=5

type=SingleWithThreshold
ptype=RegExp
pattern=^vars(\\d)
desc=vars $1
action=write - vars $1 %s
action2=write - over $$1 $1
window=60
thresh=5
`);
  h.feed('plain1', 'plain2', 'vars1', 'vars2');
  const [plainRule, varsRule] = h.config.files[0].rules as ThresholdRule[];
  const ops = h.engine.operations.all() as ThresholdOperation[];
  assert.deepEqual(
    ops.map((op) => op.desc),
    ['plain 1', 'plain 2', 'vars 1', 'vars 2'],
  );
  const [p1, p2, v1, v2] = ops;
  assert.equal(p1.action, plainRule.action.actions);
  assert.equal(p2.action, plainRule.action.actions);
  assert.equal(p1.action2, p2.action2, 'the left-out action2 is one shared empty list');
  assert.deepEqual(p1.action2, []);
  assert.notEqual(v1.action, varsRule.action.actions);
  assert.deepEqual(v1.action, [{ kind: 'write', file: '-', text: 'vars 1 %s' }]);
  assert.deepEqual(v2.action2, [{ kind: 'write', file: '-', text: 'over $1 2' }]);
});
