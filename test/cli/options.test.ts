import assert from 'node:assert/strict';
import { test } from 'node:test';
import { helpText, normalizeArgv, OPTION_TABLE, parseCommandLine, type SecOptions } from '../../src/cli/options.js';

// Messages below are what SEC 2.9.1 (Getopt::Long) prints on stderr.

test('-conf=x, --conf=x, --conf x and -conf x all give the rule file', () => {
  for (const argv of [['-conf=x'], ['--conf=x'], ['--conf', 'x'], ['-conf', 'x']]) {
    const { options, complaints } = parseCommandLine(argv);
    assert.deepEqual(options.conf, ['x'], argv.join(' '));
    assert.deepEqual(complaints, [], argv.join(' '));
  }
  assert.deepEqual(normalizeArgv(['-conf', 'x']), { args: ['--conf=x'], complaints: [] });
});

test('a value taken from the next argument may look like an option', () => {
  const { options, complaints } = parseCommandLine(['--conf', '--testonly']);
  assert.deepEqual(options.conf, ['--testonly']);
  assert.equal(options.testonly, false);
  assert.deepEqual(complaints, []);
});

test('unique abbreviations complete to the option', () => {
  const { options, complaints } = parseCommandLine(['--testo', '--nota', '--fromst', '-jointb', '--intc']);
  assert.deepEqual(complaints, []);
  assert.equal(options.testonly, true);
  assert.equal(options.tail, false);
  assert.equal(options.fromstart, true);
  assert.equal(options.jointbuf, true);
  assert.equal(options.intcontexts, true);
  assert.equal(options.intevents, false);
});

test('abbreviations of two spellings of one option are not ambiguous', () => {
  const { options, complaints } = parseCommandLine(['--poll=0.5', '--reopen=3']);
  assert.deepEqual(complaints, []);
  assert.equal(options.pollTimeout, 0.5);
  assert.equal(options.reopenTimeout, 3);
});

test('option names ignore case and are reported in lower case', () => {
  const { options, complaints } = parseCommandLine(['--TestOnly', '--CONF=a', '--FOO']);
  assert.equal(options.testonly, true);
  assert.deepEqual(options.conf, ['a']);
  assert.deepEqual(complaints, ['Unknown option: foo']);
});

test("an abbreviation keeps SEC's meaning beside the extensions that share its start", () => {
  assert.equal(parseCommandLine(['--e=5']).options.evstoresize, 5); // not --event-time
  assert.equal(parseCommandLine(['--rule']).options.ruleperf, true); // not --rulestats or --ruletest
  assert.deepEqual(parseCommandLine(['--s=x']).complaints, ['Option s is ambiguous (socket-timeout, socket_timeout, syslog)']);
  // where SEC has no option, an abbreviation can name an extension
  assert.equal(parseCommandLine(['--state-f=st.json']).options.stateFile, 'st.json');
  assert.deepEqual(parseCommandLine(['--st=x']).complaints, ['Option st is ambiguous (state-file, state-interval, state_file, state_interval)']);
});

test('ambiguous abbreviations are refused, the candidates listed in sorted order', () => {
  assert.deepEqual(parseCommandLine(['--inp=x']).complaints, ['Option inp is ambiguous (input, input-timeout, input_timeout)']);
  assert.deepEqual(parseCommandLine(['--inp=x']).options.input, []);
  assert.deepEqual(parseCommandLine(['--INP=x']).complaints, ['Option inp is ambiguous (input, input-timeout, input_timeout)']);
  assert.deepEqual(parseCommandLine(['--in']).complaints, ['Option in is ambiguous (input, input-timeout, input_timeout, intcontexts, intevents)']);
  assert.deepEqual(parseCommandLine(['--t']).complaints, ['Option t is ambiguous (tail, testonly, timeout-script, timeout_script)']);
  assert.deepEqual(parseCommandLine(['--no-t']).complaints, ['Option no-t is ambiguous (no-tail, no-testonly)']);
  assert.deepEqual(parseCommandLine(['--not']).complaints, ['Option not is ambiguous (notail, notestonly)']);
});

