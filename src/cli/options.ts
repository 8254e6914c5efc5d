// SEC's command line. The table lists every option SEC 2.9.1 has, how it
// takes its value, and whether this build acts on it. normalizeArgv turns
// SEC's Getopt::Long spellings (-conf=x, -conf x, --conf x, unique
// abbreviations, underscore synonyms, --noX negations) into canonical
// `--name value` pairs for commander, with Getopt::Long's complaints.
import { Command, Option } from 'commander';

type ValueKind = 'string' | 'int' | 'float' | 'octal' | 'flag' | 'bool';

interface OptionSpec {
  name: string;
  synonyms?: string[];
  value: ValueKind;
  repeat?: boolean;
  help: string;
}


export const OPTION_TABLE: OptionSpec[] = [
  { name: 'conf', value: 'string', repeat: true, help: 'rule file pattern (repeatable)' },
  { name: 'input', value: 'string', repeat: true, help: 'input file pattern[=context] (repeatable); - is standard input' },
  { name: 'input-timeout', synonyms: ['input_timeout'], value: 'int', help: 'seconds without input before --timeout-script runs' },
  { name: 'timeout-script', synonyms: ['timeout_script'], value: 'string', help: 'script run on input timeout' },
  { name: 'reopen-timeout', synonyms: ['reopen_timeout'], value: 'int', help: 'seconds between attempts to reopen a missing input' },
  { name: 'check-timeout', synonyms: ['check_timeout'], value: 'int', help: 'seconds between checks of inputs at EOF' },
  { name: 'poll-timeout', synonyms: ['poll_timeout'], value: 'float', help: 'seconds to sleep when no input is waiting (default 0.1)' },
  { name: 'socket-timeout', synonyms: ['socket_timeout'], value: 'int', help: 'seconds to wait for a socket connection' },
  { name: 'max-children', synonyms: ['max_children'], value: 'int', help: 'extension: most child processes running at once, the rest wait in order (default 0: no limit)' },
  { name: 'blocksize', value: 'int', help: 'bytes read from an input at once' },
  { name: 'bufsize', value: 'int', help: 'lines kept for multi-line patterns (default: the largest N in the rules)' },
  { name: 'evstoresize', value: 'int', help: 'most events a context may store (0 = no limit)' },
  { name: 'cleantime', value: 'int', help: 'seconds between timer sweeps (default 1)' },
  { name: 'log', value: 'string', help: 'log file' },
  { name: 'syslog', value: 'string', help: 'also log to syslog (/dev/log) with this facility' },
  { name: 'debug', value: 'int', help: 'log level 1..6 (default 6)' },
  { name: 'pid', value: 'string', help: 'pid file' },
  { name: 'dump', value: 'string', help: 'dump file for SIGUSR1' },
  { name: 'user', value: 'string', help: 'user to run as' },
  { name: 'group', value: 'string', repeat: true, help: 'group to run as' },
  { name: 'umask', value: 'octal', help: 'umask' },
  { name: 'ruleperf', value: 'bool', help: 'measure CPU time per rule (shown in dumps)' },
  { name: 'dumpfts', value: 'bool', help: 'timestamp dump file names' },
  { name: 'dumpfjson', value: 'bool', help: 'dump in JSON' },
  { name: 'quoting', value: 'bool', help: 'put %s in single quotes in shellcmd, spawn and cspawn commands' },
  { name: 'tail', value: 'bool', help: 'start at the end of input files and wait for more (default)' },
  { name: 'fromstart', value: 'bool', help: 'read input files from the beginning' },
  { name: 'detach', value: 'bool', help: 'run as a daemon' },
  { name: 'jointbuf', value: 'bool', help: 'one input buffer for all sources' },
  { name: 'keepopen', value: 'bool', help: 'keep input files open across restarts' },
  { name: 'rwfifo', value: 'bool', help: 'open named pipes read-write' },
  { name: 'childterm', value: 'bool', help: 'terminate child processes at exit (default)' },
  { name: 'intevents', value: 'bool', help: 'generate SEC_STARTUP, SEC_SHUTDOWN... events' },
  { name: 'intcontexts', value: 'bool', help: 'set internal contexts for input sources' },
  { name: 'testonly', value: 'bool', help: 'check the rule files and exit (1 if any fault)' },
  { name: 'help', synonyms: ['?'], value: 'flag', help: 'print this help' },
  { name: 'version', value: 'flag', help: 'print the version' },
];

