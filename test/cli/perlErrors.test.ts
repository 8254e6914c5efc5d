import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { realSecMissing, runSec, type Sec } from '../support/besideSec.js';
import { fileText, running, scratchDir, startSec, waitFor } from '../support/process.js';

// What goes wrong with Perl code in rule files, end to end: code that does
// not compile, code that dies, code that never returns, a perl interpreter
// killed from outside, and exit() called from a rule. Where SEC behaves the
// same way (all but the last two, where SEC would hang or die with perl),
// its output and log are compared with ours.

function inScratch<T>(rules: Record<string, string>, run: (dir: string) => T): T {
  const dir = scratchDir('sec-perl-errors-');
  try {
    for (const [name, text] of Object.entries(rules)) fs.writeFileSync(path.join(dir, name), text);
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function runBoth(rules: Record<string, string>, args: string[], input: string[]): { ours: ReturnType<typeof runSec>; sec: ReturnType<typeof runSec> | null } {
  const once = (sec: Sec) => inScratch(rules, (dir) => runSec(sec, args, dir, input.length ? `${input.join('\n')}\n` : ''));
  return { ours: once('ours'), sec: realSecMissing ? null : once('SEC') };
}

const brokenRules = `# a PerlFunc pattern missing its closing brace
type=Single
ptype=PerlFunc
pattern=sub { $_[0] =~ /never/
desc=broken pattern
action=write - broken pattern

# a context operand whose function is not Perl
type=Single
ptype=SubStr
pattern=context
context= $0 -> ( sub { 1 + } )
desc=broken context
action=write - broken context

# an lcall whose code is no function
type=Single
ptype=SubStr
pattern=lcall
desc=broken lcall
action=lcall %x -> ( 42 )

type=Single
ptype=PerlFunc
pattern=sub { $_[0] =~ /^good (\\w+)/ }
desc=good
action=write - the good rule saw $1
`;

test('a Perl compile error makes only its rule faulty: --testonly says so and exits 1', () => {
  const { ours, sec } = runBoth({ 'broken.sec': brokenRules }, ['--conf=broken.sec', '--testonly'], []);
  assert.equal(ours.status, 1, ours.log);
  const expected = [
    "TIME: Rule in broken.sec at line 2: Invalid function 'sub { $_[0] =~ /never/', eval didn't return a code reference: " +
      'Missing right curly or square bracket at (eval N) line 1, at end of line\nsyntax error at (eval N) line 1, at EOF',
    "TIME: Eval ' sub { 1 + } ' didn't return a code reference: syntax error at (eval N) line 1, at EOF",
    "TIME: Rule in broken.sec at line 9: Invalid context expression ' $0 -> ( sub { 1 + } ) '",
    "TIME: Rule in broken.sec at line 17: Eval '42' didn't return a code reference: 42",
    "TIME: Rule in broken.sec at line 17: Invalid action list ' lcall %x -> ( 42 ) '",
    'TIME: 1 rules loaded from broken.sec',
  ];
  assert.ok(ours.log.includes(`${expected.join('\n')}\n`), ours.log);
  if (sec) {
    assert.equal(sec.status, 1);
    assert.equal(ours.log, sec.log);
  }
});

test('the rules that compiled run beside the faulty ones', () => {
  const { ours, sec } = runBoth({ 'broken.sec': brokenRules }, ['--conf=broken.sec', '--input=-', '--notail'], ['context', 'lcall', 'good morning', 'never']);
  assert.equal(ours.status, 0, ours.log);
  assert.equal(ours.stdout, 'the good rule saw morning\n', ours.log);
  if (sec) assert.equal(ours.stdout, sec.stdout);
});

test('Perl code that dies is logged as SEC logs it, and the next events go on', () => {
  const rules = `type=Single
ptype=PerlFunc
pattern=sub { die "pattern broke\\n" if $_[0] =~ /^pattern/; return 0 }
desc=pattern
action=write - never

type=Single
ptype=NPerlFunc
pattern=sub { die "negated pattern broke\\n" if $_[0] =~ /^negated/; return 1 }
desc=negated
action=write - never

type=Single
ptype=SubStr
pattern=context
context=$0 -> ( sub { die "context broke" } )
desc=context
action=write - never

type=Single
ptype=SubStr
pattern=mini
context= =(die "miniprogram broke\\n")
desc=mini
action=write - never

type=Single
ptype=SubStr
pattern=lcall
desc=lcall
action=assign %r before; lcall %r -> ( sub { die { code => 7 } } ); write - lcall left %r

type=Single
ptype=SubStr
pattern=call
desc=call
action=assign %r before; eval %f ( sub { die "call broke\\n" } ); call %r %f; write - call left %r

type=Single
ptype=SubStr
pattern=eval
desc=eval
action=assign %r before; eval %r ( die "eval broke\\n" ); write - eval left %r

type=Single
ptype=PerlFunc
pattern=sub { $_[0] =~ /^echo (.*)/ }
desc=echo
action=write - echoed $1
`;
  const input = ['pattern', 'negated', 'context', 'mini', 'lcall', 'call', 'eval', 'echo still here'];
  const { ours, sec } = runBoth({ 'dies.sec': rules }, ['--conf=dies.sec', '--input=-', '--notail'], input);
  assert.equal(ours.status, 0, ours.log);
  assert.equal(ours.stdout, 'lcall left before\ncall left before\neval left before\nechoed still here\n', ours.log);
  for (const line of [
    'TIME: PerlFunc pattern runtime error: pattern broke\n\n',
    'TIME: NPerlFunc pattern runtime error: negated pattern broke\n\n',
    'TIME: Context expression runtime error: context broke at (eval N) line 1.\n\n',
    'TIME: Error evaluating code \'die "miniprogram broke\\n"\': miniprogram broke\n',
    "TIME: Code 'CODE(ADDRESS)' runtime error: HASH(ADDRESS)\n",
    "TIME: Code '%f->()' runtime error: call broke\n\n",
    'TIME: Error evaluating code \'die "eval broke\\n"\': eval broke\n',
  ]) {
    assert.ok(ours.log.includes(line), `${JSON.stringify(line)} in\n${ours.log}`);
  }
  if (sec) {
    assert.equal(ours.stdout, sec.stdout);
    assert.equal(ours.log, sec.log);
  }
});

test('exit() in Perl code ends sec with that status, as in SEC', () => {
  const rules = `type=Single
ptype=SubStr
pattern=stop
desc=stop
action=write - stopping; eval %o (exit(3)); write - not written
`;
  const { ours, sec } = runBoth({ 'exit.sec': rules }, ['--conf=exit.sec', '--input=-', '--notail'], ['stop', 'stop']);
  assert.equal(ours.status, 3, ours.log);
  assert.equal(ours.stdout, 'stopping\n');
  if (sec) {
    assert.equal(sec.status, 3);
    assert.equal(ours.stdout, sec.stdout);
  }
});

const echoRule = `type=Single
ptype=PerlFunc
pattern=sub { $_[0] =~ /^echo (.*)/ }
desc=echo
action=write - echoed $1
`;

test('code that never returns is stopped after --perl-timeout: perl restarts without its state, compiled functions work again', () => {
  const rules = `type=Single
ptype=SubStr
pattern=remember
desc=remember
action=eval %a ($kept = 'yes')

type=Single
ptype=SubStr
pattern=show
desc=show
action=eval %k ($kept // 'lost'); write - kept: %k

type=Single
ptype=SubStr
pattern=spin
desc=spin
action=lcall %x -> ( sub { 1 while 1 } ); write - after the spin

${echoRule}`;
  inScratch({ 'spin.sec': rules }, (dir) => {
    const run = runSec('ours', ['--conf=spin.sec', '--input=-', '--notail', '--perl-timeout=1'], dir, 'remember\nshow\necho one\nspin\necho two\nshow\n');
    assert.equal(run.status, 0, run.log);
    assert.equal(run.stdout, 'kept: yes\nechoed one\nafter the spin\nechoed two\nkept: lost\n', run.log);
    assert.match(run.log, /Perl code did not return within 1 seconds, restarting it/);
    assert.match(run.log, /Code 'CODE\(ADDRESS\)' runtime error: Perl code did not return within 1 seconds/);
  });
});

test('a perl interpreter killed from outside: the next Perl call fails and is logged, the one after works', async () => {
  const dir = scratchDir('sec-perl-errors-');
  try {
    fs.writeFileSync(
      path.join(dir, 'kill.sec'),
      `type=Single
ptype=SubStr
pattern=pid
desc=pid
action=eval %p ($$); write perl.pid %p

${echoRule}`,
    );
    const sec = startSec(['--conf=kill.sec', '--input=-', '--notail', '--log=sec.log'], dir);
    const log = () => fileText(path.join(dir, 'sec.log'));
    sec.child.stdin?.write('pid\n');
    await waitFor(
      () => /^\d+\n$/.test(fileText(path.join(dir, 'perl.pid'))),
      () => `perl's pid\n${log()}`,
    );
    const perlPid = Number(fileText(path.join(dir, 'perl.pid')));
    process.kill(perlPid, 'SIGKILL');
    await waitFor(() => !running(perlPid), 'perl to die');
    sec.child.stdin?.write('echo lost\n');
    await waitFor(
      () => /PerlFunc pattern runtime error/.test(log()),
      () => `the failed call in the log\n${log()}`,
    );
    sec.child.stdin?.write('echo back\n');
    await waitFor(
      () => sec.stdout().includes('echoed back'),
      () => `the next call to work\n${log()}`,
    );
    sec.child.stdin?.end();
    assert.deepEqual(await sec.exited, { code: 0, signal: null });
    assert.equal(sec.stdout(), 'echoed back\n');
    assert.match(log(), /the Perl interpreter was killed by signal 9, restarting it/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
