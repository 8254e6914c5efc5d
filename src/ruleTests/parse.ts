// Reading a rule test file (--ruletest, an extension): plain text, one
// statement a line, made to be written by hand. The grammar is in README.md
// ("Rule tests"); in short:
//
//   rules FILE...                  rule files, relative to the test file
//   start TIME                     the clock at the start of each test
//   timezone ZONE                  TZ while the file's tests run (%t)
//   option NAME [VALUE]            a correlation option (intevents, bufsize...)
//   test NAME                      a test, then its steps and expectations:
//     WHEN [input=NAME] [context=NAME] | LINE    an input line at WHEN
//     WHEN                                       time passes, no line
//     expect SECTION                             then `| TEXT` lines
//
// WHEN is `+SECONDS` after the previous step or an ISO 8601 time. Every
// fault is an error naming the file and line: a test file that does not say
// exactly what it means is never run.
import path from 'node:path';
import { normalizeArgv, parseCommandLine } from '../cli/options.js';

/** Where recorded results are compared; `output` also names its destination. */
export const SECTIONS = ['output', 'events', 'commands', 'contexts', 'mail', 'nagios', 'icinga2'] as const;
export type Section = (typeof SECTIONS)[number];

export type Expectation =
  | { section: Section; destination: string; lines: string[]; line: number }
  /** `expect nothing`: every section is empty, output to every destination too. */
  | { section: 'nothing'; line: number };

/** A step of a test: the clock moves to `atMs`, then the line (if any) is fed. */
export interface Step {
  atMs: number;
  /** The input line; absent for a bare time step. */
  text?: string;
  /** The input the line comes from ('-' unless input= says otherwise). */
  input: string;
  /** The internal context of the line (context=). */
  context?: string;
  line: number;
}

export interface RuleTest {
  name: string;
  line: number;
  steps: Step[];
  expectations: Expectation[];
}

export interface TestFile {
  path: string;
  /** Rule file patterns, resolved against the test file's folder. */
  rules: string[];
  /** The clock at the start of each test (ms since the epoch). */
  startMs: number;
  timezone?: string;
  /** Options as canonical command-line arguments (`--bufsize=2`), applied after the command line's own. */
  options: string[];
  tests: RuleTest[];
}

export class TestFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}, line ${line}: ${message}`);
  }
}

/** The options a test file may set: those that change what the rules do, not where sec reads or writes. */
export const TEST_OPTIONS = ['intevents', 'intcontexts', 'bufsize', 'jointbuf', 'evstoresize', 'cleantime', 'quoting', 'compat'];

/** 2000-01-01T00:00:00Z: the start when the file gives none. */
export const DEFAULT_START_MS = Date.UTC(2000, 0, 1);

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?$/;
const RELATIVE = /^\+(\d+(?:\.\d+)?)$/;

/** An ISO 8601 time in ms, or null (without a zone it is local time, as Date reads it). */
export function parseIsoTime(text: string): number | null {
  if (!ISO_TIME.test(text)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/** The text after `|`: one space after it belongs to the syntax, the rest is the text as written. */
function barText(rest: string): string {
  return rest.startsWith(' ') ? rest.slice(1) : rest;
}

export function parseTestFile(text: string, file: string): TestFile {
  const dir = path.dirname(file);
  const out: TestFile = { path: file, rules: [], startMs: DEFAULT_START_MS, options: [], tests: [] };
  let test: RuleTest | null = null;
  /** The expectation whose `|` lines come next. */
  let open: { lines: string[] } | null = null;
  let lastMs = out.startMs;
  let intcontextsNeeded = false;
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();

  lines.forEach((raw, i) => {
    const n = i + 1;
    const fail = (message: string): never => {
      throw new TestFileError(file, n, message);
    };
    const line = raw.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed.startsWith('|')) {
      if (open === null) fail("a '|' line belongs after 'expect SECTION' (an input line starts with its time: +N | LINE)");
      // trailing blanks are text too: only the indentation before '|' goes
      else open.lines.push(barText(line.trimStart().slice(1)));
      return;
    }
    open = null;
    const words = trimmed.split(/\s+/).slice(1);
    // an input line's time may touch its bar: `+1|text`
    const word = trimmed.split(/[\s|]/)[0];
    const rest = trimmed.slice(word.length).trim();

    if (word === 'test') {
      if (rest === '') fail("'test' needs a name");
      if (out.rules.length === 0) fail("no 'rules' line before the first test");
      if (out.tests.some((t) => t.name === rest)) fail(`a second test named '${rest}'`);
      if (test) finishTest(test, file);
      test = { name: rest, line: n, steps: [], expectations: [] };
      out.tests.push(test);
      lastMs = out.startMs;
      return;
    }
    if (test === null) {
      header(word, words, rest, fail);
      return;
    }
    if (word === 'expect') {
      const expectation = parseExpect(words, n, fail);
      if (test.expectations.some((e) => sameSection(e, expectation))) fail(`'expect ${words.join(' ')}' is given twice in this test`);
      test.expectations.push(expectation);
      if (expectation.section !== 'nothing') open = expectation;
      return;
    }
    const atMs = parseWhen(word, lastMs, fail);
    if (test.expectations.length) fail('steps come before the expectations of a test');
    lastMs = atMs;
    test.steps.push(parseStep(line, atMs, n, fail));
    if (test.steps.at(-1)?.context !== undefined) intcontextsNeeded = true;
  });
  if (test) finishTest(test, file);
  if (out.tests.length === 0) throw new TestFileError(file, lines.length, "no test in the file (a test starts with 'test NAME')");
  // as --input=FILE=CONTEXT does: naming a line's context turns internal contexts on
  if (intcontextsNeeded) out.options.unshift('--intcontexts');
  return out;

  function header(word: string, words: string[], rest: string, fail: (m: string) => never): void {
    switch (word) {
      case 'rules':
        if (words.length === 0) fail("'rules' needs at least one rule file");
        out.rules.push(...words.map((w) => path.resolve(dir, w)));
        return;
      case 'start': {
        const ms = parseIsoTime(rest);
        if (ms === null) fail(`'start' needs an ISO 8601 time (2024-11-28T09:00:00Z), not '${rest}'`);
        else out.startMs = lastMs = ms;
        return;
      }
      case 'timezone':
        if (words.length !== 1 || !knownZone(words[0])) fail(`'timezone' needs one zone name the system knows (UTC, Europe/Berlin...), not '${rest}'`);
        out.timezone = words[0];
        return;
      case 'option':
        out.options.push(parseOption(words, fail));
        return;
      default:
        fail(`'${word}' is not a header line (rules, start, timezone, option) and no test has begun ('test NAME')`);
    }
  }
}

/** Whether the time zone database knows `zone` (TZ set to an unknown zone would silently mean UTC). */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** `option NAME [VALUE]` as a canonical argument, checked as the command line checks it. */
function parseOption(words: string[], fail: (m: string) => never): string {
  if (words.length < 1 || words.length > 2) return fail("'option' needs a name and at most one value");
  const given = words.length === 2 ? `--${words[0]}=${words[1]}` : `--${words[0]}`;
  const { args, complaints } = normalizeArgv([given]);
  if (complaints.length) return fail(complaints.join('; '));
  const name = /^--(?:no-)?([^=]+)/.exec(args[0])?.[1] ?? '';
  if (!TEST_OPTIONS.includes(name)) return fail(`option '${words[0]}' can't be set by a test file (only ${TEST_OPTIONS.join(', ')})`);
  const checked = parseCommandLine(args).complaints;
  if (checked.length) return fail(checked.join('; '));
  return args[0];
}

