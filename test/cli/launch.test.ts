import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { binSecNodeFlags } from '../../src/cli/codeCache.cjs';
import { BUNDLE, CODE_CACHE } from '../../src/cli/launch.cjs';
import { cacheVerdict } from '../support/codeCache.js';
import { fileText, projectDir, scratchDir, startSec, waitFor } from '../support/process.js';

// bin/sec's start (src/cli/launch.cts): the engine from the code cache that
// `npm run build` made, and NODE_EXTRA_CA_CERTS kept from node's start but
// handed on. These run bin/sec through its #! line, as users do.

const launchModule = path.join(projectDir, 'dist', 'src', 'cli', 'launch.cjs');

test("the build's code cache is taken under bin/sec's node flags", () => {
  assert.ok(fs.existsSync(CODE_CACHE), 'npm run build makes dist/src/bundle/sec.cache');
  assert.deepEqual(binSecNodeFlags(), ['--max-semi-space-size=4']);
  assert.equal(cacheVerdict(binSecNodeFlags()), 'false');
  // other flags: V8 turns it down and the bundle is compiled from source
  assert.equal(cacheVerdict([]), 'true');
});

test('a cache older than the bundle, or none, is not given to V8, and sec still runs', () => {
  // a copy of the launcher and the bundle, laid out as in the project
  const dir = scratchDir('sec-launch-');
  for (const sub of ['cli', 'bundle']) fs.mkdirSync(path.join(dir, 'dist', 'src', sub), { recursive: true });
  fs.copyFileSync(path.join(projectDir, 'package.json'), path.join(dir, 'package.json'));
  const launcher = path.join(dir, 'dist', 'src', 'cli', 'launch.cjs');
  fs.copyFileSync(launchModule, launcher);
  const bundle = path.join(dir, 'dist', 'src', 'bundle', path.basename(BUNDLE));
  const cache = path.join(dir, 'dist', 'src', 'bundle', path.basename(CODE_CACHE));
  fs.copyFileSync(BUNDLE, bundle);
  fs.copyFileSync(CODE_CACHE, cache);
  const flags = binSecNodeFlags();
  assert.equal(cacheVerdict(flags, launcher), 'false');
  const past = new Date(Date.now() - 3600_000);
  fs.utimesSync(cache, past, past);
  assert.equal(cacheVerdict(flags, launcher), 'undefined');
  fs.rmSync(cache);
  assert.equal(cacheVerdict(flags, launcher), 'undefined');
  const version = spawnSync(process.execPath, [...flags, '-e', `require(${JSON.stringify(launcher)}).launch(['--version'])`], { encoding: 'utf8' });
  assert.equal(version.status, 0, version.stderr);
  assert.match(version.stdout, /^sec-ts \S+ \(SEC 2\.9\.1 compatible\)\n$/);
});

/** Run bin/sec on a line whose rule keeps the environment its shell command gets; resolves to that environment and sec's stderr. */
async function environmentOfCommand(env: NodeJS.ProcessEnv): Promise<{ lines: string[]; stderr: string }> {
  const dir = scratchDir('sec-launch-env-');
  fs.writeFileSync(path.join(dir, 'r.conf'), 'type=Single\nptype=SubStr\npattern=go\ndesc=env\naction=shellcmd (env > env.txt; echo done >> env.txt)\n');
  fs.writeFileSync(path.join(dir, 'in.txt'), 'go\n');
  // not --notail: sec would end the command as it exits
  const sec = startSec(['--conf=r.conf', '--input=in.txt', '--fromstart'], dir, { env, direct: true });
  const file = path.join(dir, 'env.txt');
  await waitFor(
    () => fileText(file).endsWith('done\n'),
    () => `the shell command (${sec.stderr()})`,
  );
  sec.child.kill('SIGTERM');
  await sec.exited;
  return { lines: fileText(file).split('\n'), stderr: sec.stderr() };
}

test("NODE_EXTRA_CA_CERTS skips node's start but reaches the programs sec runs; a bad one is reported as node reports it", async () => {
  const caFile = path.join(scratchDir('sec-launch-ca-'), 'ca.pem');
  fs.writeFileSync(caFile, '');
  const withCa = await environmentOfCommand({ ...process.env, NODE_EXTRA_CA_CERTS: caFile });
  assert.ok(withCa.lines.includes(`NODE_EXTRA_CA_CERTS=${caFile}`), withCa.lines.join('\n'));
  assert.ok(!withCa.lines.some((l) => l.startsWith('SEC_NODE_EXTRA_CA_CERTS=')), withCa.lines.join('\n'));
  assert.equal(withCa.stderr, '');

  const without = { ...process.env };
  delete without.NODE_EXTRA_CA_CERTS;
  const none = await environmentOfCommand(without);
  assert.ok(!none.lines.some((l) => /^(SEC_)?NODE_EXTRA_CA_CERTS=/.test(l)), none.lines.join('\n'));

  const missing = `${caFile}.missing`;
  const bad = await environmentOfCommand({ ...process.env, NODE_EXTRA_CA_CERTS: missing });
  assert.match(bad.stderr, new RegExp(`^Warning: Ignoring extra certs from \`${missing.replace(/[.\\/]/g, '\\$&')}\`, load failed: `));
});
