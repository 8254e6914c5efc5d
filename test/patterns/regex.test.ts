import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Logger } from '../../src/log/logger.js';
import { perlSettings } from '../../src/perl/interpreter.js';
import { VirtualClock } from '../../src/time/clock.js';
import { fillKeepingShape } from '../../src/patterns/matchVars.js';
import { compileRegex, PerlSyntaxError, quotemeta, runsInLinearTime, type CompiledRegex } from '../../src/patterns/regex.js';
import { askPerl, perlAvailable } from './perlRegexOracle.js';

/** Match as the engine does: RE2 gets the UTF-8 bytes of the latin1 text. */
function exec(c: CompiledRegex, text: string): (string | undefined)[] | null {
  const m = c.regex.exec(c.engine === 're2' ? Buffer.from(text, 'utf8') : text);
  if (!m) return null;
  const out: (string | undefined)[] = [];
  for (let i = 0; i < m.length; i++)
    out.push(m[i] === undefined || typeof m[i] === 'string' ? (m[i] as string | undefined) : (m[i] as Buffer).toString('utf8'));
  return out;
}
const matches = (src: string, text: string, lines = 1): boolean => exec(compileRegex(src, lines), text) !== null;
const engine = (src: string, lines = 1): string => compileRegex(src, lines).engine;
/** A pattern only Perl runs exactly: on the Perl interpreter, with the reason named. */
const onPerl = (src: string, reason: RegExp): void => {
  const c = compileRegex(src);
  assert.equal(c.engine, 'perl', src);
  assert.match(c.perlReason ?? '', reason, src);
};
const invalid = (src: string): void => {
  assert.throws(() => compileRegex(src), PerlSyntaxError, src);
};

// ---- the examples of issue 8 -------------------------------------------------

test('(?x) strips whitespace and comments instead of being dropped', () => {
  assert.equal(matches('(?x) ab \\s c', 'ab c'), true);
  assert.equal(matches('(?x) ab \\s c', ' ab  c'), false);
  assert.equal(matches('(?x) a # comment\n b', 'ab'), true);
  assert.equal(matches('(?x)a\\ b[ ]c', 'a b c'), true);
});

test('\\o{}, \\N{U+...} and a{,3} mean what they mean in Perl 5.36', () => {
  assert.equal(matches('^\\o{101}$', 'A'), true);
  assert.equal(matches('^\\N{U+0041}$', 'A'), true);
  assert.deepEqual(exec(compileRegex('^(a{,3})'), 'aaaa'), ['aaa', 'aaa']);
});

test('atomic groups, possessive quantifiers and (?P=name) run exactly on JavaScript', () => {
  assert.equal(engine('(?>a+)b'), 'js');
  assert.equal(matches('(?>a+)b', 'aab'), true);
  assert.equal(matches('(?>a+)ab', 'aab'), false); // the atomic group gives nothing back
  assert.equal(matches('a++b', 'aaab'), true);
  assert.equal(matches('a++a', 'aaa'), false);
  assert.deepEqual(exec(compileRegex('(?>(x))(y)\\2'), 'xyy'), ['xyy', 'x', 'y']); // hidden groups are not numbered
  assert.equal(matches('(?P<n>a)(?P=n)', 'aa'), true);
  assert.equal(matches('(a)\\g{-1}', 'aa'), true);
});

