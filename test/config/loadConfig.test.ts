import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { largestPatternLines, loadConfig, loadRuleFile, type LoadedConfig } from '../../src/config/loadConfig.js';
import { Logger } from '../../src/log/logger.js';
import { END_ALL, type MatchSpec, type Rule } from '../../src/rules/types.js';
import { VirtualClock } from '../../src/time/clock.js';
import { ruleFiles } from '../support/harness.js';

interface Loaded {
  config: LoadedConfig;
  /** Every log message, in order. */
  logs: string[];
  /** Log messages without the "Reading configuration from" notices. */
  messages: string[];
  paths: string[];
  dir: string;
}

function load(files: Record<string, string>, bufsize = 0, extra: string[] = []): Loaded {
  const { dir, paths } = ruleFiles(files);
  const logs: string[] = [];
  const log = new Logger(new VirtualClock(), 6, false, (m) => logs.push(m));
  const config = loadConfig([...paths, ...extra], bufsize, log);
  return { config, logs, messages: logs.filter((m) => !m.startsWith('Reading configuration from ')), paths, dir };
}

const GOOD1 = 'type=Single\nptype=SubStr\npattern=one\ndesc=first\naction=write - 1\n';
const GOOD2 = 'type=Single\nptype=SubStr\npattern=two\ndesc=second\naction=write - 2\n';

/**
 * A faulty rule between two good ones: the bad rule starts on line 7 (after
 * GOOD1's 5 lines and a blank line), the second good rule follows it.
 */
function sandwich(bad: string): { text: string; goodLine: number } {
  const text = `${GOOD1}\n${bad}\n${GOOD2}`;
  return { text, goodLine: 7 + bad.split('\n').length };
}

