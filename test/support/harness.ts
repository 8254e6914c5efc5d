// A test harness: an Engine over rule text, on a virtual clock, with its
// standard output and log collected in memory. No sleeping, no processes.
import fs from 'node:fs';
import path from 'node:path';
import { largestPatternLines, loadConfig, type LoadedConfig } from '../../src/config/loadConfig.js';
import { advanceClock } from '../../src/engine/advanceClock.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { Logger } from '../../src/log/logger.js';
import { perlSettings } from '../../src/perl/interpreter.js';
import type { ScanThread } from '../../src/scanThread/scanThread.js';
import { Sinks } from '../../src/sinks/index.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from './process.js';

export interface Harness {
  engine: Engine;
  clock: VirtualClock;
  config: LoadedConfig;
  /** The engine's live sinks, with what they offer beyond what the engine sees (socket states...). */
  sinks: Sinks;
  /** Everything written to standard output so far. */
  output(): string;
  /** Output lines so far (without the trailing empty line). */
  lines(): string[];
  /** Log messages so far. */
  logs: string[];
  /** Feed one input line (source '-'). */
  feed(...lines: string[]): void;
  /** Move the clock and run the timers, as the idle main loop would. */
  advance(seconds: number): void;
  /** A scratch directory for files the rules write. */
  dir: string;
}

/** Write rule files into a scratch dir; `files` maps file name → rule text. */
export function ruleFiles(files: Record<string, string>): { dir: string; paths: string[] } {
  const dir = scratchDir();
  const paths = Object.entries(files).map(([name, text]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text, 'latin1');
    return p;
  });
  return { dir, paths };
}

/** Engine options, and where input lines are scanned ahead (none by default). */
export type HarnessOptions = Partial<EngineOptions> & { scanThread?: ScanThread };

export function harness(rules: string | Record<string, string>, options: HarnessOptions = {}, startSeconds = 1_800_000_000): Harness {
  const { dir, paths } = ruleFiles(typeof rules === 'string' ? { 'rules.conf': rules } : rules);
  return harnessOver(dir, paths, options, startSeconds);
}

/** A harness over rule files already written (e.g. a second engine over the same files, as after a restart). */
export function harnessOver(
  dir: string,
  paths: string[],
  options: HarnessOptions = {},
  startSeconds = 1_800_000_000,
  clock = new VirtualClock(startSeconds),
): Harness {
  const logs: string[] = [];
  const log = new Logger(clock, 6, false, (m) => logs.push(m));
  // Perl pattern errors go to the process's log, as with bin/sec
  perlSettings.log = log;
  const previous = process.cwd();
  process.chdir(dir);
  const config = loadConfig(paths, options.bufsize ?? 0, log);
  const bufsize = options.bufsize || largestPatternLines(config.files);
  const out: string[] = [];
  const sinks = new Sinks(log, clock, (t) => out.push(t));
  const engine = new Engine(
    config,
    {
      bufsize,
      jointbuf: bufsize === 1 ? true : (options.jointbuf ?? false),
      evstoresize: options.evstoresize ?? 0,
      cleantime: options.cleantime ?? 1,
      intcontexts: options.intcontexts ?? false,
      quoting: options.quoting ?? false,
      socketTimeout: options.socketTimeout ?? 60,
      eventGroupTimes: options.eventGroupTimes ?? false,
    },
    clock,
    log,
    sinks,
    options.scanThread,
  );
  engine.sweep();
  engine.drainQueue();
  process.chdir(previous);
  const inDir = <T>(f: () => T): T => {
    const before = process.cwd();
    process.chdir(dir);
    try {
      return f();
    } finally {
      process.chdir(before);
    }
  };
  return {
    engine,
    clock,
    config,
    sinks,
    logs,
    dir,
    output: () => out.join(''),
    lines: () => out.join('').split('\n').slice(0, -1),
    feed: (...lines) =>
      inDir(() => {
        for (const l of lines) engine.feedLine(l, '-');
        // the end of the main loop's turn: held file writes go out
        engine.sinks.files.flush();
      }),
    advance: (seconds) =>
      inDir(() => {
        advanceClock(engine, clock, clock.nowMs() + seconds * 1000);
        engine.sinks.files.flush();
      }),
  };
}

/** A Single rule with a RegExp pattern, desc=$0 and the given action list (`extra`: more fields, each ending in a newline). */
export function singleRule(pattern: string, action: string, extra = ''): string {
  return `type=Single
ptype=RegExp
pattern=${pattern}
desc=$0
${extra}action=${action}
`;
}
