import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { InputSet } from '../../src/input/inputs.js';
import { LineSplitter } from '../../src/input/lineSplitter.js';
import { DEFAULT_INPUT_OPTIONS, FileSource, type InputOptions, type InputSource } from '../../src/input/sources.js';
import { Logger } from '../../src/log/logger.js';
import type { ScanThread } from '../../src/scanThread/scanThread.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from '../support/process.js';

// Input sources driven directly: temp files, renames, truncation, deletion,
// named pipes. Time is a number handed to poll(), so timeouts need no sleep.

const tempDir = (): string => scratchDir('sec-input-');

interface Rig {
  opts: InputOptions;
  messages: string[];
  commands: string[][];
  time: { now: number };
}

function rig(over: Partial<InputOptions> = {}): Rig {
  const messages: string[] = [];
  const commands: string[][] = [];
  const time = { now: 1_700_000_000 };
  const log = new Logger(new VirtualClock(), 6, false, (m) => messages.push(m));
  const opts: InputOptions = {
    ...DEFAULT_INPUT_OPTIONS,
    log,
    now: () => time.now,
    runCommand: (argv) => commands.push(argv),
    ...over,
  };
  return { opts, messages, commands, time };
}

/**
 * Poll until two polls in a row give neither a line nor new bytes (a poll
 * that finds the file shuffled reopens it and gives nothing); the lines seen.
 */
function drain(src: InputSource, now: number): string[] {
  const out: string[] = [];
  let idle = 0;
  for (let i = 0; i < 100_000; i++) {
    const r = src.poll(now);
    if (r.line !== null) out.push(r.line);
    if (r.line !== null || r.newData) idle = 0;
    else if (++idle === 2) return out;
  }
  throw new Error('input never went idle');
}

function mkfifo(p: string): void {
  const r = spawnSync('mkfifo', [p]);
  assert.equal(r.status, 0, `mkfifo failed: ${r.stderr}`);
}

test('LineSplitter: a line split across pushes is one line; the rest comes at flush', () => {
  const s = new LineSplitter();
  const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');
  assert.deepEqual(s.push(bytes('ab')), []);
  assert.equal(s.pending, true);
  assert.deepEqual(s.push(bytes('c\nde')), ['abc']);
  assert.deepEqual(s.push(bytes('f\n\ng\xe9')), ['def', '']);
  // only the bytes given count: the rest of a reused read block is stale
  assert.deepEqual(s.push(bytes('h\nstale\n'), 1), []);
  assert.deepEqual(s.flush(), ['g\xe9h']);
  assert.equal(s.pending, false);
  assert.deepEqual(s.flush(), []);
});

test('--tail: starts at the end, reads appended lines, keeps a partial last line until its newline', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'old 1\nold 2\n');
  const { opts, time } = rig();
  const src = new FileSource(f, 'ctx', -1, opts);
  assert.deepEqual(drain(src, time.now), []);
  fs.appendFileSync(f, 'new 1\nnew');
  assert.deepEqual(drain(src, time.now), ['new 1']);
  fs.appendFileSync(f, ' 2 continued');
  assert.deepEqual(drain(src, time.now), []);
  assert.equal(src.ended, false);
  fs.appendFileSync(f, '\n');
  assert.deepEqual(drain(src, time.now), ['new 2 continued']);
  src.close();
  assert.equal(src.ended, true);
});

test('one line per poll, in order', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'a\nb\nc\n');
  const { opts, time } = rig();
  const src = new FileSource(f, 'ctx', 0, opts);
  assert.deepEqual(src.poll(time.now), { line: 'a', newData: false, ticket: -1 });
  assert.deepEqual(src.poll(time.now), { line: 'b', newData: false, ticket: -1 });
  assert.deepEqual(drain(src, time.now), ['c']);
  assert.deepEqual(drain(src, time.now), []);
});

test('--notail: reads from the start, hands out a last line without newline at EOF, then ends', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'one\ntwo');
  const { opts, time } = rig({ tail: false });
  const src = new FileSource(f, 'ctx', 0, opts);
  assert.equal(src.ended, false);
  assert.deepEqual(drain(src, time.now), ['one', 'two']);
  assert.equal(src.ended, true);
});