const FAULTS: { name: string; rule: string; reasons: string[]; bufsize?: number }[] = [
  { name: 'missing type', rule: 'ptype=SubStr\npattern=x\ndesc=d\naction=none\n', reasons: ["Keyword 'type' missing"] },
  { name: 'invalid rule type', rule: 'type=Sngle\nptype=SubStr\npattern=x\ndesc=d\naction=none\n', reasons: ['Invalid rule type SNGLE'] },
  { name: 'missing keyword', rule: 'type=Single\nptype=SubStr\npattern=x\naction=none\n', reasons: ["Keyword 'desc' missing (needed for SINGLE rule)"] },
  {
    name: 'illegal keyword (window in Single)',
    rule: 'type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=none\nwindow=5\n',
    reasons: ["Keyword 'window' illegal (not allowed for SINGLE rule)"],
  },
  { name: 'keyword case matters (Type=)', rule: 'Type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=none\n', reasons: ["Keyword 'type' missing"] },
  { name: 'invalid continue', rule: 'type=Single\ncontinue=Next\nptype=SubStr\npattern=x\ndesc=d\naction=none\n', reasons: ["Invalid continue value 'Next'"] },
  { name: 'invalid ptype', rule: 'type=Single\nptype=regexpx\npattern=x\ndesc=d\naction=none\n', reasons: ["Invalid pattern type 'regexpx'"] },
  { name: 'invalid TValue', rule: 'type=Single\nptype=TValue\npattern=maybe\ndesc=d\naction=none\n', reasons: ["Invalid truth value 'maybe'"] },
  {
    name: 'invalid varmap',
    rule: 'type=Single\nptype=RegExp\npattern=(a)\nvarmap=1x=1\ndesc=d\naction=none\n',
    reasons: ["Invalid variable map '1x=1': the variable mapping '1x=1' does not have the form <letter>[<letter>|<digit>|<underscore>]... [= <number>]"],
  },
  {
    name: 'invalid context expression (=>)',
    rule: 'type=Single\nptype=RegExp\npattern=(a)\ncontext=$1 => ( sub { 1 } )\ndesc=d\naction=none\n',
    reasons: ["Invalid context expression ' $1 => ( sub { 1 } ) '"],
  },
  {
    name: 'invalid context expression (unbalanced parentheses)',
    rule: 'type=Single\nptype=SubStr\npattern=a\ncontext=(A && B\ndesc=d\naction=none\n',
    reasons: ["Invalid context expression ' (A && B '"],
  },
  {
    name: 'invalid action',
    rule: 'type=Single\nptype=SubStr\npattern=a\ndesc=d\naction=print - r4\n',
    reasons: ["Invalid action 'print - r4'", "Invalid action list ' print - r4 '"],
  },
  {
    name: 'unbalanced parentheses in action list',
    rule: 'type=Single\nptype=SubStr\npattern=a\ndesc=d\naction=write - (x\n',
    reasons: ["Unbalanced parentheses found in action list 'write - (x'", "Invalid action list ' write - (x '"],
  },
  {
    name: 'bad window',
    rule: 'type=SingleWithSuppress\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=abc\n',
    reasons: ["Invalid time window ' abc '"],
  },
  {
    name: 'bad thresh',
    rule: 'type=SingleWithThreshold\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5\nthresh=0\n',
    reasons: ["Invalid threshold ' 0 '"],
  },
  {
    name: 'EventGroup0',
    rule: 'type=EventGroup0\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5\n',
    reasons: ['Invalid rule type EVENTGROUP0 (N must be at least 1 for EventGroupN rule)'],
  },
  {
    name: 'egtoken without egpattern',
    rule: 'type=EventGroup2\nptype=SubStr\npattern=a\nptype2=SubStr\npattern2=b\negtoken2=X\ndesc=d\naction=none\nwindow=5\n',
    reasons: ["'egtoken2' keyword requires the 'egpattern' keyword"],
  },
  { name: 'Calendar bad time spec', rule: 'type=Calendar\ntime=61 * * * *\ndesc=d\naction=none\n', reasons: ["Invalid minute specification '61'"] },
  {
    name: 'Calendar wrong field count',
    rule: 'type=Calendar\ntime=* * * *\ndesc=d\naction=none\n',
    reasons: ['Wrong number of elements in time specification'],
  },
  { name: 'constset bad value', rule: 'type=Jump\nptype=SubStr\npattern=a\nconstset=maybe\n', reasons: ["Invalid constset value ' maybe '"] },
  {
    name: 'multact bad value',
    rule: 'type=EventGroup\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5\nmultact=perhaps\n',
    reasons: ["Invalid multact value ' perhaps '"],
  },
  {
    name: 'shell bad value',
    rule: 'type=SingleWithScript\nptype=SubStr\npattern=a\ndesc=d\naction=none\nscript=/bin/true\nshell=maybe\n',
    reasons: ["Invalid shell value ' maybe '"],
  },
  {
    name: 'pattern longer than --bufsize',
    rule: 'type=Single\nptype=RegExp3\npattern=x\ndesc=d\naction=none\n',
    bufsize: 2,
    reasons: ["Pattern type 'RegExp3' is designed to match 3 lines, please set --bufsize command line option to at least 3"],
  },
  // names of Object.prototype members are no keywords or rule types (verdicts of sec 2.9.1)
  ...['constructor', 'toString', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'].map((key) => ({
    name: `${key}= in a Single rule`,
    rule: `type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=none\n${key}=1\n`,
    reasons: [`Keyword '${key}' illegal (not allowed for SINGLE rule)`],
  })),
  {
    name: 'constructor= in a Calendar rule',
    rule: 'type=Calendar\ntime=* * * * *\ndesc=d\naction=none\nconstructor=1\n',
    reasons: ["Keyword 'constructor' illegal (not allowed for CALENDAR rule)"],
  },
  {
    name: 'toString= in an EventGroup2 rule',
    rule: 'type=EventGroup2\nptype=SubStr\npattern=x\nptype2=SubStr\npattern2=y\ndesc=d\naction=none\nwindow=5\ntoString=x\n',
    reasons: ["Keyword 'toString' illegal (not allowed for EVENTGROUP2 rule)"],
  },
  { name: 'type=constructor', rule: 'type=constructor\nptype=SubStr\npattern=x\ndesc=d\naction=none\n', reasons: ['Invalid rule type CONSTRUCTOR'] },
  { name: 'ptype=toString', rule: 'type=Single\nptype=toString\npattern=x\ndesc=d\naction=none\n', reasons: ["Invalid pattern type 'toString'"] },
  {
    name: 'action constructor',
    rule: 'type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=constructor x\n',
    reasons: ["Invalid action 'constructor x'", "Invalid action list ' constructor x '"],
  },
];

