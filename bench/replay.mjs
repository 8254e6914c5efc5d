#!/usr/bin/env node
// Benchmark: replay on event time (extension). Replays a generated bench log
// (syslog times) with --notail --event-time=syslog and prints lines/s and the
// speed-up over real time: the time the log spans divided by the wall time
// the replay took. The same log on the real clock (no --event-time) is run
// too, for what reading the times and moving the clock cost.
//
//   node bench/replay.mjs [--lines N] [--rules small|large|stateful]
//
// Needs ../shared/bench (its log generator and rule sets); without it the
// benchmark says it was skipped and exits 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opt } from './options.mjs';

const LINES = Number(opt('lines', 1000000));
const RULES = opt('rules', 'small');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const kit = path.join(root, '..', 'shared', 'bench');
const generator = path.join(kit, 'gen-log.mjs');
const rules = path.join(kit, `rules-${RULES}.conf`);

if (!fs.existsSync(generator) || !fs.existsSync(rules)) {
  console.log(`# replay on event time: SKIPPED, ${kit} (the log generator and rule sets) is absent`);
  process.exit(0);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-replaybench-'));
const log = path.join(dir, 'bench.log');
const generated = spawnSync('node', [generator, '--lines', String(LINES)], { maxBuffer: 1 << 30 });
fs.writeFileSync(log, generated.stdout);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Seconds into the year of a syslog line's time (the log stays within one year). */
function secondsOf(line) {
  const m = /^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d)/.exec(line);
  if (!m) throw new Error(`no syslog time in: ${line}`);
  return Date.UTC(2000, MONTHS.indexOf(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])) / 1000;
}
const text = fs.readFileSync(log, 'latin1');
const span = secondsOf(text.slice(text.lastIndexOf('\n', text.length - 2) + 1)) - secondsOf(text.slice(0, 40));

/** One run of bin/sec over the log in a scratch directory; wall seconds and lines written. */
function runSec(extra) {
  const cwd = fs.mkdtempSync(path.join(dir, 'run-'));
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(root, 'bin/sec'), `--conf=${rules}`, `--input=${log}`, '--notail', '--log=/dev/null', ...extra], { cwd });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0) throw new Error(`sec failed (${r.status}): ${r.stderr}`);
  const out = path.join(cwd, 'out.log');
  const written = fs.existsSync(out) ? fs.readFileSync(out, 'latin1').split('\n').length - 1 : 0;
  return { seconds, written };
}

const fmt = (n) => Math.round(n).toLocaleString('en');
console.log(
  `# replay on event time: ${fmt(LINES)} lines of ${path.relative(root, generator)}, rules-${RULES}.conf, the log spans ${fmt(span)} s (${(span / 86400).toFixed(1)} days)\n`,
);
console.log('| run | wall s | lines/s | speed-up over real time | out.log lines |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, extra] of [
  ['real clock (no --event-time)', []],
  ['--event-time=syslog', ['--event-time=syslog']],
]) {
  const { seconds, written } = runSec(extra);
  const speedUp = extra.length ? `${fmt(span / seconds)}x` : '';
  console.log(`| ${name} | ${seconds.toFixed(2)} | ${fmt(LINES / seconds)} | ${speedUp} | ${fmt(written)} |`);
}
console.log("\nWindows and lifetimes (86400 s in the rule sets) end on the log's own days under --event-time, so out.log may differ from the real-clock run.");
fs.rmSync(dir, { recursive: true, force: true });
