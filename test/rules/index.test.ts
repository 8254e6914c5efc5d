import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PAIR_GATE } from '../../src/rules/module.js';
import { operationModule, ruleModule } from '../../src/rules/index.js';
import type { Rule } from '../../src/rules/types.js';
import { harness } from '../support/harness.js';

// The rule type table: each rule type's module lists the patterns it
// matches with (what the prefilter is built from), and operations find the
// module of the rule type that started them.

function rulesOf(text: string): Rule[] {
  return harness(text).config.files[0].rules;
}

/** The pattern sources (or texts) a rule matches with, by key. */
function specsOf(rule: Rule): [number, string][] {
  return ruleModule(rule)
    .matchSpecs(rule)
    .map(({ key, spec }) => [
      key,
      spec.pattern.type === 'RegExp' ? spec.pattern.source : spec.pattern.type === 'SubStr' ? spec.pattern.text : spec.pattern.type,
    ]);
}

test('rule table: single-pattern types match with their one pattern, key 0; Calendar with none', () => {
  const [single, suppress, calendar] = rulesOf(`type=Single
ptype=RegExp
pattern=^a(\\d)
desc=a
action=none

type=Suppress
ptype=SubStr
pattern=noise

type=Calendar
time=* * * * *
desc=tick
action=none
`);
  assert.deepEqual(specsOf(single), [[0, '^a(\\d)']]);
  assert.deepEqual(specsOf(suppress), [[0, 'noise']]);
  assert.deepEqual(specsOf(calendar), []);
});

test('rule table: an EventGroup matches with each member, keyed by its index', () => {
  const [group] = rulesOf(`type=EventGroup3
ptype=RegExp
pattern=^x
ptype2=SubStr
pattern2=y
ptype3=RegExp
pattern3=^z(\\d)
desc=g
action=none
window=10
`);
  assert.deepEqual(specsOf(group), [
    [0, '^x'],
    [1, 'y'],
    [2, '^z(\\d)'],
  ]);
});

test("rule table: a Pair's gate is pattern2, with any value where the first event's values go", () => {
  const [fixed, templated, substr] = rulesOf(`type=Pair
ptype=RegExp
pattern=^down (\\S+)
desc=d $1
action=none
ptype2=RegExp
pattern2=^up
desc2=u
action2=none

type=PairWithWindow
ptype=RegExp
pattern=^down (\\S+)
desc=d $1
action=none
ptype2=RegExp
pattern2=^up $1$
desc2=u
action2=none
window=10

type=Pair
ptype=RegExp
pattern=^down (\\S+)
desc=d $1
action=none
ptype2=SubStr
pattern2=up
desc2=u
action2=none
`);
  assert.deepEqual(specsOf(fixed), [
    [0, '^down (\\S+)'],
    [PAIR_GATE, '^up'],
  ]);
  assert.deepEqual(specsOf(templated), [
    [0, '^down (\\S+)'],
    [PAIR_GATE, '^up [\\s\\S]*$'],
  ]);
  // no gate for a SubStr pattern2: every operation is tried
  assert.deepEqual(specsOf(substr), [[0, '^down (\\S+)']]);
});

test('rule table: a live operation leads back to the module of its rule type', () => {
  const h = harness(`type=SingleWithThreshold
ptype=RegExp
pattern=^t
desc=thr
action=none
window=10
thresh=3
`);
  h.feed('t');
  const [op] = h.engine.operations.all();
  assert.equal(operationModule(op), ruleModule(h.config.files[0].rules[0]));
});

test('operations: found by rule and desc, no key kept; the dump shows SEC key', () => {
  const h = harness(`type=SingleWithSuppress
ptype=RegExp
pattern=^s (\\S+)
desc=sup $1
action=none
window=10
`);
  h.feed('s a', 's b');
  const file = h.config.files[0].path;
  const op = h.engine.operations.get(file, 0, 'sup b');
  assert.equal(op?.desc, 'sup b');
  assert.ok(!('key' in (op as object)));
  assert.deepEqual(
    h.engine.operations.toJSON().map((o) => o.key),
    [`${file} | 0 | sup a`, `${file} | 0 | sup b`],
  );
  assert.deepEqual(Object.keys(h.engine.operations.toJSON()[0]), ['type', 'key', 'file', 'ruleIndex', 'desc', 'started', 'time', 'window']);
});