for (const fault of FAULTS) {
  test(`fault: ${fault.name} → logged with file and line, the other rules load, ok is false`, () => {
    const { text, goodLine } = sandwich(fault.rule);
    const { config, messages, paths } = load({ 'r.conf': text }, fault.bufsize ?? 0);
    const [p] = paths;
    assert.equal(config.ok, false);
    assert.deepEqual(messages, [...fault.reasons.map((r) => `Rule in ${p} at line 7: ${r}`), `2 rules loaded from ${p}`]);
    const rules = config.files[0].rules;
    assert.deepEqual(
      rules.map((r) => [r.index, r.line, (r as { desc: string }).desc]),
      [
        [0, 1, 'first'],
        [1, goodLine, 'second'],
      ],
    );
  });
}

test('__proto__= is no keyword=value line (non-alphanumeric keyword), as in sec 2.9.1', () => {
  const { config, messages, paths } = load({ 'r.conf': `${GOOD1}__proto__=x\n` });
  const [p] = paths;
  assert.equal(config.ok, false);
  assert.deepEqual(messages, [`${p} line 6 (__proto__=x): Line not in keyword=value format or non-alphanumeric keyword`, `1 rules loaded from ${p}`]);
});

test('toString= in an Options rule makes it faulty, as in sec 2.9.1', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Options\ntoString=1\n' });
  const [p] = paths;
  assert.equal(config.ok, false);
  assert.deepEqual(messages, [
    `Rule in ${p} at line 1: Keyword 'toString' illegal (not allowed for OPTIONS rule)`,
    `No valid rules found in configuration file ${p}`,
  ]);
});

test('fault: a regular expression neither engine compiles', () => {
  const { text } = sandwich('type=Single\nptype=RegExp\npattern=a(b\ndesc=d\naction=none\n');
  const { config, messages, paths } = load({ 'r.conf': text });
  assert.equal(config.ok, false);
  assert.equal(messages.length, 2);
  assert.ok(messages[0].startsWith(`Rule in ${paths[0]} at line 7: Invalid regular expression 'a(b': `), messages[0]);
  assert.equal(messages[1], `2 rules loaded from ${paths[0]}`);
  assert.equal(config.files[0].rules.length, 2);
});

test('a regular expression only Perl runs exactly loads, noted once at notice level with its construct', () => {
  const { text } = sandwich('type=Single\nptype=RegExp\npattern=(?x) ab \\K c\ndesc=d\naction=none\n');
  const { config, messages, paths } = load({ 'r.conf': text });
  assert.equal(config.ok, true);
  assert.deepEqual(messages, [
    `Rule in ${paths[0]} at line 7: regular expression '(?x) ab \\K c' runs on the Perl interpreter (the Perl construct \\K has no exact RE2 or JavaScript form)`,
    `3 rules loaded from ${paths[0]}`,
  ]);
});

test('fault: several missing keywords are each logged (order does not matter)', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Single\nwindow=3\n' });
  const p = paths[0];
  assert.equal(config.ok, false);
  assert.deepEqual(messages.slice(0, -1).sort(), [
    `Rule in ${p} at line 1: Keyword 'action' missing (needed for SINGLE rule)`,
    `Rule in ${p} at line 1: Keyword 'desc' missing (needed for SINGLE rule)`,
    `Rule in ${p} at line 1: Keyword 'pattern' missing (needed for SINGLE rule)`,
    `Rule in ${p} at line 1: Keyword 'ptype' missing (needed for SINGLE rule)`,
    `Rule in ${p} at line 1: Keyword 'window' illegal (not allowed for SINGLE rule)`,
  ]);
  assert.equal(messages.at(-1), `No valid rules found in configuration file ${p}`);
});

test('fault: a line not in keyword=value format, with its line number and text; the rule still loads', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Single\nptype=SubStr\npattern=a\n   this is junk  \ndesc=d\naction=none\n' });
  const p = paths[0];
  assert.equal(config.ok, false);
  assert.deepEqual(messages, [`${p} line 4 (this is junk): Line not in keyword=value format or non-alphanumeric keyword`, `1 rules loaded from ${p}`]);
  assert.equal(config.files[0].rules.length, 1);
});

