import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEADLINE_MS, scratchDir, secCommand } from '../support/process.js';

// End-to-end: bin/sec as a child process.

const tempDir = (): string => scratchDir('sec-main-');

/** Write files into dir (name → content) and return dir. */
function withFiles(files: Record<string, string | Buffer>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

function sec(args: string[], opts: { cwd: string; input?: string | Buffer }): SpawnSyncReturns<Buffer> {
  return spawnSync(...secCommand(args), {
    cwd: opts.cwd,
    input: opts.input ?? '',
    timeout: DEADLINE_MS,
    maxBuffer: 64 * 1024 * 1024,
  });
}

const WRITE_ALL = 'type=Single\nptype=RegExp\npattern=^(.*)$\ndesc=all\naction=write - got $1\n';
const WRITE_RAW = 'type=Single\nptype=RegExp\npattern=.\ndesc=raw\naction=write - $0\n';

const LOG_LINE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d \d{4}: \S/;

test('--version and --help print and exit 0', () => {
  const dir = tempDir();
  const version = sec(['--version'], { cwd: dir });
  assert.equal(version.status, 0);
  assert.match(version.stdout.toString(), /2\.9\.1/);
  const help = sec(['--help'], { cwd: dir });
  assert.equal(help.status, 0);
  assert.match(help.stdout.toString(), /--conf/);
  assert.match(help.stdout.toString(), /--input/);
  const question = sec(['-?'], { cwd: dir });
  assert.equal(question.status, 0);
  assert.equal(question.stdout.toString(), help.stdout.toString());
});

test('option complaints go to stderr and the run goes on', () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const run = sec(['--conf=r.conf', '--inp=x', '--input=-', '--notail', 'extra'], { cwd: dir, input: 'a\n' });
  assert.equal(run.status, 0);
  assert.equal(run.stderr.toString(), 'Option inp is ambiguous (input, input-timeout, input_timeout)\nUnknown argument: extra\n');
  assert.equal(run.stdout.toString(), 'got a\n');
});

test('--testonly: 0 for a good file, 1 for a faulty rule or a missing --conf file', () => {
  const dir = withFiles({
    'good.conf': WRITE_ALL,
    'bad.conf': `${WRITE_ALL}\ntype=Single\nptype=RegExp\npattern=x\ndesc=y\naction=nosuchaction\n`,
  });
  assert.equal(sec(['--conf=good.conf', '--testonly'], { cwd: dir }).status, 0);
  assert.equal(sec(['--conf=bad.conf', '--testonly'], { cwd: dir }).status, 1);
  assert.equal(sec(['--conf=good.conf', '--conf=missing.conf', '--testonly'], { cwd: dir }).status, 1);
  assert.equal(sec(['--conf=missing.conf', '--testonly'], { cwd: dir }).status, 1);
});

test('a normal run with a missing rule file still exits 0 at the end of input', () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const run = sec(['--conf=missing.conf', '--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input: 'x\n' });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.toString(), 'got x\n');
});

test('--input=- --notail processes standard input and exits 0 at EOF', () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const run = sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input: 'one\ntwo\nthree\n' });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.toString(), 'got one\ngot two\ngot three\n');
});

test('a last line without newline is processed', () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL, 'in.txt': 'first\nlast' });
  const stdin = sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input: 'first\nlast' });
  assert.equal(stdin.status, 0);
  assert.equal(stdin.stdout.toString(), 'got first\ngot last\n');
  const file = sec(['--conf=r.conf', '--input=in.txt', '--notail'], { cwd: dir });
  assert.equal(file.status, 0);
  assert.equal(file.stdout.toString(), 'got first\ngot last\n');
});

test('--input=FILE --notail reads the file to the end and exits', () => {
  const lines = Array.from({ length: 2000 }, (_v, i) => `line ${i}`);
  const dir = withFiles({ 'r.conf': WRITE_ALL, 'in.txt': `${lines.join('\n')}\n` });
  const run = sec(['--conf=r.conf', '--input=in.txt', '--notail'], { cwd: dir });
  assert.equal(run.status, 0);
  assert.deepEqual(
    run.stdout.toString().split('\n').slice(0, -1),
    lines.map((l) => `got ${l}`),
  );
});

