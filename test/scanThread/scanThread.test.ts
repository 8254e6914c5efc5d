import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { literalScanner } from '../../src/patterns/literalScanner.js';
import { NO_TICKET, ScanThread } from '../../src/scanThread/scanThread.js';
import { fileLines, fileText, scratchDir, startSec, waitFor } from '../support/process.js';

// The scan thread runs for real here (from the bundle npm run build makes):
// what it finds must be what a scan on the main thread finds.

const LITERALS = ['sshd[', 'failed password', ' from ', 'cron['];

/** The literal ids the thread found for `ticket`, sorted; null while its result is not there. */
function resultOf(thread: ScanThread, ticket: number): number[] | null {
  const at = thread.lookup(ticket);
  if (at < 0) return null;
  const ids = [...thread.records.subarray(thread.idsStart(at), thread.idsEnd(at))].sort((a, b) => a - b);
  return thread.stillHolds(at, ticket) ? ids : null;
}

function scannedHere(literals: readonly string[], line: string): number[] {
  const found = literalScanner(literals).scan(line);
  return [...found.list.subarray(0, found.count)].sort((a, b) => a - b);
}

/** A read block: a partial line's end, `lines`, the start of the next line; with the span of the whole lines. */
function block(lines: readonly string[]): { chunk: Buffer; start: number; end: number } {
  const chunk = Buffer.from(`end of a line\n${lines.join('\n')}\nstart of a li`, 'latin1');
  return { chunk, start: chunk.indexOf(0x0a) + 1, end: chunk.lastIndexOf(0x0a) + 1 };
}

/** Post `lines` as one block, wait until the thread has scanned them, and check each line's result against a scan here; the first line's ticket. */
async function scannedAsHere(thread: ScanThread, lines: readonly string[]): Promise<number> {
  const { chunk, start, end } = block(lines);
  const first = thread.post(chunk, start, end, lines.length);
  assert.notEqual(first, NO_TICKET);
  await waitFor(() => resultOf(thread, first + lines.length - 1) !== null, 'the last line scanned');
  for (const [i, line] of lines.entries()) assert.deepEqual(resultOf(thread, first + i), scannedHere(LITERALS, line), `line ${i}: ${line.slice(0, 60)}`);
  return first;
}

test('the scan thread finds the literals of each line of a block, as a scan on the main thread does', async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.useLiterals(LITERALS);
    await scannedAsHere(thread, ['Jan  1 db sshd[1]: FAILED password for x from 1.2.3.4', '', 'CRON[2]: job', 'nothing here', 'x from y', 'sshd[sshd[']);
  } finally {
    thread.close();
  }
});

test('a block read into the slot readTarget gives (once the thread runs) is scanned where it lies', async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.useLiterals(LITERALS);
    assert.equal(thread.readTarget(4096), null, 'the thread does not run yet');
    const lines = Array.from({ length: 6 }, (_, i) => (i % 2 ? `CRON[${i}]: job` : `sshd[${i}]: failed password from 10.0.0.${i}`));
    const { chunk, start, end } = block(lines);
    thread.post(chunk, start, end, lines.length);
    const target = thread.readTarget(4096);
    assert.equal(target?.length, 4096);
    const text = `${lines.reverse().join('\n')}\n`;
    (target as Buffer).write(text, 'latin1');
    const first = thread.post(target as Buffer, 0, text.length, lines.length);
    await waitFor(() => resultOf(thread, first + lines.length - 1) !== null, 'the block scanned');
    for (const [i, line] of lines.entries()) assert.deepEqual(resultOf(thread, first + i), scannedHere(LITERALS, line), line);
  } finally {
    thread.close();
  }
});

test('a backlog expected starts the thread as soon as the literals are known, before any block', () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.expectBulk();
    assert.equal(thread.readTarget(4096), null, 'no literals yet: no thread');
    thread.useLiterals(LITERALS);
    assert.equal(thread.readTarget(4096)?.length, 4096, 'the thread runs: blocks are read into its slots');
  } finally {
    thread.close();
  }
});

test('a thread booted before the rules are loaded takes no block until its literals come, then scans as usual', async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.boot();
    const lines = ['sshd[1]: failed password', 'CRON[2]: x', 'a from b', 'nothing'];
    const { chunk, start, end } = block(lines);
    assert.equal(thread.readTarget(4096), null, 'no literals: no block is read for it');
    assert.equal(thread.post(chunk, start, end, lines.length), NO_TICKET);
    thread.useLiterals(LITERALS);
    // it runs already: the next block can be read into its memory (a thread not booted waits for a first block)
    assert.equal(thread.readTarget(4096)?.length, 4096);
    await scannedAsHere(thread, lines);
  } finally {
    thread.close();
  }
});

