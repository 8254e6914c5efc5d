import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileText, scratchDir, type SecRun, startSec, waitFor } from '../support/process.js';

// End-to-end: bin/sec as a process reading real files and named pipes that
// change under it. Every line must come out exactly once, byte for byte.

// every event (input lines and SEC_STARTUP) is written out as it is
const WRITE_RAW = 'type=Single\nptype=RegExp\npattern=^\ndesc=raw\naction=write - $0\n';

/** Lines of the marker input, which sorts after every input the tests use. */
const MARKER = /^mark \d+$/;

class Sec {
  private readonly run: SecRun;
  private readonly markerFile: string;
  private marks = 0;

  /** `marker`: also read a marker input, to show where sec has got to (see mark). */
  constructor(
    readonly dir: string,
    args: string[],
    marker = true,
  ) {
    fs.writeFileSync(path.join(dir, 'raw.conf'), WRITE_RAW);
    this.markerFile = path.join(dir, 'zz-marker');
    fs.writeFileSync(this.markerFile, '');
    // --nochildterm: with --intevents SEC would wait 3 s at exit before terminating children (there are none to wait for)
    this.run = startSec(['--conf=raw.conf', '--intevents', '--nochildterm', ...args, ...(marker ? [`--input=${this.markerFile}`] : [])], dir, { stdin: '' });
  }

  get exitCode(): number | null {
    return this.run.child.exitCode;
  }

  get stdout(): string {
    return this.run.stdout();
  }

  /** Output lines after the SEC_STARTUP line, without the marker lines. */
  get lines(): string[] {
    return this.stdout
      .split('\n')
      .slice(1, -1)
      .filter((l) => !MARKER.test(l));
  }

  waitFor(pred: () => boolean, what: string): Promise<void> {
    return waitFor(pred, () => `${what}; output so far: ${JSON.stringify(this.stdout.slice(0, 2000))}`);
  }

  /** Wait until the inputs are open (SEC_STARTUP comes right after). */
  async started(): Promise<void> {
    await this.waitFor(() => this.stdout.startsWith('SEC_STARTUP\n'), 'SEC_STARTUP');
  }

  async lineCount(n: number): Promise<void> {
    await this.waitFor(() => this.lines.length >= n, `${n} lines`);
  }

  /**
   * A line through the marker input, waited for: sec reads its inputs in
   * turn, one line from each per round, in name order, so once the marker
   * is out every line the other inputs had to give at that round is out
   * before it, and a line held back (a partial one) stayed held back.
   */
  async mark(): Promise<void> {
    const line = `mark ${++this.marks}`;
    fs.appendFileSync(this.markerFile, `${line}\n`);
    await this.waitFor(() => this.stdout.includes(`\n${line}\n`), line);
  }

  async stop(): Promise<number | null> {
    if (this.run.child.exitCode === null && this.run.child.signalCode === null) this.run.child.kill('SIGTERM');
    return (await this.run.exited).code;
  }

  async wait(): Promise<number | null> {
    return (await this.run.exited).code;
  }
}

const tempDir = (): string => scratchDir('sec-e2e-input-');

/** Open a named pipe for writing without blocking (retry until a reader is there). */
async function openFifoWriter(p: string): Promise<number> {
  let fd = -1;
  await waitFor(() => {
    try {
      fd = fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
      return false;
    }
  }, `a reader on ${p}`);
  return fd;
}

test('tail: old lines skipped, appended lines read, a line written in two parts is one line', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'old line\n');
  const sec = new Sec(dir, [`--input=${f}`]);
  try {
    await sec.started();
    fs.appendFileSync(f, 'one\ntw');
    await sec.lineCount(1);
    await sec.mark();
    assert.deepEqual(sec.lines, ['one'], 'a partial last line waits for its newline');
    fs.appendFileSync(f, 'o\nthree\n');
    await sec.lineCount(3);
    await sec.mark();
    assert.deepEqual(sec.lines, ['one', 'two', 'three']);
  } finally {
    await sec.stop();
  }
});

test('logrotate-style rename and a new file: the old file is finished, the new one read from its start', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'auth.log');
  fs.writeFileSync(f, '');
  const sec = new Sec(dir, [`--input=${f}`]);
  try {
    await sec.started();
    fs.appendFileSync(f, 'before 1\nbefore 2\n');
    await sec.lineCount(2);
    fs.renameSync(f, `${f}.1`);
    fs.appendFileSync(`${f}.1`, 'late in rotated file\n');
    fs.writeFileSync(f, 'new 1\n');
    fs.appendFileSync(f, 'new 2\n');
    await sec.lineCount(5);
    fs.appendFileSync(f, 'new 3\n');
    await sec.lineCount(6);
    await sec.mark();
    assert.deepEqual(sec.lines, ['before 1', 'before 2', 'late in rotated file', 'new 1', 'new 2', 'new 3']);
  } finally {
    await sec.stop();
  }
});

test('copytruncate: after the file is truncated it is read again from the start', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'app.log');
  fs.writeFileSync(f, '');
  const sec = new Sec(dir, [`--input=${f}`]);
  try {
    await sec.started();
    fs.appendFileSync(f, 'a fairly long first line\na fairly long second line\n');
    await sec.lineCount(2);
    fs.copyFileSync(f, `${f}.1`);
    fs.truncateSync(f, 0);
    fs.appendFileSync(f, 'b1\n');
    await sec.lineCount(3);
    fs.appendFileSync(f, 'b2\n');
    await sec.lineCount(4);
    await sec.mark();
    assert.deepEqual(sec.lines, ['a fairly long first line', 'a fairly long second line', 'b1', 'b2']);
  } finally {
    await sec.stop();
  }
});