/**
 * Tail mode: a file with two old lines plus standard input. Once 'ready' from
 * stdin comes out, the file is open; then a line is appended to it and sec is
 * stopped after it comes out. Returns the output lines.
 */
async function tailRun(extra: string[]): Promise<string[]> {
  const dir = withFiles({ 'r.conf': WRITE_ALL, 'in.log': 'old1\nold2\n' });
  const child = spawn(...secCommand(['--conf=r.conf', '--input=in.log', '--input=-', ...extra]), { cwd: dir });
  let out = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  try {
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => reject(new Error(`sec exited early, output: ${out}`)));
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('got ready\n') && !out.includes('appended')) {
          out += 'appended\n';
          fs.appendFileSync(path.join(dir, 'in.log'), 'new\n');
        }
        if (out.includes('got new\n')) resolve();
      });
      child.stdin.write('ready\n');
    });
  } finally {
    clearTimeout(timer);
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
  }
  return out.split('\n').filter((l) => l && l !== 'appended');
}

test('tail mode starts at the end of input files', async () => {
  assert.deepEqual(await tailRun([]), ['got ready', 'got new']);
});

test('--fromstart reads input files from the beginning and keeps following them', async () => {
  const lines = await tailRun(['--fromstart']);
  assert.deepEqual([...lines].sort(), ['got new', 'got old1', 'got old2', 'got ready']);
  assert.ok(lines.indexOf('got old1') < lines.indexOf('got old2'));
  assert.equal(lines[lines.length - 1], 'got new');
});

test('--log=FILE gets timestamped lines incl. "N rules loaded from FILE"', () => {
  const dir = withFiles({ 'r.conf': `${WRITE_ALL}\n${WRITE_RAW}` });
  const run = sec(['--conf=r.conf', '--input=-', '--notail', '--log=sec.log'], { cwd: dir, input: 'x\n' });
  assert.equal(run.status, 0);
  const log = fs.readFileSync(path.join(dir, 'sec.log'), 'utf8');
  assert.ok(log.endsWith('\n'));
  const lines = log.split('\n').slice(0, -1);
  assert.ok(lines.length >= 3, log);
  for (const line of lines) assert.match(line, LOG_LINE);
  const messages = lines.map((l) => l.replace(/^.{24}: /, ''));
  assert.ok(messages.includes('Reading configuration from r.conf'), log);
  assert.ok(messages.includes('2 rules loaded from r.conf'), log);
  assert.ok(messages.indexOf('Reading configuration from r.conf') < messages.indexOf('2 rules loaded from r.conf'), log);
  assert.ok(messages.includes("Writing event 'got x' to file '-'"), log);
});

test("--log=FILE: start-up messages in SEC's order, and the end of standard input", () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const run = sec(['--conf=r.conf', '--input=-', '--notail', '--log=sec.log'], { cwd: dir, input: 'x\n' });
  assert.equal(run.status, 0);
  const messages = fs
    .readFileSync(path.join(dir, 'sec.log'), 'latin1')
    .split('\n')
    .slice(0, -1)
    .map((l) => l.replace(/^.{24}: /, ''))
    // run at a terminal, the test's own terminal makes sec interactive (see the test of that message)
    .filter((m) => !m.startsWith('Interactive process'));
  assert.deepEqual(messages.slice(1), [
    'Reading configuration from r.conf',
    '1 rules loaded from r.conf',
    'No --bufsize command line option or --bufsize=0, setting --bufsize to 1',
    'Opening input file -',
    "Writing event 'got x' to file '-'",
    'No writers on input pipe -, closing the pipe',
  ]);
});

const haveTerminalTools = ['/usr/bin/script', '/usr/bin/setsid'].every((f) => fs.existsSync(f));