test('a result found with an older literal set, or one too long for its record, is not taken; small blocks stay on the main thread', async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    const lines = Array.from({ length: 8 }, (_, i) => `sshd[${i}]: failed password from 10.0.0.${i}`);
    const { chunk, start, end } = block(lines);
    thread.useLiterals([]);
    assert.equal(thread.post(chunk, start, end, lines.length), NO_TICKET, 'no literals: nothing to find');
    thread.useLiterals(LITERALS);
    const two = block(lines.slice(0, 2));
    assert.equal(thread.post(two.chunk, two.start, two.end, 2), NO_TICKET, 'two lines: scanned where they are used');
    const first = thread.post(chunk, start, end, lines.length);
    await waitFor(() => resultOf(thread, first + lines.length - 1) !== null, 'the block scanned');
    assert.deepEqual(resultOf(thread, first), scannedHere(LITERALS, lines[0]));
    thread.useLiterals(LITERALS);
    assert.equal(thread.lookup(first), -1, 'the rules changed since');

    const many = Array.from({ length: 20 }, (_, i) => `word${i}x`);
    thread.useLiterals(many);
    const crowded = [many.join(' '), ...lines];
    const b = block(crowded);
    const ticket = thread.post(b.chunk, b.start, b.end, crowded.length);
    await waitFor(() => resultOf(thread, ticket + crowded.length - 1) !== null, 'the block scanned');
    assert.equal(thread.lookup(ticket), -1, '20 literals found in one line: more than a record holds');
  } finally {
    thread.close();
  }
  const { chunk, start, end } = block(['a', 'b', 'c', 'd', 'e']);
  assert.equal(thread.post(chunk, start, end, 5), NO_TICKET, 'closed');
});

test('a block is scanned a piece of lines at a time, a line longer than a piece whole', async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.useLiterals(LITERALS);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) lines.push(i % 2 ? `CRON[${i}]: job ${i}` : `db sshd[${i}]: Failed password from ${i}`);
    // 70 KB: past a piece (32 KB), with a literal only at its end
    lines.splice(1500, 0, `${'x'.repeat(70_000)} from `, 'after the long line sshd[');
    await scannedAsHere(thread, lines);
  } finally {
    thread.close();
  }
});

test("results are published a few lines at a time, and a line the thread has gone a ring of records past is not taken (its record may be a later line's)", async () => {
  const thread = new ScanThread((why) => assert.fail(why));
  try {
    thread.useLiterals(LITERALS);
    // fewer lines than a publication's worth: published at the end of the job
    await scannedAsHere(thread, ['sshd[1]: failed password', 'nothing', 'CRON[2]: x', 'a from b', '']);

    const lines = Array.from({ length: 5000 }, (_, i) => (i % 3 ? `sshd[${i}]: x from y` : `line ${i}`));
    const { chunk, start: from, end } = block(lines);
    const first = thread.post(chunk, from, end, lines.length);
    await waitFor(() => resultOf(thread, first + lines.length - 1) !== null, 'the first block scanned');
    assert.deepEqual(resultOf(thread, first), scannedHere(LITERALS, lines[0]));
    assert.deepEqual(resultOf(thread, first + 1), scannedHere(LITERALS, lines[1]));
    // three more blocks take the thread more than 16,384 records (the ring) past the first line
    let last = first;
    for (let k = 0; k < 3; k++) {
      await waitFor(() => {
        last = thread.post(chunk, from, end, lines.length);
        return last !== NO_TICKET;
      }, 'a job slot free');
      await waitFor(() => resultOf(thread, last + lines.length - 1) !== null, 'a later block scanned');
    }
    assert.equal(thread.lookup(first + 1), -1, 'a ring of records behind: not taken');
    assert.deepEqual(resultOf(thread, last + 1), scannedHere(LITERALS, lines[1]));
  } finally {
    thread.close();
  }
});

// bin/sec end to end: the same output with the scan thread as without it,
// over a file and over standard input (tens of thousands of lines: they are
// read in bulk, which is when the thread is used).

const E2E_RULES = `type=Suppress
ptype=RegExp
pattern=CRON\\[\\d+\\]: \\(root\\) CMD
desc=cron

type=SingleWithThreshold
ptype=RegExp
pattern=sshd\\[\\d+\\]: Failed password for (\\S+) from ([\\d.]+)
desc=failures from $2
action=write out.log %s ($1)
window=86400
thresh=3

type=Single
ptype=SubStr
pattern=kernel: Out of memory
desc=oom
action=write out.log oom $0; event OOM SEEN

type=Single
ptype=RegExp
pattern=^OOM (\\w+)
desc=synthetic
action=write out.log synthetic $1

type=Single
ptype=RegExp
pattern=nginx: (\\S+) .* "GET ([^"]*)" (5\\d\\d)
desc=5xx
action=rewrite 1 nginx error $3 for $2; write out.log rewritten
continue=TakeNext

type=Single
ptype=RegExp
pattern=^nginx error (\\d+) for (\\S+)
desc=after rewrite
action=write out.log $1 $2
`;

