import assert from 'node:assert/strict';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { Logger } from '../../src/log/logger.js';
import { CommandFileSink, type CommandFileOptions } from '../../src/sinks/commandFile.js';
import { VirtualClock } from '../../src/time/clock.js';
import { Nagios, nagiosInstalled } from '../support/nagios.js';
import { fileLines, scratchDir, waitFor } from '../support/process.js';

const EPOCH = 1_800_000_000;

interface Setup {
  sink: CommandFileSink;
  clock: VirtualClock;
  logs: string[];
}

const sinks: CommandFileSink[] = [];
const readers = new Set<ChildProcess>();
after(() => {
  for (const sink of sinks) sink.close();
  for (const reader of readers) reader.kill('SIGKILL');
});

/** A sink on `file`, its log collected, retrying fast (20 ms doubling to 200 ms). */
function setup(file: string, options: Partial<CommandFileOptions> = {}): Setup {
  const clock = new VirtualClock(EPOCH);
  const logs: string[] = [];
  const log = new Logger(clock, 6, false, (m) => logs.push(m));
  const sink = new CommandFileSink({ path: file, log, clock, retryMinMs: 20, retryMaxMs: 200, ...options });
  sinks.push(sink);
  return { sink, clock, logs };
}

function fifo(dir: string): string {
  const file = path.join(dir, 'nagios.cmd');
  execFileSync('mkfifo', [file]);
  return file;
}

/** A `cat` reading the FIFO into `out`, as Nagios would read it. */
function startReader(file: string, out: string): ChildProcess {
  const child = spawn('cat', [file], { stdio: ['ignore', fs.openSync(out, 'a'), 'inherit'] });
  readers.add(child);
  child.on('exit', () => readers.delete(child));
  return child;
}

const serviceLine = (epoch: number, code: number, output: string) => `[${epoch}] PROCESS_SERVICE_CHECK_RESULT;web1;SSH logins;${code};${output}`;

test('results reach a reader as command lines, each once and in order', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  const out = path.join(dir, 'read');
  startReader(file, out);
  const { sink } = setup(file);
  await waitFor(() => {
    // the reader may not have opened the pipe yet: the first result then waits for it
    if (sink.pending === 0 && fileLines(out).length === 0) sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 'CRITICAL', output: 'one' });
    return fileLines(out).length > 0;
  }, 'the first line');
  assert.equal(sink.hostResult({ host: 'web1', code: 'DOWN', output: 'two', perfdata: 'rta=1' }), null);
  assert.equal(sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 0, output: 'three\nlines' }), null);
  await waitFor(() => fileLines(out).length >= 3, 'three lines');
  assert.deepEqual(fileLines(out), [
    serviceLine(EPOCH, 2, 'one'),
    `[${EPOCH}] PROCESS_HOST_CHECK_RESULT;web1;1;two|rta=1`,
    serviceLine(EPOCH, 0, 'three\\nlines'),
  ]);
});

test('an invalid code or name is refused with a message and nothing is written', () => {
  const dir = scratchDir('sec-cmdfile-');
  const { sink } = setup(path.join(dir, 'missing.cmd'));
  assert.equal(
    sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 'BAD', output: 'x' }),
    'invalid service state "BAD" (0..3 or OK, WARNING, CRITICAL, UNKNOWN)',
  );
  assert.match(sink.hostResult({ host: 'web;1', code: 0, output: 'x' }) ?? '', /host name "web;1" contains ';'/);
  assert.equal(sink.pending, 0);
});

test('with no reader results wait; a reader then gets them in order, once, with the epoch of when they were produced', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  const out = path.join(dir, 'read');
  const { sink, clock, logs } = setup(file);
  for (const n of [1, 2, 3]) {
    assert.equal(sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 'warning', output: `r${n}` }), null);
    clock.advance(10);
  }
  assert.equal(sink.pending, 3);
  assert.ok(logs.includes(`Can't open command file ${file} (No such device or address), 1 result(s) queued, retrying in 0.02 s`), logs.join('\n'));
  startReader(file, out);
  await waitFor(() => fileLines(out).length >= 3 && sink.pending === 0, 'the queued lines');
  sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 'OK', output: 'r4' });
  await waitFor(() => fileLines(out).length >= 4, 'the fourth line');
  assert.deepEqual(fileLines(out), [
    serviceLine(EPOCH, 1, 'r1'),
    serviceLine(EPOCH + 10, 1, 'r2'),
    serviceLine(EPOCH + 20, 1, 'r3'),
    serviceLine(EPOCH + 30, 0, 'r4'),
  ]);
  await waitFor(() => logs.includes(`Command file ${file} written again, queued results delivered`), 'the recovery in the log');
});

