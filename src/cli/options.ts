// SEC's command line. The table lists every option SEC 2.9.1 has, how it
// takes its value, and whether this build acts on it. normalizeArgv turns
// SEC's Getopt::Long spellings (-conf=x, -conf x, --conf x, unique
// abbreviations, underscore synonyms, --noX negations) into canonical
// `--name=value` / `--name` / `--no-name` arguments, with Getopt::Long's
// complaints; parseCommandLine folds those into SecOptions.
import { parseMailLimit } from './mailSetup.js';

type ValueKind = 'string' | 'int' | 'float' | 'octal' | 'flag' | 'bool';

interface OptionSpec {
  name: string;
  synonyms?: string[];
  value: ValueKind;
  repeat?: boolean;
  /** How --help names the value (`--conf=<file pattern>`). */
  arg?: string;
  /** The value when the option is not given (also shown by --help). */
  default?: string | number | boolean;
  /** What --help says instead of `default` when that needs words. */
  defaultText?: string;
  help: string;
}

/** SEC versions --compat knows. */
export const SEC_VERSIONS = ['2.9.1', '2.9.2', '2.9.3', '2.9.4'];

/** Whether `version` (one of SEC_VERSIONS) is `since` or later. */
export const versionAtLeast = (version: string, since: string): boolean => SEC_VERSIONS.indexOf(version) >= SEC_VERSIONS.indexOf(since);

