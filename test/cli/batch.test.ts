import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileLines, scratchDir, startSec, waitFor } from '../support/process.js';

// Batch runs (--notail) that end right after their last line still carry out
// every command their actions asked for, as SEC does: it forks each child
// when the action runs. With --nochildterm the children finish after sec has
// exited; with the default --childterm they have all been created (SEC then
// terminates those still running). Every process-starting action, with the
// input from a file and from standard input.

const LINES = 10;

/** Each process-starting action, recording what it ran in out.txt (rec.sh: its arguments, cat.sh: its input). */
const ACTIONS: Record<string, string> = {
  shellcmd: 'shellcmd ./rec.sh shellcmd $1',
  cmdexec: 'cmdexec ./rec.sh cmdexec $1',
  spawn: 'spawn ./rec.sh spawn $1',
  spawnexec: 'spawnexec ./rec.sh spawnexec $1',
  cspawn: 'cspawn CTX ./rec.sh cspawn $1',
  cspawnexec: 'cspawnexec CTX ./rec.sh cspawnexec $1',
  pipe: "pipe 'pipe $1' ./cat.sh",
  pipeexec: "pipeexec 'pipeexec $1' ./cat.sh",
  report: 'add R$1 report $1; report R$1 ./cat.sh',
  reportexec: 'add E$1 reportexec $1; reportexec E$1 ./cat.sh',
};

function rules(): string {
  const single = Object.values(ACTIONS).map((action) => `type=Single\nptype=RegExp\npattern=^job (\\d+)\ncontinue=TakeNext\ndesc=x\naction=${action}\n`);
  const script = 'type=SingleWithScript\nptype=RegExp\npattern=^job (\\d+)\nscript=./rec.sh script $1\ndesc=x\naction=none\n';
  return [...single, script].join('\n');
}

const KINDS = [...Object.keys(ACTIONS), 'script'];
const expected = KINDS.flatMap((kind) => Array.from({ length: LINES }, (_, i) => `${kind} ${i + 1}`)).sort();

function setUp(): string {
  const dir = scratchDir('sec-batch-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rules());
  fs.writeFileSync(path.join(dir, 'rec.sh'), '#!/bin/sh\necho "$@" >> out.txt\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'cat.sh'), '#!/bin/sh\ncat >> out.txt\n', { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'in.txt'), Array.from({ length: LINES }, (_, i) => `job ${i + 1}\n`).join(''));
  return dir;
}

const FORMS = [
  { name: 'a file', args: ['--input=in.txt'], stdin: (_dir: string) => '' },
  { name: 'standard input', args: ['--input=-'], stdin: (dir: string) => fs.readFileSync(path.join(dir, 'in.txt'), 'latin1') },
];

for (const form of FORMS) {
  test(`--notail --nochildterm from ${form.name}: every command of every process-starting action runs`, async () => {
    const dir = setUp();
    const sec = startSec(['--conf=r.conf', ...form.args, '--notail', '--nochildterm', '--log=sec.log'], dir, { stdin: form.stdin(dir) });
    const { code } = await sec.exited;
    assert.equal(code, 0, sec.stderr());
    const out = path.join(dir, 'out.txt');
    await waitFor(
      () => fileLines(out).length >= expected.length,
      () => `${expected.length} lines in out.txt, got ${fileLines(out).length}`,
    );
    assert.deepEqual(fileLines(out).sort(), expected);
  });

  test(`--notail (--childterm) from ${form.name}: every child is created before sec exits`, async () => {
    const dir = setUp();
    const sec = startSec(['--conf=r.conf', ...form.args, '--notail', '--log=sec.log', '--debug=6'], dir, { stdin: form.stdin(dir) });
    const { code } = await sec.exited;
    assert.equal(code, 0, sec.stderr());
    const created = fileLines(path.join(dir, 'sec.log')).filter((l) => / Child \d+ created for command '/.test(l));
    assert.equal(created.length, KINDS.length * LINES);
  });
}

test('a flood with --max-children=4: never more than 4 commands at once, every one runs, sec waits for the last to start (--nochildterm)', async () => {
  const dir = scratchDir('sec-flood-');
  const lines = 150;
  fs.writeFileSync(path.join(dir, 'r.conf'), 'type=Single\nptype=RegExp\npattern=^job (\\d+)\ndesc=x\naction=shellcmd ./step.sh $1\n');
  fs.writeFileSync(path.join(dir, 'step.sh'), '#!/bin/sh\necho + >> c.txt; sleep 0.02; echo - >> c.txt; echo $1 >> done.txt\n', { mode: 0o755 });
  const input = Array.from({ length: lines }, (_, i) => `job ${i + 1}\n`).join('');
  const sec = startSec(['--conf=r.conf', '--input=-', '--notail', '--nochildterm', '--max-children=4', '--log=sec.log'], dir, { stdin: input });
  const { code } = await sec.exited;
  assert.equal(code, 0, sec.stderr());
  const done = path.join(dir, 'done.txt');
  await waitFor(
    () => fileLines(done).length === lines,
    () => `${lines} commands done, got ${fileLines(done).length}`,
  );
  let running = 0;
  let most = 0;
  for (const mark of fileLines(path.join(dir, 'c.txt'))) {
    running += mark === '+' ? 1 : -1;
    most = Math.max(most, running);
  }
  assert.ok(most <= 4, `${most} commands ran at once`);
  assert.deepEqual(
    fileLines(done)
      .map(Number)
      .sort((a, b) => a - b),
    Array.from({ length: lines }, (_, i) => i + 1),
  );
});