test('underscore synonyms set the same option', () => {
  const { options, complaints } = parseCommandLine([
    '--input_timeout=5',
    '--timeout_script=/bin/true',
    '--poll_timeout',
    '0.25',
    '--reopen_timeout=7',
    '--check_timeout=2',
    '--socket_timeout=9',
  ]);
  assert.deepEqual(complaints, []);
  assert.equal(options.inputTimeout, 5);
  assert.equal(options.timeoutScript, '/bin/true');
  assert.equal(options.pollTimeout, 0.25);
  assert.equal(options.reopenTimeout, 7);
  assert.equal(options.checkTimeout, 2);
  assert.equal(options.socketTimeout, 9);
});

test('defaults when nothing is given', () => {
  const { options, complaints } = parseCommandLine([]);
  assert.deepEqual(complaints, []);
  assert.deepEqual(options.conf, []);
  assert.deepEqual(options.input, []);
  assert.equal(options.tail, true);
  assert.equal(options.fromstart, false);
  assert.equal(options.jointbuf, false);
  assert.equal(options.childterm, true);
  assert.equal(options.debug, 6);
  assert.equal(options.pollTimeout, 0.1);
  assert.equal(options.cleantime, 1);
  assert.equal(options.bufsize, 0);
  assert.equal(options.testonly, false);
  assert.equal(options.log, undefined);
});

test('negations: --notail, --no-tail, --nojointbuf, --nochildterm', () => {
  assert.equal(parseCommandLine(['--notail']).options.tail, false);
  assert.equal(parseCommandLine(['--no-tail']).options.tail, false);
  assert.equal(parseCommandLine(['-notail']).options.tail, false);
  assert.equal(parseCommandLine(['--jointbuf', '--nojointbuf']).options.jointbuf, false);
  assert.equal(parseCommandLine(['--nojointbuf', '--jointbuf']).options.jointbuf, true);
  assert.equal(parseCommandLine(['--nochildterm']).options.childterm, false);
  assert.equal(parseCommandLine(['--notail', '--tail']).options.tail, true);
});

test('flags refuse a value', () => {
  assert.deepEqual(parseCommandLine(['--tail=1']).complaints, ['Option tail does not take an argument']);
  assert.deepEqual(parseCommandLine(['--nota=0']).complaints, ['Option notail does not take an argument']);
  const help = parseCommandLine(['--help=3']);
  assert.deepEqual(help.complaints, ['Option help does not take an argument']);
  assert.equal(help.options.help, false);
  assert.equal(parseCommandLine(['-?']).options.help, true);
  assert.equal(parseCommandLine(['--vers']).options.version, true);
});

test('--conf and --input repeat, in order', () => {
  const { options } = parseCommandLine(['--conf=a', '--input', 'x', '-conf', 'b', '--conf=c', '-input=y']);
  assert.deepEqual(options.conf, ['a', 'b', 'c']);
  assert.deepEqual(options.input, ['x', 'y']);
});

test('--input=FILE=CONTEXT keeps the whole value', () => {
  const { options, complaints } = parseCommandLine(['--input=/var/log/x.log=CTX', '--input', 'a=b=c']);
  assert.deepEqual(complaints, []);
  assert.deepEqual(options.input, ['/var/log/x.log=CTX', 'a=b=c']);
});

test('a later single-valued option overrides an earlier one', () => {
  assert.equal(parseCommandLine(['--log=a', '--log=b']).options.log, 'b');
  assert.equal(parseCommandLine(['--debug=3', '--debug', '4']).options.debug, 4);
});

test('bad numbers: integer, real and extended (umask) numbers', () => {
  const bufsize = parseCommandLine(['--bufsize=abc']);
  assert.deepEqual(bufsize.complaints, ['Value "abc" invalid for option bufsize (number expected)']);
  assert.equal(bufsize.options.bufsize, 0);
  assert.deepEqual(parseCommandLine(['--bufs=abc']).complaints, ['Value "abc" invalid for option bufsize (number expected)']);
  assert.deepEqual(parseCommandLine(['--debug=3.0']).complaints, ['Value "3.0" invalid for option debug (number expected)']);
  assert.deepEqual(parseCommandLine(['--cleantime', '--foo']).complaints, ['Value "--foo" invalid for option cleantime (number expected)']);
  assert.deepEqual(parseCommandLine(['--poll-timeout=abc']).complaints, ['Value "abc" invalid for option poll-timeout (real number expected)']);
  // the option is named as it was completed
  assert.deepEqual(parseCommandLine(['--poll_t=abc']).complaints, ['Value "abc" invalid for option poll_timeout (real number expected)']);
  assert.deepEqual(parseCommandLine(['--poll=abc']).complaints, ['Value "abc" invalid for option poll-timeout (real number expected)']);
  assert.deepEqual(parseCommandLine(['--poll-timeout=5.']).complaints, ['Value "5." invalid for option poll-timeout (real number expected)']);
  assert.deepEqual(parseCommandLine(['--umask=abc']).complaints, ['Value "abc" invalid for option umask (extended number expected)']);
  assert.deepEqual(parseCommandLine(['--umask=0x1g']).complaints, ['Value "0x1g" invalid for option umask (extended number expected)']);
});

