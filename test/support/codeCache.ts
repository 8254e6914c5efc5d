// What V8 made of the code cache in a fresh node: for tests of bin/sec's start (src/cli/launch.cts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { DEADLINE_MS, projectDir } from './process.js';

/**
 * script.cachedDataRejected, as text, when the launcher at `launcher` loads
 * the bundle in a node started with `flags`: 'false' taken, 'true' refused,
 * 'undefined' not offered.
 */
export function cacheVerdict(flags: string[], launcher = path.join(projectDir, 'dist', 'src', 'cli', 'launch.cjs')): string {
  const code = `const { script } = require(${JSON.stringify(launcher)}).loadBundle(); console.log(String(script.cachedDataRejected));`;
  const run = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8', timeout: DEADLINE_MS });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}