export interface SecOptions {
  conf: string[];
  input: string[];
  inputTimeout: number;
  timeoutScript?: string;
  reopenTimeout: number;
  checkTimeout: number;
  pollTimeout: number;
  socketTimeout: number;
  /** Extension: most child processes at once (0: no limit). */
  maxChildren: number;
  blocksize: number;
  bufsize: number;
  evstoresize: number;
  cleantime: number;
  log?: string;
  syslog?: string;
  debug: number;
  pid?: string;
  dump: string;
  user?: string;
  group: string[];
  umask?: number;
  ruleperf: boolean;
  dumpfts: boolean;
  dumpfjson: boolean;
  quoting: boolean;
  tail: boolean;
  fromstart: boolean;
  detach: boolean;
  jointbuf: boolean;
  keepopen: boolean;
  rwfifo: boolean;
  childterm: boolean;
  intevents: boolean;
  intcontexts: boolean;
  testonly: boolean;
  help: boolean;
  version: boolean;
}

export interface ParsedCommandLine {
  options: SecOptions;
  /** Getopt-style complaints, printed to stderr as SEC does; parsing goes on. */
  complaints: string[];
}

interface Candidate {
  text: string;
  spec: OptionSpec;
  negated: boolean;
}

function candidates(): Candidate[] {
  const out: Candidate[] = [];
  for (const spec of OPTION_TABLE) {
    for (const text of [spec.name, ...(spec.synonyms ?? [])]) {
      out.push({ text, spec, negated: false });
      if (spec.value === 'bool') {
        out.push({ text: `no${text}`, spec, negated: true });
        out.push({ text: `no-${text}`, spec, negated: true });
      }
    }
  }
  return out;
}

const CANDIDATES = candidates();

function lookup(given: string): Candidate | string {
  // Getopt::Long ignores case and names the option in lower case
  const name = given.toLowerCase();
  const exact = CANDIDATES.find((c) => c.text === name);
  if (exact) return exact;
  const prefixed = CANDIDATES.filter((c) => c.text.startsWith(name));
  const distinct = new Map(prefixed.map((c) => [`${c.spec.name}/${c.negated}`, c]));
  if (distinct.size === 1) {
    // several spellings of one option complete to its main name
    const c = prefixed[0];
    return prefixed.length === 1 ? c : { ...c, text: c.negated ? `no${c.spec.name}` : c.spec.name };
  }
  if (distinct.size === 0) return `Unknown option: ${name}`;
  return `Option ${name} is ambiguous (${prefixed.map((c) => c.text).sort().join(', ')})`;
}

// Getopt::Long's number patterns (underscores allowed, removed before use)
const PAT_INT = /^[-+]?_*[0-9][0-9_]*$/;
const PAT_XINT = /^(?:[-+]?_*[1-9][0-9_]*|0x_*[0-9a-f][0-9a-f_]*|0b_*[01][01_]*|0[0-7_]*)$/i;
const PAT_FLOAT = /^[-+]?(?=[0-9.])[0-9_]*(\.[0-9_]+)?([eE][-+]?[0-9_]+)?$/;

