import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readmeQuickStart } from '../support/readme.js';

// A fresh clone works: the committed files alone (HEAD, not the working tree:
// an uncommitted or ignored file is not in a clone) build and run the
// README's quick start, printing what the README shows. The clone borrows
// this checkout's node_modules, so no network is needed.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');

function git(args: string[], cwd: string): { ok: boolean; out: string } {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  return { ok: run.status === 0, out: (run.stdout ?? '').trim() };
}

const head = git(['rev-parse', 'HEAD'], root);
const skip = head.ok ? false : 'skipped: not a git checkout (or no git), so there is nothing to clone';
let clone = '';

before(() => {
  if (skip) return;
  clone = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-clone-'));
  assert.ok(git(['clone', '--quiet', '--no-checkout', root, clone], root).ok, 'git clone');
  assert.ok(git(['checkout', '--quiet', head.out], clone).ok, 'git checkout HEAD');
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'));
});

after(() => {
  if (clone) fs.rmSync(clone, { recursive: true, force: true });
});

test('every examples/ path the README names is committed', { skip }, () => {
  const named = new Set([...readme.matchAll(/\bexamples\/[\w./-]*[\w/]/g)].map((m) => m[0]));
  assert.ok(named.size > 0);
  for (const p of named) assert.ok(fs.existsSync(path.join(clone, p)), `${p} is not in a clone`);
});

test("a fresh clone builds and its quick start prints the README's output", { skip, timeout: 180_000 }, () => {
  // the build npm install runs (prepare): compile, then bundle what bin/sec runs
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: clone, encoding: 'utf8' });
  assert.equal(build.status, 0, `build failed:\n${build.stdout}${build.stderr}`);

  const { command, output } = readmeQuickStart(root);
  // bin/sec starts with `#!/usr/bin/env node`: find this very node first
  const env = { ...process.env, PATH: `${path.dirname(process.execPath)}:${process.env.PATH ?? ''}` };
  const run = spawnSync('sh', ['-c', command], { cwd: clone, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(run.status, 0, run.stderr);
  assert.equal(run.stdout, output);
});
