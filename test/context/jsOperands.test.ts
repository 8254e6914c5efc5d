import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ContextExpression, type ContextOracle, evaluateContext, parseContextExpression, substituteContext } from '../../src/context/expression.js';
import { jsCallTrue } from '../../src/context/jsOperands.js';
import { callJs, compileJs, type JsFunction } from '../../src/javascript/runtime.js';
import { Logger } from '../../src/log/logger.js';
import { type MatchCache, newMatchVars } from '../../src/patterns/matchVars.js';
import { varsOf } from '../support/vars.js';
import { VirtualClock } from '../../src/time/clock.js';
import { harness } from '../support/harness.js';

const logged: string[] = [];
const logger = new Logger(new VirtualClock(), 6, false, (m) => logged.push(m));

function parsed(text: string): ContextExpression {
  const e = parseContextExpression(text);
  assert.ok(!('invalid' in e), `expression should parse: ${text}`);
  return e;
}

/** Live contexts from a set; JavaScript operands run for real; Perl ones are not expected here. */
function oracle(alive: Iterable<string> = [], cache: MatchCache = new Map()): ContextOracle {
  const live = new Set(alive);
  const noPerl = (): boolean => assert.fail('no Perl operand expected');
  return {
    isContextAlive: (n) => live.has(n),
    hasCacheEntry: (e) => cache.has(e),
    perlCallTrue: noPerl,
    perlCodeTrue: noPerl,
    jsCallTrue: (t) => jsCallTrue(t, cache, logger),
  };
}

const evalIn = (text: string, alive: string[] = [], cache?: MatchCache): boolean => evaluateContext(parsed(text).tokens, oracle(alive, cache));

test('~> calls the function with the words of PARAMS; its answer is true as a JsFunc match would be', () => {
  assert.equal(evalIn('a b ~> ((x, y, ...rest) => x === "a" && y === "b" && rest.length === 0)'), true);
  assert.equal(evalIn('~> ((...args) => args.length)'), false, 'no parameters: 0 is false');
  for (const answer of ['undefined', 'null', 'false', '0', '""', '"0"', '[]', '[0]']) assert.equal(evalIn(`~> (() => ${answer})`), false, answer);
  for (const answer of ['true', '1', '"0.0"', '"no"', '[0, 0]', '({})']) assert.equal(evalIn(`~> (() => ${answer})`), true, answer);
});

test('~> works with !, && and || like any operand', () => {
  assert.equal(evalIn('!~> (() => false)'), true);
  assert.equal(evalIn('A && x ~> ((v) => v === "x")', ['A']), true);
  assert.equal(evalIn('A && x ~> ((v) => v === "y")', ['A']), false);
  assert.equal(evalIn('A || ~> (() => { throw new Error("never run"); })', ['A']), true);
  assert.equal(evalIn('(B || ~> (() => 1)) && !C'), true);
});

test('~~> passes each named cache entry as an object (undefined when missing) and keeps its changes', () => {
  const cache: MatchCache = new Map([['E', Object.assign(newMatchVars(), { code: '503', drop: 'me' })]]);
  const e = parsed(
    'E NONE ~~> ((e, none) => { e.seen = 1; e.gone = null; delete e.drop; return e instanceof Object && e.code >= 500 && none === undefined; })',
  );
  assert.deepEqual(
    e.tokens.map((t) => t.op === 'jsCall' && { params: t.params, withCache: t.withCache }),
    [{ params: ['E', 'NONE'], withCache: true }],
  );
  assert.equal(evaluateContext(e.tokens, oracle([], cache)), true);
  assert.deepEqual({ ...cache.get('E') }, { code: '503', seen: '1', gone: undefined });
  assert.equal(cache.has('NONE'), false);
});

test('a function that throws counts as false and is logged; changes to cache entries made before are kept', () => {
  logged.length = 0;
  const cache: MatchCache = new Map([['E', newMatchVars()]]);
  assert.equal(evalIn('E ~~> ((e) => { e.before = "yes"; throw new Error("bad entry"); })', [], cache), false);
  assert.equal(evalIn('~> (() => undefinedName)'), false);
  assert.equal(cache.get('E')?.before, 'yes');
  assert.equal(evalIn('E ~~> ((e) => { e.odd = { toString() { throw new Error("no string"); } }; return true; })', [], cache), false);
  assert.deepEqual(
    logged.map((l) => l.replace(/^.*?: Context/, 'Context')),
    [
      'Context expression runtime error: bad entry',
      'Context expression runtime error: undefinedName is not defined',
      'Context expression runtime error: no string',
    ],
  );
});

test('code that is not a function makes the expression invalid, with the reason as its first line', () => {
  const broken = parseContextExpression('$1 ~> ((x) => { )');
  assert.ok('invalid' in broken);
  assert.match(broken.perlError ?? '', /^Invalid function '\(x\) => \{ ', it did not evaluate to a JavaScript function: Unexpected token/);
  const text = parseContextExpression('$1 ~~> ("text")');
  assert.ok('invalid' in text && text.perlError === `Invalid function '"text"', it did not evaluate to a JavaScript function: it is string`);
});

test('the function must be a whole parenthesised part: otherwise it stays what SEC makes of it', () => {
  assert.deepEqual(parsed('a~>b').tokens, [{ op: 'operand', name: 'a~>b' }]);
  assert.deepEqual(parsed('varset a~~>b').tokens, [{ op: 'varset', entry: 'a~~>b' }]);
  assert.ok('invalid' in parseContextExpression('a ~> b'));
  assert.equal(parsed('x -> (sub { 1 })').tokens[0].op, 'perlCall', '-> is Perl');
  assert.equal(parsed('= (1 ~> (x))').tokens[0].op, 'perlCode', '= takes the rest as Perl');
  assert.equal(parsed('a~>((x) => x)').tokens[0].op, 'jsCall');
});

test('parameters are whole parenthesised parts too; match variables are put in after the split', () => {
  const e = parsed('( $1 two\\) words ) ~> ((...a) => a.join("|"))');
  assert.equal(e.volatile, true);
  const t = substituteContext(e.tokens, varsOf({ 1: 'x y' }), null)[0];
  assert.ok(t.op === 'jsCall');
  assert.deepEqual(t.params, ['x y', 'two)', 'words']);
  assert.deepEqual(callJs(t.func, t.params), { ok: true, value: 'x y|two)|words' });
});

test('in rules: match variables reach the parameters, [..] runs the function before the pattern', () => {
  const counter: JsFunction = compileJs('() => globalThis.preEvaluated') as JsFunction;
  const h = harness(`type=Single
ptype=RegExp
pattern=^login (\\S+)
context=$1 ~> ((user) => user !== "root")
desc=login $1
action=write - allowed $1

type=Single
ptype=RegExp
pattern=^never
context=[ ~> (() => { globalThis.preEvaluated = (globalThis.preEvaluated || 0) + 1; return false; }) ]
desc=never
action=write - never
`);
  h.feed('login bob', 'login root', 'login eve', 'never');
  assert.deepEqual(h.lines(), ['allowed bob', 'allowed eve']);
  // 'login root' reached the second rule too (the first one's context was false): the bracketed
  // operand ran for it although ^never does not match, so it ran before the pattern
  assert.deepEqual(callJs(counter, []), { ok: true, value: 2 });
});