/** The value as commander gets it (octal stays octal text), or a complaint. */
function checkValue(spec: OptionSpec, opt: string, value: string): { value: string } | string {
  const bad = (what: string): string => `Value "${value}" invalid for option ${opt} (${what} expected)`;
  const digits = value.replace(/_/g, '');
  if (spec.value === 'int') return PAT_INT.test(value) ? { value: String(Number(digits)) } : bad('number');
  if (spec.value === 'float') return PAT_FLOAT.test(value) ? { value: digits } : bad('real number');
  if (spec.value === 'octal') {
    if (!PAT_XINT.test(value)) return bad('extended number');
    // Perl: oct() for a leading 0 (0x.., 0b.., 0..), decimal otherwise
    const n = !digits.startsWith('0') ? Number(digits)
      : /^0x/i.test(digits) ? parseInt(digits.slice(2), 16)
      : /^0b/i.test(digits) ? parseInt(digits.slice(2), 2)
      : parseInt(digits || '0', 8);
    return { value: n.toString(8) };
  }
  return { value };
}

/** SEC spellings → canonical `--name[=value]` / `--no-name`, plus complaints. */
export function normalizeArgv(argv: string[]): { args: string[]; complaints: string[] } {
  const args: string[] = [];
  const complaints: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    // `--` ends the options; Getopt::Long leaves the rest unread
    if (arg === '--') break;
    const m = /^--?(.[^=]*)(?:=(.*))?$/s.exec(arg);
    if (!m || arg === '-') {
      complaints.push(`Unknown argument: ${arg}`);
      continue;
    }
    const found = lookup(m[1]);
    if (typeof found === 'string') {
      complaints.push(found);
      continue;
    }
    const { spec, negated, text: opt } = found;
    if (spec.value === 'flag' || spec.value === 'bool') {
      if (m[2] !== undefined) complaints.push(`Option ${opt} does not take an argument`);
      else args.push(negated ? `--no-${spec.name}` : `--${spec.name}`);
      continue;
    }
    let value = m[2];
    if (value === undefined ? i + 1 >= argv.length : value === '') {
      complaints.push(`Option ${opt} requires an argument`);
      continue;
    }
    if (value === undefined) value = argv[++i];
    const checked = checkValue(spec, opt, value);
    if (typeof checked === 'string') complaints.push(checked);
    else args.push(`--${spec.name}=${checked.value}`);
  }
  return { args, complaints };
}

/** The commander program that holds the option table (also used for --help). */
export function buildProgram(): Command {
  const program = new Command('sec')
    .description('SEC-compatible event correlator')
    .helpOption(false)
    .allowExcessArguments(false)
    .exitOverride();
  for (const spec of OPTION_TABLE) {
    const flags = spec.value === 'flag' || spec.value === 'bool' ? `--${spec.name}` : `--${spec.name} <value>`;
    const opt = new Option(flags, spec.help);
    if (spec.repeat) opt.argParser((v: string, prev: string[] | undefined) => [...(prev ?? []), v]);
    program.addOption(opt);
    if (spec.value === 'bool') program.addOption(new Option(`--no-${spec.name}`).hideHelp());
  }
  return program;
}

const DEFAULTS = {
  inputTimeout: 0, reopenTimeout: 0, checkTimeout: 0, pollTimeout: 0.1, socketTimeout: 60, maxChildren: 0, blocksize: 8192,
  bufsize: 0, evstoresize: 0, cleantime: 1, debug: 6, dump: '/tmp/sec.dump',
  ruleperf: false, dumpfts: false, dumpfjson: false, quoting: false, tail: true, fromstart: false, detach: false,
  jointbuf: false, keepopen: true, rwfifo: true, childterm: true, intevents: false, intcontexts: false, testonly: false,
};