test('--blocksize: bytes per read; a partial read reports new data without a line', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'abcdefghij\n');
  const { opts, time } = rig({ blocksize: 4 });
  const src = new FileSource(f, 'ctx', 0, opts);
  assert.deepEqual(src.poll(time.now), { line: null, newData: true, ticket: -1 });
  assert.deepEqual(src.poll(time.now), { line: null, newData: true, ticket: -1 });
  assert.deepEqual(src.poll(time.now), { line: 'abcdefghij', newData: false, ticket: -1 });
  assert.deepEqual(src.poll(time.now), { line: null, newData: false, ticket: -1 });
});

test('--scanthread: a backlog is read in several blocks at once; its whole lines go to the scan thread with consecutive tickets, a line begun in an earlier read has none', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'abc\ndef\nghi\njk');
  const posts: { text: string; lines: number }[] = [];
  const thread = {
    readTarget: (size: number) => Buffer.alloc(size),
    post: (chunk: Buffer, start: number, end: number, lines: number) => {
      posts.push({ text: chunk.toString('latin1', start, end), lines });
      return 100 * posts.length;
    },
  } as unknown as ScanThread;
  const { opts, time } = rig({ blocksize: 16, scanThread: thread });
  const src = new FileSource(f, 'ctx', 0, opts);
  const poll = (): [string | null, number] => {
    const r = src.poll(time.now);
    return [r.line, r.ticket];
  };
  assert.deepEqual(
    [poll(), poll(), poll(), poll()],
    [
      ['abc', 100],
      ['def', 101],
      ['ghi', 102],
      [null, -1],
    ],
  );
  fs.appendFileSync(f, 'l\nmno\npqr\nstu\nvwx\n');
  // 19 bytes, more than a block of 16: read at once into the thread's slot
  assert.deepEqual(
    [poll(), poll(), poll(), poll(), poll(), poll()],
    [
      ['jkl', -1],
      ['mno', 200],
      ['pqr', 201],
      ['stu', 202],
      ['vwx', 203],
      [null, -1],
    ],
  );
  assert.deepEqual(posts, [
    { text: 'abc\ndef\nghi\n', lines: 3 },
    { text: 'mno\npqr\nstu\nvwx\n', lines: 4 },
  ]);
});

test('--scanthread: the next piece of a backlog is read while 256 lines of the last are left', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'line\n'.repeat(70_000));
  const posts: number[] = [];
  const thread = {
    readTarget: (size: number) => Buffer.alloc(size),
    post: (_chunk: Buffer, _start: number, _end: number, lines: number) => posts.push(lines),
  } as unknown as ScanThread;
  const { opts, time } = rig({ blocksize: 4096, scanThread: thread });
  const src = new FileSource(f, 'ctx', 0, opts);
  let polls = 0;
  while (posts.length < 2 && polls < 70_000) {
    assert.equal(src.poll(time.now).line, 'line');
    polls++;
  }
  // the first read filled 256 KB: 52,428 lines of 5 bytes and the start of the next
  assert.equal(posts[0], 52_428);
  assert.equal(polls, 52_428 - 256);
  assert.deepEqual(drain(src, time.now).length, 70_000 - polls);
});

test('--scanthread: a file opened with 4 MB or more to read starts the thread at once; one opened at its end does not', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'line\n'.repeat(1 << 20));
  let expected = 0;
  const thread = { expectBulk: () => expected++ } as unknown as ScanThread;
  const { opts } = rig({ scanThread: thread });
  new FileSource(f, 'ctx', -1, opts).close();
  assert.equal(expected, 0, 'at its end: nothing to read yet');
  new FileSource(f, 'ctx', 0, opts).close();
  assert.equal(expected, 1);
  fs.writeFileSync(f, 'line\n'.repeat(1000));
  new FileSource(f, 'ctx', 0, opts).close();
  assert.equal(expected, 1, 'a small file waits for its first block');
});

test('rotation: the rest of the renamed file first, then the new file from its start', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, '');
  const { opts, messages, time } = rig();
  const src = new FileSource(f, 'ctx', -1, opts);
  fs.appendFileSync(f, 'l1\n');
  assert.deepEqual(drain(src, time.now), ['l1']);
  fs.renameSync(f, `${f}.1`);
  fs.appendFileSync(`${f}.1`, 'l2 late in old file\nl3 partial');
  fs.writeFileSync(f, ' glued\nn1\n');
  // SEC keeps the read buffer across the reopen: the old file's partial
  // last line is completed by the new file's first bytes
  assert.deepEqual(drain(src, time.now), ['l2 late in old file', 'l3 partial glued', 'n1']);
  assert.ok(messages.includes(`Input file ${f} has been recreated`));
  assert.ok(messages.includes(`Reopening ${f} and processing from the start`));
  fs.appendFileSync(`${f}.1`, 'never read\n');
  fs.appendFileSync(f, 'n2\n');
  assert.deepEqual(drain(src, time.now), ['n2']);
});