test('numbers in Getopt::Long syntax are accepted', () => {
  assert.equal(parseCommandLine(['--debug=+3']).options.debug, 3);
  assert.equal(parseCommandLine(['--bufsize=1_0']).options.bufsize, 10);
  assert.equal(parseCommandLine(['--poll-timeout=.5e1']).options.pollTimeout, 5);
  assert.equal(parseCommandLine(['--umask=022']).options.umask, 0o22);
  assert.equal(parseCommandLine(['--umask=22']).options.umask, 22);
  assert.equal(parseCommandLine(['--umask=0x1f']).options.umask, 0x1f);
  assert.equal(parseCommandLine(['--umask=0b101']).options.umask, 5);
  assert.equal(parseCommandLine(['--umask=0']).options.umask, 0);
});

test('missing values', () => {
  assert.deepEqual(parseCommandLine(['--conf']).complaints, ['Option conf requires an argument']);
  assert.deepEqual(parseCommandLine(['--log=']).complaints, ['Option log requires an argument']);
  assert.deepEqual(parseCommandLine(['--input=']).complaints, ['Option input requires an argument']);
  assert.deepEqual(parseCommandLine(['--conf=']).options.conf, []);
  // an empty separate argument is a value, refused by SEC's own checks
  const conf = parseCommandLine(['--conf', '', '--conf=a']);
  assert.deepEqual(conf.complaints, ["'--conf' option requires a non-empty value"]);
  assert.deepEqual(conf.options.conf, ['a']);
  assert.deepEqual(parseCommandLine(['--input', '']).complaints, ["'--input' option requires a non-empty value"]);
  const log = parseCommandLine(['--log', '']);
  assert.deepEqual(log.complaints, ["'--log' option requires a non-empty value"]);
  assert.equal(log.options.log, undefined);
});

test('unknown options and stray arguments are reported, the rest still parsed', () => {
  const { options, complaints } = parseCommandLine(['--foo', 'extra', '--testonly', '-', '---testonly', '--=x']);
  assert.deepEqual(complaints, ['Unknown option: foo', 'Unknown argument: extra', 'Unknown argument: -', 'Unknown option: -testonly', 'Unknown option: =x']);
  assert.equal(options.testonly, true);
});

test('-- ends the options, the rest is ignored', () => {
  const { options, complaints } = parseCommandLine(['--conf=a', '--', '--testonly', 'extra']);
  assert.deepEqual(complaints, []);
  assert.equal(options.testonly, false);
  assert.deepEqual(options.conf, ['a']);
});

