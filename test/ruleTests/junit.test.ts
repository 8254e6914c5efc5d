import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines } from '../../src/ruleTests/diff.js';
import { junitXml, xmlEscape } from '../../src/ruleTests/junit.js';
import type { RuleTest } from '../../src/ruleTests/parse.js';
import type { FileOutcome } from '../../src/ruleTests/report.js';
import type { TestOutcome } from '../../src/ruleTests/run.js';

const ruleTest = (name: string): RuleTest => ({ name, line: 1, steps: [], expectations: [] });

function outcome(name: string, fields: Partial<TestOutcome> = {}): TestOutcome {
  return { test: ruleTest(name), mismatches: [], log: [], ms: 2, ...fields };
}

/**
 * A small well-formedness check (there is no XML parser among the
 * dependencies): one declaration, then elements that nest and close in
 * order, attributes quoted, every & an entity, no character XML 1.0 forbids.
 * Returns the elements' names in document order.
 */
function wellFormed(xml: string): string[] {
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'declaration');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for the characters XML forbids
  assert.doesNotMatch(xml, /[\x00-\x08\x0b\x0c\x0e-\x1f]/, 'no forbidden character');
  assert.doesNotMatch(xml, /&(?!(amp|lt|gt|quot|apos);)/, 'every & starts an entity');
  const body = xml.slice(xml.indexOf('?>') + 2);
  const open: string[] = [];
  const names: string[] = [];
  const tag = /<(\/?)([A-Za-z]+)((?:\s+[A-Za-z]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  for (tag.lastIndex = 0; at < body.length; at = tag.lastIndex) {
    m = tag.exec(body);
    assert.ok(m, `markup at ${at}: ${body.slice(at, at + 40)}`);
    if (m[5] !== undefined) {
      assert.ok(open.length > 0 || m[5].trim() === '', 'text only inside the root');
      assert.doesNotMatch(m[5], />/, 'no bare > in text');
      continue;
    }
    const [, closing, name, , empty] = m;
    if (closing) assert.equal(open.pop(), name, `</${name}> closes what is open`);
    else {
      names.push(name);
      if (!empty) open.push(name);
    }
  }
  assert.deepEqual(open, [], 'every element closed');
  return names;
}

test('one testsuite per file and one testcase per test, with counts; a failure carries its diff', () => {
  const files: FileOutcome[] = [
    { file: 'a.test', outcomes: [outcome('passes'), outcome('fails', { mismatches: [{ title: 'output -', diff: diffLines(['one'], ['two']) }] })] },
    { file: 'b.test', outcomes: [outcome('cannot run', { error: 'the rule files did not load cleanly (see the log)', log: ['Rule in x: bad'] })] },
  ];
  const xml = junitXml(files);
  assert.deepEqual(wellFormed(xml), ['testsuites', 'testsuite', 'testcase', 'testcase', 'failure', 'testsuite', 'testcase', 'failure']);
  assert.match(xml, /<testsuites name="sec rule tests" tests="3" failures="2" errors="0" time="0.006">/);
  assert.match(xml, /<testsuite name="a.test" tests="2" failures="1" errors="0" time="0.004">/);
  assert.match(xml, /<testcase name="passes" classname="a.test" time="0.002"\/>/);
  assert.match(xml, /<failure message="output - not as expected">output -: \(- expected, \+ actual\)\n {2}- one\n {2}\+ two\n<\/failure>/);
  assert.match(xml, /<failure message="the rule files did not load cleanly \(see the log\)">[^<]*log:\n {2}Rule in x: bad\n<\/failure>/);
});

test('names, messages and diffs are escaped: markup characters and characters XML cannot hold', () => {
  const nasty = `<a href="x">&'\x01\x1b\ud800</a>`;
  const xml = junitXml([
    { file: `"${nasty}".test`, outcomes: [outcome(nasty, { mismatches: [{ title: `output ${nasty}`, diff: diffLines([nasty], []) }], log: [nasty] })] },
  ]);
  wellFormed(xml);
  assert.equal(xmlEscape(nasty), '&lt;a href=&quot;x&quot;&gt;&amp;&apos;\\x01\\x1b\\xd800&lt;/a&gt;');
  assert.equal(xmlEscape('tab\tnewline\nok é'), 'tab\tnewline\nok é');
});
