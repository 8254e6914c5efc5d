import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, singleRule } from '../support/harness.js';

// eval, call and lcall on the real perl, through the engine on a virtual clock.

const single = singleRule;

const logged = (logs: string[], re: RegExp): boolean => logs.some((l) => re.test(l));

test('eval: one value, a list joined with newlines, no value unsets, an error keeps the old value', () => {
  const h = harness(
    single(
      '^calc (\\d+) (\\d+)$',
      'eval %p ( $1 * $2 ); write - p=%p; eval %l ( ($1) x 2 ); write - %l; ' +
        'eval %u ( () ); if %u ( write - set ) else ( write - unset ); ' +
        'assign %k kept; eval %k ( $1 + ); write - k=%k; eval %d ( die "no\\n" ); write - d=%d',
    ),
  );
  h.feed('calc 6 7');
  assert.deepEqual(h.lines(), ['p=42', '6', '6', 'unset', 'k=kept', 'd=']);
  assert.ok(logged(h.logs, /Evaluating code '6 \* 7' and setting variable '%p'/), h.logs.join('\n'));
  assert.ok(logged(h.logs, /Variable '%p' set to '42'/));
  assert.ok(logged(h.logs, /No value received for variable '%u', set to undef/));
  assert.ok(logged(h.logs, /Error evaluating code '6 \+': syntax error/));
  assert.ok(logged(h.logs, /Error evaluating code 'die "no\\n"': no$/));
});

test('eval that returns a code reference keeps it for call; a copy made with assign is only text', () => {
  const h = harness(
    single(
      '^add (\\d+) (\\d+)$',
      'eval %f ( sub { return $_[0] + $_[1] } ); call %sum %f $1 $2; write - sum=%sum; ' +
        'assign %copy %f; assign %r none; call %r %copy 1 2; write - r=%r; call %r %nothing; write - %f',
    ),
  );
  h.feed('add 2 3');
  const lines = h.lines();
  assert.equal(lines[0], 'sum=5');
  assert.equal(lines[1], 'r=none');
  assert.match(lines[2], /^CODE\(0x[0-9a-f]+\)$/);
  assert.ok(logged(h.logs, /Variable '%copy' is not a code reference/), h.logs.join('\n'));
  assert.ok(logged(h.logs, /Variable '%nothing' is not a code reference/));
  assert.ok(logged(h.logs, /Calling code '%f->\(\)' and setting variable '%sum'/));
});

test('call: a closure keeps its state, a die keeps the old value and is logged', () => {
  const h = harness(
    single('^init$', 'eval %c ( my $n = 0; sub { die "odd\\n" if $_[0] eq "die"; return ++$n } )') +
      '\n' +
      single('^tick (\\S+)$', 'assign %v old; call %v %c $1; write - %v'),
  );
  h.feed('init', 'tick a', 'tick b', 'tick die', 'tick c');
  assert.deepEqual(h.lines(), ['1', '2', 'old', '3']);
  assert.ok(logged(h.logs, /Code '%c->\(\)' runtime error: odd/), h.logs.join('\n'));
});

test('lcall: compiled at load, parameters split before substitution, several values joined, undef as empty', () => {
  const h = harness(single('^x (.*)$', 'lcall %o $1 two -> ( sub { return (scalar(@_), @_, undef) } ); write - %o'));
  h.feed('x a b');
  assert.deepEqual(h.lines(), ['2', 'a b', 'two', '']);
  assert.ok(logged(h.logs, /Calling code 'CODE\(0x[0-9a-f]+\)' and setting variable '%o'/), h.logs.join('\n'));
});

test('lcall with :> gets cache entries by reference (undef when missing) and may change them', () => {
  const h = harness(
    `type=Single
ptype=RegExp
pattern=^user (?<name>\\w+)$
varmap=U
continue=TakeNext
desc=parse
action=none

` +
      single(
        '^user',
        'lcall %r U MISSING :> ( sub { $_[0]->{upper} = uc $_[0]->{name}; return defined $_[1] ? "def" : "undef" } ); write - %r',
        'continue=TakeNext\n',
      ) +
      `
type=Single
ptype=Cached
pattern=U
desc=cached
action=write - upper=$+{upper}
`,
  );
  h.feed('user bob');
  assert.deepEqual(h.lines(), ['undef', 'upper=BOB']);
});

test('lcall code that does not give a code reference makes the action list invalid', () => {
  const h = harness(`${single('^x$', 'lcall %o -> ( sub { 1 + } )')}\n${single('^x$', 'write - still here')}`);
  assert.ok(logged(h.logs, /Eval 'sub \{ 1 \+ \}' didn't return a code reference: syntax error/), h.logs.join('\n'));
  assert.ok(logged(h.logs, /Invalid action list/));
  h.feed('x');
  assert.deepEqual(h.lines(), ['still here']);
});

test('Perl globals are shared by eval, lcall, PerlFunc and context code', () => {
  const h = harness(
    single('^set (\\d+)$', 'eval %o ( $shared_total = $1 )') +
      `
type=Single
ptype=PerlFunc
pattern=sub { return $_[0] eq "get" ? ($shared_total) : () }
desc=get
action=write - total=$1
`,
  );
  h.feed('set 41', 'get');
  assert.deepEqual(h.lines(), ['total=41']);
});
