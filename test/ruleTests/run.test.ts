import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseCommandLine } from '../../src/cli/options.js';
import { formatDiff } from '../../src/ruleTests/diff.js';
import { parseTestFile } from '../../src/ruleTests/parse.js';
import { passed, runTest, type TestOutcome } from '../../src/ruleTests/run.js';
import { ruleFiles } from '../support/harness.js';

/** 2024-01-01T00:00:00Z: every test here starts there. */
const START = 1_704_067_200;

/** Run the one test `body` (steps and expectations) against `rules`; `headers` go before it (options). */
function run(rules: string, body: string, headers = ''): TestOutcome & { dir: string } {
  const { dir, paths } = ruleFiles({ 'r.conf': rules });
  const file = parseTestFile(`rules ${paths[0]}\nstart 2024-01-01T00:00:00Z\n${headers}test t\n${body}`, path.join(dir, 'r.test'));
  return { ...runTest(file, file.tests[0], parseCommandLine(file.options).options), dir };
}

/** What a failed outcome's report shows: each mismatch's title and diff. */
const shown = (o: TestOutcome): string => o.mismatches.map((m) => `${m.title}\n${formatDiff(m.diff)}`).join('');

function assertPassed(o: TestOutcome): void {
  assert.ok(passed(o), `${o.error ?? ''}\n${shown(o)}\n${o.log.join('\n')}`);
}

const single = (action: string, pattern = '(\\S+)'): string => `type=Single\nptype=RegExp\npattern=${pattern}\ndesc=$1\naction=${action}\n`;

test('output: lines per destination as a reader sees them, nothing written to any file or socket', () => {
  const { dir: scratch } = ruleFiles({});
  const file = path.join(scratch, 'out.log');
  const o = run(
    single(`write - a $1; writen ${file} b; writen ${file} c; owritecl ${file} -d; pipe '$1 piped'; udgram ${scratch}/sock x; tcpsock 127.0.0.1:9 y`),
    `+1 | one\n+1 | two\nexpect output -\n| a one\n| one piped\n| a two\n| two piped\nexpect output ${file}\n| bc-dbc-d\nexpect output udgram:${scratch}/sock\n| x\n| x\nexpect output tcp:127.0.0.1:9\n| y\n| y\n`,
  );
  assertPassed(o);
  assert.deepEqual(fs.readdirSync(scratch), [], 'no file or socket was made');
});

test('output: a destination written to other than expected fails with a diff of - expected and + actual lines', () => {
  const o = run(single('write - $1'), '+1 | one\n+1 | two\nexpect output -\n| one\n| three\nexpect output other.log\n| one\n');
  assert.equal(passed(o), false);
  assert.equal(shown(o), 'output -\n  one\n- three\n+ two\noutput other.log\n- one\n');
});

test('events: each synthetic event with the seconds since the start when it joined the queue, delayed ones when released', () => {
  const rules = `${single('event NOW_$1; event 10 LATER_$1; cevent CTX 5 CONTEXT_$1', '^(x\\d)$')}`;
  const o = run(rules, '+1 | x1\n+2 | x2\n+30\nexpect events\n| +1 NOW_x1\n| +3 NOW_x2\n| +6 CONTEXT_x1\n| +8 CONTEXT_x2\n| +11 LATER_x1\n| +13 LATER_x2\n');
  assertPassed(o);
  const early = run(rules, '+1 | x1\n+9\nexpect events\n| +1 NOW_x1\n| +6 CONTEXT_x1\n| +11 LATER_x1\n');
  assert.equal(shown(early), 'events\n  +1 NOW_x1\n  +6 CONTEXT_x1\n- +11 LATER_x1\n', 'an event not due by the last step is not there');
});

test('commands: what would run, with the lines fed to it; no process is started', () => {
  const { dir: scratch } = ruleFiles({});
  const marker = path.join(scratch, 'ran');
  const o = run(
    single(`shellcmd touch ${marker}; cmdexec /bin/touch ${marker} x; pipe '$1 in' cat -n; add R $1; add R more; report R wc -l; spawn echo hi`),
    `+1 | one\nexpect commands\n| touch ${marker}\n| /bin/touch ${marker} x\n| cat -n\n| < one in\n| wc -l\n| < one\n| < more\n| echo hi\n`,
  );
  assertPassed(o);
  assert.equal(fs.existsSync(marker), false, 'touch did not run');
});

test('contexts: the names alive at the end, in any order; expired ones are gone', () => {
  const rules = single('create LONG_$1 100; create SHORT_$1 10; alias LONG_$1 ALIAS_$1');
  assertPassed(run(rules, '+1 | a\n+5\nexpect contexts\n| SHORT_a\n| LONG_a\n| ALIAS_a\n'));
  const later = run(rules, '+1 | a\n+20\nexpect contexts\n| ALIAS_a\n| LONG_a\n| SHORT_a\n');
  assert.equal(shown(later), 'contexts\n  ALIAS_a\n  LONG_a\n- SHORT_a\n');
});