test('delete and re-create: no crash while the file is gone, the new file is read from its start', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'x.log');
  fs.writeFileSync(f, '');
  const sec = new Sec(dir, [`--input=${f}`]);
  try {
    await sec.started();
    fs.appendFileSync(f, 'first\n');
    await sec.lineCount(1);
    fs.unlinkSync(f);
    await sec.mark();
    assert.equal(sec.exitCode, null, 'still running');
    fs.writeFileSync(f, 'again 1\nagain 2\n');
    await sec.lineCount(3);
    await sec.mark();
    assert.deepEqual(sec.lines, ['first', 'again 1', 'again 2']);
  } finally {
    await sec.stop();
  }
});

test('--reopen-timeout: a file that does not exist yet is read from its start once it appears', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'later.log');
  const sec = new Sec(dir, [`--input=${f}`, '--reopen-timeout=1']);
  try {
    await sec.started();
    fs.writeFileSync(f, 'was there 1\nwas there 2\n');
    await sec.lineCount(2);
    fs.appendFileSync(f, 'appended\n');
    await sec.lineCount(3);
    await sec.mark();
    assert.deepEqual(sec.lines, ['was there 1', 'was there 2', 'appended']);
  } finally {
    await sec.stop();
  }
});

test('named pipe input (--rwfifo default): writers come and go, no line is lost', async () => {
  const dir = tempDir();
  const p = path.join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [p]).status, 0);
  const sec = new Sec(dir, [`--input=${p}`]);
  try {
    await sec.started();
    let w = await openFifoWriter(p);
    fs.writeSync(w, 'p1\np2 start');
    fs.closeSync(w);
    await sec.lineCount(1);
    await sec.mark();
    assert.deepEqual(sec.lines, ['p1']);
    w = await openFifoWriter(p);
    fs.writeSync(w, ' end\np3\n');
    fs.closeSync(w);
    await sec.lineCount(3);
    await sec.mark();
    assert.deepEqual(sec.lines, ['p1', 'p2 start end', 'p3']);
  } finally {
    await sec.stop();
  }
});

test('named pipe input with --norwfifo: a writer closing releases its partial line; the pipe is reopened', async () => {
  const dir = tempDir();
  const p = path.join(dir, 'fifo');
  assert.equal(spawnSync('mkfifo', [p]).status, 0);
  const sec = new Sec(dir, [`--input=${p}`, '--norwfifo']);
  try {
    await sec.started();
    let w = await openFifoWriter(p);
    fs.writeSync(w, 'q1\nq2 no newline');
    fs.closeSync(w);
    await sec.lineCount(2);
    w = await openFifoWriter(p);
    fs.writeSync(w, 'q3\n');
    fs.closeSync(w);
    await sec.lineCount(3);
    await sec.mark();
    assert.deepEqual(sec.lines, ['q1', 'q2 no newline', 'q3']);
  } finally {
    await sec.stop();
  }
});

test('a 5 MB line and invalid UTF-8 pass through write - $0 byte for byte', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'big.log');
  fs.writeFileSync(f, '');
  const sec = new Sec(dir, [`--input=${f}`]);
  try {
    await sec.started();
    const big = Buffer.alloc(5 * 1024 * 1024);
    for (let i = 0; i < big.length; i++) big[i] = 0x20 + ((i * 7) % 95);
    const invalid = Buffer.from([0x61, 0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0x80, 0x80, 0x7a]);
    const input = Buffer.concat([big, Buffer.from('\n'), invalid, Buffer.from('\nlast\n')]);
    // written in pieces, as a logger would
    for (let i = 0; i < input.length; i += 1 << 20) fs.appendFileSync(f, input.subarray(i, i + (1 << 20)));
    const expected = Buffer.concat([Buffer.from('SEC_STARTUP\n'), input]);
    await sec.waitFor(() => sec.stdout.length >= expected.length, 'the whole output');
    await sec.mark();
    assert.ok(Buffer.from(sec.stdout, 'latin1').equals(Buffer.concat([expected, Buffer.from('mark 1\n')])), 'output differs from input');
  } finally {
    await sec.stop();
  }
});

test('--input-timeout with --timeout-script: "1 FILE" after the silence, "0 FILE" when input resumes', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'quiet.log');
  const calls = path.join(dir, 'calls');
  const script = path.join(dir, 'timeout.sh');
  fs.writeFileSync(f, '');
  fs.writeFileSync(script, `#!/bin/sh\necho "$1 $2" >> ${calls}\n`, { mode: 0o755 });
  // no marker input: it would have its own timeout calls
  const sec = new Sec(dir, [`--input=${f}`, '--input-timeout=1', `--timeout-script=${script}`], false);
  const read = (): string => fileText(calls);
  try {
    await sec.started();
    await sec.waitFor(() => read() === `1 ${f}\n`, 'the no-input call');
    fs.appendFileSync(f, 'wake up\n');
    await sec.waitFor(() => read() === `1 ${f}\n0 ${f}\n`, 'the input-received call');
    await sec.lineCount(1);
    assert.deepEqual(sec.lines, ['wake up']);
  } finally {
    await sec.stop();
  }
});

test('--notail: the file is read from its start to its end, the last line without newline included, then sec exits', async () => {
  const dir = tempDir();
  const f = path.join(dir, 'done.log');
  fs.writeFileSync(f, 'n1\nn2\nno newline');
  const sec = new Sec(dir, [`--input=${f}`, '--notail'], false);
  const code = await sec.wait();
  assert.equal(code, 0);
  assert.deepEqual(sec.lines, ['n1', 'n2', 'no newline', 'SEC_SHUTDOWN']);
});
