import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsSettings } from '../../src/javascript/runtime.js';
import { Logger } from '../../src/log/logger.js';
import type { MatchCache, MatchVars } from '../../src/patterns/matchVars.js';
import { matchPattern, parsePattern, parseVarMap, type Pattern } from '../../src/patterns/pattern.js';
import { VirtualClock } from '../../src/time/clock.js';
import { view, type ViewOptions } from '../support/eventView.js';
import { harness } from '../support/harness.js';
import { byName } from '../support/vars.js';

/** What the JavaScript runtime logged. */
const logged: string[] = [];
jsSettings.log = new Logger(new VirtualClock(), 6, false, (m) => logged.push(m));

const pat = (ptype: string, code: string): Pattern => parsePattern(ptype, code, 0);
const match = (
  ptype: string,
  code: string,
  lines: string | string[],
  opts: ViewOptions = {},
  varmap: string | null = null,
): Record<string, string | undefined> | null => {
  const v: MatchVars | null = matchPattern(pat(ptype, code), view(Array.isArray(lines) ? lines : [lines], opts), varmap === null ? null : parseVarMap(varmap));
  return byName(v);
};

test('JsFunc: called with the last N lines, then their input name; an array sets $1, $2, ...', () => {
  const code = 'function (a, b, src) { const m = /^(\\w+) (\\w+)$/.exec(b); return m ? [m[2], m[1], arguments.length, src] : null; }';
  const p = pat('JsFunc2', code);
  assert.equal(p.type, 'JsFunc');
  assert.equal(p.lines, 2);
  assert.deepEqual(match('JsFunc2', code, ['before', 'a b']), {
    0: 'before\na b',
    1: 'b',
    2: 'a',
    3: '3',
    4: '-',
    _inputsrc: '-',
    _intcontext: undefined,
  });
  assert.equal(match('JsFunc2', code, ['before', 'nope']), null);
});

test('JsFunc: a synthetic event has no input name; lines come as latin1 strings, one char per byte', () => {
  assert.equal(match('JsFunc', '(line, src) => [src === undefined, line.length, line.charCodeAt(3)]', 'caf\xe9', { source: null })?.[1], 'true');
  assert.equal(match('JsFunc', '(line) => [line.length, line.charCodeAt(3)]', 'caf\xe9')?.[2], '233');
  assert.equal(match('JsFunc', '(line) => line', 'caf\xe9')?.[1], 'caf\xe9');
});

test('JsFunc: array elements are String()ed, null and undefined ones are undefined variables', () => {
  assert.deepEqual(match('JsFunc', '() => ["a", null, undefined, 7, true, [1, 2]]', 'x'), {
    0: 'x',
    1: 'a',
    2: undefined,
    3: undefined,
    4: '7',
    5: 'true',
    6: '1,2',
    _inputsrc: '-',
    _intcontext: undefined,
  });
});

test('JsFunc: no match for undefined, null, [] and one value false in Perl’s sense; anything else matches', () => {
  for (const value of ['undefined', 'null', '[]', 'false', '0', '""', '"0"', '[0]', '[""]', '[null]', '[false]', '-0']) {
    assert.equal(match('JsFunc', `() => ${value}`, 'x'), null, value);
  }
  for (const [value, first] of [
    ['"0.0"', '0.0'],
    ['"00"', '00'],
    ['1', '1'],
    ['true', 'true'],
    ['"text"', 'text'],
    ['[0, 0]', '0'],
    ['NaN', 'NaN'],
    ['new Map()', '[object Map]'],
  ]) {
    assert.equal(match('JsFunc', `() => ${value}`, 'x')?.[1], first, value);
  }
});

test('JsFunc: a plain object gives named variables (null and undefined ones undefined), an empty one matches', () => {
  assert.deepEqual(match('JsFunc', '(line) => ({ user: line.split(" ")[1], n: 2, none: null })', 'login bob'), {
    user: 'bob',
    n: '2',
    none: undefined,
    0: 'login bob',
    _inputsrc: '-',
    _intcontext: undefined,
  });
  assert.deepEqual(match('JsFunc', '() => ({})', 'x'), { 0: 'x', _inputsrc: '-', _intcontext: undefined });
  assert.equal(match('JsFunc', '() => Object.assign(Object.create(null), { k: "v" })', 'x')?.k, 'v');
});

test('JsFunc: varmap numbers count the values; a bare name caches the match', () => {
  const cache: MatchCache = new Map();
  const v = match('JsFunc', '() => ["a", "b"]', 'l', { cache }, 'ENTRY; first=1; third=3; whole=0');
  assert.equal(v?.first, 'a');
  assert.equal(v?.third, undefined);
  assert.equal(v?.whole, 'l');
  assert.equal(cache.get('ENTRY')?.first, 'a');
  assert.equal(match('JsFunc', '() => ({ u: "x" })', 'l', {}, 'one=1')?.one, undefined, 'a hash counts as one value: $1 is not set');
});

test('NJsFunc matches when the function gives no match, setting only $0 and the input name', () => {
  assert.deepEqual(match('NJsFunc', '(l) => l === "yes"', 'no'), { 0: 'no', _inputsrc: '-', _intcontext: undefined });
  assert.equal(match('NJsFunc', '(l) => l === "yes"', 'yes'), null);
  assert.deepEqual(match('NJsFunc3', '(a, b, c) => [a, b, c].join("") === "abc"', ['a', 'b', 'x'])?.[0], 'a\nb\nx');
});

