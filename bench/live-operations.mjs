#!/usr/bin/env node
// Benchmark: 100,000 live SingleWithThreshold operations (one per user and
// address, none reaching its threshold), then more events for the same
// keys. Reports events/s, peak memory and memory per live operation for
// this implementation and, when installed, for SEC 2.9.1 on the same input.
//
//   node bench/live-operations.mjs [--ops N] [--extra M] [--only ours|sec]
import fs from 'node:fs';
import path from 'node:path';
import { opt } from './options.mjs';
import { implementations, scratchDir, timedRun } from './timedRun.mjs';

const OPS = Number(opt('ops', 100000));
const EXTRA = Number(opt('extra', 100000));
const ONLY = opt('only', '');
const dir = scratchDir('liveops');

const rules = `type=SingleWithThreshold
ptype=RegExp
pattern=login failure user=(\\S+) from=(\\S+)
desc=brute force $1 from $2
action=write out.log %s
window=86400
thresh=5
`;
fs.writeFileSync(path.join(dir, 'rules.conf'), rules);
const lines = [];
for (let i = 0; i < OPS; i++) lines.push(`Nov 28 10:00:00 host sshd[1]: login failure user=u${i} from=10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
for (let j = 0; j < EXTRA; j++) lines.push(lines[(j * 7919) % OPS]);
fs.writeFileSync(path.join(dir, 'events.log'), `${lines.join('\n')}\n`);
// the base: as many lines, none of which the rule matches (sec has read as much, with its
// buffers and scan thread, and keeps no operation)
fs.writeFileSync(path.join(dir, 'quiet.log'), `${lines.map((l) => l.replace('login failure', 'login success')).join('\n')}\n`);

const impls = implementations(ONLY);

const events = OPS + EXTRA;
console.log(`# ${OPS} live SingleWithThreshold operations, ${events} events`);
console.log('impl   seconds   events/s   peak_MB   base_MB   bytes/operation');
for (const impl of impls) {
  const base = timedRun(impl.cmd, dir, 'quiet.log');
  const run = timedRun(impl.cmd, dir, 'events.log');
  const perOp = ((run.mb - base.mb) * 1024 * 1024) / OPS;
  console.log(
    `${impl.name.padEnd(6)} ${run.secs.toFixed(2).padStart(8)} ${Math.round(events / run.secs)
      .toString()
      .padStart(10)} ${run.mb.toFixed(0).padStart(9)} ${base.mb.toFixed(0).padStart(9)} ${perOp.toFixed(0).padStart(17)}`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