test('in the foreground of a terminal the log says SIGINT is left alone; with no terminal it is not said', {
  skip: haveTerminalTools ? false : 'skipped: script(1) or setsid(1) is missing',
}, () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL, 'in.txt': '' });
  const args = (log: string): string[] => secCommand(['--conf=r.conf', '--input=in.txt', '--notail', `--log=${log}`]).flat();
  const atTerminal = spawnSync('/usr/bin/script', ['-qec', args('tty.log').join(' '), '/dev/null'], { cwd: dir, timeout: 30_000 });
  assert.equal(atTerminal.status, 0, String(atTerminal.stderr));
  const noTerminal = spawnSync('/usr/bin/setsid', ['-w', ...args('notty.log')], { cwd: dir, timeout: 30_000 });
  assert.equal(noTerminal.status, 0, String(noTerminal.stderr));
  const message = "Interactive process, SIGINT can't be used for changing the logging level";
  const tty = fs.readFileSync(path.join(dir, 'tty.log'), 'latin1');
  assert.match(tty, new RegExp(`Opening input file in.txt\n.{24}: ${message}\n`), tty);
  assert.ok(!fs.readFileSync(path.join(dir, 'notty.log'), 'latin1').includes(message));
});

test('--log=FILE records a missing rule file', () => {
  const dir = tempDir();
  const run = sec(['--conf=nope.conf', '--testonly', '--log=sec.log'], { cwd: dir });
  assert.equal(run.status, 1);
  const lines = fs.readFileSync(path.join(dir, 'sec.log'), 'utf8').split('\n').slice(0, -1);
  for (const line of lines) assert.match(line, LOG_LINE);
  assert.ok(
    lines.some((l) => l.includes('nope.conf')),
    lines.join('\n'),
  );
});

test('globs in --conf are expanded in sorted order', () => {
  const rule = (n: string): string => `type=Single\nptype=SubStr\npattern=go\ndesc=${n}\naction=write - ${n}\n`;
  const dir = withFiles({ 'c.conf': rule('C'), 'a.conf': rule('A'), 'b.conf': rule('B'), 'skip.txt': rule('X') });
  const run = sec(['--conf=*.conf', '--input=-', '--notail', '--log=sec.log'], { cwd: dir, input: 'go\n' });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.toString(), 'A\nB\nC\n');
  const reading = fs
    .readFileSync(path.join(dir, 'sec.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('Reading configuration from'))
    .map((l) => l.replace(/^.*from /, ''));
  assert.deepEqual(reading, ['a.conf', 'b.conf', 'c.conf']);
});

test('--input=FILE=CTX sets context CTX while lines of FILE are processed', () => {
  const rules =
    'type=Single\nptype=RegExp\npattern=(.*)\ncontext=CTX\ndesc=c\naction=write - ctx $1\n' +
    '\ntype=Single\nptype=RegExp\npattern=(.*)\ncontext=!CTX\ndesc=n\naction=write - noctx $1\n';
  const dir = withFiles({ 'r.conf': rules, 'a.log': 'from-a\n', 'b.log': 'from-b\n' });
  const run = sec(['--conf=r.conf', '--input=a.log=CTX', '--input=b.log', '--notail'], { cwd: dir });
  assert.equal(run.status, 0);
  assert.deepEqual(run.stdout.toString().split('\n').slice(0, -1).sort(), ['ctx from-a', 'noctx from-b']);
});

test('--intcontexts gives _FILE_EVENT_- for standard input via $+{_intcontext}', () => {
  const dir = withFiles({ 'r.conf': 'type=Single\nptype=RegExp\npattern=(.*)\ndesc=x\naction=write - $+{_intcontext} $1\n' });
  const run = sec(['--conf=r.conf', '--input=-', '--notail', '--intcontexts'], { cwd: dir, input: 'a\nb' });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.toString(), '_FILE_EVENT_- a\n_FILE_EVENT_- b\n');
  // without --intcontexts no internal context is set
  const plain = sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input: 'a\n' });
  assert.equal(plain.stdout.toString(), ' a\n');
});

