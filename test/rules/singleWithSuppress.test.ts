import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, type Harness } from '../support/harness.js';

// SingleWithSuppress on the virtual clock; checked against sec 2.9.1.

const START = 1_800_000_000;
function at(h: Harness, k: number): void {
  const now = h.clock.seconds() - START;
  assert.ok(k >= now, `cannot go back from ${now} to ${k}`);
  h.advance(k - now);
}

const SUP = (extra = ''): string => `type=SingleWithSuppress
ptype=RegExp
pattern=^s(\\d)
desc=sup
action=write - fired $1
window=2
${extra}
type=Single
ptype=RegExp
pattern=^(.*)$
desc=fall
action=write - fall $1
`;

test('SingleWithSuppress: s@0 s@2 s@3 fires at 0 and 3; suppressed events are swallowed', () => {
  const h = harness(SUP());
  h.feed('s1');
  at(h, 2);
  h.feed('s2'); // exactly window seconds later: still suppressed
  assert.deepEqual(h.lines(), ['fired 1']);
  at(h, 3);
  h.feed('s3');
  assert.deepEqual(h.lines(), ['fired 1', 'fired 3']);
});

test('SingleWithSuppress: suppressed events do not extend the window', () => {
  const h = harness(SUP());
  h.feed('s1');
  at(h, 1);
  h.feed('s2');
  at(h, 2);
  h.feed('s3');
  at(h, 3);
  h.feed('s4');
  assert.deepEqual(h.lines(), ['fired 1', 'fired 4']);
});

test('SingleWithSuppress: the idle operation is removed by the sweep at window + 1', () => {
  const h = harness(SUP());
  h.feed('s1');
  at(h, 2);
  assert.equal(h.engine.operations.size, 1);
  at(h, 3);
  assert.equal(h.engine.operations.size, 0);
  assert.deepEqual(h.lines(), ['fired 1']);
});

test('SingleWithSuppress: keyed by desc after substitution', () => {
  const h = harness(`type=SingleWithSuppress
ptype=RegExp
pattern=^s(\\d)
desc=sup $1
action=write - %s
window=10
`);
  h.feed('s1', 's2', 's1', 's2', 's3');
  assert.deepEqual(h.lines(), ['sup 1', 'sup 2', 'sup 3']);
  assert.equal(h.engine.operations.size, 3);
});

const PLAIN = `type=SingleWithSuppress
ptype=RegExp
pattern=^s(\\d)
desc=sup
action=write - fired $1
window=2
`;

test('SingleWithSuppress: reset mid-window, with and without rule offset', () => {
  const h = harness(`${PLAIN}
type=Single
ptype=SubStr
pattern=r1
desc=x
action=reset -1 sup

type=Single
ptype=SubStr
pattern=rall
desc=x
action=reset sup
`);
  h.feed('s1', 's2', 'r1', 's3', 's4');
  at(h, 1);
  h.feed('rall', 's5');
  assert.deepEqual(h.lines(), ['fired 1', 'fired 3', 'fired 5']);
});

test('SingleWithSuppress: getwpos and setwpos move the end of suppression', () => {
  const h = harness(`${PLAIN}
type=Single
ptype=SubStr
pattern=move
desc=x
action=getwpos %a 1 sup; setwpos %u 1 sup; getwpos %b 1 sup; write - moved %a %b
`);
  h.feed('s1');
  at(h, 2);
  h.feed('move');
  assert.deepEqual(h.lines(), ['fired 1', `moved ${START} ${START + 2}`]);
  at(h, 4);
  h.feed('s2'); // the old window would have ended at 3
  assert.deepEqual(h.lines().slice(2), []);
  at(h, 5);
  h.feed('s3');
  assert.deepEqual(h.lines().slice(2), ['fired 3']);
});