test('range checks with SEC messages and fallbacks', () => {
  const cases: [string[], string, (o: ReturnType<typeof parseCommandLine>['options']) => unknown, unknown][] = [
    [['--debug=9'], "'--debug' option requires a value from range 1..6", (o) => o.debug, 6],
    [['--debug=0'], "'--debug' option requires a value from range 1..6", (o) => o.debug, 6],
    [['--bufsize=-1'], "'--bufsize' option requires a non-negative value", (o) => o.bufsize, 0],
    [['--evstoresize=-2'], "'--evstoresize' option requires a non-negative value", (o) => o.evstoresize, 0],
    [['--cleantime=-1'], "'--cleantime' option requires a non-negative value", (o) => o.cleantime, 1],
    [['--poll_timeout=-1'], "'--poll-timeout' option requires a non-negative value", (o) => o.pollTimeout, 0.1],
    [['--reopen-timeout=-1'], "'--reopen-timeout' option requires a non-negative value", (o) => o.reopenTimeout, 0],
    [['--check_timeout=-1'], "'--check-timeout' option requires a non-negative value", (o) => o.checkTimeout, 0],
    [['--input-timeout=-1'], "'--input-timeout' option requires a non-negative value", (o) => o.inputTimeout, 0],
    [['--socket-timeout=0'], "'--socket-timeout' option requires a positive value", (o) => o.socketTimeout, 60],
    [['--blocksize=0'], "'--blocksize' option requires a positive value", (o) => o.blocksize, 8192],
    [['--perl-timeout=0'], "'--perl-timeout' option requires a positive value", (o) => o.perlTimeout, 30],
    [['--input_timeout=5'], "'--input-timeout' option requires the '--timeout-script' option", (o) => o.inputTimeout, 0],
    [['--umask=01000'], "'--umask' option requires a value from range 0..0777", (o) => o.umask, undefined],
    [['--group=g'], "'--group' option requires the '--user' option", (o) => o.group, []],
    [['--user', ''], "'--user' option requires a non-empty value", (o) => o.user, undefined],
    [['--dump', ''], "'--dump' option requires a non-empty value", (o) => o.dump, '/tmp/sec.dump'],
  ];
  for (const [argv, message, get, fallback] of cases) {
    const parsed = parseCommandLine(argv);
    assert.deepEqual(parsed.complaints, [message], argv.join(' '));
    assert.deepEqual(get(parsed.options), fallback, argv.join(' '));
  }
  // SEC's order: the timeout script check comes before the input timeout check
  assert.deepEqual(parseCommandLine(['--input-timeout=3', '--timeout-script', '']).complaints, [
    "'--timeout-script' option requires a non-empty value",
    "'--input-timeout' option requires the '--timeout-script' option",
  ]);
  assert.deepEqual(parseCommandLine(['--debug=1', '--umask=0777', '--user=u', '--group=g']).complaints, []);
});

test('--perl-timeout (extension) takes seconds, fractions too; 30 when not given', () => {
  assert.equal(parseCommandLine([]).options.perlTimeout, 30);
  assert.equal(parseCommandLine(['--perl-timeout=0.5']).options.perlTimeout, 0.5);
  assert.equal(parseCommandLine(['--perl_timeout', '2']).options.perlTimeout, 2);
  assert.deepEqual(parseCommandLine(['--perl-timeout=soon']).complaints, ['Value "soon" invalid for option perl-timeout (real number expected)']);
});

test('--state-file and --state-interval (extensions): none and 60 when not given; an empty file name and a negative interval are refused', () => {
  const none = parseCommandLine([]).options;
  assert.deepEqual([none.stateFile, none.stateInterval], [undefined, 60]);
  const given = parseCommandLine(['--state_file', '/var/lib/sec/state.json', '--state-interval=0']).options;
  assert.deepEqual([given.stateFile, given.stateInterval], ['/var/lib/sec/state.json', 0]);
  const bad = parseCommandLine(['--state-file', '', '--state-interval=-1']);
  assert.deepEqual(bad.complaints, ["'--state-file' option requires a non-empty value", "'--state-interval' option requires a non-negative value"]);
  assert.deepEqual([bad.options.stateFile, bad.options.stateInterval], [undefined, 60]);
});

test('--bufsize=1 forces --jointbuf, other sizes do not', () => {
  assert.equal(parseCommandLine(['--bufsize=1']).options.jointbuf, true);
  assert.equal(parseCommandLine(['--bufsize=1', '--nojointbuf']).options.jointbuf, true);
  assert.equal(parseCommandLine(['--bufsize=2']).options.jointbuf, false);
  assert.equal(parseCommandLine(['--bufsize=0']).options.jointbuf, false);
});

test('daemon options are parsed', () => {
  const { options, complaints } = parseCommandLine([
    '--detach',
    '--pid=/tmp/p',
    '--conf=a',
    '--nokeepopen',
    '--ruleperf',
    '--blocksize=100',
    '--notail',
    '--syslog=local3',
  ]);
  assert.deepEqual(complaints, []);
  assert.equal(options.ruleperf, true);
  assert.equal(options.syslog, 'local3');
  assert.equal(options.detach, true);
  assert.equal(options.keepopen, false);
  assert.equal(options.pid, '/tmp/p');
  assert.equal(options.blocksize, 100);
});

// ---- --help --------------------------------------------------------------------