export const OPTION_TABLE: OptionSpec[] = [
  { name: 'conf', value: 'string', repeat: true, arg: '<file pattern>', defaultText: 'none', help: 'rule files to load (glob pattern, repeatable)' },
  {
    name: 'input',
    value: 'string',
    repeat: true,
    arg: '<file pattern>[=<context>]',
    defaultText: 'none',
    help: 'input files (glob pattern, repeatable); - is standard input; =<context> names the internal context of their lines and turns on --intcontexts',
  },
  {
    name: 'input-timeout',
    synonyms: ['input_timeout'],
    value: 'int',
    arg: '<seconds>',
    default: 0,
    defaultText: '0 (off)',
    help: 'run the --timeout-script after this long without a line from an input',
  },
  {
    name: 'timeout-script',
    synonyms: ['timeout_script'],
    value: 'string',
    arg: '<program>',
    defaultText: 'none',
    help: 'run as "<program> 1 <file>" on an input timeout and "<program> 0 <file>" when lines come again',
  },
  {
    name: 'reopen-timeout',
    synonyms: ['reopen_timeout'],
    value: 'int',
    arg: '<seconds>',
    default: 0,
    defaultText: '0 (never)',
    help: 'how often to try to open a missing or closed input again',
  },
  {
    name: 'check-timeout',
    synonyms: ['check_timeout'],
    value: 'int',
    arg: '<seconds>',
    default: 0,
    help: 'look at an input without new data again only after this long',
  },
  { name: 'poll-timeout', synonyms: ['poll_timeout'], value: 'float', arg: '<seconds>', default: 0.1, help: 'sleep this long when no input has data' },
  {
    name: 'socket-timeout',
    synonyms: ['socket_timeout'],
    value: 'int',
    arg: '<seconds>',
    default: 60,
    help: 'time a tcpsock or ustream connection may take to come up',
  },
  {
    name: 'max-children',
    synonyms: ['max_children'],
    value: 'int',
    arg: '<count>',
    default: 0,
    defaultText: '0 (no limit)',
    help: 'extension: most child processes running at once; the others wait, in order',
  },
  {
    name: 'perl-timeout',
    synonyms: ['perl_timeout'],
    value: 'float',
    arg: '<seconds>',
    default: 30,
    help: 'extension: how long one call of Perl code may run; past it the Perl interpreter is killed and started again (its variables are lost)',
  },
  {
    name: 'nagios-cmd-file',
    synonyms: ['nagios_cmd_file'],
    value: 'string',
    arg: '<command file>',
    defaultText: 'none',
    help: 'extension: the external command file (named pipe) of Nagios, Naemon or Icinga, for the nagiossvc and nagioshost actions',
  },
  {
    name: 'mail-transport',
    synonyms: ['mail_transport'],
    value: 'string',
    arg: '<smtp://[user@]host[:port] | smtps://... | sendmail:[path]>',
    defaultText: 'none',
    help: 'extension: how the mail action sends: an SMTP server (STARTTLS when offered; ?starttls=required insists), SMTP over TLS, or a sendmail program',
  },
  {
    name: 'mail-from',
    synonyms: ['mail_from'],
    value: 'string',
    arg: '<address>',
    defaultText: 'sec@<host name>',
    help: 'extension: the sender of mail (From and envelope sender)',
  },
  {
    name: 'mail-password-file',
    synonyms: ['mail_password_file'],
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: 'extension: the SMTP password is the first line of this file (the user is in the --mail-transport URL)',
  },
  {
    name: 'mail-password-env',
    synonyms: ['mail_password_env'],
    value: 'string',
    arg: '<variable>',
    defaultText: 'none',
    help: 'extension: the SMTP password is in this environment variable',
  },
  {
    name: 'mail-ca-file',
    synonyms: ['mail_ca_file'],
    value: 'string',
    arg: '<file>',
    defaultText: 'the system CAs',
    help: "extension: PEM certificates also trusted for the SMTP server's certificate",
  },
  {
    name: 'mail-limit',
    synonyms: ['mail_limit'],
    value: 'string',
    arg: '<count>/<seconds>',
    defaultText: 'none',
    help: 'extension: at most <count> mails per recipient in <seconds>; the rest go into one digest mail when that time is over',
  },
  {
    name: 'icinga2-url',
    synonyms: ['icinga2_url'],
    value: 'string',
    arg: '<URL>',
    defaultText: 'none',
    help: 'extension: the Icinga 2 API (https://HOST:5665), for the icinga2svc and icinga2host actions',
  },
  {
    name: 'icinga2-user',
    synonyms: ['icinga2_user'],
    value: 'string',
    arg: '<name>',
    defaultText: 'none',
    help: 'extension: the Icinga 2 API user (an ApiUser allowed actions/process-check-result)',
  },
  {
    name: 'icinga2-password-file',
    synonyms: ['icinga2_password_file'],
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: "extension: the file holding the Icinga 2 API user's password",
  },
  {
    name: 'icinga2-ca',
    synonyms: ['icinga2_ca'],
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: "extension: PEM CA certificate(s) the Icinga 2 API's certificate must chain to (default: the system's)",
  },
  {
    name: 'icinga2-check-source',
    synonyms: ['icinga2_check_source'],
    value: 'string',
    arg: '<name>',
    defaultText: 'none',
    help: "extension: the check source of the results sent to Icinga 2 (default: Icinga's own node name)",
  },
  {
    name: 'compat',
    value: 'string',
    arg: '<version>',
    default: '2.9.1',
    help: 'extension: where SEC versions differ, behave as this one (2.9.1 to 2.9.4); from 2.9.3 on, %.chr32..%.chr255 are defined',
  },
  {
    name: 'event-time',
    synonyms: ['event_time'],
    value: 'string',
    arg: '<syslog|iso8601|epoch|epoch-ms|auto>',
    defaultText: 'none (the time a line is read)',
    help: "extension: replay on event time: take each line's time from the line in this format (at the line's start) and run the clock on it, so an archive is processed as fast as it can be read with timers as they were live",
  },
  {
    name: 'event-time-regex',
    synonyms: ['event_time_regex'],
    value: 'string',
    arg: '<regex>',
    defaultText: 'none',
    help: "extension: replay on event time, the time being what this JavaScript regex's group 'time' (else its first group) catches, read with --event-time-format",
  },
  {
    name: 'event-time-format',
    synonyms: ['event_time_format'],
    value: 'string',
    arg: '<format>',
    defaultText: 'none',
    help: 'extension: the strptime-like format of the time --event-time-regex catches (%Y %y %m %d %e %H %M %S %b %f %z %s %%)',
  },
  { name: 'blocksize', value: 'int', arg: '<bytes>', default: 8192, help: 'bytes read from an input at once' },
  {
    name: 'bufsize',
    value: 'int',
    arg: '<lines>',
    default: 0,
    defaultText: 'the largest line count N of the RegExpN/SubStrN... patterns',
    help: 'input lines kept for multi-line patterns',
  },
  {
    name: 'evstoresize',
    value: 'int',
    arg: '<strings>',
    default: 0,
    defaultText: '0 (no limit)',
    help: 'most strings the event store of one context may hold',
  },
  { name: 'cleantime', value: 'int', arg: '<seconds>', default: 1, help: 'time between checks of timers (context lifetimes, windows, delayed events)' },
  { name: 'log', value: 'string', arg: '<logfile>', defaultText: 'none', help: 'append log messages to this file' },
  {
    name: 'syslog',
    value: 'string',
    arg: '<facility>',
    defaultText: 'none',
    help: 'also send log messages to syslog (/dev/log) with this facility, e.g. daemon or local0',
  },
  { name: 'debug', value: 'int', arg: '<level>', default: 6, help: 'log messages up to this level: 1 critical, 2 error, 3 warning, 4 notice, 5 info, 6 debug' },
  { name: 'pid', value: 'string', arg: '<pidfile>', defaultText: 'none', help: 'write the process id to this file' },
  {
    name: 'dump',
    value: 'string',
    arg: '<dumpfile>',
    default: '/tmp/sec.dump',
    help: 'where SIGUSR1 writes the state dump (an existing file is never overwritten)',
  },
  {
    name: 'state-file',
    synonyms: ['state_file'],
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: 'extension: keep contexts, operations, variables, delayed events and input positions in this file across restarts: read at start, written at TERM, before a HUP restart and every --state-interval seconds',
  },
  {
    name: 'state-interval',
    synonyms: ['state_interval'],
    value: 'int',
    arg: '<seconds>',
    default: 60,
    help: 'extension: with --state-file, seconds between periodic saves (0: only at TERM and HUP)',
  },
  { name: 'user', value: 'string', arg: '<username>', defaultText: 'none, stay the user who started sec', help: 'switch to this user at start-up' },
  {
    name: 'group',
    value: 'string',
    repeat: true,
    arg: '<groupname>',
    defaultText: "the user's groups",
    help: 'with --user: switch to these groups (repeatable)',
  },
  { name: 'umask', value: 'octal', arg: '<mode>', defaultText: 'inherited', help: 'file mode creation mask, e.g. 022' },
  { name: 'ruleperf', value: 'bool', default: false, help: 'measure the CPU time of each rule (shown in dumps)' },
  {
    name: 'rulestats',
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: "extension: time each rule; at exit write each rule's events tried, matched and time spent to this file ('-': standard output); also in dumps",
  },
  { name: 'dumpfts', value: 'bool', default: false, help: 'append .<seconds since the epoch> to the dump file name' },
  { name: 'dumpfjson', value: 'bool', default: false, help: 'write the dump as JSON' },
  { name: 'quoting', value: 'bool', default: false, help: 'put %s in single quotes in shellcmd, spawn and cspawn commands' },
  { name: 'tail', value: 'bool', default: true, help: 'start at the end of input files and wait for more / read them to the end and exit' },
  { name: 'fromstart', value: 'bool', default: false, help: 'with --tail: read input files from their start' },
  { name: 'detach', value: 'bool', default: false, help: 'run as a daemon (working directory /: give absolute paths)' },
  { name: 'jointbuf', value: 'bool', default: false, help: 'one input buffer for all inputs / one per input' },
  {
    name: 'scanthread',
    value: 'bool',
    default: true,
    help: "extension: find the rules' literals in lines read in bulk on a second thread (with more than one CPU) / only on the main thread",
  },
  { name: 'keepopen', value: 'bool', default: true, help: 'keep input files open across a soft restart (SIGABRT)' },
  { name: 'rwfifo', value: 'bool', default: true, help: 'open named pipes read-write, so they never end when writers go' },
  { name: 'childterm', value: 'bool', default: true, help: 'send SIGTERM to running child processes at exit' },
  { name: 'intevents', value: 'bool', default: false, help: 'create SEC_STARTUP, SEC_RESTART, SEC_SHUTDOWN... events' },
  { name: 'intcontexts', value: 'bool', default: false, help: 'set the internal context _FILE_EVENT_<file> or _INTERNAL_EVENT while a line is processed' },
  { name: 'testonly', value: 'bool', default: false, help: 'check the rule files and exit (1 if any is faulty)' },
  {
    name: 'ruletest',
    value: 'string',
    repeat: true,
    arg: '<file pattern>',
    defaultText: 'none',
    help: 'extension: run the rule tests of these files (glob pattern, repeatable) with nothing delivered, print pass or fail per test and exit: 0 all passed, 1 some failed, 2 a test file is missing or malformed',
  },
  {
    name: 'ruletest-junit',
    synonyms: ['ruletest_junit'],
    value: 'string',
    arg: '<file>',
    defaultText: 'none',
    help: 'extension: with --ruletest, also write the outcome as JUnit XML to this file',
  },
  { name: 'help', synonyms: ['?'], value: 'flag', help: 'print this help and exit' },
  { name: 'version', value: 'flag', help: 'print the version and exit' },
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
  /** Extension: seconds one Perl call may run before perl is killed and restarted. */
  perlTimeout: number;
  /** Extension: the Nagios/Naemon/Icinga external command file. */
  nagiosCmdFile?: string;
  /** Extension: how mail is sent (SMTP URL or sendmail), and the options around it. */
  mailTransport?: string;
  mailFrom?: string;
  mailPasswordFile?: string;
  mailPasswordEnv?: string;
  mailCaFile?: string;
  /** COUNT/SECONDS. */
  mailLimit?: string;
  /** Extension: the Icinga 2 API and how to log in to it. */
  icinga2Url?: string;
  icinga2User?: string;
  icinga2PasswordFile?: string;
  icinga2Ca?: string;
  icinga2CheckSource?: string;
  /** Extension: the SEC version to follow where versions differ. */
  compat: string;
  /** Extension: replay on event time, the format of the time at the start of each line. */
  eventTime?: string;
  /** Extension: replay on event time, the time found by this regex and read with eventTimeFormat. */
  eventTimeRegex?: string;
  eventTimeFormat?: string;
  blocksize: number;
  bufsize: number;
  evstoresize: number;
  cleantime: number;
  log?: string;
  syslog?: string;
  debug: number;
  pid?: string;
  dump: string;
  /** Extension: where correlation state and input positions are kept across restarts, and how often they are saved. */
  stateFile?: string;
  stateInterval: number;
  user?: string;
  group: string[];
  umask?: number;
  ruleperf: boolean;
  rulestats?: string;
  dumpfts: boolean;
  dumpfjson: boolean;
  quoting: boolean;
  tail: boolean;
  fromstart: boolean;
  detach: boolean;
  jointbuf: boolean;
  scanthread: boolean;
  keepopen: boolean;
  rwfifo: boolean;
  childterm: boolean;
  intevents: boolean;
  intcontexts: boolean;
  testonly: boolean;
  /** Extension: rule test files to run instead of correlating (patterns). */
  ruletest: string[];
  /** Extension: where --ruletest writes JUnit XML. */
  ruletestJunit?: string;
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

/** Options of ours that SEC does not have say so first in their help. */
const isExtension = (spec: OptionSpec): boolean => spec.help.startsWith('extension');

function lookup(given: string): Candidate | string {
  // Getopt::Long ignores case and names the option in lower case
  const name = given.toLowerCase();
  const exact = CANDIDATES.find((c) => c.text === name);
  if (exact) return exact;
  const matching = CANDIDATES.filter((c) => c.text.startsWith(name));
  // an abbreviation means what it means to SEC (--e is --evstoresize, --s is ambiguous between SEC's
  // own two) beside our extensions (--event-time, --state-file); the rest can name an extension
  const ofSec = matching.filter((c) => !isExtension(c.spec));
  const prefixed = ofSec.length ? ofSec : matching;
  const distinct = new Map(prefixed.map((c) => [`${c.spec.name}/${c.negated}`, c]));
  if (distinct.size === 1) {
    // several spellings of one option complete to its main name
    const c = prefixed[0];
    return prefixed.length === 1 ? c : { ...c, text: c.negated ? `no${c.spec.name}` : c.spec.name };
  }
  if (distinct.size === 0) return `Unknown option: ${name}`;
  return `Option ${name} is ambiguous (${prefixed
    .map((c) => c.text)
    .sort()
    .join(', ')})`;
}

// Getopt::Long's number patterns (underscores allowed, removed before use)
const PAT_INT = /^[-+]?_*[0-9][0-9_]*$/;
const PAT_XINT = /^(?:[-+]?_*[1-9][0-9_]*|0x_*[0-9a-f][0-9a-f_]*|0b_*[01][01_]*|0[0-7_]*)$/i;
const PAT_FLOAT = /^[-+]?(?=[0-9.])[0-9_]*(\.[0-9_]+)?([eE][-+]?[0-9_]+)?$/;

/** The value as canonical text (octal stays octal text), or a complaint. */
function checkValue(spec: OptionSpec, opt: string, value: string): { value: string } | string {
  const bad = (what: string): string => `Value "${value}" invalid for option ${opt} (${what} expected)`;
  const digits = value.replace(/_/g, '');
  if (spec.value === 'int') return PAT_INT.test(value) ? { value: String(Number(digits)) } : bad('number');
  if (spec.value === 'float') return PAT_FLOAT.test(value) ? { value: digits } : bad('real number');
  if (spec.value === 'octal') {
    if (!PAT_XINT.test(value)) return bad('extended number');
    // Perl: oct() for a leading 0 (0x.., 0b.., 0..), decimal otherwise
    const n = !digits.startsWith('0')
      ? Number(digits)
      : /^0x/i.test(digits)
        ? parseInt(digits.slice(2), 16)
        : /^0b/i.test(digits)
          ? parseInt(digits.slice(2), 2)
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

const SPECS = new Map(OPTION_TABLE.map((spec) => [spec.name, spec]));

/** The canonical arguments folded by option name: the last one wins, a repeatable option collects its values. */
function givenValues(args: string[]): Map<string, string | boolean | string[]> {
  const given = new Map<string, string | boolean | string[]>();
  for (const arg of args) {
    const m = /^--(no-)?([^=]+)(?:=(.*))?$/s.exec(arg) as RegExpExecArray;
    const [, negated, name, value] = m;
    if (value === undefined) given.set(name, negated === undefined);
    else if (SPECS.get(name)?.repeat) given.set(name, [...((given.get(name) as string[] | undefined) ?? []), value]);
    else given.set(name, value);
  }
  return given;
}

const camel = (name: string): string => name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());

/** Option values when not given, by SecOptions field. */
const DEFAULTS = Object.fromEntries(OPTION_TABLE.filter((o) => o.default !== undefined).map((o) => [camel(o.name), o.default]));

/** Whether standard input is among the inputs (`-`, or `-=CONTEXT`): sec then cannot become a daemon. */
export const readsStandardInput = (o: SecOptions): boolean => o.input.some((p) => p === '-' || p.startsWith('-='));

/** Parse SEC's command line; never throws for bad options (SEC warns and goes on). */
export function parseCommandLine(argv: string[]): ParsedCommandLine {
  const { args, complaints } = normalizeArgv(argv);
  const given = givenValues(args);
  const options: Record<string, unknown> = { ...DEFAULTS, conf: [], input: [], group: [], ruletest: [], help: false, version: false };
  for (const spec of OPTION_TABLE) {
    const value = given.get(spec.name);
    if (value === undefined) continue;
    options[camel(spec.name)] =
      spec.value === 'int'
        ? parseInt(value as string, 10)
        : spec.value === 'float'
          ? parseFloat(value as string)
          : spec.value === 'octal'
            ? parseInt(value as string, 8)
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
  o.ruletest = nonEmpty(o.ruletest, 'ruletest');
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
  fix(!SEC_VERSIONS.includes(o.compat), 'compat', '2.9.1', `'--compat' option requires one of ${SEC_VERSIONS.join(', ')}`);
  fix(o.maxChildren < 0, 'maxChildren', 0, "'--max-children' option requires a non-negative value");
  fix(!(o.perlTimeout > 0), 'perlTimeout', 30, "'--perl-timeout' option requires a positive value");
  fix(o.blocksize <= 0, 'blocksize', 8192, "'--blocksize' option requires a positive value");
  fix(o.bufsize < 0, 'bufsize', 0, "'--bufsize' option requires a non-negative value");
  fix(o.evstoresize < 0, 'evstoresize', 0, "'--evstoresize' option requires a non-negative value");
  fix(o.cleantime < 0, 'cleantime', 1, "'--cleantime' option requires a non-negative value");
  fix(o.ruletestJunit === '', 'ruletestJunit', undefined, "'--ruletest-junit' option requires a non-empty value");
  fix(o.ruletestJunit !== undefined && o.ruletest.length === 0, 'ruletestJunit', undefined, "'--ruletest-junit' option requires the '--ruletest' option");
  fix(o.nagiosCmdFile === '', 'nagiosCmdFile', undefined, "'--nagios-cmd-file' option requires a non-empty value");
  validateMail(o, fix);
  fix(o.log === '', 'log', undefined, "'--log' option requires a non-empty value");
  fix(o.syslog === '', 'syslog', undefined, "'--syslog' option requires a non-empty value");
  fix(o.debug < 1 || o.debug > 6, 'debug', 6, "'--debug' option requires a value from range 1..6");
  fix(o.pid === '', 'pid', undefined, "'--pid' option requires a non-empty value");
  fix(o.dump === '', 'dump', '/tmp/sec.dump', "'--dump' option requires a non-empty value");
  fix(o.stateFile === '', 'stateFile', undefined, "'--state-file' option requires a non-empty value");
  fix(o.stateInterval < 0, 'stateInterval', 60, "'--state-interval' option requires a non-negative value");
  fix(o.user === '', 'user', undefined, "'--user' option requires a non-empty value");
  o.group = nonEmpty(o.group, 'group');
  fix(o.group.length > 0 && o.user === undefined, 'group', [], "'--group' option requires the '--user' option");
  fix(o.umask !== undefined && (o.umask < 0 || o.umask > 511), 'umask', undefined, "'--umask' option requires a value from range 0..0777");
  if (o.bufsize === 1) o.jointbuf = true;
}

/** The mail options: non-empty, --mail-limit well formed, and each of them only with --mail-transport. */
function validateMail(o: SecOptions, fix: <K extends keyof SecOptions>(bad: boolean, key: K, fallback: SecOptions[K], msg: string) => void): void {
  const options = [
    ['mailTransport', 'mail-transport'],
    ['mailFrom', 'mail-from'],
    ['mailPasswordFile', 'mail-password-file'],
    ['mailPasswordEnv', 'mail-password-env'],
    ['mailCaFile', 'mail-ca-file'],
    ['mailLimit', 'mail-limit'],
  ] as const;
  for (const [key, name] of options) fix(o[key] === '', key, undefined, `'--${name}' option requires a non-empty value`);
  fix(o.mailLimit !== undefined && !parseMailLimit(o.mailLimit), 'mailLimit', undefined, "'--mail-limit' option requires <count>/<seconds>, both positive");
  for (const [key, name] of options.slice(1)) {
    fix(o[key] !== undefined && o.mailTransport === undefined, key, undefined, `'--${name}' option requires the '--mail-transport' option`);
  }
}

const HELP_WIDTH = 79;
const HELP_INDENT = '      ';

/** Break `text` into lines of at most HELP_WIDTH characters, each indented. */
function wrap(text: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && HELP_INDENT.length + line.length + 1 + word.length > HELP_WIDTH) {
      lines.push(HELP_INDENT + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, HELP_INDENT + line];
}

/** The option as --help writes it: every spelling that takes a different form. */
function helpForms(spec: OptionSpec): string {
  if (spec.value === 'bool') return `--${spec.name}, --no${spec.name}`;
  if (spec.value === 'flag') return [spec.name, ...(spec.synonyms ?? [])].map((n) => (n.length === 1 ? `-${n}` : `--${n}`)).join(', ');
  return `--${spec.name}=${spec.arg}${spec.repeat ? ' ...' : ''}`;
}

function helpDefault(spec: OptionSpec): string {
  if (spec.value === 'bool') return `; default: --${spec.default ? '' : 'no'}${spec.name}`;
  if (spec.value === 'flag') return '';
  return `; default: ${spec.defaultText ?? spec.default}`;
}

/** --help: every option with its value, negation and default (our words; SEC's value names). */
export function helpText(): string {
  const out = [
    'Usage: sec [options]',
    '',
    'SEC-compatible event correlator: reads log lines, matches them against the',
    'rules of SEC 2.9.1 rule files and acts on them.',
    '',
    'Options:',
  ];
  for (const spec of OPTION_TABLE) out.push(`  ${helpForms(spec)}`, ...wrap(spec.help + helpDefault(spec)));
  out.push(
    '',
    'Options may start with - or --, be abbreviated while unique, and take their',
    'value as --name=value or --name value. --no-name is --noname; an underscore',
    'may replace a dash (--input_timeout).',
  );
  return `${out.join('\n')}\n`;
}
