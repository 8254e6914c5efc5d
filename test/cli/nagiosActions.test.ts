import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { Nagios, nagiosInstalled } from '../support/nagios.js';
import { nagiosDir, nagiosRules } from '../support/nagiosExample.js';
import { fileText, scratchDir, startSec, waitFor } from '../support/process.js';

// The nagiossvc/nagioshost actions end to end: bin/sec writes passive check
// results to a named pipe (the command file), from a file and from standard
// input; a rule that uses them without --nagios-cmd-file stops sec at
// start-up; and the native seed example turns a real Nagios 4 service CRITICAL.

const readers = new Set<ChildProcess>();
after(() => {
  for (const r of readers) r.kill('SIGKILL');
});

/** A FIFO in `dir` with `cat` reading it into got.txt. */
function commandFifo(dir: string): { fifo: string; got: () => string } {
  const fifo = path.join(dir, 'nagios.cmd');
  spawn('mkfifo', [fifo]).once('exit', () => undefined);
  return { fifo, got: () => fileText(path.join(dir, 'got.txt')) };
}

async function startReader(dir: string, fifo: string): Promise<void> {
  await waitFor(() => fs.existsSync(fifo), 'mkfifo');
  const reader = spawn('sh', ['-c', `cat '${fifo}' >> got.txt`], { cwd: dir });
  readers.add(reader);
}

const RULE =
  'type=Single\nptype=RegExp\npattern=^(\\S+) fail (\\S+)\ndesc=fail $2\naction=nagiossvc $1 (SSH logins) CRITICAL login failure for $2|fails=1; nagioshost $1 DOWN\n';

for (const form of ['file', 'stdin'] as const) {
  test(`from ${form === 'file' ? 'a file' : 'standard input'}: one line per result, host and service as written, a ; in the output kept, a newline never a new command`, async () => {
    const dir = scratchDir('sec-nagios-actions-');
    fs.writeFileSync(path.join(dir, 'r.conf'), RULE);
    const input = 'web1 fail bob;x\ndb2 fail eve\n';
    fs.writeFileSync(path.join(dir, 'in.txt'), input);
    const { fifo, got } = commandFifo(dir);
    await startReader(dir, fifo);
    const args = ['--conf=r.conf', form === 'file' ? '--input=in.txt' : '--input=-', '--notail', `--nagios-cmd-file=${fifo}`, '--log=sec.log'];
    const sec = startSec(args, dir, { stdin: form === 'stdin' ? input : '' });
    const { code } = await sec.exited;
    assert.equal(code, 0, sec.stderr());
    await waitFor(
      () => got().split('\n').length > 4,
      () => `4 command lines, got:\n${got()}`,
    );
    const lines = got()
      .trimEnd()
      .split('\n')
      .map((l) => l.replace(/^\[\d+\] /, ''));
    assert.deepEqual(lines, [
      'PROCESS_SERVICE_CHECK_RESULT;web1;SSH logins;2;login failure for bob;x|fails=1',
      'PROCESS_HOST_CHECK_RESULT;web1;1;fail bob;x',
      'PROCESS_SERVICE_CHECK_RESULT;db2;SSH logins;2;login failure for eve|fails=1',
      'PROCESS_HOST_CHECK_RESULT;db2;1;fail eve',
    ]);
  });
}

test('a rule with nagiossvc but no --nagios-cmd-file is a start-up error, with --testonly too', async () => {
  const dir = scratchDir('sec-nagios-actions-');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULE);
  for (const extra of [['--testonly'], ['--input=-', '--notail']]) {
    const sec = startSec(['--conf=r.conf', '--log=sec.log', ...extra], dir, { stdin: 'web1 fail bob\n' });
    const { code } = await sec.exited;
    assert.equal(code, 1);
    assert.equal(sec.stdout(), '');
  }
  assert.match(fileText(path.join(dir, 'sec.log')), /Rule in r\.conf at line 1: action 'nagiossvc' needs the --nagios-cmd-file option, exiting!/);
});

test('the native seed example turns the service of a real Nagios 4 CRITICAL', {
  skip: nagiosInstalled ? false : 'skipped: nagios4 not installed',
}, async () => {
  const nagios = new Nagios();
  await nagios.start();
  try {
    const dir = scratchDir('sec-nagios-native-');
    const { conf, record } = nagiosRules(dir, 'sshd-failures-native.conf');
    const lines = fs
      .readFileSync(path.join(nagiosDir, 'auth.sample'), 'latin1')
      .split('\n')
      .filter((l) => l.includes(' web1 ') && l.includes('Failed password'));
    assert.ok(lines.length > 0, 'the sample has a failure on web1');
    fs.writeFileSync(path.join(dir, 'auth.log'), `${lines.join('\n')}\n`);
    const sec = startSec([`--conf=${conf}`, '--input=auth.log', '--notail', `--nagios-cmd-file=${nagios.commandFile}`, '--log=sec.log'], dir);
    const { code } = await sec.exited;
    assert.equal(code, 0, fileText(path.join(dir, 'sec.log')));
    await waitFor(
      () => nagios.serviceStatus('web1', 'SSH logins')?.current_state === '2',
      () => `CRITICAL in status.dat; nagios log:\n${nagios.log().slice(-2000)}`,
    );
    assert.match(nagios.serviceStatus('web1', 'SSH logins')?.plugin_output ?? '', /^SSH login failure for \S+ from [\d.]+ at /);
    assert.equal(fileText(record).trimEnd().split('\n').length, lines.length);
  } finally {
    await nagios.stop();
  }
});