test('constructs neither RE2 nor JavaScript runs exactly run on the Perl interpreter, the construct named', () => {
  onPerl('ab\\Kcd', /^the Perl construct \\K$/);
  onPerl('\\X', /\\X/);
  onPerl('\\b{wb}', /\\b\{/);
  onPerl('(?|(a)|(b))', /\(\?\|/);
  onPerl('(?(1)a|b)', /\(\?\(/);
  onPerl('(*FAIL)', /\(\*FAIL\)/);
  onPerl('a{2,1}', /\{2,1\}/);
  onPerl('\\p{L}', /\\p/);
  // Perl fails a backreference to a group that has not matched, JavaScript matches ""
  onPerl('\\1(a)', /backreference to a group that may not have matched/);
  onPerl('(a)?\\1', /backreference to a group that may not have matched/);
});

test('on Perl: $& and groups numbered as Perl numbers them, undef for groups that did not take part', () => {
  assert.deepEqual(exec(compileRegex('ab\\Kcd'), 'xabcd'), ['cd']);
  assert.equal(matches('ab\\Kcd', 'abce'), false);
  assert.deepEqual(exec(compileRegex('^(?|a(\\d)|b(\\d)(x)?)(y)'), 'b5y'), ['b5y', '5', undefined, 'y']);
  assert.deepEqual(exec(compileRegex('^(a)?(?(1)b|c)$'), 'ab'), ['ab', 'a']);
  assert.deepEqual(exec(compileRegex('^(a)?(?(1)b|c)$'), 'c'), ['c', undefined]);
  assert.deepEqual(exec(compileRegex('^(\\((?:[^()]|(?1))*\\))$'), '(a(b)c)'), ['(a(b)c)', '(a(b)c)']);
  assert.equal(matches('^(\\((?:[^()]|(?1))*\\))$', '(a(b c)'), false);
  assert.deepEqual(exec(compileRegex('a(?R)?b'), 'xaabb'), ['aabb']);
  assert.deepEqual(exec(compileRegex('^\\X$'), 'e'), ['e']);
  assert.equal(compileRegex('(?|(?<n>a)|(?<m>b))').regex.test('b'), true);
});

test('on Perl: named groups as %+ gives them, the leftmost defined of a name, only those that took part', () => {
  const m = compileRegex('(?|(?<n>a)|(?<m>b))(?<k>x)?').regex.exec('b');
  assert.deepEqual({ ...m?.groups }, { n: 'b', m: 'b' }); // branch reset: both names are group 1
  const dup = compileRegex('^(?<n>a)?(?<n>b)\\K').regex.exec('b');
  assert.deepEqual({ ...dup?.groups }, { n: 'b' });
  assert.equal(compileRegex('(a)\\K').regex.exec('a')?.groups, undefined);
});

test('on Perl: the bytes of the latin1 text, as SEC matches them', () => {
  assert.deepEqual(exec(compileRegex('(\\xe9+)\\K\\X'), 'a\xe9\xe9\xff'), ['\xff', '\xe9\xe9']);
  assert.equal(matches('^\\w\\K$', '\xe9'), false); // \w is ASCII on bytes
});

test('on Perl: a die while matching (endless recursion) is logged and counts as no match', () => {
  const logs: string[] = [];
  perlSettings.log = new Logger(new VirtualClock(), 6, false, (m) => logs.push(m));
  try {
    assert.equal(matches('(?R)', 'a'), false);
  } finally {
    perlSettings.log = null;
  }
  assert.equal(logs.length, 1);
  assert.match(logs[0], /^Regular expression '\(\?R\)' failed on the Perl interpreter: Infinite recursion in regex$/);
});

test("a pattern our parser cannot judge and Perl refuses is refused with Perl's reason, without its marker", () => {
  assert.throws(
    () => compileRegex('(?(1)a|b|c)'),
    (e: unknown) => e instanceof PerlSyntaxError && e.message === 'Switch (?(condition)... contains too many branches in regex',
  );
});

test('patterns Perl refuses are refused', () => {
  for (const src of ['(\\k<y>\\S+)', '(a)\\2', 'x{99999}', '[[:foo:]]', '[[:constructor:]]', 'a(b', 'a)', '*a', 'a**', '[z-a]', 'a\\', '(?<=a+)b', '(?z)'])
    invalid(src);
});

// ---- Perl's byte semantics -------------------------------------------------------

test('\\s includes the vertical tab; \\w and \\d are ASCII only on bytes', () => {
  assert.equal(matches('^\\s$', '\x0b'), true);
  assert.equal(matches('^\\s$', '\xa0'), false);
  assert.equal(matches('^\\w$', '\xe9'), false);
  assert.equal(matches('^\\W$', '\xe9'), true);
  assert.equal(matches('^[[:word:]]+$', 'a_1'), true);
  assert.equal(matches('^[[:alpha:]]$', '\xe9'), false);
  assert.equal(matches('^\\h$', '\xa0'), true);
});

test('case-insensitive matching folds ASCII letters only, as Perl does on bytes', () => {
  assert.equal(matches('(?i)^abc$', 'AbC'), true);
  assert.equal(matches('(?i)^\xe9$', '\xc9'), false);
  assert.equal(matches('(?i)^[a-c]+$', 'ABC'), true);
  assert.equal(matches('(?i)^[^a]$', 'A'), false);
  assert.equal(matches('a(?i)b|c', 'C'), true); // the modifier reaches later alternatives
  assert.equal(matches('(?i:a)b', 'AB'), false);
});

test('$ and \\Z match before a final newline of a multi-line text; \\z does not', () => {
  assert.equal(matches('a$', 'a\n', 2), true);
  assert.equal(matches('a\\Z', 'a\n', 2), true);
  assert.equal(matches('a\\z', 'a\n', 2), false);
  assert.equal(matches('a$', 'a\nb', 2), false);
  assert.equal(engine('(?:ab){1,30}$', 2), 'js');
  assert.equal(engine('(?:ab){1,30}$'), 're2'); // one line holds no newline: $ is the end, as RE2 has it
  assert.equal(matches('(?m)^b', 'a\nb', 2), true);
  assert.equal(matches('(?m)\\n^', 'a\n', 2), false); // not after the last newline
});

test('. does not match a newline but does match a return; \\N is the same', () => {
  assert.equal(matches('^a.b$', 'a\rb'), true);
  assert.equal(matches('a.b', 'a\nb', 2), false);
  assert.equal(matches('(?s)a.b', 'a\nb', 2), true);
  assert.equal(matches('a\\Nb', 'a\nb', 2), false);
});

test('\\1..\\9 are backreferences; \\0 and \\101 are octal; \\B does not split a byte', () => {
  assert.equal(matches('^(a)\\1$', 'aa'), true);
  assert.equal(matches('^\\101$', 'A'), true);
  assert.equal(matches('^a\\0$', 'a\0'), true);
  assert.equal(matches('\\B', 'a\xc9b'), false); // on RE2's UTF-8 bytes it would match inside the É
});

test('a literal { where it is no quantifier', () => {
  assert.equal(matches('^a{b}$', 'a{b}'), true);
  assert.equal(matches('^{$', '{'), true);
  assert.equal(matches('^x{1$', 'x{1'), true);
});

// ---- engines and groups ------------------------------------------------------------

test("V8 when its linear-time engine can run the pattern, else RE2, else V8's backtracking engine", () => {
  const c = compileRegex('^(\\w+) (\\d+)$');
  assert.equal(c.engine, 'js');
  assert.deepEqual(exec(c, 'ab 12'), ['ab 12', 'ab', '12']);
  // a counted repeat of a group past V8's linear-time limit, a backreference, a repeat past RE2's limit
  assert.equal(engine('^(\\w+) ((?:\\d\\.){1,30})$'), 're2');
  assert.equal(engine('(a)\\1'), 'js');
  assert.equal(engine('a{2000}'), 'js');
});

test("a count past 16 on one character is split for V8's linear-time engine, with the same matches and groups as Perl", {
  skip: !perlAvailable() && 'no perl here',
}, () => {
  const onV8 = ['^(a{17})(a*)$', '(a{0,40})(a{3})b', '(a{0,40}?)(a{3})b', '(a{5,33})(a+)', '(a{5,33}?)(a*)$', 'x(a{20,})(a)', 'x(a{20,}?)(a{2})'];
  onV8.push('(a{40})', '(a{16,17})(a?)', '([0-9a-f:]{17}) via', '^([0-9a-f]{32})$', '(\\d{1,30})(\\d{5})', '(.{0,100}?)(b)', '(a{0,1000})$');
  // possessive: an atomic part, not for the linear-time engine, but split all the same
  const others = ['(a{17,40}+)(a?)', 'x(a{0,33}+)a'];
  for (const p of onV8) assert.equal(compileRegex(p).engine, 'js', p);
  const lines: string[] = [];
  for (let n = 0; n <= 50; n += n < 20 ? 1 : 3) lines.push('a'.repeat(n), `x${'a'.repeat(n)}b`, `${'a'.repeat(n)}b${'a'.repeat(n % 7)}`, '9'.repeat(n));
  lines.push(
    '00:1a:2b:3c:4d:5e via eth0',
    'mac 00:1a:2b:3c:4d:5 via x',
    'd41d8cd98f00b204e9800998ecf8427e',
    'd41d8cd98f00b204e9800998ecf8427',
    `${'a'.repeat(1100)}`,
  );
  const patterns = [...onV8, ...others];
  const answers = askPerl(patterns.map((pattern) => ({ pattern, lines })));
  patterns.forEach((p, k) => {
    const answer = answers[k];
    assert.ok(answer.ok, p);
    const c = compileRegex(p);
    lines.forEach((line, i) => {
      const theirs = answer.matches[i];
      assert.deepEqual(exec(c, line)?.slice(1) ?? null, theirs === null ? null : theirs.groups, `${p} on ${line.slice(0, 40)}`);
    });
  });
});

test('a pattern V8 would backtrack on for ages finishes: V8 switches to its linear-time engine', () => {
  const c = compileRegex('^(a+)+$');
  assert.equal(c.engine, 'js');
  const started = process.hrtime.bigint();
  assert.equal(matches('^(a+)+$', `${'a'.repeat(5000)}b`), false);
  // backtracking would take longer than the age of the universe; the linear engine takes milliseconds
  assert.ok(Number(process.hrtime.bigint() - started) / 1e9 < 5);
});

test('required literals: every match holds one of them (case folded)', () => {
  const required = (src: string): string[] | null => compileRegex(src).required;
  assert.deepEqual(required('sshd\\[\\d+\\]: Failed password for (\\S+)'), [']: failed password for ']);
  assert.deepEqual(required('^\\w+ (?:Accepted|Failed) password'), [' password']);
  assert.deepEqual(required('(?i)kernel: OOM'), ['kernel: oom']);
  assert.deepEqual(required('(?:foo|Bar)\\d'), ['foo', 'bar']);
  assert.equal(required('^\\d+$'), null);
  assert.equal(required('(?:foo)?bar|x'), null);
  assert.equal(required('ab'), null); // too short to rule anything out
});

test('alternative literals: a second set every match holds, from an alternation', () => {
  const alternatives = (src: string): string[] | null => compileRegex(src).alternatives;
  const probe = 'kernel: \\[\\s*[\\d.]+\\] \\[UFW BLOCK\\] IN=\\w+ .* PROTO=TCP SPT=\\d+ DPT=(3389|5900) ';
  assert.deepEqual(alternatives(probe), ['3389', '5900']);
  assert.deepEqual(compileRegex(probe).required, ['] [ufw block] in=']);
  assert.deepEqual(alternatives('nginx: "[A-Z]+ (/wp-login\\.php|/\\.env|/cgi-bin/\\S*)[ ?]'), ['/wp-login.php', '/.env', '/cgi-bin/']);
  assert.deepEqual(alternatives('(?:(?:sqlmap|Nikto)/\\d+)+ agent'), ['sqlmap', 'nikto']);
  assert.equal(alternatives('sshd\\[\\d+\\]: Failed password for (\\S+)'), null, 'no alternation');
  assert.equal(alternatives('x (?:ab|cd) y'), null, 'too short to rule anything out');
  assert.equal(alternatives('x (?:abc|def)? y'), null, 'an optional alternation is not required');
  assert.equal(alternatives('(?:abc|def)(?=x)|ghi'), null, 'a top-level alternation is the required set itself, with no other');
});

test('lower-case required literals: only where lower-casing a line cannot hide one', () => {
  const lowerCase = (src: string): string[] | null => compileRegex(src).lowerCaseRequired;
  assert.deepEqual(lowerCase('(?i)Close Alpha now'), ['close alpha now']);
  assert.deepEqual(lowerCase('caf\xe9 open'), ['caf\u00e9 open']);
  // toLowerCase turns the latin1 capital into \u00e0, which the literal does not hold
  assert.equal(lowerCase('close \xc0-host'), null);
  assert.equal(lowerCase('^\\d+$'), null);
});

test('named groups: numbered too, duplicates allowed, %+ takes the leftmost that matched', () => {
  const c = compileRegex('(?<n>a)|(?<n>b)');
  const m = c.regex.exec(c.engine === 're2' ? Buffer.from('b') : 'b');
  assert.equal(m?.length, 3);
  assert.equal(String(m?.groups?.n), 'b');
  assert.equal(String(compileRegex("(?'x'c)").regex.exec(Buffer.from('c'))?.groups?.x), 'c');
});

test('quotemeta escapes every ASCII non-word character; bytes above 0x7f stay (they match literally either way)', () => {
  assert.equal(quotemeta('a.b*c'), 'a\\.b\\*c');
  assert.equal(quotemeta('x_1 y'), 'x_1\\ y');
  assert.equal(quotemeta('\xe9'), '\xe9');
  assert.equal(quotemeta('(1)[2]'), '\\(1\\)\\[2\\]');
  assert.equal(quotemeta(''), '');
  assert.equal(matches(`^${quotemeta('a+b (c)?')}$`, 'a+b (c)?'), true);
  assert.equal(matches(`^${quotemeta('a+b (c)?')}$`, 'aab c'), false);
  assert.equal(matches(`^${quotemeta('\xe9.\x80')}$`, '\xe9.\x80'), true);
  assert.equal(matches(`^${quotemeta('\xe9.\x80')}$`, '\xe9x\x80'), false);
});

test('literal characters share one set per byte across patterns: classes, case folding and negation in later patterns leave them as they were', () => {
  const before = compileRegex('xa-Q');
  // classes and escapes over the same bytes, caseless and negated, in between
  for (const source of ['[^a]', '(?i)A[a-q]', '[xa\\-Q]+', '\\Qxa-Q\\E', '(?i)[^xA]', '[[:^alpha:]a]']) compileRegex(source);
  const after = compileRegex('xa-Q');
  for (const c of [before, after]) {
    assert.ok(c.regex.exec('..xa-Q..'));
    for (const miss of ['xb-Q', 'Xa-Q', 'xA-Q', 'xa-q', 'xaQ']) assert.equal(c.regex.exec(miss), null, miss);
    assert.deepEqual(c.required, ['xa-q']);
  }
  const caseless = compileRegex('(?i)xa');
  for (const hit of ['xa', 'XA', 'xA']) assert.ok(caseless.regex.exec(hit), hit);
  assert.equal(caseless.regex.exec('xb'), null);
});

test('runsInLinearTime: true where V8 takes the pattern with the l flag, false for back references and lookarounds', () => {
  assert.equal(runsInLinearTime('^session (\\S+) closed after \\d+ s$'), true);
  assert.equal(runsInLinearTime('(\\w)\\1'), false);
  assert.equal(runsInLinearTime('a(?=b)'), false);
  assert.equal(runsInLinearTime('a(?<!b)c'), false);
  assert.equal(runsInLinearTime('(?:xy){300} a'), false);
  assert.equal(runsInLinearTime('x{300} a'), true, 'one character: the count is split');
});

test("compileRegex given the linear verdict of a template's shape compiles each filled-in pattern as it does without", () => {
  // the verdict picks the engine: V8's backtracking one (linear), else RE2 ((?:xy){300} is too long for the l flag)
  const templates = ['^session $1 closed after (\\d+) s$', '(?:xy){300} $1', '(\\w)\\1 $1', '(?i)user $1 from ([\\d.]+)', '$1(?=x)', 'a $1|b $2'];
  const values = ['s1x', 'a.b', '(x)', '1', '{3}', '\\', '\xe9t\xe9', ' #'];
  for (const template of templates) {
    const shape = fillKeepingShape(template, 'x');
    assert.ok(shape !== null, template);
    const verdict = runsInLinearTime(shape);
    for (const value of values) {
      const source = template.replace(/\$(\d)/g, () => quotemeta(value));
      const told = compileRegex(source, 1, verdict);
      const asked = compileRegex(source, 1);
      assert.equal(told.engine, asked.engine, source);
      assert.equal(String((told.regex as unknown as RegExp).source), String((asked.regex as unknown as RegExp).source), source);
      assert.deepEqual(told.required, asked.required, source);
    }
  }
});
