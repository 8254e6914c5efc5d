import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { binSecNodeFlags } from '../../src/cli/codeCache.cjs';
import { cacheVerdict } from '../support/codeCache.js';
import { readmeQuickStart } from '../support/readme.js';

// What `npm pack` ships is enough to run sec: the tarball is unpacked as an
// installed package whose dependencies are this checkout's (no network, no
// native compile), without the development dependencies. .ci/pack-check does
// the full `npm install` of the tarball, which compiles re2 for minutes.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const DEV_ONLY = new Set(['typescript', '@types', '.bin']);

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const skip = npm.status === 0 ? false : 'skipped: npm not found';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-pack-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

/** Packs the already built checkout (no build scripts) and returns the tarball's path and file list. */
function pack(): { tarball: string; files: string[] } {
  const run = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const [info] = JSON.parse(run.stdout) as { filename: string; files: { path: string }[] }[];
  return { tarball: path.join(work, info.filename), files: info.files.map((f) => f.path).sort() };
}

test('the package holds bin/ and dist/src/, not tests or examples', { skip }, () => {
  const { files } = pack();
  assert.ok(files.includes('bin/sec'));
  assert.ok(files.includes('dist/src/cli/main.js'));
  assert.ok(files.includes('bin/package.json'), 'bin/sec is CommonJS');
  for (const file of ['dist/src/cli/launch.cjs', 'dist/src/bundle/sec.cjs', 'dist/src/bundle/sec.cache'])
    assert.ok(files.includes(file), `bin/sec starts from ${file}`);
  assert.ok(files.includes('package.json'));
  const unwanted = files.filter((f) => /^(dist\/test|test|src|examples|bench)\//.test(f));
  assert.deepEqual(unwanted, []);
});

test('the unpacked package runs --version and the quick start without the dev dependencies', { skip }, () => {
  const { tarball } = pack();
  const modules = path.join(work, 'app', 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', modules], { encoding: 'utf8' });
  assert.equal(untar.status, 0, untar.stderr);
  const installed = path.join(modules, 'sec-ts');
  fs.renameSync(path.join(modules, 'package'), installed);
  for (const dep of fs.readdirSync(path.join(root, 'node_modules'))) {
    if (!DEV_ONLY.has(dep)) fs.symlinkSync(path.join(root, 'node_modules', dep), path.join(modules, dep));
  }
  const sec = (args: string[]) =>
    spawnSync(process.execPath, [path.join(installed, 'bin', 'sec'), ...args], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30_000,
    });
  const version = sec(['--version']);
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^sec-ts \d/);
  // through its #! line, V8 takes the code cache of the package (npm packs every file with one date)
  const direct = spawnSync(path.join(installed, 'bin', 'sec'), ['--version'], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(direct.stdout, version.stdout, direct.stderr);
  assert.equal(cacheVerdict(binSecNodeFlags(), path.join(installed, 'dist/src/cli/launch.cjs')), 'false');
  // the quick start's command with the installed sec in place of bin/sec
  const { command, output } = readmeQuickStart(root);
  const args = command.split(' ');
  assert.equal(args.shift(), 'bin/sec');
  const quickStart = sec(args);
  assert.equal(quickStart.status, 0, quickStart.stderr);
  assert.equal(quickStart.stdout, output);
});
