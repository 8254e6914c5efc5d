// The last step of `npm run build`: V8's code cache for the bundle that
// bin/sec starts (launch.cts). V8 takes a cache only in a process with the
// V8 flags of the one that made it, so a training run under bin/sec's node
// flags (read from its #! line) compiles the bundle from source, runs the
// quick start's example, and writes at exit all that V8 compiled on the way:
// the code of every start, and much of a run's.
//
//   node dist/src/cli/codeCache.cjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { CODE_CACHE, loadBundle } from './launch.cjs';

const projectDir = path.join(__dirname, '..', '..', '..');
const TRAIN = '--train';
/** The run the cache is trained on, in the project folder; its output is dropped. */
const TRAINING_ARGS = ['--conf=examples/ssh-failures.conf', '--input=examples/auth.log', '--notail'];

/** The node flags of bin/sec's #! line (`#!/usr/bin/env -S ... node FLAGS`). */
export function binSecNodeFlags(): string[] {
  const words = fs.readFileSync(path.join(projectDir, 'bin', 'sec'), 'latin1').split('\n')[0].trim().split(/\s+/);
  return words.slice(words.indexOf('node') + 1);
}

async function train(): Promise<void> {
  const { bundle, script } = loadBundle(false);
  // the engine turns on flags of V8's regex engines as it loads; V8 would take no cache made under them in a process that starts without
  const { REGEX_ENGINE_FLAGS, undoFlag } = await import('../patterns/regex.js');
  process.on('exit', () => {
    for (const flag of REGEX_ENGINE_FLAGS) v8.setFlagsFromString(`--${undoFlag(flag)}`);
    fs.writeFileSync(CODE_CACHE, script.createCachedData());
  });
  await bundle.main(TRAINING_ARGS);
}

function build(): void {
  fs.rmSync(CODE_CACHE, { force: true });
  const run = spawnSync(process.execPath, [...binSecNodeFlags(), __filename, TRAIN], { cwd: projectDir, stdio: ['ignore', 'ignore', 'inherit'] });
  if (run.status !== 0 || !fs.existsSync(CODE_CACHE)) {
    process.stderr.write(`codeCache: the training run failed (${run.error?.message ?? `exit ${run.status ?? run.signal}`})\n`);
    process.exit(1);
  }
}

if (require.main === module) {
  if (process.argv[2] === TRAIN) void train();
  else build();
}
