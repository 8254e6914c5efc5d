import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileText, projectDir, scratchDir, secCommand, startSec } from '../support/process.js';

// The JavaScript extension end to end: bin/sec runs a rule file that uses a
// JsFunc pattern, the ~> and ~~> context operands and jscall; the same rules
// written in Perl give the same output (from SEC 2.9.1 too, when installed);
// and SEC 2.9.1 rejects every form of the extension, so no valid SEC rule
// file changes meaning.

const SEC = '/usr/bin/sec';
const README = path.join(projectDir, 'README.md');
const noSec = fs.existsSync(SEC) ? false : `${SEC} (SEC 2.9.1) is not installed: nothing to compare with`;

const INPUT = ['login bob from h1', 'login root from h2', 'error 503 backend down', 'error 404 not found', 'boom', 'hello'];
const EXPECTED = ['welcome bob@h1', '503 high', 'backend down', '404 low', 'not found', 'other boom', 'other hello'];

/** The rules, once with JavaScript and once with the Perl that SEC itself runs. */
const RULES = {
  js: `type=Single
ptype=JsFunc
continue=TakeNext
pattern=(line) => { if (line === 'boom') throw new Error('exploded on ' + line); return null; }
desc=boom
action=none

type=Single
ptype=JsFunc
pattern=(line, src) => { const m = /^login (\\w+) from (\\S+)$/.exec(line); return m ? [m[1], m[2]] : null; }
context=$1 ~> ((user) => user !== 'root')
desc=login $1
action=jscall %greeting $1 $2 -> ((user, host) => 'welcome ' + user + '@' + host); write - %greeting

type=Single
ptype=JsFunc
pattern=(line) => { const m = /^error (\\d+) (.*)$/.exec(line); return m ? { code: m[1], text: m[2] } : null; }
varmap=ERR
context=ERR ~~> ((e) => { e.severity = Number(e.code) >= 500 ? 'high' : 'low'; return true; })
desc=error $+{code}
action=jscall %sev ERR :> ((e) => [e.severity, e.text]); write - $+{code} %sev

type=Single
ptype=NJsFunc
pattern=(line) => /^(login|error) /.test(line)
desc=other
action=write - other $0
`,
  perl: `type=Single
ptype=PerlFunc
continue=TakeNext
pattern=sub { die "exploded on $_[0]\\n" if $_[0] eq 'boom'; return }
desc=boom
action=none

type=Single
ptype=PerlFunc
pattern=sub { return $_[0] =~ /^login (\\w+) from (\\S+)$/ ? ($1, $2) : () }
context=$1 -> (sub { $_[0] ne 'root' })
desc=login $1
action=lcall %greeting $1 $2 -> (sub { "welcome $_[0]\\@$_[1]" }); write - %greeting

type=Single
ptype=PerlFunc
pattern=sub { return $_[0] =~ /^error (\\d+) (.*)$/ ? { code => $1, text => $2 } : () }
varmap=ERR
context=ERR :> (sub { $_[0]->{severity} = $_[0]->{code} >= 500 ? 'high' : 'low'; 1 })
desc=error $+{code}
action=lcall %sev ERR :> (sub { ($_[0]->{severity}, $_[0]->{text}) }); write - $+{code} %sev

type=Single
ptype=NPerlFunc
pattern=sub { $_[0] =~ /^(login|error) / }
desc=other
action=write - other $0
`,
};

/** Run a sec over INPUT with the rules of `kind`; its output lines and its log. */
async function run(kind: keyof typeof RULES, sec?: string): Promise<{ lines: string[]; log: string }> {
  const dir = scratchDir('sec-js-');
  fs.writeFileSync(path.join(dir, 'rules.sec'), RULES[kind], 'latin1');
  const args = ['--conf=rules.sec', '--input=-', '--notail', '--log=sec.log'];
  const stdin = `${INPUT.join('\n')}\n`;
  if (sec) {
    const r = spawnSync(sec, args, { cwd: dir, input: stdin, encoding: 'latin1' });
    assert.equal(r.status, 0, r.stderr);
    return { lines: r.stdout.split('\n').slice(0, -1), log: fileText(path.join(dir, 'sec.log')) };
  }
  const run = startSec(args, dir, { stdin });
  const { code } = await run.exited;
  assert.equal(code, 0, run.stderr());
  return { lines: run.stdout().split('\n').slice(0, -1), log: fileText(path.join(dir, 'sec.log')) };
}

