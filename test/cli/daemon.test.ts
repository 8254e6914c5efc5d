import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { nagiosDir, nagiosRules } from '../support/nagiosExample.js';
import { fileText as read, retryUntil, running as alive, scratchDir, type SecRun, secBin, startSec, waitFor } from '../support/process.js';

// End-to-end runs of bin/sec as a long-running process: the Nagios seed
// setup under --detach with log rotation, and the signals SEC answers
// (HUP, ABRT, USR1, USR2, TERM) and sigemul. Expectations checked against
// sec 2.9.1 (/usr/bin/sec); SEC_E2E_BIN runs the same tests against another
// sec executable.

/** Processes to kill whatever happens: daemons from pid files (sec processes started here are the helper's). */
const leftoverPids = new Set<number>();
const readers = new Set<net.Socket>();

after(() => {
  for (const pid of leftoverPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const r of readers) r.destroy();
});

const tmp = (): string => scratchDir('sec-daemon-');

/** Session id of a process, from /proc/PID/stat. */
function sessionOf(pid: number | 'self'): number {
  const fields = fs
    .readFileSync(`/proc/${pid}/stat`, 'latin1')
    .replace(/^.*\) /s, '')
    .split(' ');
  return Number(fields[3]);
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

/** Keep a FIFO open for reading for the whole test (read-write: EOF never comes when a writer closes). */
function fifoReader(fifo: string): { text: () => string } {
  const fd = fs.openSync(fifo, fs.constants.O_RDWR | fs.constants.O_NONBLOCK);
  const sock = new net.Socket({ fd, readable: true, writable: false });
  readers.add(sock);
  let text = '';
  sock.setEncoding('latin1');
  sock.on('data', (d: string) => {
    text += d;
  });
  sock.on('error', () => undefined);
  return { text: () => text };
}

/** Run sec in the foreground (its own child) with standard output collected; `detached`: in a session of its own. */
const runSec = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env, detached = false): SecRun =>
  startSec(args, cwd, { stdin: '', env, detached });

/** Append `ping TAG` to the input until `pong TAG` shows in `output`: sec is reading the file (and its signal handlers are set). */
async function ping(output: () => string, input: string, tag: string): Promise<void> {
  await retryUntil(
    () => fs.appendFileSync(input, `ping ${tag}\n`),
    () => output().includes(`pong ${tag}\n`),
    () => `pong ${tag}; output:\n${output()}`,
  );
}

async function feedAndWait(sec: SecRun, input: string, line: string, expected: string, times = 1): Promise<void> {
  fs.appendFileSync(input, `${line}\n`);
  await waitFor(
    () => count(sec.stdout(), `${expected}\n`) >= times,
    () => `"${expected}" x${times}; output:\n${sec.stdout()}`,
  );
}

async function stop(sec: SecRun): Promise<void> {
  sec.child.kill('SIGTERM');
  const { code, signal } = await sec.exited;
  assert.equal(signal, null, 'sec exits by itself on TERM');
  assert.equal(code, 0);
}

const PING = `type=Single
ptype=RegExp
pattern=^ping (\\S+)
desc=ping
action=write - pong $1
`;

/** Rules with a context per user, a context-guarded check and an `ev` rule whose output word can be edited. */
const rules = (word: string): string => `${PING}
type=Single
ptype=RegExp
pattern=^login (\\S+)
desc=login $1
action=create USER_$1; add USER_$1 $0

type=Single
ptype=RegExp
pattern=^check (\\S+)
context=USER_$1
desc=check
action=write - has $1

type=Single
ptype=RegExp
pattern=^check (\\S+)
desc=check
action=write - none $1

type=Single
ptype=RegExp
pattern=^ev (\\S+)
desc=ev
action=write - ${word} $1
`;