test('fault: an empty value is a format error and then the keyword is missing', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Single\nptype=SubStr\npattern=\ndesc=d\naction=none\n' });
  const p = paths[0];
  assert.equal(config.ok, false);
  assert.deepEqual(messages, [
    `${p} line 3 (pattern=): Line not in keyword=value format or non-alphanumeric keyword`,
    `Rule in ${p} at line 1: Keyword 'pattern' missing (needed for SINGLE rule)`,
    `No valid rules found in configuration file ${p}`,
  ]);
});

test('fault: a comment in the middle of a rule splits it into two broken rules', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Single\nptype=SubStr\npattern=x\n# comment\ndesc=d\naction=none\n' });
  const p = paths[0];
  assert.equal(config.ok, false);
  assert.deepEqual(messages.slice(0, 2).sort(), [
    `Rule in ${p} at line 1: Keyword 'action' missing (needed for SINGLE rule)`,
    `Rule in ${p} at line 1: Keyword 'desc' missing (needed for SINGLE rule)`,
  ]);
  assert.deepEqual(messages.slice(2), [`Rule in ${p} at line 5: Keyword 'type' missing`, `No valid rules found in configuration file ${p}`]);
});

test('fault: a file that cannot be opened; the other files still load', () => {
  const missing = path.join(path.sep, 'nonexistent-dir-for-sec-tests', 'r.conf');
  const { config, messages, paths } = load({ 'a.conf': GOOD1 }, 0, [missing]);
  assert.equal(config.ok, false);
  assert.deepEqual(messages, [`1 rules loaded from ${paths[0]}`, `Can't open configuration file ${missing} (No such file or directory)`]);
  assert.equal(config.files.length, 2);
  assert.equal(config.files[0].rules.length, 1);
  assert.deepEqual(config.files[1].rules, []);
  assert.equal(config.files[1].path, missing);
});

test('a directory given as a rule file has no rules but is not an error (Perl opens it)', () => {
  const { dir } = ruleFiles({});
  const sub = path.join(dir, 'adir');
  fs.mkdirSync(sub);
  const logs: string[] = [];
  const config = loadConfig([sub], 0, new Logger(new VirtualClock(), 6, false, (m) => logs.push(m)));
  assert.equal(config.ok, true);
  assert.deepEqual(logs, [`Reading configuration from ${sub}`, `No valid rules found in configuration file ${sub}`]);
});

test('a good file: reading notice, rules loaded message, ok is true', () => {
  const { config, logs, paths } = load({ 'r.conf': `${GOOD1}\n${GOOD2}` });
  const p = paths[0];
  assert.equal(config.ok, true);
  assert.deepEqual(logs, [`Reading configuration from ${p}`, `2 rules loaded from ${p}`]);
  assert.deepEqual(
    config.files[0].rules.map((r) => r.line),
    [1, 7],
  );
  assert.deepEqual(config.files[0].options, { jumpOnly: false, joinCfsets: [] });
});

test('an empty file warns that no valid rules were found but is ok', () => {
  const { config, messages, paths } = load({ 'r.conf': '# nothing here\n' });
  assert.equal(config.ok, true);
  assert.deepEqual(messages, [`No valid rules found in configuration file ${paths[0]}`]);
});

test('a repeated keyword only warns and the last value wins', () => {
  const { config, messages, paths } = load({ 'r.conf': 'type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=write - a\naction=write - b\n' });
  assert.equal(config.ok, true);
  assert.deepEqual(messages, [
    "Several 'action' keywords specified, overriding previous value 'write - a' with 'write - b'",
    `1 rules loaded from ${paths[0]}`,
  ]);
  const r = config.files[0].rules[0] as { action: { actions: unknown[] } };
  assert.deepEqual(r.action.actions, [{ kind: 'write', file: '-', text: 'b' }]);
});

