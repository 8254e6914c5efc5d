import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../support/harness.js';

// Rules whose regular expression only Perl runs exactly: the engine matches
// them on the Perl interpreter beside RE2 ones (the one-pass RE2.Set of the
// file skips them), and Pair builds them per operation from pattern2.

const onPerlNotes = (logs: string[]): string[] => logs.filter((m) => m.includes('runs on the Perl interpreter'));

test('a Single rule with a branch reset matches on Perl and sets $1, noted once when the rules load', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^(?|a(\\d)|b(\\d))x
desc=reset $1
action=write - got $1 (%s)

type=Single
ptype=RegExp
pattern=^one (\\d+)
desc=one
action=write - one $1

type=Single
ptype=RegExp
pattern=^two
desc=two
action=write - two

type=Single
ptype=RegExp
pattern=^three
desc=three
action=write - three
`);
  assert.equal(h.config.ok, true);
  h.feed('b7x', 'one 5', 'a3x', 'c1x', 'b7', 'three');
  assert.deepEqual(h.lines(), ['got 7 (reset 7)', 'one 5', 'got 3 (reset 3)', 'three']);
  const path = h.config.files[0].path;
  assert.deepEqual(onPerlNotes(h.logs), [
    `Rule in ${path} at line 1: regular expression '^(?|a(\\d)|b(\\d))x' runs on the Perl interpreter (the Perl construct (?| has no exact RE2 or JavaScript form)`,
  ]);
});

test("Pair: a pattern2 only Perl runs, built from the first event's $1, completes its operation", () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^start (\\S+)
desc=job $1
action=write - started $1
ptype2=RegExp
pattern2=^(?|end|stop) $1 \\K(\\d+)
desc2=job %1 ended
action2=write - %1 ended with $1
`);
  h.feed('start a.b', 'stop axb 1', 'stop a.b x', 'end a.b 42', 'start c', 'stop c 7');
  assert.deepEqual(h.lines(), ['started a.b', 'a.b ended with 42', 'started c', 'c ended with 7']);
  // said once for the rule, with the first pattern built
  assert.deepEqual(onPerlNotes(h.logs), [
    `Rule in ${h.config.files[0].path} at line 1: regular expression '^(?|end|stop) a\\.b \\K(\\d+)' runs on the Perl interpreter (the Perl construct (?| has no exact RE2 or JavaScript form)`,
  ]);
});

test('EventGroup: a member pattern and egpattern that only Perl runs', () => {
  const h = harness(`type=EventGroup2
ptype=RegExp
pattern=^(?|in|on) (\\S+)
ptype2=RegExp
pattern2=^out \\K(\\S+)
egptype=RegExp
egtoken=a
egtoken2=b
egpattern=^(?>a+)(?(?= b) b)$
desc=pair
action=write - both
window=10
`);
  h.feed('in x', 'out y');
  assert.deepEqual(h.lines(), ['both']);
  assert.equal(onPerlNotes(h.logs).length, 3);
});