test('a missing command file is never created: results wait until it appears', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = path.join(dir, 'nagios.cmd');
  const { sink, logs } = setup(file);
  sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: 'early' });
  await waitFor(
    () => logs.some((l) => l.startsWith(`Can't open command file ${file} (No such file or directory), 1 result(s) queued, retrying in 0.04 s`)),
    'a retry',
  );
  assert.equal(fs.existsSync(file), false);
  execFileSync('mkfifo', [file]);
  const out = path.join(dir, 'read');
  startReader(file, out);
  await waitFor(() => fileLines(out).length >= 1, 'the queued line');
  assert.deepEqual(fileLines(out), [serviceLine(EPOCH, 2, 'early')]);
});

test('a reader that went away (EPIPE) and a new one: nothing lost, nothing twice', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  const out = path.join(dir, 'read');
  const { sink, logs } = setup(file);
  const first = startReader(file, out);
  await waitFor(() => {
    if (sink.pending === 0 && fileLines(out).length === 0) sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: 'before' });
    return fileLines(out).length > 0;
  }, 'the first line');
  first.kill('SIGTERM');
  await waitFor(() => !readers.has(first), 'the reader to exit');
  for (const n of [1, 2]) sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: `after${n}` });
  assert.equal(sink.pending, 2);
  assert.ok(
    logs.some((l) => l.startsWith(`Can't write to command file ${file} (Broken pipe), 1 result(s) queued`)),
    logs.join('\n'),
  );
  startReader(file, out);
  await waitFor(() => fileLines(out).length >= 3, 'the lines written after');
  assert.deepEqual(fileLines(out), [serviceLine(EPOCH, 2, 'before'), serviceLine(EPOCH, 2, 'after1'), serviceLine(EPOCH, 2, 'after2')]);
});

// a write that blocked would hang the test: its timeout turns that into a failure
test('a full pipe never blocks: lines wait and arrive whole, in order, once the reader reads', { timeout: 60_000 }, async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  // a reader that holds the pipe open and reads nothing until told to
  const reader = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  const { sink, logs } = setup(file);
  const total = 2000; // about 150 kB, more than a pipe holds (64 kB)
  const output = (n: number) => `result ${n} ${'x'.repeat(60)}`;
  for (let n = 0; n < total; n++) sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 1, output: output(n) });
  assert.ok(sink.pending > 0, 'the pipe filled up');
  assert.ok(
    logs.some((l) => l.startsWith(`Can't write to command file ${file} (Resource temporarily unavailable)`)),
    logs.join('\n'),
  );
  let text = '';
  const buf = Buffer.alloc(65536);
  await waitFor(() => {
    for (;;) {
      let n = 0;
      try {
        n = fs.readSync(reader, buf);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'EAGAIN') break;
        throw e;
      }
      if (n === 0) break;
      text += buf.toString('latin1', 0, n);
    }
    return text.split('\n').length > total;
  }, 'every line');
  fs.closeSync(reader);
  assert.deepEqual(
    text.split('\n').slice(0, -1),
    Array.from({ length: total }, (_, n) => serviceLine(EPOCH, 1, output(n))),
  );
  assert.equal(sink.pending, 0);
});

test('a bounded queue drops the oldest results and logs how many', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  const { sink, logs } = setup(file, { maxQueue: 3, retryMinMs: 60_000, retryMaxMs: 60_000 });
  for (let n = 1; n <= 5; n++) sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: `r${n}` });
  assert.equal(sink.pending, 3);
  assert.ok(logs.includes(`Command file ${file}: queue full (3 lines), dropping the oldest results`), logs.join('\n'));
  const out = path.join(dir, 'read');
  startReader(file, out);
  assert.equal(await sink.drain(60_000), 0);
  await waitFor(() => fileLines(out).length >= 3, 'the kept lines');
  assert.deepEqual(fileLines(out), [serviceLine(EPOCH, 2, 'r3'), serviceLine(EPOCH, 2, 'r4'), serviceLine(EPOCH, 2, 'r5')]);
  assert.ok(logs.includes(`Command file ${file}: 2 result(s) dropped, queue full`), logs.join('\n'));
});