test('invalid UTF-8 bytes pass through write - $0 byte for byte', () => {
  const dir = withFiles({ 'r.conf': WRITE_RAW });
  const line = Buffer.from([0x61, 0xff, 0xfe, 0x80, 0x62, 0xc3, 0x28, 0xe2, 0x82, 0x20, 0xc3, 0xa9, 0x7a]);
  const input = Buffer.concat([line, Buffer.from('\n'), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('\n')]);
  const run = sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input });
  assert.equal(run.status, 0);
  assert.deepEqual(run.stdout, input);
});

test('a 5 MB line passes through write - $0 byte for byte', () => {
  const dir = withFiles({ 'r.conf': WRITE_RAW });
  const big = Buffer.alloc(5 * 1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = 0x21 + ((i * 7) % 94);
  big[12345] = 0xff;
  big[big.length - 3] = 0xc3;
  const input = Buffer.concat([big, Buffer.from('\nshort\n')]);
  const run = sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input });
  assert.equal(run.status, 0);
  assert.equal(run.stdout.length, input.length);
  assert.ok(run.stdout.equals(input));
});

test('output comes while input is still open (no waiting for EOF)', async () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const child = spawn(...secCommand(['--conf=r.conf', '--input=-', '--notail']), { cwd: dir });
  const timer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
  let out = '';
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const first = await new Promise<string>((resolve, reject) => {
    child.on('error', reject);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out);
    });
    child.on('exit', () => reject(new Error('sec exited before its first output')));
    child.stdin.write('hello\n');
  });
  assert.equal(first, 'got hello\n');
  assert.equal(exited, false);
  const code = await new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    if (exited) resolve(child.exitCode);
    child.on('exit', (c) => resolve(c));
    child.stdin.end('bye\n');
  });
  clearTimeout(timer);
  assert.equal(code, 0);
  assert.equal(out, 'got hello\ngot bye\n');
});

test('--compat=2.9.3 or later defines %.chr32..%.chr255 (SEC 2.9.3); by default they are empty, as in SEC 2.9.1', () => {
  const dir = withFiles({ 'r.conf': 'type=Single\nptype=SubStr\npattern=x\ndesc=x\naction=write - [%.chr65%.chr32%.chr255][%.chr9]\n' });
  assert.equal(sec(['--conf=r.conf', '--input=-', '--notail'], { cwd: dir, input: 'x\n' }).stdout.toString('latin1'), '[][\t]\n');
  for (const version of ['2.9.3', '2.9.4']) {
    assert.equal(
      sec(['--conf=r.conf', '--input=-', '--notail', `--compat=${version}`], { cwd: dir, input: 'x\n' }).stdout.toString('latin1'),
      '[A \xff][\t]\n',
    );
  }
  const bad = sec(['--conf=r.conf', '--input=-', '--notail', '--compat=3.0'], { cwd: dir, input: 'x\n' });
  assert.match(bad.stderr.toString(), /'--compat' option requires one of 2\.9\.1, 2\.9\.2, 2\.9\.3, 2\.9\.4/);
  assert.equal(bad.stdout.toString('latin1'), '[][\t]\n');
});

test('--log=- logs to standard output and --log=&2 to standard error, as Perl opens them; no file is made', () => {
  const dir = withFiles({ 'r.conf': WRITE_ALL });
  const toStdout = sec(['--conf=r.conf', '--input=-', '--notail', '--log=-'], { cwd: dir, input: 'one\n' });
  assert.equal(toStdout.status, 0);
  const out = toStdout.stdout.toString().split('\n');
  assert.ok(
    out.some((l) => LOG_LINE.test(l) && l.endsWith('1 rules loaded from r.conf')),
    out.join('\n'),
  );
  assert.ok(out.includes('got one'));
  const toStderr = sec(['--conf=r.conf', '--input=-', '--notail', '--log=&2'], { cwd: dir, input: 'two\n' });
  assert.equal(toStderr.stdout.toString(), 'got two\n');
  assert.match(toStderr.stderr.toString(), /: 1 rules loaded from r\.conf$/m);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['r.conf']);
});