const camel = (name: string): string => name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/** Parse SEC's command line; never throws for bad options (SEC warns and goes on). */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const { args, complaints } = normalizeArgv(argv);
  const program = buildProgram();
  program.parse(args, { from: 'user' });
  const raw = program.opts() as Record<string, unknown>;
  const given = new Set(args.map((a) => a.replace(/^--(no-)?/, '').replace(/=.*$/s, '')));
  const options: Record<string, unknown> = { ...DEFAULTS, conf: [], input: [], group: [], help: false, version: false };
  for (const spec of OPTION_TABLE) {
    const key = camel(spec.name);
    const value = raw[key];
    if (value === undefined || !given.has(spec.name)) continue;
    options[key] = spec.value === 'int' ? parseInt(value as string, 10)
      : spec.value === 'float' ? parseFloat(value as string)
      : spec.value === 'octal' ? parseInt(value as string, 8)
      : value;
  }
  const o = options as unknown as SecOptions;
  validate(o, complaints);
  return { options: o, complaints };
}

/** Range checks, with SEC's messages and fallbacks. */
function validate(o: SecOptions, complaints: string[]): void {
  const nonEmpty = (list: string[], name: string): string[] => {
    const kept = list.filter((v) => v.length);
    if (kept.length < list.length) complaints.push(`'--${name}' option requires a non-empty value`);
    return kept;
  };
  o.conf = nonEmpty(o.conf, 'conf');
  o.input = nonEmpty(o.input, 'input');
  const fix = <K extends keyof SecOptions>(bad: boolean, key: K, fallback: SecOptions[K], msg: string): void => {
    if (bad) {
      complaints.push(msg);
      o[key] = fallback;
    }
  };
  fix(o.inputTimeout < 0, 'inputTimeout', 0, "'--input-timeout' option requires a non-negative value");
  fix(o.timeoutScript === '', 'timeoutScript', undefined, "'--timeout-script' option requires a non-empty value");
  fix(o.inputTimeout > 0 && o.timeoutScript === undefined, 'inputTimeout', 0, "'--input-timeout' option requires the '--timeout-script' option");
  fix(o.reopenTimeout < 0, 'reopenTimeout', 0, "'--reopen-timeout' option requires a non-negative value");
  fix(o.checkTimeout < 0, 'checkTimeout', 0, "'--check-timeout' option requires a non-negative value");
  fix(o.pollTimeout < 0, 'pollTimeout', 0.1, "'--poll-timeout' option requires a non-negative value");
  fix(o.socketTimeout <= 0, 'socketTimeout', 60, "'--socket-timeout' option requires a positive value");
  fix(o.maxChildren < 0, 'maxChildren', 0, "'--max-children' option requires a non-negative value");
  fix(o.blocksize <= 0, 'blocksize', 8192, "'--blocksize' option requires a positive value");
  fix(o.bufsize < 0, 'bufsize', 0, "'--bufsize' option requires a non-negative value");
  fix(o.evstoresize < 0, 'evstoresize', 0, "'--evstoresize' option requires a non-negative value");
  fix(o.cleantime < 0, 'cleantime', 1, "'--cleantime' option requires a non-negative value");
  fix(o.log === '', 'log', undefined, "'--log' option requires a non-empty value");
  fix(o.syslog === '', 'syslog', undefined, "'--syslog' option requires a non-empty value");
  fix(o.debug < 1 || o.debug > 6, 'debug', 6, "'--debug' option requires a value from range 1..6");
  fix(o.pid === '', 'pid', undefined, "'--pid' option requires a non-empty value");
  fix(o.dump === '', 'dump', '/tmp/sec.dump', "'--dump' option requires a non-empty value");
  fix(o.user === '', 'user', undefined, "'--user' option requires a non-empty value");
  o.group = nonEmpty(o.group, 'group');
  fix(o.group.length > 0 && o.user === undefined, 'group', [], "'--group' option requires the '--user' option");
  fix(o.umask !== undefined && (o.umask < 0 || o.umask > 511), 'umask', undefined, "'--umask' option requires a value from range 0..0777");
  if (o.bufsize === 1) o.jointbuf = true;
}

export function helpText(): string {
  return buildProgram().helpInformation();
}
