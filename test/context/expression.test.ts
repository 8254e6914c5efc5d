import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateContext, parseContextExpression, substituteContext, type ContextExpression, type ContextOracle } from '../../src/context/expression.js';
import { newMatchVars } from '../../src/patterns/matchVars.js';
import { harness } from '../support/harness.js';

function parsed(text: string): ContextExpression {
  const e = parseContextExpression(text);
  assert.ok(e, `expression should parse: ${text}`);
  return e;
}

/** An oracle over a fixed set of live contexts and cache entries; records the lookups. */
function oracle(alive: Iterable<string>, cache: Iterable<string> = []): ContextOracle & { asked: string[] } {
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

test('Perl operands (=, ->, :>) parse, are marked, and count as false', () => {
  for (const text of ['=(1)', '= (return 1)', '$1 -> (sub { 1 })', 'a b :> (sub { 1 })']) {
    const e = parsed(text);
    assert.equal(e.hasPerl, true, text);
    assert.equal(evaluateContext(e.tokens, oracle(['A'])), false, text);
  }
  assert.equal(evalIn('!=(1)', []), true);
  assert.equal(evalIn('A || =(1)', ['A']), true);
  assert.equal(evalIn('A && =(1)', ['A']), false);
  assert.equal(parsed('A && (B || C)').hasPerl, false);
  assert.equal(parsed('A && (B || =(1))').hasPerl, true);
});

test('Perl code keeps its parenthesised parts as written', () => {
  const e = parsed('=(my $x = (1+2); $x)');
  assert.deepEqual(e.tokens, [{ op: 'perl', code: '(my $x = (1+2); $x)' }]);
});

test('invalid expressions do not parse', () => {
  for (const text of ['$1 => ( sub { 1 } )', 'A &&', '|| B', '(A', 'A)', 'A B', '', '!', 'A && ()']) {
    assert.equal(parseContextExpression(text), null, JSON.stringify(text));
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
  assert.equal(parseContextExpression('[A]', false)?.preEval, false);
});

test('volatile is set when the expression mentions match variables', () => {
  assert.equal(parsed('CTX_$1').volatile, true);
  assert.equal(parsed('CTX_$+{name}').volatile, true);
  assert.equal(parsed('CTX').volatile, false);
  assert.equal(parsed('CTX$').volatile, false);
});

test('substituteContext puts $1 into names and varset entries', () => {
  const vars = newMatchVars();
  vars['1'] = 'foo';
  vars['2'] = 'bar';
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