test('copytruncate: a size below the read offset means reading again from offset 0', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, '');
  const { opts, messages, time } = rig();
  const src = new FileSource(f, 'ctx', -1, opts);
  fs.appendFileSync(f, 'first line of some length\nsecond line of some length\n');
  assert.deepEqual(drain(src, time.now), ['first line of some length', 'second line of some length']);
  fs.truncateSync(f, 0);
  fs.appendFileSync(f, 'after\n');
  assert.deepEqual(drain(src, time.now), ['after']);
  assert.ok(messages.includes(`Input file ${f} has been truncated`));
  fs.appendFileSync(f, 'more\n');
  assert.deepEqual(drain(src, time.now), ['more']);
});

test('deletion and re-creation: no crash while gone, the new file is read from its start', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'x\n');
  const { opts, time } = rig();
  const src = new FileSource(f, 'ctx', -1, opts);
  fs.unlinkSync(f);
  assert.deepEqual(drain(src, time.now), []);
  assert.deepEqual(drain(src, time.now + 5), []);
  assert.equal(src.ended, false);
  fs.writeFileSync(f, 'r1\nr2\n');
  assert.deepEqual(drain(src, time.now + 6), ['r1', 'r2']);
});

test('a missing file without --reopen-timeout is never opened (warning as SEC)', () => {
  const dir = tempDir();
  const f = path.join(dir, 'missing');
  const { opts, messages, time } = rig();
  const src = new FileSource(f, 'ctx', -1, opts);
  assert.ok(messages.includes(`Input file ${f} does not exist!`));
  fs.writeFileSync(f, 'a\n');
  assert.deepEqual(drain(src, time.now + 100), []);
});

test('--reopen-timeout: a file created later is opened after the timeout and read from its start', () => {
  const dir = tempDir();
  const f = path.join(dir, 'later');
  const { opts, messages, time } = rig({ reopenTimeout: 3 });
  const src = new FileSource(f, 'ctx', -1, opts);
  assert.ok(messages.includes(`Input file ${f} has not been created yet`));
  assert.ok(!messages.includes(`Input file ${f} does not exist!`));
  fs.writeFileSync(f, 'early 1\nearly 2\n');
  assert.deepEqual(drain(src, time.now + 2), []);
  assert.equal(src.ended, true);
  assert.deepEqual(src.poll(time.now + 3), { line: null, newData: false, ticket: -1 }); // this poll opens it
  assert.ok(messages.includes(`Attempting to (re)open ${f}`));
  assert.equal(src.ended, false);
  assert.deepEqual(drain(src, time.now + 3), ['early 1', 'early 2']);
});

test('--reopen-timeout: a file that could not be reopened after rotation is reopened at its end', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, '');
  const { opts, time } = rig({ reopenTimeout: 2 });
  const src = new FileSource(f, 'ctx', -1, opts);
  fs.renameSync(f, `${f}.1`);
  fs.mkdirSync(f); // something that cannot be opened as an input
  assert.deepEqual(drain(src, time.now), []);
  assert.equal(src.ended, true);
  fs.rmdirSync(f);
  fs.writeFileSync(f, 'before reopen\n');
  assert.deepEqual(drain(src, time.now + 1), []);
  assert.equal(src.ended, true);
  assert.deepEqual(drain(src, time.now + 2), []); // reopened at EOF
  assert.equal(src.ended, false);
  fs.appendFileSync(f, 'after reopen\n');
  assert.deepEqual(drain(src, time.now + 2), ['after reopen']);
});

test('--check-timeout: an input at EOF is not looked at again until the timeout passes', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, '');
  const { opts, time } = rig({ checkTimeout: 5 });
  const src = new FileSource(f, 'ctx', -1, opts);
  const t = time.now;
  assert.deepEqual(drain(src, t), []);
  fs.appendFileSync(f, 'a\nb\n');
  assert.deepEqual(drain(src, t + 4), []);
  assert.deepEqual(src.poll(t + 5), { line: 'a', newData: false, ticket: -1 });
  // while lines come, the input is read on every poll
  assert.deepEqual(src.poll(t + 5), { line: 'b', newData: false, ticket: -1 });
  assert.deepEqual(src.poll(t + 5), { line: null, newData: false, ticket: -1 });
  fs.appendFileSync(f, 'c\n');
  assert.deepEqual(src.poll(t + 9), { line: null, newData: false, ticket: -1 });
  assert.deepEqual(src.poll(t + 10), { line: 'c', newData: false, ticket: -1 });
});

