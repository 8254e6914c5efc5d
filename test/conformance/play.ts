// Plays a recorded conformance case through a correlator command in real time
// and collects what it wrote. Used to compare bin/sec with the recording
// (cases.test.ts) and to make the recording from the real SEC (record.ts).
//
// A case is a folder (the format of the team's shared conformance suite):
//   *.conf      rule files, given as --conf=<name> in name order
//   input       "<offset seconds><TAB><line>" per line, '#' comments, and an
//               optional last line "@end <offset>": when standard input is
//               closed (default: two seconds after the last line)
//   args        optional: more command-line arguments, one a line
//   expected    what the reference wrote to standard output
//   files/      optional: files the rules write, compared by name
//   unordered   optional marker: output lines are compared as a sorted list
// The command runs in a scratch copy of the folder as
//   CMD --conf=a.conf ... --input=- --notail <args>
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TimedLine {
  at: number;
  line: string;
}

export interface Case {
  name: string;
  dir: string;
  confs: string[];
  args: string[];
  lines: TimedLine[];
  end: number;
  /** Names of the files under files/ that the rules are expected to write. */
  files: string[];
  unordered: boolean;
}

export interface Played {
  stdout: string;
  stderr: string;
  /** Each name of Case.files → its content after the run, or null if missing. */
  files: Map<string, string | null>;
  exitCode: number | null;
  signal: string | null;
}

/** Folder entries that describe the case rather than belong to the run. */
const CASE_ONLY = new Set(['expected', 'files', 'input', 'args', 'unordered']);

/** How long the command may take to start up, and to exit after its input closed. */
const START_DEADLINE_MS = 60_000;
const EXIT_DEADLINE_MS = 20_000;

export function readCase(dir: string): Case {
  const entries = fs.readdirSync(dir);
  const text = (name: string): string => (entries.includes(name) ? fs.readFileSync(path.join(dir, name), 'utf8') : '');
  const lines: TimedLine[] = [];
  let end: number | null = null;
  for (const raw of text('input').split('\n')) {
    if (raw === '' || raw.startsWith('#')) continue;
    if (raw.startsWith('@end')) {
      end = Number(raw.slice('@end'.length));
      continue;
    }
    const tab = raw.indexOf('\t');
    if (tab < 0) throw new Error(`${dir}/input: no TAB in ${JSON.stringify(raw)}`);
    lines.push({ at: Number(raw.slice(0, tab)), line: raw.slice(tab + 1) });
  }
  return {
    name: path.basename(dir),
    dir,
    confs: entries.filter((e) => e.endsWith('.conf')).sort(),
    args: text('args')
      .split('\n')
      .map((a) => a.trim())
      .filter(Boolean),
    lines,
    end: end ?? (lines.at(-1)?.at ?? 0) + 2,
    files: entries.includes('files') ? fs.readdirSync(path.join(dir, 'files')).sort() : [],
    unordered: entries.includes('unordered'),
  };
}

/** The case folders under root, in name order. */
export function listCases(root: string): Case[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => readCase(path.join(root, name)));
}

/**
 * CPU ticks a process and its descendants have used, and whether any of their
 * threads is running or waiting to run (Linux /proc).
 */
function treeActivity(pid: number): { ticks: number; busy: boolean } {
  const total = { ticks: 0, busy: false };
  const visit = (id: number): void => {
    let threads: string[];
    try {
      threads = fs.readdirSync(`/proc/${id}/task`);
    } catch {
      return; // it ended meanwhile
    }
    for (const tid of threads) {
      try {
        const stat = fs.readFileSync(`/proc/${id}/task/${tid}/stat`, 'utf8');
        // the fields after "(comm)": state is the first, utime and stime the 12th and 13th
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (fields[0] === 'R' || fields[0] === 'D') total.busy = true;
        total.ticks += Number(fields[11]) + Number(fields[12]);
        const children = fs.readFileSync(`/proc/${id}/task/${tid}/children`, 'utf8');
        for (const child of children.split(' ').filter(Boolean)) visit(Number(child));
      } catch {
        // the thread ended meanwhile
      }
    }
  };
  visit(pid);
  return total;
}

/**
 * Resolves once the command waits for input: at least half a second after
 * launch, its process tree has used no CPU and had no runnable thread for
 * three looks 100 ms apart. Start-up speed differs between implementations
 * and with the machine's load; the timeline must not.
 */
async function startedUp(pid: number, running: () => boolean): Promise<void> {
  const launched = Date.now();
  let lastTicks = -1;
  let quietLooks = 0;
  while (running() && Date.now() - launched < START_DEADLINE_MS) {
    await sleep(100);
    const { ticks, busy } = treeActivity(pid);
    quietLooks = ticks === lastTicks && !busy ? quietLooks + 1 : 0;
    lastTicks = ticks;
    if (quietLooks >= 3 && Date.now() - launched >= 500) return;
  }
}

const sleepUntil = (time: number): Promise<void> => sleep(Math.max(0, time - Date.now()));

/** Plays the case through command (program and its first arguments). */
export async function play(c: Case, command: string[]): Promise<Played> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `sec-case-${c.name}-`));
  try {
    for (const entry of fs.readdirSync(c.dir)) {
      if (!CASE_ONLY.has(entry)) fs.cpSync(path.join(c.dir, entry), path.join(work, entry), { recursive: true });
    }
    const [program, ...first] = command;
    const args = [...first, ...c.confs.map((f) => `--conf=${f}`), '--input=-', '--notail', ...c.args];
    const child = spawn(program, args, { cwd: work, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin.on('error', () => {}); // the command may exit before its input ends
    const closed = new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal }));
    });
    const running = (): boolean => child.exitCode === null && child.signalCode === null;

    await startedUp(child.pid ?? 0, running);
    // Every line goes out a quarter second past a whole second, so whoever
    // reads the time in whole seconds (as SEC does) sees line k at second T0+k.
    const t0 = Math.ceil((Date.now() + 300) / 1000) * 1000 + 250;
    for (const { at, line } of c.lines) {
      await sleepUntil(t0 + at * 1000);
      if (!running()) break;
      child.stdin.write(`${line}\n`);
    }
    await sleepUntil(t0 + c.end * 1000);
    child.stdin.end();

    const killer = setTimeout(() => child.kill('SIGKILL'), EXIT_DEADLINE_MS);
    const { code, signal } = await closed;
    clearTimeout(killer);
    const files = new Map<string, string | null>();
    for (const name of c.files) {
      const p = path.join(work, name);
      files.set(name, fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null);
    }
    return { stdout, stderr, files, exitCode: code, signal };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
