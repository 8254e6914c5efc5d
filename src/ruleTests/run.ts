// Running one rule test: a new engine over the test file's rules, on a
// virtual clock, with recording sinks; the steps fed in order, the clock
// moved between them as the idle main loop would move it (advanceClock);
// then what was recorded compared with what the test expects.
import { engineOptions, settleBufsize } from '../cli/runtime.js';
import type { SecOptions } from '../cli/options.js';
import { loadConfig } from '../config/loadConfig.js';
import { advanceClock } from '../engine/advanceClock.js';
import { Engine } from '../engine/engine.js';
import { jsSettings } from '../javascript/runtime.js';
import { Logger, LogLevel } from '../log/logger.js';
import { closeSharedPerl, perlSettings } from '../perl/interpreter.js';
import { RecordingSinks, type Recording } from '../sinks/recording.js';
import { VirtualClock } from '../time/clock.js';
import { type DiffLine, diffLines } from './diff.js';
import { type Expectation, type RuleTest, type Section, SECTIONS, type TestFile } from './parse.js';

/** What a test run left behind, to compare with its expectations. */
export interface TestRun {
  recording: Recording;
  /** Synthetic events as they joined the queue: ms since the test's start, and text. */
  events: { afterMs: number; text: string }[];
  /** Names of the contexts alive at the end, sorted. */
  contexts: string[];
}

/** One expectation that did not hold: which, and how expected and actual lines differ. */
export interface Mismatch {
  title: string;
  diff: DiffLine[];
}

export interface TestOutcome {
  test: RuleTest;
  mismatches: Mismatch[];
  /** Why the test could not run at all (rule files that did not load). */
  error?: string;
  /** Log messages up to notice level (logonly, warnings, errors), for a failed test's report. */
  log: string[];
  ms: number;
}

export const passed = (outcome: TestOutcome): boolean => outcome.error === undefined && outcome.mismatches.length === 0;

/**
 * Run `test` of `file` with the options of `o` (the command line and the
 * file's own options). Perl is stopped after each test, so the next one
 * starts with a Perl of its own (the rules' functions compiled anew) and no
 * variable of this one.
 */
export function runTest(file: TestFile, test: RuleTest, o: SecOptions): TestOutcome {
  try {
    return runFresh(file, test, o);
  } finally {
    closeSharedPerl();
  }
}

function runFresh(file: TestFile, test: RuleTest, o: SecOptions): TestOutcome {
  const started = performance.now();
  const clock = new VirtualClock();
  clock.setMs(file.startMs);
  const log: string[] = [];
  const logger = new Logger(clock, LogLevel.NOTICE, false, (m) => log.push(m));
  perlSettings.log = logger;
  jsSettings.log = logger;
  perlSettings.timeoutMs = o.perlTimeout * 1000;
  const config = loadConfig(file.rules, o.bufsize, logger);
  const done = (rest: Pick<TestOutcome, 'mismatches' | 'error'>): TestOutcome => ({ test, log, ms: performance.now() - started, ...rest });
  if (!config.ok || config.files.length === 0) return done({ mismatches: [], error: 'the rule files did not load cleanly (see the log)' });

  const sinks = new RecordingSinks(clock);
  const engine = new Engine(config, engineOptions(o, settleBufsize(o, config, logger), false), clock, logger, sinks);
  const events: TestRun['events'] = [];
  engine.onEventQueued = (text) => events.push({ afterMs: clock.nowMs() - file.startMs, text });
  // as sec starts: SEC_STARTUP, then the first sweep
  if (o.intevents) engine.processInternalEvent('SEC_STARTUP');
  engine.sweep();
  engine.drainQueue();
  for (const step of test.steps) {
    advanceClock(engine, clock, step.atMs);
    if (step.text !== undefined) engine.feedLine(step.text, step.input, step.context);
  }
  if (o.intevents) engine.processInternalEvent('SEC_SHUTDOWN');
  const contexts = engine.contexts
    .contexts()
    .filter((c) => !c.internal)
    .flatMap((c) => c.names)
    .sort();
  return done({ mismatches: compare(test.expectations, { recording: sinks.recording, events, contexts }) });
}

/** Each expectation against the run; the mismatches. */
export function compare(expectations: readonly Expectation[], run: TestRun): Mismatch[] {
  return expectations.flatMap((e) => (e.section === 'nothing' ? nothingExpected(run) : check(e.section, e.destination, e.lines, run)));
}

function check(section: Section, destination: string, expected: string[], run: TestRun): Mismatch[] {
  const actual = ACTUAL[section](run, destination);
  // contexts are a set: their order says nothing
  const wanted = section === 'contexts' ? [...expected].sort() : expected;
  if (wanted.length === actual.length && wanted.every((line, i) => line === actual[i])) return [];
  return [{ title: titleOf(section, destination), diff: diffLines(wanted, actual) }];
}

/** `expect nothing`: every section empty, output to any destination included. */
function nothingExpected(run: TestRun): Mismatch[] {
  const destinations = [...run.recording.output.keys()];
  return [...destinations.flatMap((d) => check('output', d, [], run)), ...SECTIONS.filter((s) => s !== 'output').flatMap((s) => check(s, '', [], run))];
}

const titleOf = (section: Section, destination: string): string => (section === 'output' ? `output ${destination}` : section);

/** Text as a reader sees its lines: a last line without newline is a line too. */
function textLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** Seconds as a test file writes them: whole, or with the fraction it needs. */
const seconds = (ms: number): string => String(ms / 1000);

/** How each section's recorded results read as lines, as a test file writes them after `|`. */
const ACTUAL: Record<Section, (run: TestRun, destination: string) => string[]> = {
  output: (run, destination) => textLines(run.recording.output.get(destination) ?? ''),
  events: (run) => run.events.flatMap((e) => textLines(`+${seconds(e.afterMs)} ${e.text}`)),
  commands: (run) => run.recording.commands.flatMap((c) => [...textLines(c.command), ...c.input.map((line) => `< ${line}`)]),
  contexts: (run) => run.contexts,
  mail: (run) => run.recording.mail.flatMap((m) => [`To: ${m.to.join(', ')}`, `Subject: ${m.subject}`, ...textLines(m.body)]),
  nagios: (run) => run.recording.nagios,
  icinga2: (run) =>
    run.recording.icinga2.flatMap((r) => textLines(`${r.object} ${r.exitStatus} ${r.output}${r.perfdata.length ? `|${r.perfdata.join(' ')}` : ''}`)),
};
