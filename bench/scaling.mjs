#!/usr/bin/env node
// Scaling benchmark: lines/s against the number of rules (rule files from
// bench/gen-rules.mjs over the bench log) and against the number of live
// SingleWithThreshold operations, for this implementation and SEC 2.9.1 on
// the same inputs. Every run is `X --conf=RULES --input=LOG --notail
// --log=/dev/null` in a fresh directory. lines/s counts only the measured
// lines: a run over the start-up part of the input alone (no lines for the
// rule counts, the lines that create the operations for the live operations)
// is timed first and subtracted. Line counts adapt per run so that each
// measured part takes about --target seconds; the two implementations'
// out.log files are compared on the same input.
//
//   node bench/scaling.mjs [--quick] [--only rules|operations] [--cmd "COMMAND"]
//        [--timeout SECONDS] [--target SECONDS] [--seed S] [--out FILE]
//
// Writes the results as JSON (bench/results/scaling.json unless --quick or
// --out) for bench/chart.mjs. Exit status 1 when an output differs or this
// implementation fails.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateRules } from './gen-rules.mjs';
import { opt, flag } from './options.mjs';

const QUICK = flag('quick');
const ONLY = opt('only', '');
const TIMEOUT = Number(opt('timeout', 120));
const TARGET = Number(opt('target', QUICK ? 1 : 4));
const SEED = Number(opt('seed', 1));
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const OUT = path.resolve(opt('out', QUICK ? path.join(os.tmpdir(), 'sec-scaling-quick.json') : path.join(root, 'bench/results/scaling.json')));
const SEC = '/usr/bin/sec';
const generator = path.join(root, '..', 'shared', 'bench', 'gen-log.mjs');

const SIZES = QUICK ? { rules: [10, 100, 1000], operations: [1000, 10000] } : { rules: [10, 100, 1000, 5000], operations: [1000, 10000, 100000, 1000000] };
// Upper bounds on measured lines: the bench log's length, and the live-operation input's.
const MAX_LINES = QUICK ? 100000 : 1000000;

const impls = [{ name: 'sec-ts', argv: (opt('cmd', '') || path.join(root, 'bin/sec')).split(' ').filter(Boolean) }];
if (fs.existsSync(SEC)) impls.push({ name: 'SEC', argv: [SEC] });
const hasGnuTime = fs.existsSync('/usr/bin/time');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-scaling-'));