test('a function that throws matches neither way and is logged', () => {
  logged.length = 0;
  assert.equal(match('JsFunc', '() => { throw new Error("bad thing"); }', 'x'), null);
  assert.equal(match('NJsFunc', '() => { throw "plain string"; }', 'x'), null);
  assert.equal(match('JsFunc', '(l) => l.nothing.here', 'x'), null);
  // reading the answer runs its code too
  assert.equal(match('JsFunc', '() => ({ get user() { throw new Error("in a getter"); } })', 'x'), null);
  assert.equal(match('JsFunc', '() => [1, { toString() { throw new Error("in toString"); } }]', 'x'), null);
  assert.deepEqual(
    logged.map((l) => l.replace(/^.*?: (N?JsFunc)/, '$1')),
    [
      'JsFunc pattern runtime error: bad thing',
      'NJsFunc pattern runtime error: plain string',
      "JsFunc pattern runtime error: Cannot read properties of undefined (reading 'here')",
      'JsFunc pattern runtime error: in a getter',
      'JsFunc pattern runtime error: in toString',
    ],
  );
});

test('code that is not a function expression makes the rule faulty, with the reason', () => {
  assert.throws(
    () => pat('JsFunc', '(l) => {'),
    /^Error: Invalid function '\(l\) => \{', it did not evaluate to a JavaScript function: Unexpected (token|end of input)/,
  );
  assert.throws(() => pat('NJsFunc', '42'), /^Error: Invalid function '42', it did not evaluate to a JavaScript function: it is number$/);
  assert.throws(() => pat('JsFunc', 'null'), /it did not evaluate to a JavaScript function: it is null$/);
  assert.throws(() => pat('JsFunc', '(() => { throw new Error("at load"); })()'), /JavaScript function: at load$/);
  assert.throws(() => pat('JsFunc', '(() => { for (;;); })()'), /JavaScript function: Script execution timed out after 5000ms$/, 'a loop at load is cut off');
  // a trailing line comment does not swallow the closing parenthesis
  assert.equal(match('JsFunc', '(l) => [l] // the line', 'x')?.[1], 'x');
  assert.equal(match('jsfunc', 'function named(l) { return [l]; }', 'y')?.[1], 'y', 'the type is case-insensitive, as all pattern types');
});

test('all functions share one context: its globals, built-ins and console, but no require or process', () => {
  pat('JsFunc', '(() => { globalThis.seenByRules = []; return () => null; })()');
  const remember = pat('JsFunc', '(l) => { seenByRules.push(l); return null; }');
  const recall = pat('JsFunc', '() => seenByRules.join("+")');
  matchPattern(remember, view(['one']), null);
  matchPattern(remember, view(['two']), null);
  assert.equal(byName(matchPattern(recall, view(['x']), null))?.[1], 'one+two');
  const kinds = match('JsFunc', '() => [typeof require, typeof process, typeof console.log, typeof JSON.parse, typeof Map]', 'x') ?? {};
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((i) => kinds[i]),
    ['undefined', 'undefined', 'function', 'function', 'function'],
  );
});

test('PerlFunc and JsFunc written alike give the same match variables', () => {
  const pairs: [string, string][] = [
    ['sub { return }', '() => undefined'],
    ['sub { return undef }', '() => null'],
    ['sub { return (0) }', '() => [0]'],
    ['sub { return "" }', '() => ""'],
    ['sub { return "0.0" }', '() => "0.0"'],
    ['sub { return (0, 0) }', '() => [0, 0]'],
    ['sub { return ("a", undef, "c") }', '() => ["a", null, "c"]'],
    ['sub { return { u => "x", n => undef } }', '() => ({ u: "x", n: undefined })'],
    ['sub { return {} }', '() => ({})'],
    ['sub { my ($l, $s) = @_; return ($l =~ /^(\\w+) (\\d+)/) }', '(l, s) => { const m = /^(\\w+) (\\d+)/.exec(l); return m ? m.slice(1) : []; }'],
    ['sub { return ($_[1], scalar(@_)) }', '(...args) => [args[1], args.length]'],
  ];
  for (const ptype of ['', 'N']) {
    for (const [perl, js] of pairs) {
      for (const line of ['abc 123', 'none']) {
        assert.deepEqual(match(`${ptype}JsFunc`, js, line, {}, 'v=1'), match(`${ptype}PerlFunc`, perl, line, {}, 'v=1'), `${ptype} ${js} on ${line}`);
      }
    }
  }
});

test('EventGroup: egptype JsFunc gets the group string and the tokens (an array of the shared context)', () => {
  const rules = (egptype: string, code: string): string => `type=EventGroup2
ptype=RegExp
pattern=^a(\\d)
ptype2=RegExp
pattern2=^b(\\d)
egtoken2=B$1
desc=eg
action=write - fired
multact=yes
egptype=${egptype}
egpattern=${code}
window=60
`;
  const seq = '(s, tokens) => tokens instanceof Array && tokens.length === 2 && s === tokens.join(" ") && s === "1 B2"';
  const h = harness(rules('JsFunc', seq));
  h.feed('a1', 'b2');
  assert.deepEqual(h.lines(), ['fired']);
  const n = harness(rules('NJsFunc', seq));
  n.feed('a1', 'b2');
  assert.deepEqual(n.lines(), []);
  n.feed('b3');
  assert.deepEqual(n.lines(), ['fired']);
  const e = harness(rules('JsFunc', '() => { throw new Error("eg broke"); }'));
  e.feed('a1', 'b2');
  assert.deepEqual(e.lines(), []);
  assert.ok(
    e.logs.some((l) => l.endsWith('JsFunc pattern runtime error: eg broke')),
    e.logs.join('\n'),
  );
});
