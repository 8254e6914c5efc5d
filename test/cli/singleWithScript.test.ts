import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileLines, scratchDir, type SecRun, startSec, waitFor } from '../support/process.js';

// End-to-end SingleWithScript runs of bin/sec; expectations checked against sec 2.9.1.

interface Run {
  sec: SecRun;
  out: () => string;
  lines: () => string[];
  /** Wait until pred(output) holds. */
  waitFor: (pred: (out: string) => boolean) => Promise<void>;
  /** Wait until sec has seen `n` scripts end (and so has run their actions). */
  scriptsDone: (n: number) => Promise<void>;
  /** Close stdin, wait for the exit and return the exit code. */
  finish: () => Promise<number | null>;
}

function start(rules: string, dir = scratchDir('sec-sws-')): Run {
  fs.writeFileSync(path.join(dir, 'r.conf'), rules);
  // outside the working directory, where a test globs *
  const log = path.join(scratchDir('sec-sws-log-'), 'sec.log');
  const sec = startSec(['--conf=r.conf', '--input=-', '--notail', `--log=${log}`, '--debug=6'], dir);
  const ended = (): number => fileLines(log).filter((l) => / Child \d+ terminated with (non-zero )?exitcode \d+$/.test(l)).length;
  return {
    sec,
    out: sec.stdout,
    lines: () =>
      sec
        .stdout()
        .split('\n')
        .filter((l) => l !== ''),
    waitFor: (pred) =>
      waitFor(
        () => pred(sec.stdout()),
        () => `the output; so far:\n${sec.stdout()}`,
      ),
    // the action runs right after the message, before sec reads on
    scriptsDone: (n) =>
      waitFor(
        () => ended() >= n,
        () => `${n} scripts to end; log:\n${fileLines(log).join('\n')}`,
      ),
    finish: async () => {
      sec.child.stdin?.end();
      return (await sec.exited).code;
    },
  };
}

const count = (out: string): number => out.split('\n').filter((l) => l !== '').length;

test('SingleWithScript: exit 0 runs action, non-zero runs action2, match variables reach the script', async () => {
  const run = start(`type=SingleWithScript
ptype=RegExp
pattern=^code (\\d+)
script=sh -c 'exit $1'
desc=code $1
action=write - success: %s one=$1
action2=write - failure: %s one=$1

type=SingleWithScript
ptype=RegExp
pattern=^only (\\d+)
script=sh -c 'exit $1'
desc=only $1
action=write - only-success: %s
`);
  run.sec.child.stdin?.write('code 0\ncode 3\nonly 1\nonly 0\n');
  await run.waitFor((o) => count(o) >= 3);
  await run.scriptsDone(4);
  assert.equal(await run.finish(), 0);
  // children finish in any order
  assert.deepEqual(run.lines().sort(), ['failure: code 3 one=3', 'only-success: only 0', 'success: code 0 one=0']);
});

test('SingleWithScript: the script reads the context names on its standard input', async () => {
  const run = start(`type=Single
ptype=RegExp
pattern=^make (\\S+)
desc=make $1
action=create $1

type=SingleWithScript
ptype=RegExp
pattern=^has (\\S+)
script=grep -qx $1
desc=context $1
action=write - exists: %s
action2=write - absent: %s
`);
  run.sec.child.stdin?.write('make FLAG_X\nmake OTHER\nhas FLAG_X\nhas FLAG_Y\nhas FLAG\n');
  await run.waitFor((o) => count(o) >= 3);
  await run.scriptsDone(3);
  await run.finish();
  assert.deepEqual(run.lines().sort(), ['absent: context FLAG', 'absent: context FLAG_Y', 'exists: context FLAG_X']);
});

test('SingleWithScript: a script with shell characters runs under a shell by default', async () => {
  const run = start(`type=SingleWithScript
ptype=RegExp
pattern=^shell (\\d+)
script=true; exit $1
desc=shell $1
action=write - success: %s
action2=write - failure: %s
`);
  run.sec.child.stdin?.write('shell 0\nshell 2\n');
  await run.waitFor((o) => count(o) >= 2);
  await run.finish();
  assert.deepEqual(run.lines().sort(), ['failure: shell 2', 'success: shell 0']);
});

test('SingleWithScript: shell=no splits the command on whitespace and runs it without a shell', async () => {
  const dir = scratchDir('sec-sws-');
  fs.writeFileSync(path.join(dir, 'globbed-file'), '');
  const run = start(
    `type=SingleWithScript
ptype=RegExp
pattern=^noshell (\\S+)
script=/bin/sh -c 'exit $1'
shell=no
desc=noshell $1
action=write - ns-ok: %s
action2=write - ns-fail: %s

type=SingleWithScript
ptype=RegExp
pattern=^star (\\S+)
script=/bin/echo $1 *
shell=no
desc=star $1
action=write - star-ok
action2=write - star-fail

type=SingleWithScript
ptype=RegExp
pattern=^globbed (\\S+)
script=/bin/echo $1 *
desc=globbed $1
action=write - glob-ok
`,
    dir,
  );
  run.sec.child.stdin?.write('noshell 0\nstar zz\n');
  await run.waitFor((o) => o.includes('ns-fail') && o.includes('star-ok') && o.includes('zz'));
  run.sec.child.stdin?.write('globbed yy\n');
  await run.waitFor((o) => o.includes('glob-ok') && o.includes('yy'));
  await run.scriptsDone(3);
  await run.finish();
  const lines = run.lines();
  // the quote is not shell syntax: sh gets the script "'exit" and fails
  assert.ok(lines.includes('ns-fail: noshell 0'), run.out());
  assert.ok(!lines.some((l) => l.startsWith('ns-ok')), run.out());
  // no shell, no globbing: the script printed a literal *
  assert.ok(lines.includes('zz *'), run.out());
  // with the default shell=yes the * is expanded
  assert.ok(lines.includes('yy globbed-file r.conf'), run.out());
});
