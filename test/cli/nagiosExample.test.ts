import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { nagiosDir, nagiosRules } from '../support/nagiosExample.js';
import { fileLines, scratchDir, secBin, waitFor } from '../support/process.js';

// The Nagios example run as shipped (apart from where it keeps its record)
// over examples/nagios/auth.sample, with a plain file as the Nagios command
// file. Expectations checked against sec 2.9.1 (SEC_E2E_BIN=/usr/bin/sec).

const RESULT =
  /^\[(\d+)\] PROCESS_SERVICE_CHECK_RESULT;([^;]+);SSH logins;2;(SSH login failure for \S+ from [\d.]+) at \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$/;

test('each failure is a CRITICAL result for the host that logged it (the syslog host), and a line in the record', async () => {
  const dir = scratchDir('sec-nagios-');
  const { conf, record } = nagiosRules(dir);
  const cmdFile = path.join(dir, 'nagios.cmd');
  fs.writeFileSync(cmdFile, '');
  const env = { ...process.env, NAGIOS_CMD: cmdFile, PATH: `${nagiosDir}:${process.env.PATH ?? ''}` };
  const args = [
    `--conf=${conf}`,
    `--input=${path.join(nagiosDir, 'auth.sample')}`,
    '--notail',
    '--nochildterm',
    '--quoting',
    `--log=${path.join(dir, 'sec.log')}`,
  ];
  const run = spawnSync(secBin, args, { cwd: dir, env, encoding: 'latin1' });
  assert.equal(run.status, 0, run.stderr);
  // --nochildterm: the commands may still be finishing after sec has exited
  await waitFor(
    () => fileLines(cmdFile).length >= 4,
    () => `4 results in the command file; have:\n${fileLines(cmdFile).join('\n')}`,
  );

  const results = fileLines(cmdFile).map((line) => {
    const m = RESULT.exec(line);
    assert.ok(m, `a well-formed command: ${line}`);
    const epoch = Number(m[1]);
    assert.ok(Math.abs(epoch - Date.now() / 1000) < 600, `epoch ${epoch} is now`);
    return `${m[2]}: ${m[3]}`;
  });
  // the children run side by side: their order is not fixed
  assert.deepEqual(results.sort(), [
    'db2: SSH login failure for admin from 198.51.100.23',
    'mail.example.org: SSH login failure for root from 192.0.2.200',
    'web1: SSH login failure for $(>PWNED) from 203.0.113.9',
    'web1: SSH login failure for alice from 203.0.113.7',
  ]);
  assert.equal(fs.existsSync(path.join(dir, 'PWNED')), false, 'the user name never reaches the shell unquoted');
  assert.deepEqual(
    fileLines(record).map((l) => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} /, '')),
    [
      'SSH login failure for alice from 203.0.113.7',
      'SSH login failure for admin from 198.51.100.23',
      'SSH login failure for root from 192.0.2.200',
      'SSH login failure for $(>PWNED) from 203.0.113.9',
    ],
  );
});

test('the example rule file loads cleanly', () => {
  const dir = scratchDir('sec-nagios-');
  const run = spawnSync(secBin, [`--conf=${path.join(nagiosDir, 'sshd-failures.conf')}`, '--testonly', `--log=${path.join(dir, 'sec.log')}`], {
    cwd: dir,
    encoding: 'latin1',
  });
  assert.equal(run.status, 0, fs.readFileSync(path.join(dir, 'sec.log'), 'latin1'));
  assert.match(fs.readFileSync(path.join(dir, 'sec.log'), 'latin1'), /1 rules loaded from /);
});

test('submit_check_result never creates the command file: Nagios makes it (a named pipe) when it runs', () => {
  const dir = scratchDir('sec-nagios-');
  const cmdFile = path.join(dir, 'missing.cmd');
  const run = spawnSync(path.join(nagiosDir, 'submit_check_result'), ['web1', 'SSH logins', '2', 'text'], {
    env: { ...process.env, NAGIOS_CMD: cmdFile },
    encoding: 'latin1',
  });
  assert.equal(run.status, 1);
  assert.match(run.stderr, /command file .*missing\.cmd does not exist/);
  assert.equal(fs.existsSync(cmdFile), false);
});
