import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileText, running, scratchDir, startSec, waitFor } from '../support/process.js';

// Shell injection through log lines, end to end with bin/sec: a matched field
// carrying $(...), backticks or "; cmd" must never run a command through
// cmdexec, spawnexec, pipeexec or write; shellcmd is protected by --quoting
// (and, to show these tests can fail, is injectable without it, as in SEC).
// Expectations checked against sec 2.9.1; SEC_E2E_BIN runs them against another sec.

const PAYLOADS = ['$(touch PWNED1)', '`touch PWNED2`', 'x; touch PWNED3'];

const pwned = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => /^PWNED\d$/.test(f))
    .sort();

interface Result {
  dir: string;
  out: string[];
  log: string;
}

/**
 * Run sec over `lines` on standard input in a fresh working directory; wait
 * for `expected` output lines and for `children` child processes to have
 * been created and to have finished (pids from SEC's debug log), then close the input.
 */
async function run(rules: string, lines: string[], expected: string[], children: number, extra: string[] = []): Promise<Result> {
  const dir = scratchDir('sec-inject-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rules);
  const logFile = path.join(dir, 'sec.log');
  const sec = startSec(['--conf=r.conf', '--input=-', '--notail', `--log=${logFile}`, '--debug=6', ...extra], dir);
  const log = (): string => fileText(logFile);
  const outLines = (): string[] =>
    sec
      .stdout()
      .split('\n')
      .filter((l) => l !== '');
  try {
    sec.child.stdin?.write(lines.map((l) => `${l}\n`).join(''));
    const state = (): string => `output:\n${sec.stdout()}\nstderr:\n${sec.stderr()}\nlog:\n${log()}`;
    await waitFor(
      () => expected.every((e) => outLines().includes(e)),
      () => `the expected output; ${state()}`,
    );
    // the children SEC logs as created must all have finished (exited: gone, or a zombie not reaped yet)
    const pids = (): number[] => [...log().matchAll(/Child (\d+) created/g)].map((m) => Number(m[1]));
    await waitFor(
      () => pids().length >= children && pids().every((pid) => !running(pid)),
      () => `${children} children to finish; ${state()}`,
    );
    sec.child.stdin?.end();
    assert.equal((await sec.exited).code, 0, state());
    assert.equal(pids().length, children, state());
    return { dir, out: outLines().sort(), log: log() };
  } finally {
    if (sec.child.exitCode === null) sec.child.kill('SIGKILL');
  }
}

test('cmdexec: the matched field is one argument of /bin/echo, never shell code', async () => {
  const r = await run(
    `type=Single
ptype=RegExp
pattern=^cmd user=(.*) end$
desc=cmd
action=cmdexec /bin/echo cmdexec:$1
`,
    PAYLOADS.map((p) => `cmd user=${p} end`),
    PAYLOADS.map((p) => `cmdexec:${p}`),
    3,
  );
  assert.deepEqual(r.out, PAYLOADS.map((p) => `cmdexec:${p}`).sort());
  assert.deepEqual(pwned(r.dir), []);
});

test('spawnexec: the child gets the field as one argument; its output comes back as events, not commands', async () => {
  const r = await run(
    `type=Single
ptype=RegExp
pattern=^spawn user=(.*) end$
desc=spawn
action=spawnexec /bin/echo spawned:$1

type=Single
ptype=RegExp
pattern=^spawned:(.*)$
desc=spawned
action=write - got-spawn:$1
`,
    PAYLOADS.map((p) => `spawn user=${p} end`),
    PAYLOADS.map((p) => `got-spawn:${p}`),
    3,
  );
  assert.deepEqual(r.out, PAYLOADS.map((p) => `got-spawn:${p}`).sort());
  assert.deepEqual(pwned(r.dir), []);
});

test('pipeexec: the field is data on the standard input of /bin/cat, and one argument of tee', async () => {
  const expected = [...PAYLOADS, ...PAYLOADS.map((p) => `tee:${p}`)];
  const r = await run(
    `type=Single
ptype=RegExp
pattern=^pipe user=(.*) end$
desc=pipe
action=pipeexec '$1' /bin/cat; pipeexec 'tee:$1' /usr/bin/tee tee-$1
`,
    PAYLOADS.map((p) => `pipe user=${p} end`),
    expected,
    6,
  );
  assert.deepEqual(r.out, [...expected].sort());
  for (const p of PAYLOADS) assert.equal(fs.readFileSync(path.join(r.dir, `tee-${p}`), 'latin1'), `tee:${p}\n`, 'tee wrote to the literal file name');
  assert.deepEqual(pwned(r.dir), []);
});

test('write never reaches a shell: the field is written as text, and as a file name it is a literal name', async () => {
  const payloads = ['|touch PWNED5', '$(touch PWNED1)', 'x; touch PWNED3'];
  const r = await run(
    `type=Single
ptype=RegExp
pattern=^write user=(.*) end$
desc=write
action=write - write:$1; write $1 filewrite
`,
    payloads.map((p) => `write user=${p} end`),
    payloads.map((p) => `write:${p}`),
    0,
  );
  assert.deepEqual(r.out, payloads.map((p) => `write:${p}`).sort());
  for (const p of payloads) assert.equal(fs.readFileSync(path.join(r.dir, p), 'latin1'), 'filewrite\n', `the file literally named ${p}`);
  assert.deepEqual(pwned(r.dir), []);
});

const SHELL_RULE = `type=Single
ptype=RegExp
pattern=^shell user=(.*) end$
desc=user $1
action=shellcmd /bin/echo %s
`;
const SHELL_PAYLOADS = [...PAYLOADS, "'; touch PWNED4; '"];

test('shellcmd with --quoting: %s holding the field reaches /bin/echo as one quoted word', async () => {
  const expected = SHELL_PAYLOADS.map((p) => `user ${p}`);
  const r = await run(
    SHELL_RULE,
    SHELL_PAYLOADS.map((p) => `shell user=${p} end`),
    expected,
    4,
    ['--quoting'],
  );
  assert.deepEqual(r.out, [...expected].sort());
  assert.deepEqual(pwned(r.dir), []);
});

test('shellcmd with --noquoting: the same lines do run the injected commands (so the test above can fail)', async () => {
  // what /bin/sh makes of the unquoted text
  const expected = ['user', 'user', 'user x', 'user ; touch PWNED4; '];
  const r = await run(
    SHELL_RULE,
    SHELL_PAYLOADS.map((p) => `shell user=${p} end`),
    expected,
    4,
    ['--noquoting'],
  );
  assert.deepEqual(r.out, [...expected].sort());
  assert.deepEqual(pwned(r.dir), ['PWNED1', 'PWNED2', 'PWNED3']);
});