test('mail: recipients (valid ones), subject and body lines of each mail that would be sent', () => {
  const o = run(
    single('mail ops@example.org,$1 (alert for $1) first line\\nsecond'),
    '+1 | nobody\nexpect mail\n| To: ops@example.org\n| Subject: alert for nobody\n| first line\\nsecond\n',
  );
  assertPassed(o);
  const multi = run(
    single('lcall %b -> ( sub { "one\\ntwo" } ); mail a@b.example subject %b'),
    '+1 | x\nexpect mail\n| To: a@b.example\n| Subject: subject\n| one\n| two\n',
  );
  assertPassed(multi);
});

test('nagios: the external command lines that would be written, stamped with the time of the action', () => {
  const o = run(
    single('nagiossvc web1 (SSH logins) CRITICAL failure of $1|n=1; nagioshost db2 DOWN gone'),
    `+5 | alice\nexpect nagios\n| [${START + 5}] PROCESS_SERVICE_CHECK_RESULT;web1;SSH logins;2;failure of alice|n=1\n| [${START + 5}] PROCESS_HOST_CHECK_RESULT;db2;1;gone\n`,
  );
  assertPassed(o);
});

test('icinga2: the results the API would get: object, exit status, output and performance data', () => {
  const o = run(
    single('icinga2svc web1 (SSH logins) WARNING odd $1|a=1 b=2; icinga2host db2 DOWN gone'),
    '+1 | thing\nexpect icinga2\n| web1!SSH logins 1 odd thing|a=1 b=2\n| db2 1 gone\n',
  );
  assertPassed(o);
});

test('expect nothing: every section empty; what was done instead is shown per section', () => {
  assertPassed(run(single('write - $1', '^match (\\S+)'), '+1 | other\nexpect nothing\n'));
  const o = run(single('write - $1; write x.log $1; event E; create C', '^match (\\S+)'), '+1 | match it\nexpect nothing\n');
  assert.deepEqual(
    o.mismatches.map((m) => m.title),
    ['output -', 'output x.log', 'events', 'contexts'],
  );
});

test('a section not given is not checked', () => {
  assertPassed(run(single('write - $1; event E; create C', '^(x)$'), '+1 | x\nexpect contexts\n| C\n'));
});

test("input= and context= give a line its input and internal context, as the rule's context expression sees them", () => {
  const rules = `${single('write - from file $1', '(\\S+)').replace('desc=', 'context=_FILE_EVENT_/var/log/x\ndesc=')}\n${single('write - in CTX $1').replace('desc=', 'context=CTX\ndesc=')}`;
  const o = run(rules, '+1 input=/var/log/x | a\n+1 context=CTX | b\n+1 | c\nexpect output -\n| from file a\n| in CTX b\n', 'option intcontexts\n');
  assertPassed(o);
});

test('option intevents: SEC_STARTUP before the first step, SEC_SHUTDOWN after the last', () => {
  const rules = single('write - $1', '^(SEC_\\w+)$');
  assertPassed(run(rules, '+10\nexpect output -\n| SEC_STARTUP\n| SEC_SHUTDOWN\n', 'option intevents\n'));
  assertPassed(run(rules, '+10\nexpect output -\n'));
});

test('windows close at their second: a threshold counted across a bare time step', () => {
  const rules = 'type=SingleWithThreshold\nptype=RegExp\npattern=^hit\ndesc=hits\naction=write - three hits\nwindow=10\nthresh=3\n';
  assertPassed(run(rules, '+1 | hit\n+4 | hit\n+4 | hit\nexpect output -\n| three hits\n'));
  // the window began at +1: at +11 it still holds, at +12 it is over and a new one begins
  assertPassed(run(rules, '+1 | hit\n+4 | hit\n+6\n+1 | hit\nexpect output -\n'));
});

test('rule files that do not load cleanly fail the test, with the log', () => {
  const o = run('type=Single\nptype=RegExp\npattern=(\ndesc=x\naction=none\n', '+1 | x\nexpect nothing\n');
  assert.equal(passed(o), false);
  assert.match(o.error ?? '', /did not load cleanly/);
  assert.ok(
    o.log.some((l) => /Invalid regular expression/.test(l)),
    o.log.join('\n'),
  );
});

test('each test has a Perl of its own: a variable set by one test is gone in the next', () => {
  const rules = single('eval %n ( $n++; $n ); write - %n', '^(tick)$');
  assertPassed(run(rules, '+1 | tick\n+1 | tick\nexpect output -\n| 1\n| 2\n'));
  assertPassed(run(rules, '+1 | tick\nexpect output -\n| 1\n'));
});
