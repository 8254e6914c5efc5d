import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillKeepingShape } from '../../src/patterns/matchVars.js';
import { type CompiledRegex, compileRegex, jsFormOf, quotemeta } from '../../src/patterns/regex.js';
import { compileRegexTemplate } from '../../src/patterns/regexTemplate.js';

// A template filled with values must be the pattern compiling the filled-in
// text gives: same JavaScript source, same matches, and literals every match
// holds.

/** The template's text with `values` quoted into its holes, as Pair builds an operation's pattern2. */
function filledText(template: string, values: readonly string[]): string {
  let hole = 0;
  const text = fillKeepingShape(template, () => quotemeta(values[hole++]));
  assert.ok(text !== null, template);
  return text;
}

/** The template filled with `values`, and the filled-in text compiled whole. */
function filledAndWhole(template: string, values: readonly string[], lines = 1): { filled: CompiledRegex; whole: CompiledRegex } {
  const compiled = compileRegexTemplate(template, lines);
  assert.ok(compiled, template);
  const filled = compiled.fill(values);
  assert.ok(filled, `${template} ${JSON.stringify(values)}`);
  return { filled, whole: compileRegex(filledText(template, values), lines) };
}

const TEMPLATES = [
  '^session $1 closed after (\\d+) s$',
  'sshd\\[\\d+\\]: Accepted (\\S+) for $1 from $2 port \\d+ ssh2',
  '(?:user $1|uid $2) (?<what>\\w+)',
  '$1',
  '^$1$2$',
  'a(b)?c $1 (d)(?:e)(f) $1',
  'x{2,3} $1 y?',
  // literal text holding every hole first: no regex of their own (literalHead.ts)
  'session $1 closed after (\\d+) s',
  'id $1 and $2: (?<n>\\w+)',
  'word $1\\b(.?)',
  'at $1( end)?$',
  '^session $1 closed',
  '($1) .*? %SYS-5-RESTART: (\\w+)',
  '(?:id ($1)) and $2 (x)?',
  'a $1 (b) $2 (c)',
  'session $1 closed|other',
  'id $1ab+c',
];
const VALUES = ['s1x', 'a.b', '(x)', '1', '', '\\', 'caf\xe9', ' #|*+?', '[]{}^$', 'Aa'];

test('a filled template is the pattern the filled-in text compiles to', () => {
  for (const template of TEMPLATES) {
    for (const a of VALUES) {
      for (const b of ['7', 'Zz.']) {
        // each hole gets the value of its variable: $1 is a, $2 is b
        const byHole = (template.match(/\$\d/g) ?? []).map((v) => (v === '$2' ? b : a));
        const text = filledText(template, byHole);
        const { filled, whole } = filledAndWhole(template, byHole);
        assert.deepEqual(jsFormOf(filled), jsFormOf(whole), text);
        for (const line of [
          `session ${a} closed after 5 s`,
          `x sshd[1]: Accepted pw for ${a} from ${b} port 2 ssh2`,
          `user ${a} did`,
          `${a}${b}`,
          `abc ${a} def ${a}`,
          // the literal part twice, the rest after the second only
          `session ${a} closed after x s, session ${a} closed after 5 s`,
          `id ${a} and ${b}: - id ${a} and ${b}: w9`,
          `word ${a}${a}x word ${a}`,
          `at ${a} at ${a} end`,
          `${a} x %SYS-5-RESTART: up`,
          `id ${a} and ${b} x`,
          'other',
          `id ${a}abbbc`,
          `a ${a} b ${b} c`,
          `x session ${a} closed`,
        ]) {
          assert.deepEqual(filled.regex.exec(line), whole.regex.exec(line), `${text} on ${line}`);
          // every literal the filled pattern says a match holds is in a line it matches
          if (filled.regex.test(line) && filled.required) {
            assert.ok(
              filled.required.some((lit) => line.toLowerCase().includes(lit)),
              `${JSON.stringify(filled.required)} in ${line}`,
            );
          }
        }
      }
    }
  }
});

test('a pattern that starts with literal text holding every hole is filled in without a regex of its own; others are compiled', () => {
  const filled = (template: string, values = ['v.1', 'w'].slice(0, template.match(/\$\d/g)?.length)): CompiledRegex => {
    const compiled = compileRegexTemplate(template, 1);
    assert.ok(compiled, template);
    return compiled.fill(values) as CompiledRegex;
  };
  for (const template of [
    'session $1 closed after (\\d+) s',
    '$1',
    'a $1 b $2 (c)',
    'x=$1$',
    '^end $1',
    '($1) .*? up',
    '(?:a ($1) b) $2',
    'id $1ab+c',
    'a $1 (b) $2',
  ]) {
    assert.equal(compileRegexTemplate(template, 1)?.compilesNothing, true, template);
    assert.ok(!(filled(template).regex instanceof RegExp), template);
  }
  // an anchor, a class, a group or a quantifier before the last hole: the pattern is compiled
  for (const template of ['sshd\\[\\d+\\]: for $1', '(a)+ $1', 'a+ $1', 'a $1 (b)? $2', '(?i)x $1', 'a $1|b', '(a $1)+', '(?=a)$1', '$1 (?:b|c)|d']) {
    assert.notEqual(compileRegexTemplate(template, 1)?.compilesNothing, true, template);
  }
  // an empty literal part is looked for at every place, up to the end of the line
  assert.deepEqual(filled('$1(x|$)', ['']).regex.exec('abx'), /(x|$)/.exec('abx'));
  assert.deepEqual(filled('$1(x|$)', ['']).regex.exec('abc'), /(x|$)/.exec('abc'));
  assert.equal(filled('$1(x)', ['']).regex.exec('abc'), null);
});

test('no template where a value could be read otherwise than as a literal, or the pattern is not for V8', () => {
  for (const template of [
    '(?i)user $1', // letters of the value would match either case
    'a[$1]', // inside a class
    '(\\w)\\1 $1', // a back reference: not in linear time
    '(?:xy){300} $1', // too long for V8's linear engine: RE2's
    'a \x01 $1', // holds a marker byte
    'a\\x01b $1', // makes one (an escape)
    'a[\\x01] $1', // a class of that byte alone is a literal
    'no variables',
    'a $:{entry:1}',
  ]) {
    assert.equal(compileRegexTemplate(template, 1), null, template);
  }
});

test('a value with a character above 0xff (only synthetic events hold them) is not filled in', () => {
  const compiled = compileRegexTemplate('id $1', 1);
  assert.ok(compiled);
  assert.equal(compiled.fill(['\u20ac']), null);
  assert.ok(compiled.fill(['\xff']));
});

test('a template over several lines fills as the filled-in text compiles for those lines', () => {
  const { filled, whole } = filledAndWhole('^start $1\\nend (\\d+)', ['a.b'], 2);
  assert.deepEqual(jsFormOf(filled), jsFormOf(whole));
  assert.deepEqual(filled.regex.exec('start a.b\nend 42\n'), whole.regex.exec('start a.b\nend 42\n'));
});

test("a byte of a marker not in use is the template's own, in the source and in the literals", () => {
  const { filled, whole } = filledAndWhole('a\x02b $1 end', ['v.1']);
  assert.deepEqual(jsFormOf(filled), jsFormOf(whole));
  assert.deepEqual(filled.required, whole.required);
  assert.deepEqual(filled.regex.exec('xa\x02b v.1 end'), whole.regex.exec('xa\x02b v.1 end'));
});
