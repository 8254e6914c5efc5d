// The state file at start: none, a good one, and unusable ones (corrupt,
// wrong shape, another format version), which are set aside while sec
// starts with empty state.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { STATE_VERSION, StateKeeper } from '../../src/state/stateKeeper.js';
import { harness, harnessOver, type Harness } from '../support/harness.js';

const RULES = `type=SingleWithThreshold
ptype=RegExp
pattern=^t$
desc=thr
action=write - fired
window=60
thresh=2
`;

function keeper(h: Harness, file: string): StateKeeper {
  return new StateKeeper(file, h.engine, () => [], h.engine.log, 'test');
}

test('saved at one engine, loaded by another: the count goes on; no file means empty state', () => {
  const first = harness(RULES);
  const file = path.join(first.dir, 'state.json');
  keeper(first, file).load();
  assert.ok(first.logs.some((m) => m.includes(`No state file ${file} yet`)));
  first.feed('t');
  keeper(first, file).save();
  assert.ok(!fs.existsSync(`${file}.tmp`), 'the temporary file was renamed over the state file');
  const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: number; operations: unknown[] };
  assert.equal(saved.version, STATE_VERSION);
  assert.equal(saved.operations.length, 1);
  // a second engine over the same rule file, as sec started again
  const second = harnessOver(first.dir, [first.config.files[0].path], {}, first.clock.seconds() + 5);
  keeper(second, file).load();
  assert.equal(second.engine.operations.size, 1);
  assert.ok(
    second.logs.some((m) => m.includes(`State restored from ${file}`)),
    second.logs.join('\n'),
  );
  second.feed('t');
  assert.deepEqual(second.lines(), ['fired']);
});

for (const [what, text, reason] of [
  ['corrupt JSON', '{"format": "sec-ts-state", "version": 1, "contexts": [', /is not used: it is not valid/],
  [
    'a wrong shape',
    JSON.stringify({ format: 'sec-ts-state', version: STATE_VERSION, secTs: 'x', savedAt: 1, inputs: [], ruleFiles: {}, contexts: 5 }),
    /field 'contexts'/,
  ],
  ['another format version', JSON.stringify({ format: 'sec-ts-state', version: STATE_VERSION + 1 }), /format version 2, this sec-ts reads version 1/],
  ['a list instead of an object', '[1, 2, 3]', /not an object/],
] as const) {
  test(`a state file with ${what} is set aside and sec starts with empty state`, () => {
    const h = harness(RULES);
    const file = path.join(h.dir, 'state.json');
    fs.writeFileSync(file, text);
    keeper(h, file).load();
    assert.ok(
      h.logs.some((m) => reason.test(m) && m.includes(`State file ${file} is not used`) && m.includes('renamed to')),
      h.logs.join('\n'),
    );
    assert.ok(!fs.existsSync(file), 'the bad file is gone from its name');
    const aside = fs.readdirSync(h.dir).filter((n) => n.startsWith('state.json.bad-'));
    assert.equal(aside.length, 1);
    assert.equal(fs.readFileSync(path.join(h.dir, aside[0]), 'utf8'), text);
    // empty state: the threshold counts from nothing
    h.feed('t');
    assert.deepEqual(h.lines(), []);
    h.feed('t');
    assert.deepEqual(h.lines(), ['fired']);
  });
}

test('a state that cannot be taken is logged and the save returns null, leaving the previous file as it was', () => {
  const h = harness(RULES);
  const file = path.join(h.dir, 'state.json');
  h.feed('t');
  assert.notEqual(keeper(h, file).save(), null);
  const before = fs.readFileSync(file, 'utf8');
  h.engine.operations.all = () => {
    throw new RangeError('Maximum call stack size exceeded');
  };
  assert.equal(keeper(h, file).save(), null);
  assert.ok(
    h.logs.some((m) => m.includes(`Can't save state to ${file} (Maximum call stack size exceeded)`)),
    h.logs.join('\n'),
  );
  assert.equal(fs.readFileSync(file, 'utf8'), before);
});