/** One run in a fresh directory: wall seconds, peak RSS, exit status and what out.log holds. */
function run(impl, conf, input) {
  const work = fs.mkdtempSync(path.join(scratch, 'run-'));
  const command = ['timeout', '-k', '5', String(TIMEOUT), ...impl.argv, `--conf=${conf}`, `--input=${input}`, '--notail', '--log=/dev/null'];
  const wrapped = hasGnuTime ? ['/usr/bin/time', '-o', 'time.txt', '-f', '%M', ...command] : command;
  const started = process.hrtime.bigint();
  const r = spawnSync(wrapped[0], wrapped.slice(1), { cwd: work, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const read = (name) => (fs.existsSync(path.join(work, name)) ? fs.readFileSync(path.join(work, name)) : null);
  const out = read('out.log') ?? Buffer.alloc(0);
  const kb = Number(read('time.txt')?.toString().trim().split('\n').pop());
  fs.rmSync(work, { recursive: true, force: true });
  return {
    status: r.status,
    stderr: r.stderr.trim().split('\n').slice(-3).join('\n'),
    seconds,
    peakRssMB: Number.isFinite(kb) ? Math.round(kb / 1024) : null,
    outLines: out.toString().split('\n').length - 1,
    outSha256: crypto.createHash('sha256').update(out).digest('hex').slice(0, 16),
  };
}

const outputOf = ({ peakRssMB, outLines, outSha256 }) => ({ peakRssMB, outLines, outSha256 });
// `during` tells whether the start-up part alone or the measured run failed.
const failure = (r, during) => (r.status === 124 ? { timedOut: TIMEOUT, during } : { failed: r.status, stderr: r.stderr, during });

/**
 * Times `lines` measured lines on top of a start-up input, adapting `lines`
 * until the measured part takes at least half of TARGET seconds (or the
 * input cannot grow). makeInput(lines) returns the input file's path.
 */
function measure(impl, conf, makeInput, firstLines) {
  const base = run(impl, conf, makeInput(0));
  if (base.status !== 0) return failure(base, 'start-up');
  let lines = Math.min(MAX_LINES, Math.max(100, Math.round(firstLines)));
  for (;;) {
    const r = run(impl, conf, makeInput(lines));
    if (r.status !== 0) return failure(r, 'measured run');
    const net = r.seconds - base.seconds;
    if ((net >= TARGET / 2 && net > 0) || lines >= MAX_LINES) {
      return { lines, seconds: r.seconds, baseSeconds: base.seconds, linesPerSecond: Math.round(lines / Math.max(net, 1e-3)), ...outputOf(r) };
    }
    lines = Math.min(MAX_LINES, Math.ceil((lines / Math.max(net, 0.05)) * TARGET));
  }
}

/** Writes the first `lines` lines of `text` (a Buffer) to file. */
function writePrefix(text, lines, file) {
  let end = 0;
  for (let n = 0; n < lines && end < text.length; n++) end = text.indexOf(10, end) + 1 || text.length;
  fs.writeFileSync(file, text.subarray(0, end));
  return file;
}

/**
 * One series: for every size, each implementation measured with its own
 * line count, then this implementation run again on SEC's input when the
 * counts differ, so that out.log is compared on the same lines. SEC is not
 * run past a size where it timed out.
 */
function series(label, sizes, pointFor, scaleGuess) {
  const points = [];
  const guess = {};
  const secGaveUp = { at: null };
  console.log(`\n# lines/s against ${label}`);
  console.log(`${label.padEnd(10)} impl       lines   seconds    base_s     lines/s  rss_MB  out_lines  out_sha256`);
  for (const size of sizes) {
    const { conf, makeInput, firstLines } = pointFor(size);
    const results = {};
    for (const impl of impls) {
      if (impl.name === 'SEC' && secGaveUp.at !== null) {
        results[impl.name] = { skipped: `timed out at ${secGaveUp.at}` };
        continue;
      }
      const first = guess[impl.name] ? guess[impl.name](size) : firstLines;
      const r = measure(impl, conf, makeInput, first);
      results[impl.name] = r;
      if (r.linesPerSecond) guess[impl.name] = (next) => scaleGuess(r.linesPerSecond * TARGET, size, next);
      else if (impl.name === 'SEC') secGaveUp.at = size;
      console.log(row(size, impl.name, r));
    }
    const ours = results['sec-ts'];
    const sec = results.SEC;
    let output = null;
    if (ours?.outSha256 && sec?.outSha256) {
      const check = ours.lines === sec.lines ? ours : run(impls[0], conf, makeInput(sec.lines));
      output = check.outSha256 === sec.outSha256 ? 'MATCH' : 'DIFFERS';
      console.log(
        `ratio sec-ts/SEC lines/s ${label} ${size}: ${(ours.linesPerSecond / sec.linesPerSecond).toFixed(1)}x  OUTPUT ${output} (on ${sec.lines} lines)`,
      );
    }
    points.push({ size, results, output, comparedLines: output ? sec.lines : null });
  }
  return points;
}

function row(size, name, r) {
  if (!r.linesPerSecond)
    return `${String(size).padEnd(10)} ${name.padEnd(6)} ${r.skipped ?? (r.timedOut ? `timed out after ${r.timedOut} s (${r.during})` : `failed (${r.failed}, ${r.during}): ${r.stderr}`)}`;
  const cells = [r.lines, r.seconds.toFixed(2), r.baseSeconds.toFixed(2), r.linesPerSecond, r.peakRssMB ?? '-', r.outLines];
  return `${String(size).padEnd(10)} ${name.padEnd(6)} ${cells.map((c, i) => String(c).padStart([9, 9, 9, 11, 7, 10][i])).join(' ')}  ${r.outSha256}`;
}

/** The bench log, generated once per size and seed into a cache beside the scratch directories. */
function benchLog() {
  const cache = path.join(os.tmpdir(), 'sec-scaling-cache');
  fs.mkdirSync(cache, { recursive: true });
  // Named after the generator's hash as well, so a changed gen-log.mjs makes a new log.
  const generatorHash = crypto.createHash('sha256').update(fs.readFileSync(generator)).digest('hex').slice(0, 8);
  const file = path.join(cache, `bench-${MAX_LINES}-s${SEED}-${generatorHash}.log`);
  if (!fs.existsSync(file)) {
    const r = spawnSync('node', [generator, '--lines', String(MAX_LINES), '--seed', String(SEED)], { maxBuffer: 1 << 30 });
    if (r.status !== 0) throw new Error(`gen-log.mjs failed: ${r.stderr}`);
    fs.writeFileSync(`${file}.tmp`, r.stdout);
    fs.renameSync(`${file}.tmp`, file);
  }
  return fs.readFileSync(file);
}

function ruleSeries() {
  const log = benchLog();
  return series(
    'rules',
    SIZES.rules,
    (count) => {
      const dir = fs.mkdtempSync(path.join(scratch, `rules-${count}-`));
      const conf = path.join(dir, 'rules.conf');
      fs.writeFileSync(conf, generateRules(count, SEED));
      return { conf, makeInput: (lines) => writePrefix(log, lines, path.join(dir, 'input.log')), firstLines: 20000 };
    },
    (lines, count, next) => (lines * count) / next,
  ); // a line costs about as much more as there are more rules
}

// Live operations: one SingleWithThreshold operation per user and address,
// with a threshold no key reaches; a Single rule writes every twentieth
// measured line (a successful login) so there is output to compare.
const OPERATION_RULES = String.raw`type=SingleWithThreshold
ptype=RegExp
pattern=sshd\[\d+\]: Failed password for (\S+) from ([\d.]+) port \d+ ssh2
desc=password guessing for $1 from $2
action=write out.log %s
window=86400
thresh=1000000000

type=Single
ptype=RegExp
pattern=sshd\[\d+\]: Accepted password for (\S+) from ([\d.]+) port (\d+)
desc=login of $1 from $2 port $3
action=write out.log %s
`;
const addressOf = (i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const failedLine = (key) => `Jan  1 00:00:00 gw sshd[4242]: Failed password for u${key} from ${addressOf(key)} port 22 ssh2\n`;

function operationSeries() {
  return series(
    'operations',
    SIZES.operations,
    (keys) => {
      const dir = fs.mkdtempSync(path.join(scratch, `operations-${keys}-`));
      const conf = path.join(dir, 'rules.conf');
      fs.writeFileSync(conf, OPERATION_RULES);
      const makeInput = (lines) => {
        const file = path.join(dir, 'input.log');
        const fd = fs.openSync(file, 'w');
        const flush = (chunk) => fs.writeSync(fd, chunk.join(''));
        let chunk = [];
        for (let i = 0; i < keys + lines; i++) {
          const measured = i - keys;
          // Keys of the measured lines follow a fixed permutation-like walk over all keys.
          const key = measured < 0 ? i : (measured * 7919) % keys;
          chunk.push(
            measured >= 0 && measured % 20 === 19
              ? `Jan  1 00:00:00 gw sshd[4243]: Accepted password for u${key} from ${addressOf(key)} port ${1024 + (measured % 60000)} ssh2\n`
              : failedLine(key),
          );
          if (chunk.length === 8192) {
            flush(chunk);
            chunk = [];
          }
        }
        flush(chunk);
        fs.closeSync(fd);
        return file;
      };
      return { conf, makeInput, firstLines: 50000 };
    },
    (lines) => lines,
  );
}

function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const secVersion = fs.existsSync(SEC) ? spawnSync(SEC, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] : null;
  return { nproc: os.availableParallelism(), cpu, memoryMB: Math.round(os.totalmem() / 2 ** 20), node: process.version, sec: secVersion };
}

const started = Date.now();
const host = machine();
console.log(
  `# scaling: ${host.nproc} cores, ${host.cpu}, node ${host.node}, ${host.sec ?? 'SEC not installed'}; target ${TARGET} s per run, timeout ${TIMEOUT} s`,
);
const fresh = {};
if (ONLY !== 'operations') {
  if (fs.existsSync(generator)) fresh.rules = { date: new Date().toISOString(), points: ruleSeries() };
  else console.log(`\n# rules: skipped, ${generator} is absent`);
}
if (ONLY !== 'rules') fresh.operations = { date: new Date().toISOString(), points: operationSeries() };

// With --only, the other series of an earlier run is kept.
const earlier = ONLY && fs.existsSync(OUT) ? JSON.parse(fs.readFileSync(OUT, 'utf8')) : {};
const result = { machine: host, seed: SEED, targetSeconds: TARGET, timeoutSeconds: TIMEOUT, series: { ...earlier.series, ...fresh } };
fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
fs.rmSync(scratch, { recursive: true, force: true });
console.log(`\n# wrote ${path.relative(process.cwd(), OUT) || OUT} in ${Math.round((Date.now() - started) / 1000)} s`);

const points = Object.values(fresh).flatMap((s) => s.points);
const bad = points.some((p) => p.output === 'DIFFERS' || !p.results['sec-ts'].linesPerSecond);
process.exit(bad ? 1 : 0);