test('every rule type loads from a file, rule indexes count only valid rules', () => {
  const text = `${[
    'type=Single\nptype=SubStr\npattern=a\ndesc=d\naction=none',
    'type=SingleWithScript\nptype=SubStr\npattern=a\ndesc=d\naction=none\nscript=/bin/true',
    'type=SingleWithSuppress\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5',
    'type=Pair\nptype=SubStr\npattern=a\ndesc=d\naction=none\nptype2=SubStr\npattern2=b\ndesc2=d\naction2=none',
    'type=PairWithWindow\nptype=SubStr\npattern=a\ndesc=d\naction=none\nptype2=SubStr\npattern2=b\ndesc2=d\naction2=none\nwindow=5',
    'type=SingleWithThreshold\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5\nthresh=2',
    'type=SingleWith2Thresholds\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5\nthresh=2\ndesc2=e\naction2=none\nwindow2=5\nthresh2=0',
    'type=EventGroup\nptype=SubStr\npattern=a\ndesc=d\naction=none\nwindow=5',
    'type=EventGroup3\nptype=SubStr\npattern=a\nptype2=SubStr\npattern2=b\nptype3=SubStr\npattern3=c\ndesc=d\naction=none\nwindow=5',
    'type=Options\nprocallin=no\njoincfset=s1 s2',
    'type=Suppress\nptype=SubStr\npattern=a',
    'type=Calendar\ntime=* * * * *\ndesc=d\naction=none',
    'type=Jump\nptype=SubStr\npattern=a',
  ].join('\n\n')}\n`;
  const { config, messages, paths } = load({ 'r.conf': text });
  assert.equal(config.ok, true);
  assert.deepEqual(messages, [`12 rules loaded from ${paths[0]}`]);
  const rules = config.files[0].rules;
  assert.deepEqual(
    rules.map((r) => r.type),
    [
      'Single',
      'SingleWithScript',
      'SingleWithSuppress',
      'Pair',
      'PairWithWindow',
      'SingleWithThreshold',
      'SingleWith2Thresholds',
      'EventGroup',
      'EventGroup',
      'Suppress',
      'Calendar',
      'Jump',
    ],
  );
  assert.deepEqual(
    rules.map((r) => r.index),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
  );
  assert.deepEqual(config.files[0].options, { jumpOnly: true, joinCfsets: ['s1', 's2'] });
  assert.deepEqual([...config.cfsets.keys()], ['s1', 's2']);
  assert.equal(config.cfsets.get('s1')?.[0], config.files[0]);
});

test('joincfset from several files collects the files in order', () => {
  const opt = (s: string): string => `type=Options\njoincfset=${s}\n\n${GOOD1}`;
  const { config } = load({ 'a.conf': opt('common a'), 'b.conf': GOOD2, 'c.conf': opt('common') });
  assert.deepEqual(
    config.cfsets.get('common')?.map((f) => path.basename(f.path)),
    ['a.conf', 'c.conf'],
  );
  assert.deepEqual(
    config.cfsets.get('a')?.map((f) => path.basename(f.path)),
    ['a.conf'],
  );
  assert.equal(config.cfsets.has('b'), false);
});

test('files load in the order given and a glob expands sorted', () => {
  const { dir } = ruleFiles({ 'b.conf': GOOD2, 'a.conf': GOOD1, 'c.txt': GOOD1 });
  const logs: string[] = [];
  const config = loadConfig([path.join(dir, '*.conf')], 0, new Logger(new VirtualClock(), 6, false, (m) => logs.push(m)));
  assert.deepEqual(
    config.files.map((f) => path.basename(f.path)),
    ['a.conf', 'b.conf'],
  );
});

// ---- continue and GoTo labels --------------------------------------------

const spec = (r: Rule): MatchSpec => r as unknown as MatchSpec;

test('continue values resolve to the next rule index, the end of the file or END_ALL', () => {
  const rule = (cont: string): string => `type=Single\ncontinue=${cont}\nptype=SubStr\npattern=a\ndesc=d\naction=none\n`;
  const { config } = load({ 'r.conf': [rule('TakeNext'), rule('DontCont'), rule('EndMatch'), GOOD1].join('\n') });
  const rules = config.files[0].rules;
  assert.deepEqual(
    rules.map((r) => spec(r).next),
    [1, 4, END_ALL, 4],
  );
});