test('drain gives up after its grace period and says how many are left; close logs them as lost', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = fifo(dir);
  const { sink, logs } = setup(file);
  sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: 'a' });
  sink.hostResult({ host: 'web1', code: 1, output: 'b' });
  assert.equal(await sink.drain(150), 2);
  sink.close();
  assert.equal(sink.pending, 0);
  assert.ok(logs.includes(`2 result(s) for command file ${file} not written`), logs.join('\n'));
  assert.equal(sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 2, output: 'late' }), `command file ${file} is closed`);
});

test('an existing regular file is appended to; a directory is refused', async () => {
  const dir = scratchDir('sec-cmdfile-');
  const file = path.join(dir, 'spool.cmd');
  fs.writeFileSync(file, 'earlier\n');
  const { sink } = setup(file);
  sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 3, output: 'u' });
  assert.equal(sink.pending, 0);
  assert.deepEqual(fileLines(file), ['earlier', serviceLine(EPOCH, 3, 'u')]);

  const other = setup(dir);
  other.sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 3, output: 'u' });
  assert.equal(other.sink.pending, 1);
  assert.match(other.logs.join('\n'), new RegExp(`Can't open command file ${dir} \\(Is a directory\\)`));
});

const nagiosSkip = nagiosInstalled ? false : 'skipped: nagios4 not installed';

test('a real Nagios 4 takes our results; stopped and started again, it gets every result, in order, once', { skip: nagiosSkip }, async () => {
  const nagios = new Nagios();
  await nagios.start();
  const clock = new VirtualClock(Math.floor(Date.now() / 1000));
  const logs: string[] = [];
  const sink = new CommandFileSink({
    path: nagios.commandFile,
    log: new Logger(clock, 6, false, (m) => logs.push(m)),
    clock,
    retryMinMs: 50,
    retryMaxMs: 500,
  });
  sinks.push(sink);
  try {
    const output = 'SSH login failure for r|oot from 10.0.0.1\nsecond line';
    assert.equal(sink.serviceResult({ host: 'web1', service: 'SSH logins', code: 'CRITICAL', output, perfdata: 'failures=3' }), null);
    assert.equal(sink.hostResult({ host: 'web1', code: 'DOWN', output: 'host gone' }), null);
    await waitFor(
      () => nagios.serviceStatus('web1', 'SSH logins')?.current_state === '2' && nagios.hostStatus('web1')?.current_state === '1',
      () => `CRITICAL and DOWN in status.dat:\n${JSON.stringify(nagios.serviceStatus('web1', 'SSH logins'))}\n${nagios.log().slice(-1500)}`,
    );
    const service = nagios.serviceStatus('web1', 'SSH logins');
    assert.equal(service?.plugin_output, 'SSH login failure for r/oot from 10.0.0.1');
    assert.equal(service?.long_plugin_output, 'second line');
    assert.equal(service?.performance_data, 'failures=3');
    assert.equal(nagios.hostStatus('web1')?.plugin_output, 'host gone');

    await nagios.stop();
    const outputs = [1, 2, 3, 4, 5].map((n) => `restart test ${n}`);
    for (const [n, text] of outputs.entries()) {
      clock.advance(1);
      sink.serviceResult({ host: 'web1', service: 'SSH logins', code: n % 4, output: text });
    }
    assert.equal(sink.pending, 5);
    await nagios.start();
    await waitFor(
      () => sink.pending === 0 && nagios.serviceStatus('web1', 'SSH logins')?.plugin_output === 'restart test 5',
      () => `the queued results: ${nagios.log().slice(-1500)}`,
    );
    assert.deepEqual(
      nagios.serviceResultsLogged('web1', 'SSH logins').filter((o) => o.startsWith('restart test')),
      outputs,
    );
    assert.ok(
      logs.some((l) => l.startsWith(`Can't write to command file ${nagios.commandFile} (Broken pipe)`)),
      logs.join('\n'),
    );
  } finally {
    sink.close();
    await nagios.stop();
  }
});
