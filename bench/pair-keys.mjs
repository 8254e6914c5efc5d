#!/usr/bin/env node
// Benchmark: Pair operations with a key each (a session, a message id), the
// usual use of Pair: every operation gets a pattern2 of its own, with the
// first event's value in it. Two runs: N sessions that open and close one
// after the other (one live operation at a time: what making each
// operation's pattern costs), then M sessions that are all open at once
// and close in another order (M live operations: each close is tried
// against them, and SEC's time grows with M squared). Each close completes
// its operation. Reports lines/s and peak memory for this implementation
// and, when installed, for SEC 2.9.1 on the same input, and whether both
// wrote the same out.log.
//
//   node bench/pair-keys.mjs [--sessions N] [--open M] [--only ours|sec]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { opt } from './options.mjs';
import { implementations, scratchDir, timedRun } from './timedRun.mjs';

const SESSIONS = Number(opt('sessions', 200000));
const OPEN = Number(opt('open', 5000));
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

const sessionId = (i, n) => `s${((i * 7919) % n).toString(36)}x${i}`;
const opened = (id, i) => `Nov 28 10:00:00 host app[7]: session ${id} opened for user${i % 500}`;
const closed = (id, i) => `Nov 28 10:00:01 host app[7]: session ${id} closed after ${i % 300} s`;

/** N sessions, each closed before the next opens. */
function oneAfterAnother(n) {
  const lines = [];
  for (let i = 0; i < n; i++) lines.push(opened(sessionId(i, n), i), closed(sessionId(i, n), i));
  return lines;
}

/** M sessions opened, then closed in another order. */
function allOpen(m) {
  const lines = [];
  for (let i = 0; i < m; i++) lines.push(opened(sessionId(i, m), i));
  for (let i = 0; i < m; i++) lines.push(closed(sessionId((i * 4099) % m, m), i));
  return lines;
}

function measure(cmd, log) {
  const run = timedRun(cmd, dir, log);
  const out = fs.existsSync(path.join(dir, 'out.log')) ? fs.readFileSync(path.join(dir, 'out.log')) : Buffer.alloc(0);
  fs.rmSync(path.join(dir, 'out.log'), { force: true });
  return { ...run, outLines: out.toString('latin1').split('\n').length - 1, sha: crypto.createHash('sha256').update(out).digest('hex').slice(0, 16) };
}

const impls = implementations(ONLY);
let differs = false;
for (const [title, log, lines] of [
  [`${SESSIONS} Pair operations with a key each, one after the other`, 'events.log', oneAfterAnother(SESSIONS)],
  [`${OPEN} Pair operations with a key each, all live at once`, 'open.log', allOpen(OPEN)],
]) {
  fs.writeFileSync(path.join(dir, log), `${lines.join('\n')}\n`);
  console.log(`# ${title}, ${lines.length} lines`);
  console.log('impl   seconds    lines/s   peak_MB  out_lines  out_sha256');
  const results = impls.map((impl) => ({ impl, ...measure(impl.cmd, log) }));
  for (const r of results) {
    console.log(
      `${r.impl.name.padEnd(6)} ${r.secs.toFixed(2).padStart(8)} ${Math.round(lines.length / r.secs)
        .toString()
        .padStart(10)} ${r.mb.toFixed(0).padStart(9)} ${String(r.outLines).padStart(10)}  ${r.sha}`,
    );
  }
  if (results.length === 2) {
    const [ours, sec] = results;
    differs ||= ours.sha !== sec.sha;
    console.log(`ratio ours/sec lines/s: ${(sec.secs / ours.secs).toFixed(2)}x, ${ours.sha === sec.sha ? 'identical output' : 'OUTPUT DIFFERS'}`);
  }
}
fs.rmSync(dir, { recursive: true, force: true });
process.exitCode = differs ? 1 : 0;