test('GoTo a label further down resolves to the rule after the label', () => {
  const text = `type=Single\ncontinue=GoTo skip\nptype=SubStr\npattern=a\ndesc=d\naction=none\n\n${GOOD1}\nlabel=skip\n${GOOD2}\n${GOOD1}`;
  const { config, messages, paths } = load({ 'r.conf': text });
  assert.deepEqual(messages, [`4 rules loaded from ${paths[0]}`]);
  const first = spec(config.files[0].rules[0]);
  assert.deepEqual(first.continue, { mode: 'GoTo', label: 'skip' });
  assert.equal(first.next, 2);
});

test('GoTo a label at the end of the file goes past the last rule', () => {
  const text = 'type=Single\ncontinue=GoTo end\nptype=SubStr\npattern=a\ndesc=d\naction=none\n\nlabel=end\n';
  const { config, messages } = load({ 'r.conf': text });
  assert.equal(messages.length, 1);
  assert.equal(spec(config.files[0].rules[0]).next, 1);
});

test('a label counts valid rules only (a faulty rule before it does not shift it)', () => {
  const text = `type=Single\ncontinue=GoTo t\nptype=SubStr\npattern=a\ndesc=d\naction=none\n\ntype=Broken\n\nlabel=t\n${GOOD2}`;
  const { config } = load({ 'r.conf': text });
  assert.equal(config.ok, false);
  assert.equal(spec(config.files[0].rules[0]).next, 1);
  assert.equal((config.files[0].rules[1] as { desc: string }).desc, 'second');
});

test('GoTo backwards or to the own rule, and to an unknown label, warns and acts as DontCont', () => {
  const text = `${[
    'label=top\ntype=Single\ncontinue=GoTo top\nptype=SubStr\npattern=x\ndesc=d\naction=none',
    'type=Single\ncontinue=goto nowhere\nptype=SubStr\npattern=x\ndesc=d\naction=none',
    'type=Pair\ncontinue2=GoTo top\nptype=SubStr\npattern=x\ndesc=d\naction=none\nptype2=SubStr\npattern2=y\ndesc2=d\naction2=none',
    'type=EventGroup2\ncontinue2=GoTo end\nptype=SubStr\npattern=x\nptype2=SubStr\npattern2=y\ndesc=d\naction=none\nwindow=1\nlabel=end',
  ].join('\n\n')}\n`;
  const { config, messages, paths } = load({ 'r.conf': text });
  const p = paths[0];
  // checked against the real sec
  assert.deepEqual(messages, [
    `Rule in ${p} at line 1: can't go backwards to label top, assuming continue=DontCont`,
    `Rule in ${p} at line 9: label nowhere does not exist, assuming continue=DontCont`,
    `Rule in ${p} at line 16: can't go backwards to label top, assuming continue2=DontCont`,
    `Rule in ${p} at line 27: can't go backwards to label end, assuming continue2=DontCont`,
    `4 rules loaded from ${p}`,
  ]);
  assert.equal(config.ok, true);
  const rules = config.files[0].rules;
  for (const r of rules.slice(0, 2)) {
    assert.deepEqual(spec(r).continue, { mode: 'DontCont' });
    assert.equal(spec(r).next, 4);
  }
  const pair = rules[2];
  if (pair.type !== 'Pair') return assert.fail('not Pair');
  assert.deepEqual(pair.second.continue, { mode: 'DontCont' });
  assert.equal(pair.second.next, 4);
  const group = rules[3];
  if (group.type !== 'EventGroup') return assert.fail('not EventGroup');
  assert.deepEqual(group.members[1].continue, { mode: 'DontCont' });
  assert.equal(group.members[1].next, 4);
  assert.equal(group.members[0].next, 4);
});

test('labels are per file: GoTo cannot reach a label in another file', () => {
  const { messages, paths } = load({
    'a.conf': 'type=Single\ncontinue=GoTo there\nptype=SubStr\npattern=a\ndesc=d\naction=none\n',
    'b.conf': `label=there\n${GOOD1}`,
  });
  assert.equal(messages[0], `Rule in ${paths[0]} at line 1: label there does not exist, assuming continue=DontCont`);
});

