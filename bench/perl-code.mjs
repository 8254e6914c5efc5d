#!/usr/bin/env node
// Benchmark: rules that run code on every line. A PerlFunc pattern and an
// lcall action, each called once per line of the bench log, with SEC 2.9.1
// beside us in the same run (when installed), and the JavaScript forms of
// the same rules (JsFunc, jscall; an extension, so ours only). Prints
// lines/s per rule set and checks that the written output is identical.
//
//   node bench/perl-code.mjs [--lines N] [--only ours|sec]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opt } from './options.mjs';

const LINES = Number(opt('lines', 200000));
const ONLY = opt('only', '');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const generator = path.join(root, '..', 'shared', 'bench', 'gen-log.mjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-perlbench-'));

/** The shared bench log when the kit is beside us, else syslog-like lines of our own. */
function writeLog(file) {
  if (fs.existsSync(generator)) {
    const r = spawnSync('node', [generator, '--lines', String(LINES)], { maxBuffer: 1 << 30 });
    fs.writeFileSync(file, r.stdout);
    return 'shared/bench/gen-log.mjs';
  }
  const programs = ['sshd[811]', 'CRON[92]', 'postfix/smtpd[4431]', 'kernel', 'nginx'];
  const out = [];
  for (let i = 0; i < LINES; i++) {
    const p = programs[i % programs.length];
    out.push(
      `Dec  3 10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} host${i % 7} ${p}: event ${i} user u${i % 977} from 10.0.${(i >> 8) & 255}.${i & 255}`,
    );
  }
  fs.writeFileSync(file, `${out.join('\n')}\n`);
  return 'built-in generator';
}

// Every rule set counts lines per program name and writes one line per input line.
const PROGRAM = String.raw`^\S+\s+\d+ \S+ \S+ ([\w/.-]+)`;
const SETS = [
  {
    name: 'PerlFunc pattern',
    both: true,
    rules: `type=Single
ptype=PerlFunc
pattern=sub { return $_[0] =~ m{${PROGRAM}} ? ($1, ++$seen{$1}) : (); }
desc=line
action=write out.log $1 $2
`,
  },
  {
    name: 'lcall action',
    both: true,
    rules: `type=Single
ptype=RegExp
pattern=${PROGRAM}
desc=line
action=lcall %n $1 -> ( sub { return ++$count{$_[0]}; } ); write out.log $1 %n
`,
  },
  {
    name: 'JsFunc pattern (extension)',
    both: false,
    rules: `type=Single
ptype=JsFunc
pattern=(line) => { const m = /${PROGRAM}/.exec(line); if (!m) return null; globalThis.seen ??= new Map(); const n = (globalThis.seen.get(m[1]) ?? 0) + 1; globalThis.seen.set(m[1], n); return [m[1], n]; }
desc=line
action=write out.log $1 $2
`,
  },
  {
    name: 'jscall action (extension)',
    both: false,
    rules: `type=Single
ptype=RegExp
pattern=${PROGRAM}
desc=line
action=jscall %n $1 -> ( (p) => { globalThis.count ??= new Map(); const n = (globalThis.count.get(p) ?? 0) + 1; globalThis.count.set(p, n); return n; } ); write out.log $1 %n
`,
  },
];

function run(cmd, set) {
  const work = path.join(dir, `${set.index}-${cmd.name}`);
  fs.mkdirSync(work);
  fs.writeFileSync(path.join(work, 'rules.conf'), set.rules);
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd.argv[0], [...cmd.argv.slice(1), '--conf=rules.conf', `--input=${path.join(dir, 'bench.log')}`, '--notail', '--log=/dev/null'], {
    cwd: work,
    encoding: 'utf8',
  });
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  const out = path.join(work, 'out.log');
  const written = fs.existsSync(out) ? fs.readFileSync(out) : Buffer.alloc(0);
  if (r.status !== 0) console.error(`${cmd.name} failed on ${set.name}: ${r.stderr}`);
  return { secs, lines: written.toString().split('\n').length - 1, sha: crypto.createHash('sha256').update(written).digest('hex').slice(0, 12) };
}

const from = writeLog(path.join(dir, 'bench.log'));
const cmds = [];
if (ONLY !== 'sec') cmds.push({ name: 'ours', argv: [path.join(root, 'bin/sec')] });
if (ONLY !== 'ours' && fs.existsSync('/usr/bin/sec')) cmds.push({ name: 'sec', argv: ['/usr/bin/sec'] });

console.log(`# ${LINES} lines (${from}), ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? ''}`);
console.log('rule set                      impl   seconds    lines/s  out_lines  out_sha256');
SETS.forEach((set, index) => {
  const results = {};
  for (const cmd of cmds) {
    if (cmd.name === 'sec' && !set.both) continue;
    const r = run(cmd, { ...set, index });
    results[cmd.name] = r;
    console.log(
      `${set.name.padEnd(29)} ${cmd.name.padEnd(5)} ${r.secs.toFixed(2).padStart(8)} ${Math.round(LINES / r.secs)
        .toString()
        .padStart(10)} ${String(r.lines).padStart(10)}  ${r.sha}`,
    );
  }
  if (results.ours && results.sec) {
    const same = results.ours.sha === results.sec.sha ? 'identical output' : 'OUTPUT DIFFERS';
    console.log(`ratio ours/sec ${set.name}: ${(results.sec.secs / results.ours.secs).toFixed(2)}x, ${same}`);
  }
});
fs.rmSync(dir, { recursive: true, force: true });