function e2eLog(lines: number): string {
  let seed = 7;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const kinds = [
    () => `Jan  1 00:00:00 db sshd[${next(9999)}]: Failed password for user${next(5)} from 10.0.${next(4)}.${next(30)} port 22 ssh2`,
    () => `Jan  1 00:00:00 app CRON[${next(9999)}]: (root) CMD (run-parts)`,
    () => `Jan  1 00:00:00 web nginx: 10.1.1.${next(255)} - - [x] "GET /p${next(50)} HTTP/1.1" ${next(2) ? 200 : 503} 12`,
    () => `Jan  1 00:00:00 db kernel: Out of memory: killed ${next(100)}`,
    () => `Jan  1 00:00:00 app something unrelated ${next(1000)}`,
  ];
  let text = '';
  for (let i = 0; i < lines; i++) text += `${kinds[next(kinds.length)]()}\n`;
  return text;
}

/** out.log of a run over `inputs` (file name → content; '-' is standard input). */
async function outputOf(args: string[], inputs: Record<string, string>): Promise<string> {
  const dir = scratchDir('sec-scanthread-');
  fs.writeFileSync(path.join(dir, 'r.conf'), E2E_RULES);
  for (const [name, text] of Object.entries(inputs)) if (name !== '-') fs.writeFileSync(path.join(dir, name), text);
  const where = Object.keys(inputs).map((name) => `--input=${name}`);
  const sec = startSec(['--conf=r.conf', ...where, '--notail', '--log=/dev/null', ...args], dir, '-' in inputs ? { stdin: inputs['-'] } : {});
  const { code } = await sec.exited;
  assert.equal(code, 0, sec.stderr());
  return fs.readFileSync(path.join(dir, 'out.log'), 'latin1');
}

test('bin/sec writes the same with --scanthread as with --noscanthread, from a file, from standard input and from two files', async () => {
  const input = e2eLog(40_000);
  const expected = await outputOf(['--noscanthread'], { 'in.log': input });
  assert.ok(expected.split('\n').length > 10_000, 'the rules fire often');
  assert.equal(await outputOf(['--scanthread'], { 'in.log': input }), expected, 'from a file');
  assert.equal(await outputOf([], { '-': input }), expected, 'from standard input (the thread is on by default)');
  const lines = input.split('\n');
  const two = { 'a.log': `${lines.slice(0, 25_000).join('\n')}\n`, 'b.log': lines.slice(25_000).join('\n') };
  assert.equal(await outputOf([], two), await outputOf(['--noscanthread'], two), 'from two files, read in turns');
});

test('bin/sec with the scan thread through a full (HUP) and a soft (ABRT) restart: each bulk of lines after one is matched by the new rules', async () => {
  const dir = scratchDir('sec-scanthread-');
  const conf = path.join(dir, 'r.conf');
  const input = path.join(dir, 'in.log');
  const out = path.join(dir, 'out.log');
  const log = path.join(dir, 'sec.log');
  const rule = (word: string, tag: string): string => `type=Single\nptype=RegExp\npattern=${word} (\\d+)\ndesc=$1\naction=write out.log ${tag} $1\n`;
  const written = (tag: string): number => (fs.existsSync(out) ? fileLines(out).filter((l) => l.startsWith(`${tag} `)).length : 0);
  const logged = (text: string): number => (fs.existsSync(log) ? fileText(log).split(text).length - 1 : 0);
  /** Append 20,000 lines and wait until the rule tagged `tag` has written one line for each. */
  const bulkMatchedBy = async (tag: string): Promise<void> => {
    let text = '';
    for (let i = 0; i < 20_000; i++) text += `x alpha ${i} beta ${i} gamma ${i}\n`;
    fs.appendFileSync(input, text);
    await waitFor(
      () => written(tag) === 20_000,
      () => `20000 ${tag} lines, have ${written(tag)}`,
    );
  };
  fs.writeFileSync(conf, rule('alpha', 'A'));
  fs.writeFileSync(input, '');
  const sec = startSec([`--conf=${conf}`, `--input=${input}`, `--log=${log}`], dir);
  await waitFor(() => logged('Opening input file') === 1, 'the input opened');
  await bulkMatchedBy('A');

  fs.writeFileSync(conf, rule('beta', 'B'));
  sec.child.kill('SIGHUP');
  await waitFor(() => logged('Opening input file') === 2, 'the input opened again after HUP');
  await bulkMatchedBy('B');

  fs.writeFileSync(conf, rule('gamma', 'C'));
  const later = new Date(Date.now() + 5000); // a modification time the soft restart cannot miss
  fs.utimesSync(conf, later, later);
  sec.child.kill('SIGABRT');
  await waitFor(() => logged('rules loaded from') === 3, 'the rules loaded again after ABRT');
  await bulkMatchedBy('C');
  assert.equal(written('A'), 20_000);
  assert.equal(written('B'), 20_000);
  sec.child.kill('SIGTERM');
  await sec.exited;
});
