import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEADLINE_MS, fileText, projectDir, scratchDir, secCommand } from '../support/process.js';

// The real SEC rule sets in ../shared/rulesets, checked with --testonly
// against what SEC 2.9.1 recorded in testonly-expected.tsv.

const rulesets = path.join(projectDir, '..', 'shared', 'rulesets');
const expectationsFile = path.join(rulesets, 'testonly-expected.tsv');
const missing = fs.existsSync(expectationsFile) ? false : "skipped: ../shared/rulesets not found (published rule sets live in the team's shared folder)";

interface Expected {
  exitCode: number;
  file: string;
  rulesLoaded: number;
  faultyLines: number[];
}

const expected: Expected[] = (missing ? '' : fs.readFileSync(expectationsFile, 'utf8'))
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'))
  .map((line) => {
    const [exitCode, file, rulesLoaded, lines] = line.split('\t');
    return {
      exitCode: Number(exitCode),
      file,
      rulesLoaded: Number(rulesLoaded),
      faultyLines: lines === '-' ? [] : lines.split(',').map(Number),
    };
  });

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Exit code, rules loaded and faulty line numbers, as our sec reports them. */
function check(file: string): { exitCode: number | null; rulesLoaded: number; faultyLines: number[]; log: string } {
  const dir = scratchDir('sec-rulesets-');
  const logFile = path.join(dir, 'sec.log');
  try {
    const run = spawnSync(...secCommand([`--conf=${file}`, '--testonly', `--log=${logFile}`]), {
      cwd: rulesets,
      encoding: 'utf8',
      timeout: DEADLINE_MS,
    });
    const log = fileText(logFile);
    const f = escapeRegex(file);
    const loaded = new RegExp(`(\\d+) rules loaded from ${f}$`, 'm').exec(log);
    const lines = new Set<number>();
    for (const re of [new RegExp(`Rule in ${f} at line (\\d+):`, 'g'), new RegExp(`${f} line (\\d+) \\(`, 'g')]) {
      for (const m of log.matchAll(re)) lines.add(Number(m[1]));
    }
    return { exitCode: run.status, rulesLoaded: loaded ? Number(loaded[1]) : 0, faultyLines: [...lines].sort((a, b) => a - b), log };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the expectations file lists the rule sets', { skip: missing }, () => {
  assert.equal(expected.length, 29, `${expected.length} entries`);
});

for (const e of expected) {
  test(`--testonly agrees with SEC 2.9.1 on ${e.file}`, () => {
    const got = check(e.file);
    const context = `\n${got.log}`;
    assert.equal(got.exitCode, e.exitCode, `exit code${context}`);
    assert.equal(got.rulesLoaded, e.rulesLoaded, `rules loaded${context}`);
    assert.deepEqual(got.faultyLines, e.faultyLines, `faulty lines${context}`);
  });
}
