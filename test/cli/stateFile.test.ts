// --state-file end to end: bin/sec on a real input file is stopped (TERM,
// kill -9 after a periodic save, HUP) and started again with the same
// command line; a threshold count goes on, and every input line is
// processed exactly once (a per-line write shows it), including lines
// written while sec was stopped and a file rotated meanwhile.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileLines, fileText, scratchDir, startSec, waitFor, type SecRun } from '../support/process.js';

const RULES = `type=Single
ptype=RegExp
pattern=^(hit .*)$
desc=line
action=write seen.log $1
continue=TakeNext

type=SingleWithThreshold
ptype=RegExp
pattern=^hit (\\S+)
desc=thr $1
action=write seen.log FIRED %s
window=60
thresh=3

type=Single
ptype=RegExp
pattern=^SEC_(STARTUP|RESTART)$
desc=internal
action=write seen.log $0
`;

interface Setup {
  dir: string;
  input: string;
  seen: () => string[];
  start: (extra?: string[]) => SecRun;
}

function setup(): Setup {
  const dir = scratchDir('sec-state-');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULES);
  const input = path.join(dir, 'in.log');
  fs.writeFileSync(input, 'written before the first start\n');
  const seen = (): string[] => fileLines(path.join(dir, 'seen.log'));
  // SEC_STARTUP comes after the inputs were opened (and the state read): lines written after it are read
  const start = (extra: string[] = ['--state-file=state.json']): SecRun =>
    startSec(['--conf=r.conf', '--input=in.log', '--intevents', '--nochildterm', '--log=sec.log', ...extra], dir);
  return { dir, input, seen, start };
}

/** Wait until seen.log holds `lines` exactly so far (it only grows). */
async function seenIs(s: Setup, lines: string[]): Promise<void> {
  await waitFor(
    () => s.seen().length >= lines.length,
    () => `seen.log to hold ${JSON.stringify(lines)}; it holds ${JSON.stringify(s.seen())}`,
  );
  assert.deepEqual(s.seen(), lines);
}

async function stop(sec: SecRun, signal: NodeJS.Signals): Promise<void> {
  sec.child.kill(signal);
  await sec.exited;
}

/** A first run that counts two hits of `a`, then is stopped with TERM (saving its state). */
async function twoHitsThenTerm(s: Setup): Promise<void> {
  const first = s.start();
  await seenIs(s, ['SEC_STARTUP']);
  fs.appendFileSync(s.input, 'hit a\nhit a\n');
  await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a']);
  await stop(first, 'SIGTERM');
}

test('TERM saves the state: after a restart the threshold fires at the 3rd line, lines written meanwhile are read once', async () => {
  const s = setup();
  await twoHitsThenTerm(s);
  const state = JSON.parse(fileText(path.join(s.dir, 'state.json'))) as { operations: { desc: string; times: number[] }[] };
  assert.deepEqual(
    state.operations.map((op) => [op.desc, op.times.length]),
    [['thr a', 2]],
  );
  // not in tail position at restart: this line is read although sec was not running
  fs.appendFileSync(s.input, 'hit x\n');
  const second = s.start();
  try {
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit x']);
    fs.appendFileSync(s.input, 'hit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit x', 'hit a', 'FIRED thr a']);
    assert.match(fileText(path.join(s.dir, 'sec.log')), /State restored from state\.json .*1 operations, 0 delayed events, 1 input positions/);
  } finally {
    await stop(second, 'SIGTERM');
  }
});

test('kill -9 after a periodic save: no line is lost or processed twice', async () => {
  const s = setup();
  const first = s.start(['--state-file=state.json', '--state-interval=1']);
  await seenIs(s, ['SEC_STARTUP']);
  fs.appendFileSync(s.input, 'hit a\nhit a\n');
  await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a']);
  const size = fs.statSync(s.input).size;
  // a save that has read every line (a periodic one: nothing else saves while sec runs)
  await waitFor(() => {
    try {
      const state = JSON.parse(fileText(path.join(s.dir, 'state.json'))) as { inputs: { offset: number }[]; operations: unknown[] };
      return state.inputs[0]?.offset === size && state.operations.length === 1;
    } catch {
      return false;
    }
  }, 'a periodic save after the lines');
  await stop(first, 'SIGKILL');
  fs.appendFileSync(s.input, 'hit x\n');
  const second = s.start(['--state-file=state.json', '--state-interval=1']);
  try {
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit x']);
    fs.appendFileSync(s.input, 'hit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit x', 'hit a', 'FIRED thr a']);
  } finally {
    await stop(second, 'SIGTERM');
  }
});

test('HUP with --state-file keeps a running threshold count', async () => {
  const s = setup();
  const sec = s.start();
  try {
    await seenIs(s, ['SEC_STARTUP']);
    fs.appendFileSync(s.input, 'hit a\nhit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a']);
    sec.child.kill('SIGHUP');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_RESTART']);
    fs.appendFileSync(s.input, 'hit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_RESTART', 'hit a', 'FIRED thr a']);
  } finally {
    await stop(sec, 'SIGTERM');
  }
});

test('HUP without --state-file drops the count, as SEC does', async () => {
  const s = setup();
  const sec = s.start([]);
  try {
    await seenIs(s, ['SEC_STARTUP']);
    fs.appendFileSync(s.input, 'hit a\nhit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a']);
    sec.child.kill('SIGHUP');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_RESTART']);
    // the count starts again: it fires at the third line after the restart, not the first
    fs.appendFileSync(s.input, 'hit a\nhit a\nhit a\n');
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_RESTART', 'hit a', 'hit a', 'hit a', 'FIRED thr a']);
  } finally {
    await stop(sec, 'SIGTERM');
  }
  assert.ok(!fs.existsSync(path.join(s.dir, 'state.json')));
});

test('rotated while stopped: the rest of in.log.1 is read, then the new in.log from its start', async () => {
  const s = setup();
  await twoHitsThenTerm(s);
  fs.appendFileSync(s.input, 'hit old\n');
  fs.renameSync(s.input, `${s.input}.1`);
  fs.writeFileSync(s.input, 'hit new\n');
  const second = s.start();
  try {
    await seenIs(s, ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit old', 'hit new']);
    assert.match(fileText(path.join(s.dir, 'sec.log')), /in\.log was rotated while sec was stopped, reading the rest of in\.log\.1/);
  } finally {
    await stop(second, 'SIGTERM');
  }
});

test('--notail runs one after another go on from each other: only the lines added since are read, the count goes on', async () => {
  const s = setup();
  fs.appendFileSync(s.input, 'hit a\nhit a\n');
  const notail = ['--notail', '--state-file=state.json'];
  assert.deepEqual((await s.start(notail).exited).code, 0);
  assert.deepEqual(s.seen(), ['SEC_STARTUP', 'hit a', 'hit a']);
  const state = JSON.parse(fileText(path.join(s.dir, 'state.json'))) as { inputs: { name: string; offset: number }[] };
  assert.deepEqual(
    state.inputs.map((i) => [i.name, i.offset]),
    [['in.log', fs.statSync(s.input).size]],
  );
  fs.appendFileSync(s.input, 'hit a\n');
  assert.deepEqual((await s.start(notail).exited).code, 0);
  assert.deepEqual(s.seen(), ['SEC_STARTUP', 'hit a', 'hit a', 'SEC_STARTUP', 'hit a', 'FIRED thr a']);
});
