import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compileRegex, perlToJs, perlToRe2, quotemeta } from '../../src/patterns/regex.js';

const re2 = (src: string) => {
  const c = compileRegex(src);
  assert.equal(c.engine, 're2', `expected RE2 for ${src}`);
  assert.equal(c.fallbackReason, undefined);
  return c.regex;
};
const js = (src: string) => {
  const c = compileRegex(src);
  assert.equal(c.engine, 'js', `expected the JavaScript fallback for ${src}`);
  assert.equal(typeof c.fallbackReason, 'string');
  assert.ok((c.fallbackReason as string).length > 0);
  return c.regex;
};
const groups = (m: RegExpExecArray | null): (string | undefined)[] | null => (m ? [...m] : null);

// ---- Perl → RE2 rewrites -------------------------------------------------

test('perlToRe2: \\e becomes ESC, inside and outside classes', () => {
  assert.equal(perlToRe2('a\\eb'), 'a\\x1Bb');
  assert.equal(perlToRe2('[\\e]'), '[\\x1B]');
});

test('perlToRe2: \\h is a space or tab, \\H the opposite', () => {
  assert.equal(perlToRe2('a\\hb'), 'a[ \\t]b');
  assert.equal(perlToRe2('[x\\h]'), '[x \\t]');
  assert.equal(perlToRe2('\\H+'), '[^ \\t]+');
});

test('perlToRe2: \\Z is end or before a final newline; kept inside a class', () => {
  assert.equal(perlToRe2('abc\\Z'), 'abc\\n?\\z');
  assert.equal(perlToRe2('[\\Z]'), '[\\Z]');
});

test('perlToRe2: other escapes and an escaped backslash are left alone', () => {
  assert.equal(perlToRe2('\\d+\\s\\w\\z\\A'), '\\d+\\s\\w\\z\\A');
  assert.equal(perlToRe2('\\\\e'), '\\\\e');
  assert.equal(perlToRe2('\\\\h\\\\Z'), '\\\\h\\\\Z');
});

test('perlToRe2: a ] right after [ or [^ is a class member, not the end', () => {
  assert.equal(perlToRe2('[]\\h]'), '[] \\t]');
  assert.equal(perlToRe2('[^]\\h]\\h'), '[^] \\t][ \\t]');
});

test('compiled \\e, \\h and \\Z match like Perl', () => {
  assert.equal(re2('^a\\eb$').test('a\x1bb'), true);
  assert.equal(re2('^a\\hb$').test('a b'), true);
  assert.equal(re2('^a\\hb$').test('a\tb'), true);
  assert.equal(re2('^a\\hb$').test('a\nb'), false);
  assert.equal(re2('^a\\Hb$').test('axb'), true);
  assert.equal(re2('^a\\Hb$').test('a b'), false);
  const z = re2('abc\\Z');
  assert.equal(z.test('abc'), true);
  assert.equal(z.test('abc\n'), true);
  assert.equal(z.test('abc\nx'), false);
  assert.equal(z.test('abc\n\n'), false);
});

// ---- RE2 behaviour -----------------------------------------------------

test('plain patterns compile on RE2 and capture', () => {
  const r = re2('^login failure for (\\S+) from (?<ip>[\\d.]+)$');
  const m = r.exec('login failure for bob from 10.0.0.1');
  assert.deepEqual(groups(m), ['login failure for bob from 10.0.0.1', 'bob', '10.0.0.1']);
  assert.equal(m?.groups?.ip, '10.0.0.1');
  assert.equal(r.source.length > 0, true);
});

test('RE2 handles POSIX classes, inline flags and \\Q...\\E', () => {
  assert.equal(re2('^[[:digit:]]+$').test('0123'), true);
  assert.equal(re2('^[[:digit:]]+$').test('01a'), false);
  assert.equal(re2('^[[:alpha:][:space:]]+$').test('ab c'), true);
  assert.equal(re2('^[[:^digit:]]+$').test('abc'), true);
  assert.equal(re2('^[[:^digit:]]+$').test('a1'), false);
  assert.equal(re2('(?i)^abc$').test('AbC'), true);
  assert.equal(re2('^\\Q.*\\E$').test('.*'), true);
  assert.equal(re2('^\\Q.*\\E$').test('xx'), false);
});

test('latin1 strings: one character per byte; \\w is ASCII only', () => {
  assert.equal(re2('^.$').test('\xe9'), true);
  assert.equal(re2('^\\w$').test('\xe9'), false);
  assert.equal(re2('^\\xe9$').test('\xe9'), true);
  assert.deepEqual(groups(re2('^(.)(.)$').exec('\xff\x80')), ['\xff\x80', '\xff', '\x80']);
});

