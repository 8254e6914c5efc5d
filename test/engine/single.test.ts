import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../support/harness.js';

test('Single writes its action for each matching line', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=login failure for (\\S+)
desc=failure $1
action=write - user $1 failed (%s)
`);
  h.feed('login failure for bob', 'nothing', 'login failure for eve');
  assert.deepEqual(h.lines(), ['user bob failed (failure bob)', 'user eve failed (failure eve)']);
});

test('SingleWithSuppress fires once per window, window includes its last second', () => {
  const h = harness(`type=SingleWithSuppress
ptype=SubStr
pattern=s
desc=sup
action=write - fired
window=2
`);
  h.feed('s');
  h.advance(2);
  h.feed('s');
  h.advance(1);
  h.feed('s');
  assert.deepEqual(h.lines(), ['fired', 'fired']);
});
