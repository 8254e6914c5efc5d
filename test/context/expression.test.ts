import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  contextHolds,
  evaluateContext,
  parseContextExpression,
  substituteContext,
  type ContextExpression,
  type ContextOracle,
} from '../../src/context/expression.js';
import { jsCallTrue } from '../../src/context/jsOperands.js';
import { perlCallTrue, perlCodeTrue } from '../../src/context/perlOperands.js';
import { Logger } from '../../src/log/logger.js';
import { type MatchCache, newMatchVars, WHOLE_MATCH } from '../../src/patterns/matchVars.js';
import { varsOf } from '../support/vars.js';
import { VirtualClock } from '../../src/time/clock.js';
import { harness } from '../support/harness.js';

function parsed(text: string): ContextExpression {
  const e = parseContextExpression(text);
  assert.ok(!('invalid' in e), `expression should parse: ${text}`);
  return e;
}

/** Lines the Perl operands logged. */
const perlLog: string[] = [];
const logger = new Logger(new VirtualClock(), 6, false, (m) => perlLog.push(m));

/** An oracle over a fixed set of live contexts and cache entries; records the lookups. */
function oracle(alive: Iterable<string>, cache: Iterable<string> = [], matchCache: MatchCache = new Map()): ContextOracle & { asked: string[] } {
  const live = new Set(alive);
  const entries = new Set(cache);
  const asked: string[] = [];
  return {
    asked,
    isContextAlive: (n) => {
      asked.push(n);
      return live.has(n);
    },
    hasCacheEntry: (e) => entries.has(e),
    perlCallTrue: (t) => perlCallTrue(t, matchCache, logger),
    perlCodeTrue: (code) => perlCodeTrue(code, logger),
    jsCallTrue: (t) => jsCallTrue(t, matchCache, logger),
  };
}

const evalIn = (text: string, alive: Iterable<string>, cache: Iterable<string> = []): boolean => evaluateContext(parsed(text).tokens, oracle(alive, cache));

/** Every subset of `names`, as a record name → alive. */
function combos(names: string[]): Record<string, boolean>[] {
  const out: Record<string, boolean>[] = [];
  for (let bits = 0; bits < 1 << names.length; bits++) {
    const r: Record<string, boolean> = {};
    names.forEach((n, i) => {
      r[n] = (bits & (1 << i)) !== 0;
    });
    out.push(r);
  }
  return out;
}

function checkAllCombos(text: string, names: string[], expected: (v: Record<string, boolean>) => boolean): void {
  for (const v of combos(names)) {
    const alive = names.filter((n) => v[n]);
    assert.equal(evalIn(text, alive), expected(v), `${text} with alive={${alive.join(',')}}`);
  }
}

// ---- plain operators -----------------------------------------------------------

test('a single name is true when that context is alive', () => {
  assert.equal(evalIn('A', ['A']), true);
  assert.equal(evalIn('A', ['B']), false);
  assert.equal(evalIn('  A  ', ['A']), true);
});

test('&& || ! on their own', () => {
  checkAllCombos('A && B', ['A', 'B'], (v) => v.A && v.B);
  checkAllCombos('A || B', ['A', 'B'], (v) => v.A || v.B);
  checkAllCombos('!A', ['A'], (v) => !v.A);
  checkAllCombos('A&&B', ['A', 'B'], (v) => v.A && v.B);
  checkAllCombos('A||B', ['A', 'B'], (v) => v.A || v.B);
  checkAllCombos('!!A', ['A'], (v) => v.A);
  checkAllCombos('A && B && C', ['A', 'B', 'C'], (v) => v.A && v.B && v.C);
  checkAllCombos('A || B || C', ['A', 'B', 'C'], (v) => v.A || v.B || v.C);
});