describe('seed setup: sshd failures to the Nagios command file under --detach', () => {
  test('every failure line reaches the FIFO exactly once, across a logrotate-style rotation, then TERM stops the daemon', async () => {
    const dir = tmp();
    const { conf, record } = nagiosRules(dir);
    const authLog = path.join(dir, 'auth.log');
    const fifo = path.join(dir, 'nagios.cmd');
    const pidFile = path.join(dir, 'sec.pid');
    const secLog = path.join(dir, 'sec.log');
    fs.writeFileSync(authLog, 'Nov 28 02:00:00 host sshd[99]: Failed password for early from 10.0.0.5 port 1 ssh2\n');
    execFileSync('mkfifo', [fifo]);
    const reader = fifoReader(fifo);

    const env = { ...process.env, NAGIOS_CMD: fifo, PATH: `${nagiosDir}:${process.env.PATH ?? ''}` };
    const parent = runSec([`--conf=${conf}`, `--input=${authLog}`, '--quoting', '--detach', `--pid=${pidFile}`, `--log=${secLog}`], dir, env);
    const { code } = await parent.exited;
    assert.equal(code, 0, `parent exit; stderr: ${parent.stderr()}`);
    await waitFor(() => /^\d+\n$/.test(read(pidFile)), 'the pid file');
    const pid = Number(read(pidFile));
    leftoverPids.add(pid);
    assert.ok(alive(pid), 'the daemon runs');

    const failure = (user: string): string => `Nov 28 02:36:39 host sshd[123]: Failed password for ${user} from 10.0.0.5 port 4242 ssh2\n`;
    const lineRe =
      /^\[(\d+)\] PROCESS_SERVICE_CHECK_RESULT;host;SSH logins;2;SSH login failure for (\S+) from 10\.0\.0\.5 at (\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4})$/;
    const got = (): string[] =>
      reader
        .text()
        .split('\n')
        .filter((l) => l !== '');
    const users = (): string[] =>
      got()
        .filter((l) => l !== 'END')
        .map((l) => lineRe.exec(l)?.[2] ?? `<bad line: ${l}>`);
    const waitUsers = (n: number): Promise<void> =>
      waitFor(
        () => got().length >= n,
        () => `${n} command lines; got:\n${reader.text()}\nsec log:\n${read(secLog)}`,
      );

    // one at a time: the order is fixed
    const before = Math.floor(Date.now() / 1000);
    fs.appendFileSync(authLog, failure('bob1'));
    await waitUsers(1);
    fs.appendFileSync(authLog, 'Nov 28 02:36:40 host sshd[123]: Accepted password for carol from 10.0.0.6 port 4243 ssh2\n');
    fs.appendFileSync(authLog, failure('bob2'));
    await waitUsers(2);
    // a burst, with a line split across two writes; the children run side by side
    const childPids = (): number[] => [...read(secLog).matchAll(/ Child (\d+) created for command /g)].map((m) => Number(m[1]));
    fs.appendFileSync(authLog, failure('bob3') + failure('invalid user bob4').slice(0, 30));
    // bob3's child is created: sec has read the first write, the partial line waits
    await waitFor(
      () => childPids().length >= 3,
      () => `the third child; sec log:\n${read(secLog)}`,
    );
    fs.appendFileSync(authLog, failure('invalid user bob4').slice(30) + failure('bob5'));
    await waitUsers(5);

    // logrotate: the last line of the old file, rename to .1, a new empty file, more failures
    fs.appendFileSync(authLog, failure('bob6'));
    fs.renameSync(authLog, `${authLog}.1`);
    fs.writeFileSync(authLog, '');
    await waitUsers(6);
    fs.appendFileSync(authLog, failure('bob7'));
    await waitUsers(7);
    fs.appendFileSync(authLog, failure('bob8') + failure('bob9'));
    await waitUsers(9);

    process.kill(pid, 'SIGTERM');
    await waitFor(() => !alive(pid), 'the daemon to exit');
    leftoverPids.delete(pid);
    // once every child has ended, a line of our own through the FIFO comes after all they wrote
    await waitFor(() => !childPids().some(alive), 'the children to end');
    const end = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    fs.writeSync(end, 'END\n');
    fs.closeSync(end);
    await waitFor(
      () => reader.text().endsWith('END\n'),
      () => `our END line; got:\n${reader.text()}`,
    );
    const after = Math.floor(Date.now() / 1000);

    const lines = got().slice(0, -1);
    for (const l of lines) {
      const m = lineRe.exec(l);
      assert.ok(m, `a well-formed command line: ${l}`);
      const epoch = Number(m[1]);
      assert.ok(epoch >= before - 1 && epoch <= after + 1, `epoch ${epoch} is now`);
    }
    const u = users();
    assert.deepEqual(u.slice(0, 2), ['bob1', 'bob2'], 'one-at-a-time lines in order');
    assert.deepEqual([...u.slice(2, 5)].sort(), ['bob3', 'bob4', 'bob5']);
    assert.deepEqual(u.slice(5, 7), ['bob6', 'bob7'], 'rotation: old file drained first, then the new file');
    assert.deepEqual([...u.slice(7)].sort(), ['bob8', 'bob9']);
    assert.equal(u.length, 9, 'each line exactly once; "early" (before start, tail mode) and the Accepted line are not reported');
    assert.deepEqual(read(record).split('\n').filter(Boolean).length, 9, 'under --detach the record reaches its file');

    const log = read(secLog);
    assert.match(log, /SIGTERM received: shutting down SEC/);
    assert.doesNotMatch(log, /non-zero exitcode|Can't|rror/, 'a clean run');
  });
});

