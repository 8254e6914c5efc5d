// Helpers for end-to-end tests that run bin/sec as a process: where it is,
// scratch folders, waiting on a condition with a deadline (never a fixed
// sleep), and running sec to its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The project folder (tests run from dist/test/...). */
export const projectDir = path.resolve(here, '../../..');
/** The sec under test; SEC_E2E_BIN runs the same tests against another sec. */
export const secBin = process.env.SEC_E2E_BIN ?? path.join(projectDir, 'bin', 'sec');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `pred` until it holds; fail with `what` when `ms` pass first. */
export async function waitFor(pred: () => boolean, what: string | (() => string), ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(25);
  }
}

export function scratchDir(prefix = 'sec-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Lines of a file, or none when it does not exist (yet). */
export function fileLines(file: string): string[] {
  try {
    return fs.readFileSync(file, 'latin1').split('\n').filter((l) => l.length);
  } catch {
    return [];
  }
}

export interface SecRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Start sec with `args` in `cwd`; `stdin` (when given) is written and
 * closed; `nodeArgs` go to node before the script (e.g. --import).
 */
export function startSec(args: string[], cwd: string, stdin?: string, nodeArgs: string[] = []): SecRun {
  const child = spawn(process.execPath, [...nodeArgs, secBin, ...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.setEncoding('latin1').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('latin1').on('data', (d: string) => (err += d));
  child.stdin.on('error', () => undefined);
  if (stdin !== undefined) child.stdin.end(stdin);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}