/** The help paragraph of one option: its form line and the description under it. */
function helpEntry(form: string): string {
  const lines = helpText().split('\n');
  const start = lines.indexOf(`  ${form}`);
  assert.ok(start >= 0, `no help line "  ${form}" in:\n${helpText()}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => !l.startsWith('      '));
  return rest
    .slice(0, end)
    .map((l) => l.trim())
    .join(' ');
}

const field = (name: string): keyof SecOptions => name.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase()) as keyof SecOptions;

test('--help names each switch with its negation and says which one is the default', () => {
  const defaults = parseCommandLine([]).options;
  const switches = OPTION_TABLE.filter((o) => o.value === 'bool');
  assert.equal(switches.length, 15, 'every switch SEC 2.9.1 has, and --scanthread (extension)');
  for (const o of switches) {
    const on = defaults[field(o.name)] === true;
    assert.match(helpEntry(`--${o.name}, --no${o.name}`), new RegExp(`; default: --${on ? '' : 'no'}${o.name}$`), o.name);
  }
  assert.match(helpEntry('--tail, --notail'), /default: --tail$/);
  assert.match(helpEntry('--detach, --nodetach'), /default: --nodetach$/);
});

test('--help shows the value names and the default of every option that takes a value', () => {
  const defaults = parseCommandLine([]).options;
  assert.match(helpEntry('--input=<file pattern>[=<context>] ...'), /default: none$/);
  assert.match(helpEntry('--conf=<file pattern> ...'), /default: none$/);
  assert.match(helpEntry('--group=<groupname> ...'), /default: /);
  for (const o of OPTION_TABLE.filter((x) => x.value !== 'bool' && x.value !== 'flag')) {
    const entry = helpEntry(`--${o.name}=${o.arg}${o.repeat ? ' ...' : ''}`);
    const shown = /; default: (.*)$/.exec(entry)?.[1];
    assert.ok(shown, `${o.name} has no default in: ${entry}`);
    const value = defaults[field(o.name)];
    // a plain default value is the one the option really gets
    if (typeof value === 'number' || typeof value === 'string') {
      if (o.name !== 'bufsize') assert.ok(shown.startsWith(String(value)), `${o.name}: shown ${shown}, really ${value}`);
    }
  }
  assert.match(helpEntry('--poll-timeout=<seconds>'), /default: 0\.1$/);
  assert.match(helpEntry('--dump=<dumpfile>'), /default: \/tmp\/sec\.dump$/);
});

test('--help lists -? and --version, and fits in 79 columns', () => {
  assert.match(helpEntry('--help, -?'), /help/);
  assert.match(helpEntry('--version'), /version/);
  for (const line of helpText().split('\n')) assert.ok(line.length <= 79, `too long: ${line}`);
  assert.match(helpText(), /^Usage: sec \[options\]\n/);
});

test('mail options (extension): --mail-limit is <count>/<seconds>; the others need --mail-transport', () => {
  const given = parseCommandLine(['--mail-transport=smtp://mx', '--mail_from=sec@example.org', '--mail-password-env=PW', '--mail-limit=5/60']);
  assert.deepEqual(given.complaints, []);
  assert.equal(given.options.mailTransport, 'smtp://mx');
  assert.equal(given.options.mailFrom, 'sec@example.org');
  assert.equal(given.options.mailPasswordEnv, 'PW');
  assert.equal(given.options.mailLimit, '5/60');
  for (const limit of ['5', '0/60', '5/0', '5/x', '-1/60']) {
    const parsed = parseCommandLine(['--mail-transport=smtp://mx', `--mail-limit=${limit}`]);
    assert.deepEqual(parsed.complaints, ["'--mail-limit' option requires <count>/<seconds>, both positive"], limit);
    assert.equal(parsed.options.mailLimit, undefined);
  }
  const alone = parseCommandLine(['--mail-from=sec@example.org', '--mail-ca-file=ca.pem']);
  assert.deepEqual(alone.complaints, [
    "'--mail-from' option requires the '--mail-transport' option",
    "'--mail-ca-file' option requires the '--mail-transport' option",
  ]);
  assert.equal(alone.options.mailFrom, undefined);
  assert.deepEqual(parseCommandLine(['--mail-transport', '']).complaints, ["'--mail-transport' option requires a non-empty value"]);
});
