import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  containsVars,
  copyVars,
  doubleDollar,
  doublePercent,
  fillKeepingShape,
  generalizeTemplate,
  isEmptyVars,
  mapVars,
  newMatchVars,
  substituteVars,
  substituteVarsOnce,
  varKey,
  type MatchCache,
} from '../../src/patterns/matchVars.js';
import { byName, varsOf } from '../support/vars.js';

const vars = varsOf;

const V = vars({
  0: 'whole line',
  1: 'a',
  2: 'b',
  3: undefined,
  10: 'ten',
  11: 'eleven',
  name: 'N',
  _inputsrc: '/var/log/x.log',
  _intcontext: '_FILE_EVENT_/var/log/x.log',
  'we!rd': 'W',
});
const CACHE: MatchCache = new Map([['login', vars({ 1: 'bob', user: 'bob', 0: 'login bob' })]]);
const sub = (text: string, cache: MatchCache | null = CACHE): string => substituteVars(text, V, cache);

test('$0 and $N', () => {
  assert.equal(sub('[$0]'), '[whole line]');
  assert.equal(sub('$1-$2'), 'a-b');
});

test('$10 is the tenth group, ${1}0 is the first group then 0', () => {
  assert.equal(sub('$10'), 'ten');
  assert.equal(sub('$11'), 'eleven');
  assert.equal(sub('${1}0'), 'a0');
  assert.equal(sub('${10}'), 'ten');
});

test('$+{name} for named variables, including the built-in ones', () => {
  assert.equal(sub('$+{name}'), 'N');
  assert.equal(sub('$+{_inputsrc}'), '/var/log/x.log');
  assert.equal(sub('$+{_intcontext}'), '_FILE_EVENT_/var/log/x.log');
  assert.equal(sub('$+{we!rd}'), 'W');
  assert.equal(sub('$+{1}'), 'a');
});

test('$:{entry:var} reads the pattern match cache', () => {
  assert.equal(sub('$:{login:user}'), 'bob');
  assert.equal(sub('$:{login:1}|$:{login:0}'), 'bob|login bob');
  assert.equal(sub('[$:{login:nothing}]'), '[]');
  assert.equal(sub('[$:{nologin:user}]'), '[]');
  assert.equal(sub('[$:{login:user}]', null), '[]');
});

test('$$ gives one $, and is read left to right', () => {
  assert.equal(sub('cost $$5'), 'cost $5');
  assert.equal(sub('$$1'), '$1');
  assert.equal(sub('$$$1'), '$a');
  assert.equal(sub('$$$$'), '$$');
});

test('unknown and undefined variables become empty', () => {
  assert.equal(sub('[$3]'), '[]');
  assert.equal(sub('[$9]'), '[]');
  assert.equal(sub('[${99}]'), '[]');
  assert.equal(sub('[$+{missing}]'), '[]');
  assert.equal(substituteVars('[$1][$0]', newMatchVars(), null), '[][]');
});

test('a $ not followed by a variable stays as it is', () => {
  assert.equal(sub('$ 1'), '$ 1');
  assert.equal(sub('$x'), '$x');
  assert.equal(sub('end$'), 'end$');
  assert.equal(sub('${ 1}'), '${ 1}');
  assert.equal(sub('${x}'), '${x}');
  assert.equal(sub('$+{1x}'), '$+{1x}');
  assert.equal(sub('$+name'), '$+name');
  assert.equal(sub('$:{1e:v}'), '$:{1e:v}');
  assert.equal(sub('$:{login}'), '$:{login}');
  assert.equal(sub('no dollars'), 'no dollars');
});

test('values are put in as they are, not substituted again', () => {
  const v = vars({ 1: '$2', 2: 'two' });
  assert.equal(substituteVars('$1 $2', v, null), '$2 two');
});

test('the % token for Pair shadow variables', () => {
  const first = vars({ 1: 'x', name: 'n' });
  assert.equal(substituteVars('%1 %{1}0 %+{name} %% $1', first, null, '%'), 'x x0 n % $1');
  assert.equal(substituteVars('100%', first, null, '%'), '100%');
});

test('containsVars: any variable reference, and $$', () => {
  for (const t of ['$0', 'x $1 y', '${2}', '$+{n}', '$+{_inputsrc}', '$:{a:b}', '$$', 'a$$b', '$10']) {
    assert.equal(containsVars(t), true, t);
  }
  for (const t of ['', 'plain', '$', '$ 1', '$x', 'a$', '${x}', '$+{1x}', '$:{a}', '%1']) {
    assert.equal(containsVars(t), false, t);
  }
});

test('containsVars with the % token', () => {
  assert.equal(containsVars('%1', '%'), true);
  assert.equal(containsVars('%%', '%'), true);
  assert.equal(containsVars('$1', '%'), false);
  assert.equal(containsVars('%s', '%'), false);
});

test('containsVars gives the same answer every time (no regex state left behind)', () => {
  for (let i = 0; i < 3; i++) {
    assert.equal(containsVars('abc $1'), true);
    assert.equal(containsVars('$1'), true);
    substituteVars('$1 $2 $3', V, null);
    assert.equal(containsVars('x $2'), true);
  }
});