test('--input-timeout: the script runs with 1 FILE after the silence and 0 FILE when input resumes', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, '');
  const { opts, commands, messages, time } = rig({ inputTimeout: 10, timeoutScript: '/path/script' });
  const src = new FileSource(f, 'ctx', -1, opts);
  const t = time.now;
  drain(src, t + 9);
  assert.deepEqual(commands, []);
  drain(src, t + 10);
  assert.deepEqual(commands, [['/path/script', '1', f]]);
  assert.ok(messages.includes(`No input, executing script /path/script 1 ${f}`));
  drain(src, t + 30);
  assert.equal(commands.length, 1, 'the script runs once per silence');
  fs.appendFileSync(f, 'back\n');
  assert.deepEqual(drain(src, t + 31), ['back']);
  assert.deepEqual(commands[1], ['/path/script', '0', f]);
  assert.ok(messages.includes(`Input received, executing script /path/script 0 ${f}`));
  drain(src, t + 40);
  assert.equal(commands.length, 2);
  drain(src, t + 41);
  assert.deepEqual(commands[2], ['/path/script', '1', f]);
});

test('--input-timeout counts for a file that does not exist as well', () => {
  const dir = tempDir();
  const f = path.join(dir, 'nothing');
  const { opts, commands, time } = rig({ inputTimeout: 2, timeoutScript: 's' });
  const src = new FileSource(f, 'ctx', -1, opts);
  drain(src, time.now + 2);
  assert.deepEqual(commands, [['s', '1', f]]);
});

test('invalid UTF-8 and every byte value come through byte for byte', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  const bytes = Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x00, 0x80, 0xe2, 0x82, 0x41, 0x0d]);
  fs.writeFileSync(f, Buffer.concat([bytes, Buffer.from('\n')]));
  const { opts, time } = rig();
  const src = new FileSource(f, 'ctx', 0, opts);
  const [line] = drain(src, time.now);
  assert.deepEqual(Buffer.from(line, 'latin1'), bytes);
});

