// Helpers for end-to-end tests that run bin/sec as a process: where it is,
// scratch folders, waiting on a condition with a deadline (never a fixed
// sleep), and running sec.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The project folder (tests run from dist/test/...). */
export const projectDir = path.resolve(here, '../../..');
/** Another sec executable to run the same tests against (e.g. SEC 2.9.1 itself). */
const otherSec = process.env.SEC_E2E_BIN;
/** The sec under test. */
export const secBin = otherSec ?? path.join(projectDir, 'bin', 'sec');

/**
 * How long a test waits for something before it fails: generous, because
 * it costs nothing when things go well and a loaded machine can be slow.
 */
export const DEADLINE_MS = 60_000;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Poll `pred` until it holds; fail with `what` when `ms` pass first. */
export async function waitFor(pred: () => boolean, what: string | (() => string), ms = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(25);
  }
}

/** Poll the asynchronous `pred` (e.g. a question to a server) until it holds; fail with `what` when `ms` pass first. */
export async function waitForAsync(pred: () => Promise<boolean>, what: string | (() => string), ms = DEADLINE_MS): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await sleep(25);
  }
}

/**
 * Do `act` every `everyMs` until `pred` holds (e.g. append a line to an
 * input until sec answers it: lines written before sec opened the input
 * are never read in tail mode).
 */
export async function retryUntil(act: () => void, pred: () => boolean, what: string | (() => string), everyMs = 300, ms = DEADLINE_MS): Promise<void> {
  let next = 0;
  await waitFor(
    () => {
      if (pred()) return true;
      if (Date.now() >= next) {
        act();
        next = Date.now() + everyMs;
      }
      return false;
    },
    what,
    ms,
  );
}

export function scratchDir(prefix = 'sec-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Text of a file, or '' when it does not exist (yet). */
export function fileText(file: string): string {
  try {
    return fs.readFileSync(file, 'latin1');
  } catch {
    return '';
  }
}

/** Lines of a file, or none when it does not exist (yet). */
export function fileLines(file: string): string[] {
  return fileText(file)
    .split('\n')
    .filter((l) => l.length);
}

/** A process still executing: it exists and is not a zombie (ended, not reaped yet). */
export function running(pid: number): boolean {
  const state = fileText(`/proc/${pid}/stat`).replace(/^.*\) /s, '')[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

export interface SecRun {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SecOptions {
  /** Written to sec's standard input, which is then closed; left open when not given. */
  stdin?: string;
  env?: NodeJS.ProcessEnv;
  /** Arguments for node before the script (e.g. --import); only for the sec of this project. */
  nodeArgs?: string[];
  /** A session of its own, away from any terminal the tests run at (SIGINT then cycles the debug level). */
  detached?: boolean;
  /** Another path to this project's bin/sec (a copy of the installation); only for the sec of this project. */
  script?: string;
  /** Run the script itself, through its #! line, as users do (not node SCRIPT); only for the sec of this project. */
  direct?: boolean;
}

/** Every sec started, killed after the tests of the file whatever happened (a test that failed half-way). */
const started = new Set<ChildProcess>();
after(() => {
  for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Command and arguments that run the sec under test with `args` (for spawn and spawnSync). */
export function secCommand(args: string[], nodeArgs: string[] = [], script = secBin): [string, string[]] {
  if (otherSec === undefined) return [process.execPath, [...nodeArgs, script, ...args]];
  if (nodeArgs.length || script !== secBin) throw new Error(`node arguments and another script cannot be given to ${otherSec}`);
  return [otherSec, args];
}

/** Start sec with `args` in `cwd`; its output is collected (latin1: byte for byte). */
export function startSec(args: string[], cwd: string, options: SecOptions = {}): SecRun {
  const { stdin, env = process.env, nodeArgs = [], detached = false, script, direct = false } = options;
  const [command, commandArgs] = secCommand(args, nodeArgs, script);
  const [file, fileArgs] = direct ? [commandArgs[nodeArgs.length], args] : [command, commandArgs];
  const child = spawn(file, fileArgs, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached });
  started.add(child);
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
