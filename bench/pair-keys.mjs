#!/usr/bin/env node
// Benchmark: Pair operations with a key each (a session, a message id), the
// usual use of Pair: every operation gets a pattern2 of its own, with the
// first event's value in it, which has to be compiled when the operation
// starts. N sessions open and close one after the other; each close
// completes its operation. Reports lines/s and peak memory for this
// implementation and, when installed, for SEC 2.9.1 on the same input, and
// whether both wrote the same out.log.
//
//   node bench/pair-keys.mjs [--sessions N] [--only ours|sec]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { opt } from './options.mjs';
import { implementations, scratchDir, timedRun } from './timedRun.mjs';

const SESSIONS = Number(opt('sessions', 200000));
const ONLY = opt('only', '');
const dir = scratchDir('pairkeys');

const rules = `type=Pair
ptype=RegExp
pattern=session (\\S+) opened for (\\S+)
desc=session $1
action=none
ptype2=RegExp
pattern2=session $1 closed after (\\d+) s
desc2=closed
action2=write out.log %2 closed session %1 after $1 s
window=86400
`;
fs.writeFileSync(path.join(dir, 'rules.conf'), rules);
const lines = [];
for (let i = 0; i < SESSIONS; i++) {
  const id = `s${((i * 7919) % SESSIONS).toString(36)}x${i}`;
  lines.push(`Nov 28 10:00:00 host app[7]: session ${id} opened for user${i % 500}`);
  lines.push(`Nov 28 10:00:01 host app[7]: session ${id} closed after ${i % 300} s`);
}
fs.writeFileSync(path.join(dir, 'events.log'), `${lines.join('\n')}\n`);

function measure(cmd) {
  const run = timedRun(cmd, dir, 'events.log');
  const out = fs.existsSync(path.join(dir, 'out.log')) ? fs.readFileSync(path.join(dir, 'out.log')) : Buffer.alloc(0);
  fs.rmSync(path.join(dir, 'out.log'), { force: true });
  return { ...run, outLines: out.toString('latin1').split('\n').length - 1, sha: crypto.createHash('sha256').update(out).digest('hex').slice(0, 16) };
}

const impls = implementations(ONLY);

console.log(`# ${SESSIONS} Pair operations with a key each, ${lines.length} lines`);
console.log('impl   seconds    lines/s   peak_MB  out_lines  out_sha256');
const results = impls.map((impl) => ({ impl, ...measure(impl.cmd) }));
for (const r of results) {
  console.log(
    `${r.impl.name.padEnd(6)} ${r.secs.toFixed(2).padStart(8)} ${Math.round(lines.length / r.secs)
      .toString()
      .padStart(10)} ${r.mb.toFixed(0).padStart(9)} ${String(r.outLines).padStart(10)}  ${r.sha}`,
  );
}
if (results.length === 2) {
  const [ours, sec] = results;
  console.log(`ratio ours/sec lines/s: ${(sec.secs / ours.secs).toFixed(2)}x, ${ours.sha === sec.sha ? 'identical output' : 'OUTPUT DIFFERS'}`);
}
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = results.length === 2 && results[0].sha !== results[1].sha ? 1 : 0;
