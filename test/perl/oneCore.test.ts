import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEADLINE_MS, scratchDir, secCommand } from '../support/process.js';

// With one core, perl sleeps between calls instead of polling for the next
// request (channel.ts); this runs that path, pinned to one core with taskset.

const noTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? false : 'skipped: taskset is not available here';

test('Perl calls work when sec has one core (perl blocks between requests)', { skip: noTaskset }, () => {
  const dir = scratchDir('sec-one-core-');
  const rules = path.join(dir, 'r.conf');
  fs.writeFileSync(rules, 'type=Single\nptype=PerlFunc\npattern=sub { return $_[0] =~ /^n (\\d+)$/ ? ($1 * 2) : () }\ndesc=double\naction=write - $1\n');
  const [cmd, args] = secCommand([`--conf=${rules}`, '--input=-', '--notail']);
  const numbers = Array.from({ length: 200 }, (_, i) => i + 1); // (0) would be one false value: no match
  const run = spawnSync('taskset', ['-c', '0', cmd, ...args], { input: numbers.map((i) => `n ${i}\n`).join(''), encoding: 'utf8', timeout: DEADLINE_MS });
  fs.rmSync(dir, { recursive: true, force: true });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, numbers.map((i) => `${i * 2}\n`).join(''));
});
