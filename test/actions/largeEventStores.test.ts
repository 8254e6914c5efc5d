import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../support/harness.js';

// Event stores of hundreds of thousands of strings: one event that adds them
// must not overflow the stack (an argument list per string does).

const N = 200_000;

test(`add, prepend and fill with ${N} lines at once; copy, getsize and report them`, () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=go
desc=big
action=add BIG %x; prepend BIG first; add BIG last; getsize %s1 BIG; \\
  fill F %x; getsize %s2 F; prepend F %x; getsize %s3 F; \\
  copy BIG %c; write - sizes %s1 %s2 %s3
`);
  h.engine.variables.set('x', Array.from({ length: N }, (_, i) => `e${i}`).join('\n'));
  h.feed('go');
  assert.deepEqual(h.lines(), [`sizes ${N + 2} ${N} ${2 * N}`]);
  const big = h.engine.contexts.get('BIG')?.events ?? [];
  assert.equal(big[0], 'first');
  assert.equal(big[N + 1], 'last');
  assert.equal(String(h.engine.variables.get('c')).split('\n').length, N + 2);
  assert.ok(!h.logs.some((l) => l.startsWith('Internal error')), 'no fault');
});