test('Suppress goes to the end of the file; Calendar has no next', () => {
  const { config } = load({ 'r.conf': `type=Suppress\nptype=SubStr\npattern=a\n\ntype=Calendar\ntime=* * * * *\ndesc=c\naction=none\n\n${GOOD1}` });
  const rules = config.files[0].rules;
  assert.equal(spec(rules[0]).next, 3);
  assert.equal('next' in rules[1], false);
});

// ---- warnings that do not make a rule invalid -------------------------

test('warnings carry the rule prefix and keep the file ok', () => {
  const { config, messages, paths } = load({
    'r.conf': 'type=Single\nptype=SubStr\npattern=x\nvarmap=a=1\ndesc=d\naction=none\n\ntype=Options\nprocallin=maybe\n',
  });
  const p = paths[0];
  assert.equal(config.ok, true);
  assert.deepEqual(messages, [
    `Rule in ${p} at line 1: Variable maps are supported for RegExp and PerlFunc patterns only, ignoring variable map 'a=1'`,
    `Rule in ${p} at line 8: Invalid procallin value ' maybe ', assuming procallin=Yes`,
    `1 rules loaded from ${p}`,
  ]);
});

// ---- largestPatternLines ---------------------------------------------

test('largestPatternLines is the largest N of any pattern, 1 at least, Calendar ignored', () => {
  assert.equal(largestPatternLines(load({ 'r.conf': GOOD1 }).config.files), 1);
  assert.equal(largestPatternLines([]), 1);
  const pair = 'type=Pair\nptype=SubStr\npattern=a\ndesc=d\naction=none\nptype2=RegExp4\npattern2=b\ndesc2=d\naction2=none\n';
  assert.equal(largestPatternLines(load({ 'r.conf': pair }).config.files), 4);
  const group = 'type=EventGroup2\nptype=SubStr\npattern=a\nptype2=NSubStr3\npattern2=b\ndesc=d\naction=none\nwindow=5\n';
  assert.equal(largestPatternLines(load({ 'a.conf': GOOD1, 'b.conf': group }).config.files), 3);
});

test('loadRuleFile reports ok per file', () => {
  const { paths } = ruleFiles({ 'good.conf': GOOD1, 'bad.conf': 'junk\n' });
  const log = new Logger(new VirtualClock(), 6, false, () => undefined);
  assert.equal(loadRuleFile(paths[0], 0, log).ok, true);
  const bad = loadRuleFile(paths[1], 0, log);
  assert.equal(bad.ok, false);
  assert.deepEqual(bad.file.rules, []);
});

test('a rule whose match variables nothing reads is marked so: its regex is then only tested', () => {
  const rule = (body: string): string => `type=${body}\n`;
  const { config } = load({
    'vars.conf': [
      rule('Suppress\nptype=RegExp\npattern=drop (\\S+)'),
      rule('Single\nptype=RegExp\npattern=a (\\S+)\ndesc=fixed\naction=write - fixed'),
      rule('Single\nptype=RegExp\npattern=b (\\S+)\ndesc=user $1\naction=write - %s'),
      rule('Single\nptype=RegExp\npattern=c (\\S+)\ndesc=fixed\naction=write - $1'),
      rule('Single\nptype=RegExp\npattern=d (\\S+)\ndesc=cost $$5\naction=none'),
      rule('Single\nptype=RegExp\npattern=e (\\S+)\ncontext=CTX_$1\ndesc=fixed\naction=none'),
      rule('Single\nptype=RegExp\npattern=f (\\S+)\nvarmap=f; name=1\ndesc=fixed\naction=none'),
      rule('SingleWithThreshold\nptype=RegExp\npattern=g (\\S+)\ndesc=fixed\naction=none\naction2=write - $1\nwindow=5\nthresh=2'),
      rule('Pair\nptype=RegExp\npattern=h (\\S+)\ndesc=fixed\naction=none\nptype2=SubStr\npattern2=i\ndesc2=fixed\naction2=none'),
    ].join('\n'),
  });
  const used = config.files[0].rules.map((r) => (r as MatchSpec).varsUsed);
  assert.deepEqual(used, [false, false, true, true, true, true, true, true, true]);
});