test('. does not match a newline, ^ and $ are whole-string anchors', () => {
  assert.equal(re2('^a.b$').test('a\nb'), false);
  assert.equal(re2('^b$').test('a\nb'), false);
  assert.equal(re2('(?s)^a.b$').test('a\nb'), true);
  assert.equal(re2('(?m)^b$').test('a\nb'), true);
});

// ---- JavaScript fallback -------------------------------------------------

test('a backreference falls back to the JavaScript engine', () => {
  const r = js('^(\\w+) \\1$');
  assert.equal(r.test('hey hey'), true);
  assert.equal(r.test('hey you'), false);
});

test('lookahead and lookbehind fall back to the JavaScript engine', () => {
  assert.deepEqual(groups(js('(\\w+)(?=!)').exec('say hi!')), ['hi', 'hi']);
  assert.equal(js('(?<!no )way').test('no way'), false);
  assert.equal(js('(?<!no )way').test('a way'), true);
  assert.equal(js('^(?!x)').test('y'), true);
});

test('the fallback keeps the Perl spellings working: \\A \\z \\Z \\e \\h \\x{..} \\Q..\\E', () => {
  const a = js('\\A(a)\\1\\z');
  assert.equal(a.test('aa'), true);
  assert.equal(a.test('aa\n'), false);
  const z = js('(a)\\1\\Z');
  assert.equal(z.test('aa\n'), true);
  assert.equal(z.test('aa'), true);
  assert.equal(z.test('aa\nb'), false);
  assert.equal(js('^(\\e)\\1$').test('\x1b\x1b'), true);
  assert.equal(js('^(\\h)\\1[\\h]$').test('\t\t '), true);
  assert.equal(js('^(\\H)\\1$').test('xx'), true);
  assert.equal(js('^(\\H)\\1$').test('  '), false);
  assert.equal(js('^(\\x{41})\\1$').test('AA'), true);
  assert.equal(js('^(\\x{e9})\\1$').test('\xe9\xe9'), true);
  assert.equal(js('^(\\Q.*\\E)\\1$').test('.*.*'), true);
  assert.equal(js('^(\\Q.*\\E)\\1$').test('abab'), false);
});

test('the fallback turns POSIX classes into ranges', () => {
  const r = js('^([[:alpha:]]+)(?=[[:digit:]])');
  assert.deepEqual(groups(r.exec('abc1')), ['abc', 'abc']);
  assert.equal(r.test('ab-1'), false);
  assert.equal(js('^([[:upper:][:space:]]+)\\1$').test('A A '), true);
  assert.equal(js('^([[:xdigit:]])\\1$').test('ff'), true);
  assert.equal(js('^([[:xdigit:]])\\1$').test('gg'), false);
  assert.equal(js('^([[:punct:]])\\1$').test('!!'), true);
  assert.equal(js('^([[:punct:]])\\1$').test('aa'), false);
});

test('perlToJs: a leading (?imsx) group becomes flags (x dropped), (?#...) comments go', () => {
  assert.deepEqual(perlToJs('(?is)a(?#note)b'), { source: 'ab', flags: 'is' });
  assert.deepEqual(perlToJs('(?x)ab'), { source: 'ab', flags: '' });
  assert.equal(js('(?i)^(a)\\1$').test('aA'), true);
});

test('perlToJs: POSIX class names map to ranges, unknown ones stay', () => {
  assert.equal(perlToJs('[[:digit:]]').source, '[0-9]');
  assert.equal(perlToJs('[[:word:]x]').source, '[\\wx]');
  assert.equal(perlToJs('[[:nonsense:]]').source, '[[:nonsense:]]');
});

test('a pattern neither engine accepts throws with both reasons', () => {
  assert.throws(() => compileRegex('a(b'), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, /.+; .+/);
    return true;
  });
  assert.throws(() => compileRegex('(?<=a+'));
  assert.throws(() => compileRegex('*a'));
});

test('quotemeta escapes every ASCII non-word character; bytes above 0x7f stay (they match literally either way)', () => {
  assert.equal(quotemeta('a.b*c'), 'a\\.b\\*c');
  assert.equal(quotemeta('x_1 y'), 'x_1\\ y');
  assert.equal(quotemeta('\xe9'), '\xe9');
  assert.equal(quotemeta('(1)[2]'), '\\(1\\)\\[2\\]');
  assert.equal(quotemeta(''), '');
  const q = re2(`^${quotemeta('a+b (c)?')}$`);
  assert.equal(q.test('a+b (c)?'), true);
  assert.equal(q.test('aab c'), false);
  const hi = re2(`^${quotemeta('\xe9.\x80')}$`);
  assert.equal(hi.test('\xe9.\x80'), true);
  assert.equal(hi.test('\xe9x\x80'), false);
});
