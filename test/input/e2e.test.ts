import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// End-to-end: bin/sec as a process reading real files and named pipes that
// change under it. Every line must come out exactly once, byte for byte.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const secBin = path.join(root, 'bin', 'sec');

// every event (input lines and SEC_STARTUP) is written out as it is
const WRITE_RAW = 'type=Single\nptype=RegExp\npattern=^\ndesc=raw\naction=write - $0\n';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

class Sec {
  readonly proc: ChildProcess;
  private out: Buffer[] = [];
  private exited: Promise<number | null>;

  constructor(readonly dir: string, args: string[]) {
    fs.writeFileSync(path.join(dir, 'raw.conf'), WRITE_RAW);
    this.proc = spawn(process.execPath, [secBin, '--conf=raw.conf', '--intevents', ...args], {
      cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.proc.stdout?.on('data', (b: Buffer) => this.out.push(b));
    this.proc.stderr?.resume();
    this.exited = new Promise((resolve) => this.proc.on('exit', (code) => resolve(code)));
  }

  get stdout(): Buffer {
    return Buffer.concat(this.out);
  }

  /** Output lines after the SEC_STARTUP line. */
  get lines(): string[] {
    const text = this.stdout.toString('latin1');
    return text.split('\n').slice(1, -1);
  }

  async waitFor(pred: () => boolean, what: string, ms = 15_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far: ${JSON.stringify(this.stdout.toString('latin1').slice(0, 2000))}`);
      await sleep(20);
    }
  }

  /** Wait until the inputs are open (SEC_STARTUP comes right after). */
  async started(): Promise<void> {
    await this.waitFor(() => this.stdout.toString('latin1').startsWith('SEC_STARTUP\n'), 'SEC_STARTUP');
  }

  async lineCount(n: number): Promise<void> {
    await this.waitFor(() => this.lines.length >= n, `${n} lines`);
  }

  /** Give sec a few poll rounds to show it wrote nothing more. */
  async settle(): Promise<void> {
    await sleep(400);
  }

  async stop(): Promise<number | null> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGTERM');
    return this.exited;
  }

  wait(): Promise<number | null> {
    return this.exited;
  }
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'sec-e2e-input-'));
}

/** Open a named pipe for writing without blocking (retry until a reader is there). */
async function openFifoWriter(p: string): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return fs.openSync(p, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENXIO' || Date.now() > deadline) throw e;
      await sleep(20);
    }
  }
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
    await sec.settle();
    assert.deepEqual(sec.lines, ['one'], 'a partial last line waits for its newline');
    fs.appendFileSync(f, 'o\nthree\n');
    await sec.lineCount(3);
    await sec.settle();
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
    fs.renameSync(f, f + '.1');
    fs.appendFileSync(f + '.1', 'late in rotated file\n');
    fs.writeFileSync(f, 'new 1\n');
    fs.appendFileSync(f, 'new 2\n');
    await sec.lineCount(5);
    fs.appendFileSync(f, 'new 3\n');
    await sec.lineCount(6);
    await sec.settle();
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
    fs.copyFileSync(f, f + '.1');
    fs.truncateSync(f, 0);
    fs.appendFileSync(f, 'b1\n');
    await sec.lineCount(3);
    fs.appendFileSync(f, 'b2\n');
    await sec.lineCount(4);
    await sec.settle();
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
    await sec.settle();
    assert.equal(sec.proc.exitCode, null, 'still running');
    fs.writeFileSync(f, 'again 1\nagain 2\n');
    await sec.lineCount(3);
    await sec.settle();
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
    await sec.settle();
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
    await sec.settle();
    assert.deepEqual(sec.lines, ['p1']);
    w = await openFifoWriter(p);
    fs.writeSync(w, ' end\np3\n');
    fs.closeSync(w);
    await sec.lineCount(3);
    await sec.settle();
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
    await sec.settle();
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
    await sec.waitFor(() => sec.stdout.length >= expected.length, 'the whole output', 30_000);
    await sec.settle();
    assert.ok(sec.stdout.equals(expected), 'output differs from input');
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
  const sec = new Sec(dir, [`--input=${f}`, '--input-timeout=1', `--timeout-script=${script}`]);
  const read = (): string => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8') : '');
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
  const sec = new Sec(dir, [`--input=${f}`, '--notail']);
  const code = await sec.wait();
  assert.equal(code, 0);
  assert.deepEqual(sec.lines, ['n1', 'n2', 'no newline', 'SEC_SHUTDOWN']);
});