describe('--detach', () => {
  test('the parent exits 0 quickly; the daemon (pid file) runs in a new session with working directory /', async () => {
    const dir = tmp();
    const input = path.join(dir, 'in.log');
    const pidFile = path.join(dir, 'sec.pid');
    const out = path.join(dir, 'out.txt');
    fs.writeFileSync(input, '');
    fs.writeFileSync(path.join(dir, 'r.conf'), `type=Single\nptype=RegExp\npattern=^ping (\\S+)\ndesc=ping\naction=write ${out} pong $1\n`);
    const t0 = Date.now();
    const parent = runSec([`--conf=${path.join(dir, 'r.conf')}`, `--input=${input}`, '--detach', `--pid=${pidFile}`, '--log=/dev/null'], dir);
    const { code } = await parent.exited;
    assert.equal(code, 0, parent.stderr());
    assert.ok(Date.now() - t0 < 10_000, 'the parent does not linger');
    await waitFor(() => /^\d+\n$/.test(read(pidFile)), 'the pid file');
    const pid = Number(read(pidFile));
    leftoverPids.add(pid);
    try {
      assert.notEqual(pid, parent.child.pid);
      assert.ok(alive(pid));
      assert.ok(!alive(parent.child.pid ?? 0), 'the parent is gone');
      assert.notEqual(sessionOf(pid), sessionOf('self'), 'a new session');
      assert.equal(fs.readlinkSync(`/proc/${pid}/cwd`), '/');
      // it works: a line appended is processed
      await ping(() => read(out), input, 'x');
      process.kill(pid, 'SIGTERM');
      await waitFor(() => !alive(pid), 'the daemon to exit on TERM');
    } finally {
      if (alive(pid)) process.kill(pid, 'SIGKILL');
      leftoverPids.delete(pid);
    }
  });

  test('with --input=- it refuses and exits 1: the message goes to --log (stderr only when a terminal)', async () => {
    const dir = tmp();
    const log = path.join(dir, 'sec.log');
    const sec = runSec(['--conf=/dev/null', '--input=-', '--detach', `--log=${log}`], dir);
    const { code } = await sec.exited;
    assert.equal(code, 1);
    assert.match(read(log), /: Can't become a daemon \(stdin is specified as input\), exiting!\n$/);
    assert.equal(sec.stderr(), '', 'SEC writes log messages to standard error only when it is a terminal');
  });

  test('with --input=- at a terminal the message is on standard error', async () => {
    const dir = tmp();
    // script(1) gives sec a terminal; -e passes its exit code on
    const run = spawn('script', ['-qec', `${secBin} --conf=/dev/null --input=- --detach`, '/dev/null'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    if (run.pid !== undefined) leftoverPids.add(run.pid);
    let text = '';
    run.stdout.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    const code = await new Promise<number | null>((resolve) => run.on('exit', (c) => resolve(c)));
    assert.equal(code, 1, text);
    assert.match(text, /Can't become a daemon \(stdin is specified as input\), exiting!\r?\n/);
  });
});

/** sec on the 'old' rules, with the context of bob created and one 'old' event seen. */
async function startWithContextBob(): Promise<{ sec: SecRun; conf: string; input: string; log: string }> {
  const dir = tmp();
  const conf = path.join(dir, 'r.conf');
  const input = path.join(dir, 'in.log');
  const log = path.join(dir, 'sec.log');
  fs.writeFileSync(conf, rules('old'));
  fs.writeFileSync(input, '');
  const sec = runSec([`--conf=${conf}`, `--input=${input}`, `--log=${log}`], dir);
  await ping(sec.stdout, input, 'a');
  fs.appendFileSync(input, 'login bob\n');
  await feedAndWait(sec, input, 'check bob', 'has bob');
  await feedAndWait(sec, input, 'ev 1', 'old 1');
  return { sec, conf, input, log };
}

describe('signals', () => {
  test('HUP after editing the rule file: the new rules act and contexts are dropped (full restart)', async () => {
    const { sec, conf, input, log } = await startWithContextBob();

    fs.writeFileSync(conf, rules('new'));
    sec.child.kill('SIGHUP');
    await waitFor(() => read(log).includes('SIGHUP received: full restart of SEC'), 'the HUP log message');
    await ping(sec.stdout, input, 'b');
    await feedAndWait(sec, input, 'ev 2', 'new 2');
    await feedAndWait(sec, input, 'check bob', 'none bob');
    assert.ok(!sec.stdout().includes('old 2'));
    assert.equal(count(sec.stdout(), 'has bob'), 1, 'the context went with the restart');
    await stop(sec);
  });

  test('ABRT after editing the rule file: the new rules act and contexts are kept (soft restart)', async () => {
    const { sec, conf, input, log } = await startWithContextBob();

    fs.writeFileSync(conf, rules('new'));
    const later = new Date(Date.now() + 5000); // a modification time SEC cannot miss
    fs.utimesSync(conf, later, later);
    sec.child.kill('SIGABRT');
    await waitFor(() => read(log).includes('SIGABRT received: soft restart of SEC'), 'the ABRT log message');
    await ping(sec.stdout, input, 'b');
    await feedAndWait(sec, input, 'ev 2', 'new 2');
    await feedAndWait(sec, input, 'check bob', 'has bob', 2);
    assert.ok(!sec.stdout().includes('none bob'), 'the context survived the soft restart');
    assert.ok(!sec.stdout().includes('old 2'));
    await stop(sec);
  });

  test('ABRT reads again only the rule file that changed and logs the operations it ends; a restart undoes INT', async () => {
    const dir = tmp();
    const [kept, edited, input, log] = ['a.conf', 'b.conf', 'in.log', 'sec.log'].map((f) => path.join(dir, f));
    fs.writeFileSync(kept, PING);
    const threshold = (word: string): string => `type=SingleWithThreshold\nptype=SubStr\npattern=thr\ndesc=thr\naction=write - ${word}\nwindow=600\nthresh=5\n`;
    fs.writeFileSync(edited, threshold('old'));
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${kept}`, `--conf=${edited}`, `--input=${input}`, `--log=${log}`], dir, process.env, true);
    await ping(sec.stdout, input, 'a');
    fs.appendFileSync(input, 'thr\n');
    await ping(sec.stdout, input, 'b');

    fs.writeFileSync(edited, threshold('new'));
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(edited, later, later);
    sec.child.kill('SIGABRT');
    await waitFor(
      () => read(log).includes('Terminating all event correlation operations'),
      () => `the soft restart; log:\n${read(log)}`,
    );
    const afterAbrt = read(log).split('SIGABRT received: soft restart of SEC')[1];
    assert.ok(!afterAbrt.includes(`Reading configuration from ${kept}`), 'the unchanged file is not read again');
    assert.ok(afterAbrt.includes(`Reading configuration from ${edited}\n`));
    assert.ok(afterAbrt.includes(`Terminating all event correlation operations started from ${edited}, number of operations: 1\n`));

    sec.child.kill('SIGINT');
    await waitFor(() => read(log).includes('1 SIGINT signal(s) received: setting debuglevel from 6 to 1\n'), 'the INT message');
    // at level 1 the HUP notice is not logged, but the restart reads --debug=6 again before it reads the rules
    sec.child.kill('SIGHUP');
    await waitFor(
      () => read(log).split('SIGINT signal(s)')[1].includes(`Reading configuration from ${kept}\n`),
      () => `the full restart at level 6; log:\n${read(log)}`,
    );
    assert.ok(!read(log).includes('SIGHUP received'));
    await stop(sec);
  });

  const dumpSections = [
    'Program information:',
    'Performance statistics:',
    'Rule usage statistics:',
    'Pending events:',
    'List of event correlation operations:',
    'List of contexts:',
    'Child processes:',
    'Action list variables:',
  ];

  test('USR1 writes the text dump with a live context and its event; an existing dump file is left alone', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const log = path.join(dir, 'sec.log');
    const dump = path.join(dir, 'sec.dump');
    fs.writeFileSync(conf, rules('old'));
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, `--log=${log}`, `--dump=${dump}`], dir);
    await ping(sec.stdout, input, 'a');
    fs.appendFileSync(input, 'login bob\n');
    await feedAndWait(sec, input, 'check bob', 'has bob');

    sec.child.kill('SIGUSR1');
    await waitFor(
      () => read(dump).includes('Action list variables:'),
      () => `a complete dump; have:\n${read(dump)}`,
    );
    const text = read(dump);
    for (const s of dumpSections) assert.ok(text.includes(`${s}\n${'='.repeat(60)}\n`), `section ${s}`);
    assert.match(text, /Context Name: USER_bob\n/);
    assert.match(text, /1 events associated with context:\nlogin bob\n/);
    assert.ok(text.indexOf('Context Name: USER_bob') > text.indexOf('List of contexts:'));

    sec.child.kill('SIGUSR1');
    await waitFor(() => read(log).includes(`Can't write to dumpfile: ${dump} exists`), 'the warning');
    assert.equal(read(dump), text, 'not overwritten');
    await stop(sec);
  });

  test('USR1 with --dumpfjson writes JSON holding the context and its event', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const dump = path.join(dir, 'sec.json');
    fs.writeFileSync(conf, rules('old'));
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, '--log=/dev/null', `--dump=${dump}`, '--dumpfjson'], dir);
    await ping(sec.stdout, input, 'a');
    fs.appendFileSync(input, 'login bob\n');
    await feedAndWait(sec, input, 'check bob', 'has bob');
    sec.child.kill('SIGUSR1');
    let data: unknown;
    await waitFor(
      () => {
        try {
          data = JSON.parse(read(dump));
          return true;
        } catch {
          return false;
        }
      },
      () => `a JSON dump; have:\n${read(dump)}`,
    );
    const flat = JSON.stringify(data);
    assert.ok(flat.includes('"USER_bob"'), 'the context name');
    assert.ok(flat.includes('"login bob"'), 'its event');
    await stop(sec);
  });

  test('USR1 with --dumpfts appends .<epoch> to the dump file name', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const dump = path.join(dir, 'sec.dump');
    fs.writeFileSync(conf, rules('old'));
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, '--log=/dev/null', `--dump=${dump}`, '--dumpfts'], dir);
    await ping(sec.stdout, input, 'a');
    const before = Math.floor(Date.now() / 1000);
    sec.child.kill('SIGUSR1');
    const stamped = (): string[] => fs.readdirSync(dir).filter((f) => /^sec\.dump\.\d+$/.test(f));
    await waitFor(() => stamped().length === 1 && read(path.join(dir, stamped()[0])).includes('Action list variables:'), 'a stamped dump');
    const after = Math.floor(Date.now() / 1000);
    const epoch = Number(stamped()[0].slice('sec.dump.'.length));
    assert.ok(epoch >= before && epoch <= after, `${epoch} within [${before}, ${after}]`);
    assert.ok(!fs.existsSync(dump), 'no unstamped file');
    await stop(sec);
  });

  test('USR2 reopens the log file: after a rename, new messages go to a new file at the old name', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const log = path.join(dir, 'sec.log');
    fs.writeFileSync(conf, `${PING}\ntype=Single\nptype=RegExp\npattern=^note (\\S+)\ndesc=note\naction=logonly note $1\n`);
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, `--log=${log}`], dir);
    await ping(sec.stdout, input, 'a');
    fs.appendFileSync(input, 'note one\n');
    await waitFor(() => read(log).includes('note one'), 'note one in the log');
    fs.renameSync(log, `${log}.old`);
    fs.appendFileSync(input, 'note two\n');
    await waitFor(() => read(`${log}.old`).includes('note two'), 'note two in the renamed log (still open)');
    assert.ok(!fs.existsSync(log));
    sec.child.kill('SIGUSR2');
    await waitFor(() => read(`${log}.old`).includes('SIGUSR2 received'), 'the USR2 message');
    await ping(sec.stdout, input, 'b');
    fs.appendFileSync(input, 'note three\n');
    await waitFor(
      () => read(log).includes('note three'),
      () => `note three in the new log; have:\n${read(log)}`,
    );
    assert.ok(!read(`${log}.old`).includes('note three'));
    assert.ok(!read(log).includes('note one'));
    await stop(sec);
  });

  test('TERM with --intevents: a rule on SEC_SHUTDOWN runs before the exit', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const marker = path.join(dir, 'shutdown.txt');
    fs.writeFileSync(
      conf,
      `${PING}
type=Single
ptype=SubStr
pattern=SEC_SHUTDOWN
context=SEC_INTERNAL_EVENT
desc=shutdown
action=write ${marker} shutdown seen %s
`,
    );
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, '--log=/dev/null', '--intevents'], dir);
    await ping(sec.stdout, input, 'a');
    assert.ok(!fs.existsSync(marker));
    await stop(sec);
    assert.equal(read(marker), 'shutdown seen shutdown\n');
  });

  test('sigemul USR1 writes the dump', async () => {
    const dir = tmp();
    const conf = path.join(dir, 'r.conf');
    const input = path.join(dir, 'in.log');
    const dump = path.join(dir, 'sec.dump');
    fs.writeFileSync(conf, `${PING}\ntype=Single\nptype=SubStr\npattern=dumpnow\ndesc=dump\naction=sigemul USR1\n`);
    fs.writeFileSync(input, '');
    const sec = runSec([`--conf=${conf}`, `--input=${input}`, '--log=/dev/null', `--dump=${dump}`], dir);
    await ping(sec.stdout, input, 'a');
    assert.ok(!fs.existsSync(dump), 'no dump before the sigemul action');
    fs.appendFileSync(input, 'dumpnow\n');
    await waitFor(() => read(dump).includes('Action list variables:'), 'the dump');
    assert.match(read(dump), /^Program information:\n/);
    await stop(sec);
  });
});