test('parentheses group', () => {
  checkAllCombos('(A || B) && C', ['A', 'B', 'C'], (v) => (v.A || v.B) && v.C);
  checkAllCombos('A && (B || C)', ['A', 'B', 'C'], (v) => v.A && (v.B || v.C));
  checkAllCombos('!(A && B)', ['A', 'B'], (v) => !(v.A && v.B));
  checkAllCombos('((A))', ['A'], (v) => v.A);
  checkAllCombos('(A || B) && !(C || D)', ['A', 'B', 'C', 'D'], (v) => (v.A || v.B) && !(v.C || v.D));
});

// ---- SEC-NOTES note 20: the precedence quirk ---------------------------------

const QUIRKS: [string, string[], (v: Record<string, boolean>) => boolean][] = [
  ['A || B && C', ['A', 'B', 'C'], (v) => v.A && v.B],
  ['A || !B && C', ['A', 'B', 'C'], (v) => v.A && !v.B],
  ['A || B && !C', ['A', 'B', 'C'], (v) => v.A && v.B],
  ['A || B && C && D', ['A', 'B', 'C', 'D'], (v) => v.A && v.B && v.D],
  ['A && B || C && D', ['A', 'B', 'C', 'D'], (v) => v.A && v.B && v.C],
  ['A || B && C || D', ['A', 'B', 'C', 'D'], (v) => (v.A && v.B) || v.D],
];

for (const [text, names, expected] of QUIRKS) {
  test(`quirk: ${text} is computed as SEC computes it`, () => {
    checkAllCombos(text, names, expected);
  });
}

const AS_USUAL: [string, string[], (v: Record<string, boolean>) => boolean][] = [
  ['A && B || C', ['A', 'B', 'C'], (v) => (v.A && v.B) || v.C],
  ['!A && B', ['A', 'B'], (v) => !v.A && v.B],
  ['!A || B', ['A', 'B'], (v) => !v.A || v.B],
  ['A && !B || C', ['A', 'B', 'C'], (v) => (v.A && !v.B) || v.C],
  ['!A && B || C', ['A', 'B', 'C'], (v) => (!v.A && v.B) || v.C],
  ['A || B || !C', ['A', 'B', 'C'], (v) => v.A || v.B || !v.C],
  ['!!A && B', ['A', 'B'], (v) => v.A && v.B],
  ['A || (B && C)', ['A', 'B', 'C'], (v) => v.A || (v.B && v.C)],
  ['!(A) && B', ['A', 'B'], (v) => !v.A && v.B],
];

for (const [text, names, expected] of AS_USUAL) {
  test(`as usual: ${text}`, () => {
    checkAllCombos(text, names, expected);
  });
}

test('the quirk: in A || B && C && D the context C is never looked at', () => {
  const o = oracle(['A', 'B', 'C', 'D']);
  assert.equal(evaluateContext(parsed('A || B && C && D').tokens, o), true);
  assert.equal(o.asked.includes('C'), false, `asked: ${o.asked.join(',')}`);
});

// ---- operands ------------------------------------------------------------------

test('varset operand is true when the pattern match cache has the entry', () => {
  assert.equal(evalIn('varset ent', [], ['ent']), true);
  assert.equal(evalIn('varset ent', ['ent'], []), false);
  assert.equal(evalIn('!varset ent', [], []), true);
  assert.equal(evalIn('A && varset ent', ['A'], ['ent']), true);
  assert.equal(evalIn('A && varset ent', ['A'], []), false);
  assert.equal(evalIn('varset (ent)', [], ['ent']), true);
  const e = parsed('varset ent');
  assert.deepEqual(e.tokens, [{ op: 'varset', entry: 'ent' }]);
});

