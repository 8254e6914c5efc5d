// What the bench scripts that set SEC beside us on one input share: which
// implementations run, and a timed run of one of them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The project's folder (bin/sec is there). */
export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** A new scratch folder for a run's rules, input and out.log (the caller removes it). */
export function scratchDir(name) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sec-${name}-`));
}

/** This implementation and, when installed, SEC 2.9.1 (`only`: 'ours' or 'sec' runs just that one). */
export function implementations(only) {
  const impls = [];
  if (only !== 'sec') impls.push({ name: 'ours', cmd: [path.join(root, 'bin/sec')] });
  if (only !== 'ours' && fs.existsSync('/usr/bin/sec')) impls.push({ name: 'sec', cmd: ['/usr/bin/sec'] });
  return impls;
}

/** `cmd` on rules.conf and `input` in `dir`, as the shared bench runs SEC: wall seconds and peak RSS (MB). */
export function timedRun(cmd, dir, input) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...cmd, '--conf=rules.conf', `--input=${input}`, '--notail', '--log=/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  return { secs, mb: kb / 1024 };
}
