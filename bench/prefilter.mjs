#!/usr/bin/env node
// Benchmark: the literal pre-filter alone (engine/candidates.ts), without
// running any rule: per line, the scan for required literals and the walk
// over the rules it leaves, for each bench rule set on a generated log.
// Prints CPU ns per line (least and median of several passes over a sample
// of lines kept in cache, as a line is when the engine scans it) and how
// many rules a line leaves to try.
//
//   node bench/prefilter.mjs [--lines N] [--rules small,large,stateful]
//
// Needs ../shared/bench (its log generator and rule sets) and a build
// (npm run build); without the kit it says it was skipped and exits 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../dist/src/config/loadConfig.js';
import { RuleCandidates } from '../dist/src/engine/candidates.js';
import { opt } from './options.mjs';

const LINES = Number(opt('lines', 200000));
const SETS = opt('rules', 'small,large,stateful').split(',');
/** Lines kept from the log: few enough to stay in the CPU's caches. */
const SAMPLE = 2000;
const PASSES = 9;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const kit = path.join(root, '..', 'shared', 'bench');
const generator = path.join(kit, 'gen-log.mjs');

if (!fs.existsSync(generator)) {
  console.log(`# pre-filter: SKIPPED, ${kit} (the log generator and rule sets) is absent`);
  process.exit(0);
}

const generated = spawnSync('node', [generator, '--lines', String(LINES)], { maxBuffer: 1 << 30 });
const all = generated.stdout.toString('latin1').split('\n').slice(0, LINES);
const lines = all.filter((_, i) => i % Math.max(1, Math.floor(all.length / SAMPLE)) === 0);
const repeats = Math.max(1, Math.round(LINES / lines.length));
const silent = new Proxy({}, { get: () => () => {} });

console.log(`# pre-filter: ${lines.length} lines of ${path.relative(root, generator)} scanned ${repeats} times a pass, ${PASSES} passes\n`);
console.log('| rules | ns/line least | ns/line median | rules left per line |');
console.log('|---|---:|---:|---:|');
for (const set of SETS) {
  const config = loadConfig([path.join(kit, `rules-${set}.conf`)], 1, silent);
  const candidates = new RuleCandidates(config.files);
  const views = config.files.map((file) => [candidates.of(file), file.rules.length]);
  let version = 0;
  let left = 0;
  const pass = () => {
    left = 0;
    for (let r = 0; r < repeats; r++) {
      for (const line of lines) {
        candidates.prepare(line, ++version);
        for (const [view, count] of views) {
          for (let i = candidates.nextRule(view, 0); i < count; i = candidates.nextRule(view, i + 1)) left++;
        }
      }
    }
  };
  pass();
  const ns = [];
  for (let p = 0; p < PASSES; p++) {
    const started = process.cpuUsage();
    pass();
    ns.push((process.cpuUsage(started).user * 1000) / (lines.length * repeats));
  }
  ns.sort((a, b) => a - b);
  console.log(`| ${set} | ${ns[0].toFixed(0)} | ${ns[PASSES >> 1].toFixed(0)} | ${(left / (lines.length * repeats)).toFixed(3)} |`);
}
