#!/usr/bin/env node
// Benchmark: start-up time of this implementation beside SEC 2.9.1, as the
// median of N runs of each (taken in turns, so that a busy machine slows
// both alike):
//   version  `sec --version` until exit;
//   first    `sec --conf=R --input=-` until it writes the answer to the
//            first line of standard input (the line is in the pipe at start);
//   notail   `sec --conf=R --input=FILE --notail` on a one-line file until exit.
//
//   node bench/startup.mjs [--runs N] [--only ours|sec]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opt } from './options.mjs';

const RUNS = Number(opt('runs', 15));
const ONLY = opt('only', '');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-startup-'));

const LINE = 'Nov 28 10:00:00 host app: ready';
const ANSWER = 'answered';
fs.writeFileSync(path.join(dir, 'rules.conf'), `type=Single\nptype=SubStr\npattern=ready\ndesc=first line\naction=write - ${ANSWER}\n`);
fs.writeFileSync(path.join(dir, 'one.log'), `${LINE}\n`);

/** Milliseconds from spawning `argv` until it exits (0 expected), or until it writes the answer (then it is ended). */
function time(argv, { stdin = 'ignore', until = 'exit' } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
    const child = spawn(argv[0], argv.slice(1), { cwd: dir, stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
    if (stdin !== 'ignore') child.stdin.write(stdin);
    let out = '';
    let answeredAt = null;
    child.stdout.on('data', (chunk) => {
      out += chunk;
      if (until === 'answer' && answeredAt === null && out.includes(ANSWER)) {
        answeredAt = elapsed();
        child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (until === 'answer') {
        if (answeredAt === null) reject(new Error(`${argv.join(' ')}: no answer (exit ${code})`));
        else resolve(answeredAt);
      } else if (code !== 0) reject(new Error(`${argv.join(' ')}: exit ${code}`));
      else resolve(elapsed());
    });
  });
}

const scenarios = [
  { name: 'version', run: (cmd) => time([...cmd, '--version']) },
  { name: 'first', run: (cmd) => time([...cmd, '--conf=rules.conf', '--input=-'], { stdin: `${LINE}\n`, until: 'answer' }) },
  { name: 'notail', run: (cmd) => time([...cmd, '--conf=rules.conf', '--input=one.log', '--notail']) },
];

const impls = [];
if (ONLY !== 'ours' && fs.existsSync('/usr/bin/sec')) impls.push({ name: 'sec', cmd: ['/usr/bin/sec'] });
// as users run it: through its #! line (its node flags are what lets V8 take the code cache)
if (ONLY !== 'sec') impls.push({ name: 'ours', cmd: [path.join(root, 'bin/sec')] });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

console.log(`# start-up, median of ${RUNS} runs (ms)`);
console.log('scenario   sec_ms   ours_ms   ours/sec');
try {
  for (const scenario of scenarios) {
    const times = new Map(impls.map((impl) => [impl.name, []]));
    for (let i = 0; i < RUNS; i++) for (const impl of impls) times.get(impl.name).push(await scenario.run(impl.cmd));
    const sec = times.has('sec') ? median(times.get('sec')) : Number.NaN;
    const ours = times.has('ours') ? median(times.get('ours')) : Number.NaN;
    const cell = (v, w) => (Number.isNaN(v) ? '-' : v.toFixed(1)).padStart(w);
    console.log(`${scenario.name.padEnd(8)} ${cell(sec, 8)} ${cell(ours, 9)} ${(Number.isNaN(sec / ours) ? '-' : (ours / sec).toFixed(2)).padStart(10)}`);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