test('a 5 MB line read in 8 KB blocks is one line, in linear time', () => {
  const dir = tempDir();
  const f = path.join(dir, 'log');
  const big = Buffer.alloc(5 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = 0x21 + (i % 90);
  fs.writeFileSync(f, Buffer.concat([big, Buffer.from('\nnext\n')]));
  const { opts, time } = rig();
  const src = new FileSource(f, 'ctx', 0, opts);
  const started = Date.now();
  const lines = drain(src, time.now);
  assert.ok(Date.now() - started < 5000, 'took too long');
  assert.equal(lines.length, 2);
  assert.ok(Buffer.from(lines[0], 'latin1').equals(big));
  assert.equal(lines[1], 'next');
});

test('named pipe with --rwfifo: writers coming and going never end the input', () => {
  const dir = tempDir();
  const p = path.join(dir, 'fifo');
  mkfifo(p);
  const { opts, time } = rig({ rwfifo: true });
  const src = new FileSource(p, 'ctx', -1, opts);
  assert.deepEqual(drain(src, time.now), []);
  let w = fs.openSync(p, 'w');
  fs.writeSync(w, 'a\nb');
  fs.closeSync(w);
  assert.deepEqual(drain(src, time.now), ['a']);
  assert.equal(src.ended, false);
  w = fs.openSync(p, 'w');
  fs.writeSync(w, 'c\n');
  fs.closeSync(w);
  assert.deepEqual(drain(src, time.now), ['bc']);
  src.close();
});

test('named pipe with --norwfifo: when the writers go, the partial line comes out and the pipe is reopened', () => {
  const dir = tempDir();
  const p = path.join(dir, 'fifo');
  mkfifo(p);
  const { opts, messages, time } = rig({ rwfifo: false });
  const src = new FileSource(p, 'ctx', -1, opts);
  let w = fs.openSync(p, 'w');
  fs.writeSync(w, 'a\nb');
  assert.deepEqual(drain(src, time.now), ['a']);
  fs.closeSync(w);
  assert.deepEqual(drain(src, time.now), ['b']);
  assert.ok(messages.includes(`No writers on input pipe ${p}, closing the pipe`));
  assert.ok(messages.includes(`Reopening input pipe ${p}`));
  assert.equal(src.ended, false);
  w = fs.openSync(p, 'w');
  fs.writeSync(w, 'c\n');
  fs.closeSync(w);
  assert.deepEqual(drain(src, time.now), ['c']);
  src.close();
});

test('named pipe with --notail --norwfifo: the input ends when the writers go', () => {
  const dir = tempDir();
  const p = path.join(dir, 'fifo');
  mkfifo(p);
  const { opts, time } = rig({ rwfifo: false, tail: false });
  const src = new FileSource(p, 'ctx', 0, opts);
  const w = fs.openSync(p, 'w');
  fs.writeSync(w, 'x\ny');
  fs.closeSync(w);
  assert.deepEqual(drain(src, time.now), ['x', 'y']);
  assert.equal(src.ended, true);
});

test('an input of unsupported type is reported and closed', () => {
  const dir = tempDir();
  const { opts, messages, time } = rig();
  const src = new FileSource(dir, 'ctx', -1, opts);
  assert.ok(messages.includes(`Input file ${dir} is of unsupported type!`));
  assert.equal(src.ended, true);
  assert.deepEqual(drain(src, time.now), []);
});

test('InputSet: whether an input has a backlog worth the scan thread is known before anything is opened', () => {
  const dir = tempDir();
  const big = path.join(dir, 'big.log');
  const small = path.join(dir, 'small.log');
  fs.writeFileSync(big, 'line\n'.repeat(1 << 20));
  fs.writeFileSync(small, 'line\n'.repeat(1000));
  const { opts } = rig();
  const set = (...patterns: string[]): InputSet => new InputSet(patterns, opts);
  assert.equal(set(path.join(dir, '*.log')).hasBacklog(0), true, 'one of the files the glob names, read from its start');
  assert.equal(set(`${big}=CTX`).hasBacklog(0), true, 'a pattern with a context');
  assert.equal(set(big).hasBacklog(-1), false, 'read from its end: nothing to read yet');
  assert.equal(set(small, path.join(dir, 'missing.log')).hasBacklog(0), false, 'small or missing files');
  assert.equal(set(dir).hasBacklog(0), false, 'not a regular file');
  // the same verdict as opening the files gives
  let expected = 0;
  const thread = { expectBulk: () => expected++ } as unknown as ScanThread;
  for (const src of new InputSet([path.join(dir, '*.log')], rig({ scanThread: thread }).opts).open(0)) src.close();
  assert.equal(expected, 1);
});

test('InputSet: glob patterns, sorted names, FILE=CONTEXT (the later one wins)', () => {
  const dir = tempDir();
  for (const n of ['b.log', 'a.log', 'c.txt']) fs.writeFileSync(path.join(dir, n), '');
  const { opts } = rig();
  const set = new InputSet([path.join(dir, '*.log'), `${path.join(dir, 'b.log')}=BCTX`], opts);
  const sources = set.open(-1);
  assert.deepEqual(
    sources.map((s) => s.name),
    [path.join(dir, 'a.log'), path.join(dir, 'b.log')],
  );
  assert.deepEqual(
    sources.map((s) => s.context),
    [`_FILE_EVENT_${path.join(dir, 'a.log')}`, 'BCTX'],
  );
  assert.equal(set.contextsGiven, true);
  assert.equal(new InputSet([path.join(dir, '*.log')], opts).contextsGiven, false);
});

test('InputSet: patterns are expanded again at each open; a soft open keeps open inputs and their state', () => {
  const dir = tempDir();
  const a = path.join(dir, 'a.log');
  const b = path.join(dir, 'b.log');
  fs.writeFileSync(a, '');
  const { opts, time } = rig();
  const set = new InputSet([path.join(dir, '*.log')], opts);
  const first = set.open(-1);
  assert.equal(first.length, 1);
  fs.appendFileSync(a, 'partial');
  drain(first[0], time.now);
  fs.writeFileSync(b, 'b old\n');
  const soft = set.open(-1, true);
  assert.deepEqual(
    soft.map((s) => s.name),
    [a, b],
  );
  assert.equal(soft[0], first[0], 'the open input is kept');
  fs.appendFileSync(a, ' line\n');
  assert.deepEqual(drain(soft[0], time.now), ['partial line']);
  const full = set.open(-1);
  assert.notEqual(full[0], first[0]);
  assert.equal(first[0].ended, true, 'a full open closes the old inputs');
  fs.unlinkSync(b);
  const fewer = set.open(-1, true);
  assert.equal(fewer.length, 1);
  assert.equal(full[1].ended, true, 'an input no pattern names any more is closed');
});
