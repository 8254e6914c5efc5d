import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import type { ContextStore } from '../../src/context/store.js';
import { harness } from '../support/harness.js';
import { fileLines, projectDir, scratchDir, startSec, waitFor } from '../support/process.js';

// One event must never take the process down: a failure inside our own code
// while an event is processed is logged with the rule file, the rule's line
// and the event, and the next event is processed as usual. Faults are
// injected by replacing a method of the context store.

/** Make ContextStore.create throw for contexts named `boom`; returns the undo. */
function injectCreateFault(store: ContextStore): void {
  const create = store.create.bind(store);
  store.create = (name, ...rest) => {
    if (name === 'boom') throw new Error('injected fault');
    return create(name, ...rest);
  };
}

test('a fault while an event is processed is logged with rule file, line and event; the next event goes on', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^make (\\S+)
desc=make $1
action=create $1; write - made $1
`);
  injectCreateFault(h.engine.contexts);
  h.feed('make boom', 'make fine');
  assert.deepEqual(h.lines(), ['made fine']);
  const rulesFile = path.join(h.dir, 'rules.conf');
  assert.ok(
    h.logs.some((l) => l === `Internal error while processing event 'make boom' with the rule in ${rulesFile} at line 1: injected fault`),
    h.logs.join('\n'),
  );
  assert.ok(h.engine.contexts.has('fine'));
});

test('a fault in a later rule file names that file and line; earlier rules have already acted', () => {
  const h = harness({
    'a.conf': 'type=Single\nptype=SubStr\npattern=make\ndesc=a\naction=write - first file\n',
    'b.conf': '# the rule below\n\ntype=Single\nptype=RegExp\npattern=^make (\\S+)\ndesc=b\naction=create $1\n',
  });
  injectCreateFault(h.engine.contexts);
  h.feed('make boom');
  assert.deepEqual(h.lines(), ['first file']);
  assert.ok(
    h.logs.some((l) => l.endsWith(`with the rule in ${path.join(h.dir, 'b.conf')} at line 3: injected fault`)),
    h.logs.join('\n'),
  );
});

test('a fault in an expiry action during the sweep is logged; other contexts still expire', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^ctx (\\S+) (\\S+)
desc=ctx
action=create $1 1 (create $2; write - expired $1)
`);
  injectCreateFault(h.engine.contexts);
  h.feed('ctx A boom', 'ctx B fine');
  h.advance(2);
  assert.deepEqual(h.lines(), ['expired B']);
  assert.ok(
    h.logs.some((l) => l === "Internal error while expiring context 'A': injected fault"),
    h.logs.join('\n'),
  );
  assert.ok(!h.engine.contexts.has('A') || h.engine.contexts.get('A')?.deleting, 'A is gone');
});

test('a fault in a Calendar rule is logged once for its minute, and input goes on', () => {
  const h = harness(`type=Calendar
time=* * * * *
desc=tick
action=create boom

type=Single
ptype=SubStr
pattern=ping
desc=ping
action=write - pong
`);
  injectCreateFault(h.engine.contexts);
  h.advance(61);
  h.feed('ping');
  assert.deepEqual(h.lines(), ['pong']);
  assert.ok(
    h.logs.some((l) => /^Internal error while running the Calendar rule in .*rules\.conf at line 1: injected fault$/.test(l)),
    h.logs.join('\n'),
  );
});

test('end to end: a fault injected into the running bin/sec is logged and the following lines are processed', async () => {
  const dir = scratchDir('sec-fault-');
  const store = pathToFileURL(path.join(projectDir, 'dist/src/context/store.js')).href;
  // loaded before sec itself (node --import): the same module instance sec uses
  fs.writeFileSync(
    path.join(dir, 'inject.mjs'),
    `import { ContextStore } from ${JSON.stringify(store)};
const create = ContextStore.prototype.create;
ContextStore.prototype.create = function (name, ...rest) {
  if (name === 'boom') throw new RangeError('injected fault');
  if (name === 'async') setTimeout(() => { throw new Error('injected outside event processing'); }, 0);
  return create.call(this, name, ...rest);
};
`,
  );
  fs.writeFileSync(path.join(dir, 'r.conf'), 'type=Single\nptype=RegExp\npattern=^make (\\S+)\ndesc=make $1\naction=create $1; write - made $1\n');
  // sec from its unbundled modules: bin/sec's bundle holds its own copy of the store patched above
  const main = pathToFileURL(path.join(projectDir, 'dist/src/cli/main.js')).href;
  fs.writeFileSync(path.join(dir, 'sec.mjs'), `import { main } from ${JSON.stringify(main)};\nawait main(process.argv.slice(2));\n`);
  const sec = startSec(['--conf=r.conf', '--input=-', '--notail', '--log=sec.log'], dir, {
    nodeArgs: ['--import', path.join(dir, 'inject.mjs')],
    script: path.join(dir, 'sec.mjs'),
  });
  sec.child.stdin?.write('make one\nmake boom\nmake async\n');
  await waitFor(
    () => fileLines(path.join(dir, 'sec.log')).some((l) => l.includes('injected outside event processing')),
    'the fault outside event processing to be logged',
  );
  sec.child.stdin?.end('make two\n');
  const { code } = await sec.exited;
  assert.equal(code, 0, sec.stderr());
  assert.equal(sec.stdout(), 'made one\nmade async\nmade two\n');
  const log = fileLines(path.join(dir, 'sec.log')).join('\n');
  assert.match(log, /Internal error while processing event 'make boom' with the rule in r\.conf at line 1: injected fault/);
  assert.match(log, /Internal error while running: injected outside event processing/);
});