test('substituteVars escapes only the values the text puts in, with the escape given', () => {
  const v = vars({ 0: 'a line with 100% and $x', 1: 'a %s b', 2: '$5', 3: undefined });
  assert.equal(substituteVars('[$1] [$2] [$3]', v, null, '$', doublePercent), '[a %%s b] [$5] []');
  assert.equal(substituteVars('%1/%2', v, null, '%', doubleDollar), 'a %s b/$$5');
  let calls = 0;
  substituteVars('$1', v, null, '$', (s) => {
    calls++;
    return s;
  });
  assert.equal(calls, 1, 'the line in $0 is not escaped when the text does not use it');
  assert.equal(v[varKey('1')], 'a %s b', 'the variables are not changed');
});

test('doublePercent and doubleDollar double every % or $ and keep other text', () => {
  assert.equal(doublePercent('100%%'), '100%%%%');
  assert.equal(doublePercent('no percent'), 'no percent');
  assert.equal(doubleDollar('$1 costs $$'), '$$1 costs $$$$');
  assert.equal(doubleDollar('plain'), 'plain');
});

test('mapVars applies a function to every defined value', () => {
  const m = mapVars(vars({ 1: 'ab', 2: undefined }), (s) => s.toUpperCase());
  assert.deepEqual(byName(m), { 1: 'AB', 2: undefined });
});

test('copyVars is a detached copy that inherits no names', () => {
  const original = vars({ 1: 'a' });
  const c = copyVars(original);
  c[varKey('1')] = 'changed';
  assert.equal(original[varKey('1')], 'a');
  assert.equal(c.constructor, undefined);
  assert.equal(substituteVars('$1', c, null), 'changed');
});

test('newMatchVars inherits no names, so names like constructor are not set', () => {
  const v = newMatchVars();
  assert.equal(v.constructor, undefined);
  assert.equal(substituteVars('[$+{constructor}][$+{toString}]', v, null), '[][]');
});

test('isEmptyVars', () => {
  assert.equal(isEmptyVars(null), true);
  assert.equal(isEmptyVars(newMatchVars()), true);
  assert.equal(isEmptyVars(vars({ 3: undefined })), false);
  assert.equal(isEmptyVars(vars({ 0: 'x' })), false);
});

test('a substituted value cut from a long line does not keep the line alive', () => {
  // V8 exposes gc() only with --expose-gc; the flag can be set at run time
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const lineLength = 10_000;
  const count = 2_000;
  gc();
  const before = process.memoryUsage().heapUsed;
  const kept: string[] = [];
  for (let i = 0; i < count; i++) {
    // a capture of 20 characters or more is a slice that points into the whole line
    const line = `${String(i).padStart(6, '0')} ${'x'.repeat(lineLength)} from 192.168.100.${i % 250}:${i}`;
    const capture = /from (\S+)/.exec(line)?.[1] as string;
    kept.push(substituteVars('brute force from $1 seen', vars({ 0: line, 1: `${capture}${capture}` }), null));
  }
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.equal(kept.length, count);
  assert.ok(grown < (count * lineLength) / 10, `${grown} bytes kept for ${count} short strings`);
});

test('substituteVarsOnce gives what substituteVars gives, for both tokens and with an escape', () => {
  const texts = [
    '$:{login:user} $:{login:1}|$:{login:0} [$:{login:nothing}] [$:{nologin:user}]',
    'cost $$5 $$1 $$$1 $$$$ [$3] [$9] [${99}] [$+{missing}] $10 ${1}0 $+{name} $+{we!rd}',
    '$ 1 $x end$ ${ 1} ${x} $+{1x} $+name $:{1e:v} $:{login}',
    '%1 %{1}0 %+{name} %% $1 100% %:{login:user} %%%1',
    'no variables at all',
  ];
  for (const text of texts) {
    for (const token of ['$', '%']) {
      for (const cache of [CACHE, null]) {
        assert.equal(substituteVarsOnce(text, V, cache, token), substituteVars(text, V, cache, token), `${token} in ${text}`);
        assert.equal(
          substituteVarsOnce(text, V, cache, token, doublePercent),
          substituteVars(text, V, cache, token, doublePercent),
          `${token} escaped in ${text}`,
        );
      }
    }
  }
});

test('fillKeepingShape puts the fill in for each variable where a quoted value stays a literal, $$ as one $', () => {
  assert.equal(fillKeepingShape('session $1 closed after (\\d+) s', 'x'), 'session x closed after (\\d+) s');
  assert.equal(fillKeepingShape('^$1:${2}-$+{name}$$', 'v'), '^v:v-v$');
  assert.equal(fillKeepingShape('\\d+ $1 (?:a|$2)', 'x'), '\\d+ x (?:a|x)');
  assert.equal(generalizeTemplate('id $1 end'), 'id [\\s\\S]* end');
});

test('fillKeepingShape: null where the letters or digits of a value would join the syntax around it', () => {
  for (const template of [
    'a[$1]', // inside a class
    'a$1+', // before a quantifier
    'a$1{2}',
    '\\x4$1', // \x41 with 1
    '\\$1', // an escape
    '\\g$1', // a back reference
    'a{2,$1}', // a quantifier's bounds
    '(?$1:x)', // group flags
    '(?<n$1>x)', // a group name
    '(*$1)',
    'a $:{login:1} b', // a pattern match cache value goes in unquoted
  ]) {
    assert.equal(fillKeepingShape(template, 'x'), null, template);
    assert.equal(generalizeTemplate(template), null, template);
  }
});
