// Running the real SEC 2.9.1 and our sec on the same rules and input, and
// reducing what they print to what must be identical: the times of day, the
// version line, the scratch folder's name and what Perl numbers differently
// in each process (eval numbers, reference addresses) are written the same.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEADLINE_MS, fileText, secCommand } from './process.js';

/** The real SEC, the specification. */
export const realSecBin = '/usr/bin/sec';
export const realSecMissing = fs.existsSync(realSecBin) ? false : `skipped: ${realSecBin} (the real SEC 2.9.1) is not installed`;

export type Sec = 'SEC' | 'ours';

export interface SecResult {
  status: number | null;
  stdout: string;
  /** The --log file, normalised (see normalise). */
  log: string;
}

/** How SEC writes a time of day (log line prefixes, %t). */
const timeOfDay = /\b[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\b/g;

/** `text` with everything that differs between two runs of the same sec (or of SEC and us) written the same. */
export function normalise(text: string, dir: string): string {
  return text
    .replaceAll(dir, 'DIR')
    .replace(timeOfDay, 'TIME')
    .replace(/^TIME: (SEC \(Simple Event Correlator\) 2\.9\.1|sec-ts \S+ \(SEC 2\.9\.1 compatible\))$/m, 'TIME: VERSION')
    .replace(/\(eval \d+\)/g, '(eval N)')
    .replace(/\bChild \d+/g, 'Child PID')
    .replace(/\b(CODE|HASH|ARRAY|SCALAR|REF|GLOB)\(0x[0-9a-f]+\)/g, '$1(ADDRESS)');
}

/**
 * Run `sec` in `dir` with `args` (and `--log=sec.log`) on `stdin` until it
 * ends. The log's lines are normalised.
 */
export function runSec(sec: Sec, args: string[], dir: string, stdin: string, env: NodeJS.ProcessEnv = process.env): SecResult {
  const allArgs = [...args, '--log=sec.log'];
  const [cmd, cmdArgs] = sec === 'SEC' ? [realSecBin, allArgs] : secCommand(allArgs);
  const run = spawnSync(cmd, cmdArgs, { cwd: dir, input: Buffer.from(stdin, 'latin1'), env, timeout: DEADLINE_MS });
  if (run.error) throw run.error;
  return {
    status: run.status,
    stdout: normalise(run.stdout.toString('latin1'), dir),
    log: normalise(fileText(path.join(dir, 'sec.log')), dir),
  };
}