test('Perl operands run on perl: =, -> with parameters, :> with cache entries', () => {
  assert.equal(evalIn('=(1)', []), true);
  assert.equal(evalIn('= (0)', []), false);
  assert.equal(evalIn('!=(0)', []), true);
  assert.equal(evalIn('!=(1)', []), false);
  assert.equal(evalIn('A || =(die "never run")', ['A']), true);
  assert.equal(evalIn('A && =("")', ['A']), false);
  const call = parsed('a b -> ( sub { return scalar(@_) == 2 && $_[1] eq "b" } )');
  assert.equal(evaluateContext(call.tokens, oracle([])), true);
  assert.equal(evalIn('-> ( sub { scalar(@_) } )', []), false);
  const cache: MatchCache = new Map([['E', Object.assign(newMatchVars(), { code: '503' })]]);
  const colon = parsed('E NONE :> ( sub { $_[0]->{seen} = 1; $_[0]->{code} >= 500 && !defined $_[1] } )');
  assert.equal(evaluateContext(colon.tokens, oracle([], [], cache)), true);
  assert.equal(cache.get('E')?.seen, '1', 'the function changed the cache entry');
});

test('Perl operands that die or do not compile count as false and are logged', () => {
  perlLog.length = 0;
  assert.equal(evalIn('-> ( sub { die "bad\\n" } )', []), false);
  assert.equal(evalIn('=( 1 + )', []), false);
  assert.match(perlLog.join('\n'), /Context expression runtime error: bad/);
  assert.match(perlLog.join('\n'), /Error evaluating code ' 1 \+ ': syntax error/);
  const broken = parseContextExpression('$1 -> ( sub { return $_[0] eq ; } )');
  assert.ok('invalid' in broken && /^Eval ' sub \{ return \$_\[0\] eq ; \} ' didn't return a code reference: syntax error/.test(broken.perlError ?? ''));
});

test('parameters and code of -> are whole parenthesised parts, matched variables are put in the parameters', () => {
  const e = parsed('( $1 two words ) -> ( sub { return 1 } )');
  const vars = varsOf({ 1: 'x y' });
  const t = substituteContext(e.tokens, vars, null);
  assert.deepEqual(
    t.map((x) => (x.op === 'perlCall' ? x.params : x.op)),
    [['x y', 'two', 'words']],
  );
});

test('Perl code keeps its inner parentheses', () => {
  const e = parsed('=(my $x = (1+2); $x)');
  assert.deepEqual(e.tokens, [{ op: 'perlCode', code: 'my $x = (1+2); $x' }]);
  assert.equal(evaluateContext(e.tokens, oracle([])), true);
});

test('invalid expressions do not parse', () => {
  for (const text of ['$1 => ( sub { 1 } )', 'A &&', '|| B', '(A', 'A)', 'A B', '', '!', 'A && ()']) {
    assert.ok('invalid' in parseContextExpression(text), JSON.stringify(text));
  }
});

test('escaped parentheses are part of a name', () => {
  const e = parsed('X\\(1\\)');
  assert.deepEqual(e.tokens, [{ op: 'operand', name: 'X(1)' }]);
  assert.equal(evaluateContext(e.tokens, oracle(['X(1)'])), true);
});

// ---- [..] and substitution ----------------------------------------------------------

test('[..] marks pre-evaluation; the brackets are not part of the expression', () => {
  const e = parsed('[ A && B ]');
  assert.equal(e.preEval, true);
  assert.equal(evaluateContext(e.tokens, oracle(['A', 'B'])), true);
  assert.equal(parsed('A && B').preEval, false);
  // Calendar rules accept the brackets but have no pre-evaluation
  assert.equal((parseContextExpression('[A]', false) as ContextExpression).preEval, false);
});

test('volatile is set when the expression mentions match variables', () => {
  assert.equal(parsed('CTX_$1').volatile, true);
  assert.equal(parsed('CTX_$+{name}').volatile, true);
  assert.equal(parsed('CTX').volatile, false);
  assert.equal(parsed('CTX$').volatile, false);
});

test('substituteContext puts $1 into names and varset entries', () => {
  const vars = varsOf({ 1: 'foo', 2: 'bar' });
  const e = parsed('CTX_$1 && !(X_$2 || varset E_$1)');
  const subst = substituteContext(e.tokens, vars, null);
  const o = oracle(['CTX_foo'], ['E_foo']);
  assert.equal(evaluateContext(subst, o), false);
  assert.deepEqual(o.asked, ['CTX_foo', 'X_bar']);
  assert.equal(evaluateContext(subst, oracle(['CTX_foo'])), true);
  // the parsed tokens are left as they were
  assert.equal(evaluateContext(e.tokens, oracle(['CTX_$1'])), true);
});

test('in a rule, $1 is put into context names', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^mk (\\S+)
desc=mk
action=create CTX_$1

type=Single
ptype=RegExp
pattern=^chk (\\S+)
context=CTX_$1
desc=chk
action=write - $1 alive

type=Single
ptype=RegExp
pattern=^chk (\\S+)
desc=chk
action=write - $1 not alive
`);
  h.feed('mk foo', 'chk foo', 'chk bar');
  assert.deepEqual(h.lines(), ['foo alive', 'bar not alive']);
});

test('in a rule, [..] is evaluated with no substitution: [X_$1] names the context X_$1', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^mk$
continue=TakeNext
desc=mk
action=create X_$$1

type=Single
ptype=RegExp
pattern=^(\\S+)
context=[X_$1]
desc=chk
action=write - pre $1
`);
  h.feed('other');
  assert.deepEqual(h.lines(), []);
  h.feed('mk');
  assert.deepEqual([...h.engine.contexts.byName.keys()], ['X_$1']);
  h.feed('other');
  assert.deepEqual(h.lines(), ['pre mk', 'pre other']);
});