test('bin/sec runs JsFunc, ~>, ~~> and jscall rules; a function that throws is logged', async () => {
  const { lines, log } = await run('js');
  assert.deepEqual(lines, EXPECTED);
  assert.match(log, /: JsFunc pattern runtime error: exploded on boom$/m);
});

test('the same rules in Perl give the same output (and the same runtime error)', async () => {
  const { lines, log } = await run('perl');
  assert.deepEqual(lines, EXPECTED);
  assert.match(log, /: PerlFunc pattern runtime error: exploded on boom$/m);
});

test('SEC 2.9.1 gives that output for the Perl rules', { skip: noSec }, async () => {
  const { lines, log } = await run('perl', SEC);
  assert.deepEqual(lines, EXPECTED);
  assert.match(log, /: PerlFunc pattern runtime error: exploded on boom$/m);
});

test("the README's example is these rules (less the one that throws)", () => {
  const section = /^## JavaScript functions \(extension\)\n([\s\S]*?)^## /m.exec(fs.readFileSync(README, 'utf8'))?.[1] ?? '';
  const example = /^```\n([\s\S]*?)^```/m.exec(section)?.[1] ?? '';
  const rules = (text: string): string[] => text.split(/\n\s*\n/).map((r) => r.replace(/^#.*\n/gm, '').trim());
  assert.deepEqual(rules(example), rules(RULES.js).slice(1));
});

/** One rule per form of the extension. */
const EXTENSION_RULES: [string, string][] = [
  ['JsFunc pattern', 'ptype=JsFunc\npattern=(line) => true'],
  ['NJsFunc2 pattern', 'ptype=NJsFunc2\npattern=(a, b) => true'],
  ['~> operand', 'ptype=SubStr\npattern=x\ncontext=$0 ~> ((x) => true)'],
  ['~~> operand', 'ptype=SubStr\npattern=x\ncontext=E ~~> ((e) => true)'],
  ['~> operand without spaces', 'ptype=SubStr\npattern=x\ncontext=E~>((e) => true)'],
  ['jscall ->', 'ptype=SubStr\npattern=x\naction=jscall %o a b -> ((a, b) => a + b)'],
  ['jscall :>', 'ptype=SubStr\npattern=x\naction=jscall %o E :> ((e) => e)'],
];
const EVENT_GROUP_RULES: [string, string][] = [
  ['egptype JsFunc', 'JsFunc'],
  ['egptype NJsFunc', 'NJsFunc'],
];

/** The rule file, and the line each rule starts at. */
function extensionFile(): { text: string; starts: [string, number][] } {
  const rules = [
    ...EXTENSION_RULES.map(([what, body]): [string, string] => [
      what,
      `type=Single\n${body}\ndesc=${what}\n${body.includes('action=') ? '' : 'action=none\n'}`,
    ]),
    ...EVENT_GROUP_RULES.map(([what, egptype]): [string, string] => [
      what,
      `type=EventGroup2\nptype=SubStr\npattern=a\nptype2=SubStr\npattern2=b\negptype=${egptype}\negpattern=(s) => true\ndesc=${what}\naction=none\nwindow=10\n`,
    ]),
  ];
  const starts: [string, number][] = [];
  let line = 1;
  for (const [what, text] of rules) {
    starts.push([what, line]);
    line += text.split('\n').length;
  }
  return { text: rules.map(([, text]) => text).join('\n'), starts };
}

test('SEC 2.9.1 --testonly reports every rule that uses the extension as faulty; bin/sec loads them all', { skip: noSec }, () => {
  const dir = scratchDir('sec-js-');
  const { text, starts } = extensionFile();
  fs.writeFileSync(path.join(dir, 'ext.sec'), text);
  const sec = spawnSync(SEC, ['--testonly', '--conf=ext.sec', '--log=sec.log'], { cwd: dir, encoding: 'latin1' });
  const secLog = fileText(path.join(dir, 'sec.log'));
  assert.equal(sec.status, 1, secLog);
  for (const [what, line] of starts) assert.match(secLog, new RegExp(`: Rule in ext\\.sec at line ${line}: Invalid`), `${what} (line ${line})\n${secLog}`);
  assert.match(secLog, /No valid rules found in configuration file ext\.sec/);
  const ours = spawnSync(...secCommand(['--testonly', '--conf=ext.sec', '--log=ours.log']), { cwd: dir, encoding: 'latin1' });
  assert.equal(ours.status, 0, fileText(path.join(dir, 'ours.log')));
  assert.match(fileText(path.join(dir, 'ours.log')), new RegExp(`: ${starts.length} rules loaded from ext\\.sec`));
});
