#!/usr/bin/env node
// `npm run bench`: every benchmark of the project in one run, ending with a
// table of SEC's figures and ours on the shared rule sets, the targets of
// issue 11 and whether each holds.
//
//   node bench/bench.mjs [--no-scaling] [run.sh options: --lines N --reuse-sec --only SET ...]
//
// Runs ../shared/bench/run.sh --cmd "$PWD/bin/sec" (SEC and this
// implementation on the same generated log), then bench/live-operations.mjs,
// bench/pair-keys.mjs, bench/perl-code.mjs, bench/startup.mjs, bench/replay.mjs and bench/scaling.mjs with bench/chart.mjs (unless
// --no-scaling). Without ../shared/bench it says so and runs the others.
// Exit status 1 when a run fails or an output differs from SEC's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const runSh = path.join(root, '..', 'shared', 'bench', 'run.sh');
const args = process.argv.slice(2);
const scaling = !args.includes('--no-scaling');
const runShArgs = args.filter((a) => a !== '--no-scaling');

// Issue 11's targets: lines/s at least `ratio` times SEC's, and peak RSS at most `rssShare` of SEC's where given.
const TARGETS = {
  small: { ratio: 20 },
  large: { ratio: 100 },
  stateful: { ratio: 20, rssShare: 0.5 },
};

/** Runs a command with its output shown as it comes; resolves to its exit status and standard output. */
function run(argv) {
  console.log(`\n$ ${argv.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      out += chunk;
    });
    child.on('close', (status) => resolve({ status, out }));
  });
}

/** run.sh's rows ("SET sec|cmd SECONDS LINES/S RSS_MB OUT_LINES SHA") by rule set and implementation. */
function parseRuleSets(out) {
  const sets = {};
  for (const line of out.split('\n')) {
    const m = line.match(/^(\w+)\s+(sec|cmd)\s+([\d.]+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)/);
    if (!m || !(m[1] in TARGETS)) continue;
    sets[m[1]] ??= {};
    sets[m[1]][m[2]] = { linesPerSecond: Number(m[4]), rssMB: Number(m[5]), sha: m[7] };
  }
  return sets;
}

// Text columns of the summaries (left-aligned); the others are figures.
const SETS_TEXT = new Set([0, 4, 7, 8]);
const STARTUP_TEXT = new Set([0, 3]);

/** bench/startup.mjs's rows ("SCENARIO SEC_MS OURS_MS RATIO") as summary rows: scenario, SEC, ours, whether ours is not slower. */
function parseStartup(out) {
  const rows = [['start-up', 'SEC ms', 'sec-ts ms', 'target holds']];
  for (const line of out.split('\n')) {
    const m = line.match(/^(version|first|notail)\s+([\d.]+)\s+([\d.]+)\s/);
    if (m) rows.push([m[1], m[2], m[3], Number(m[3]) <= Number(m[2]) ? 'yes' : 'no']);
  }
  return rows.length > 1 ? rows : [];
}

/** The rows of the rule sets' summary, heading first. */
function summary(sets) {
  const rows = [['rule set', 'SEC lines/s', 'sec-ts lines/s', 'ratio', 'target', 'SEC peak RSS', 'sec-ts peak RSS', 'output', 'target holds']];
  for (const [name, { sec, cmd }] of Object.entries(sets)) {
    if (!sec || !cmd) continue;
    const target = TARGETS[name];
    const ratio = cmd.linesPerSecond / sec.linesPerSecond;
    const match = cmd.sha === sec.sha;
    const fast = ratio >= target.ratio;
    const lean = target.rssShare === undefined || cmd.rssMB <= sec.rssMB * target.rssShare;
    const wanted = `≥ ${target.ratio}x${target.rssShare === undefined ? '' : `, RSS ≤ ${target.rssShare * 100}% of SEC's`}`;
    rows.push([
      name,
      sec.linesPerSecond.toLocaleString('en-US'),
      cmd.linesPerSecond.toLocaleString('en-US'),
      `${ratio.toFixed(1)}x`,
      wanted,
      `${sec.rssMB} MB`,
      `${cmd.rssMB} MB`,
      match ? 'MATCH' : 'DIFFERS',
      fast && lean && match ? 'yes' : `no (${[!fast && 'speed', !lean && 'memory', !match && 'output'].filter(Boolean).join(', ')})`,
    ]);
  }
  return rows;
}

/** A Markdown table of `rows` (heading first); the columns in `textColumns` left-aligned, figures right. */
function table(rows, textColumns) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (textColumns.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [
    line(rows[0]),
    `|${widths.map((w, c) => (textColumns.has(c) ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    ...rows.slice(1).map(line),
  ].join('\n');
}

let failed = false;
let sets = {};
if (fs.existsSync(runSh)) {
  const r = await run(['bash', runSh, '--cmd', path.join(root, 'bin/sec'), ...runShArgs]);
  failed ||= r.status !== 0;
  sets = parseRuleSets(r.out);
} else {
  console.log(`\n# ${path.dirname(runSh)} is absent: no comparison on the shared rule sets (small, large, stateful)`);
}
const others = [
  ['node', 'bench/live-operations.mjs'],
  ['node', 'bench/pair-keys.mjs'],
  ['node', 'bench/perl-code.mjs'],
  ['node', 'bench/startup.mjs'],
  ['node', 'bench/replay.mjs'],
  ...(scaling
    ? [
        ['node', 'bench/scaling.mjs'],
        ['node', 'bench/chart.mjs'],
      ]
    : []),
];
let startup = [];
for (const argv of others) {
  const r = await run(argv);
  failed ||= r.status !== 0;
  if (argv[1] === 'bench/startup.mjs') startup = parseStartup(r.out);
}

if (Object.keys(sets).length > 0) {
  console.log('\n# Summary: the shared rule sets, SEC and sec-ts in the same run\n');
  console.log(table(summary(sets), SETS_TEXT));
}
if (startup.length > 0) {
  console.log("\n# Start-up (bench/startup.mjs, medians): the target is SEC's time or less\n");
  console.log(table(startup, STARTUP_TEXT));
}
process.exit(failed ? 1 : 0);