test('in a rule, [..] is evaluated before the pattern', () => {
  // a stale context named in [..] expires (running its action) even when the pattern fails
  const rules = (ctx: string): string => `type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create CTX 1 (write - expiry ran)

type=Single
ptype=SubStr
pattern=never-matches
context=${ctx}
desc=chk
action=write - matched
`;
  const pre = harness(rules('[CTX]'), { cleantime: 100 });
  pre.feed('mk');
  pre.advance(2);
  pre.feed('x');
  assert.deepEqual(pre.lines(), ['expiry ran']);
  const post = harness(rules('CTX'), { cleantime: 100 });
  post.feed('mk');
  post.advance(2);
  post.feed('x');
  assert.deepEqual(post.lines(), []);
});

test('in a rule, varset sees the cache entry of the current event only', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^(a\\w*)
varmap=myent
continue=TakeNext
desc=d
action=none

type=Single
ptype=RegExp
pattern=.
context=varset myent
desc=d
action=write - cached $0
`);
  h.feed('abc', 'xyz', 'a1');
  assert.deepEqual(h.lines(), ['cached abc', 'cached a1']);
});

test('contextHolds gives what evaluating the substituted expression gives, one name and ! or not', () => {
  const vars = varsOf({ 0: 'line', 1: 'a', 2: 'b' });
  const texts = ['X_$1', '!X_$1', '!!X_$1', '! ! ! X_$1', 'X_$1 && Y_$2', '!X_$1 || Y_$2', '!(X_$1)', 'FIXED', '!FIXED', '(X_$1 && !Y_$2)'];
  for (const text of texts) {
    const expr = parsed(text);
    for (const alive of [[], ['X_a'], ['Y_b'], ['X_a', 'Y_b'], ['FIXED'], ['X_$1']]) {
      for (const v of [vars, varsOf({}), null]) {
        const expected = evaluateContext(
          v && expr.volatile && v[WHOLE_MATCH] !== undefined ? substituteContext(expr.tokens, v, null) : expr.tokens,
          oracle(alive),
        );
        const asked = oracle(alive);
        assert.equal(contextHolds(expr, v, null, asked), expected, `${text} with ${alive.join(',')}`);
      }
    }
  }
  const asked = oracle(['X_a']);
  assert.equal(contextHolds(parsed('!X_$1'), vars, null, asked), false);
  assert.deepEqual(asked.asked, ['X_a'], 'one look-up of the substituted name');
});