/** `+N` after `lastMs`, or an ISO time not before it. */
function parseWhen(word: string, lastMs: number, fail: (m: string) => never): number {
  const relative = RELATIVE.exec(word);
  if (relative) return lastMs + Math.round(Number(relative[1]) * 1000);
  const ms = parseIsoTime(word);
  if (ms === null) return fail(`'${word}' is neither a step (+SECONDS or an ISO 8601 time) nor 'expect' or 'test'`);
  if (ms < lastMs) return fail(`${word} is before the previous step: time only goes forward`);
  return ms;
}

const STEP_ATTRIBUTES = /^(input|context)=(\S+)$/;

function parseStep(line: string, atMs: number, n: number, fail: (m: string) => never): Step {
  const bar = line.indexOf('|');
  const head = (bar < 0 ? line : line.slice(0, bar)).trim().split(/\s+/).slice(1);
  const step: Step = { atMs, input: '-', line: n };
  for (const attribute of head) {
    const m = STEP_ATTRIBUTES.exec(attribute);
    if (!m) fail(`'${attribute}' is not input=NAME or context=NAME (the line itself comes after '|')`);
    else if (m[1] === 'input') step.input = m[2];
    else step.context = m[2];
  }
  if (bar >= 0) step.text = barText(line.slice(bar + 1));
  else if (head.length) fail('input= and context= belong to an input line: WHEN input=NAME | LINE');
  return step;
}

function parseExpect(words: string[], n: number, fail: (m: string) => never): Expectation {
  const [section, ...rest] = words;
  if (section === 'nothing') {
    if (rest.length) fail("'expect nothing' takes nothing more");
    return { section: 'nothing', line: n };
  }
  if (!(SECTIONS as readonly string[]).includes(section)) fail(`'expect ${section ?? ''}': the sections are ${[...SECTIONS, 'nothing'].join(', ')}`);
  if (section === 'output') {
    if (rest.length !== 1)
      fail("'expect output' needs one destination: - (standard output), a file, or udgram:PATH, ustream:PATH, udp:HOST:PORT, tcp:HOST:PORT");
    return { section, destination: rest[0], lines: [], line: n };
  }
  if (rest.length) fail(`'expect ${section}' takes nothing more; its lines follow as '| TEXT'`);
  return { section: section as Section, destination: '', lines: [], line: n };
}

function sameSection(a: Expectation, b: Expectation): boolean {
  return a.section === b.section && (a.section === 'nothing' || b.section === 'nothing' || a.destination === b.destination);
}

function finishTest(test: RuleTest, file: string): void {
  if (test.expectations.length === 0)
    throw new TestFileError(file, test.line, `test '${test.name}' checks nothing: give it 'expect SECTION' lines (or 'expect nothing')`);
  const nothing = test.expectations.find((e) => e.section === 'nothing');
  if (nothing && test.expectations.length > 1)
    throw new TestFileError(file, nothing.line, "'expect nothing' leaves no room for other expectations in its test");
}
