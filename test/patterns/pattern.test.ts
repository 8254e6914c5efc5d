import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newMatchVars, type MatchCache, type MatchVars, varKey } from '../../src/patterns/matchVars.js';
import { matchPattern, NO_VARS, parsePattern, parseVarMap, PatternError, substrEscapes, type EventView, type Pattern } from '../../src/patterns/pattern.js';
import { compileRegex } from '../../src/patterns/regex.js';
import { view } from '../support/eventView.js';
import { byName } from '../support/vars.js';

const pat = (ptype: string, text: string): Pattern => parsePattern(ptype, text, 0);
const match = (ptype: string, text: string, line: string | string[], varmap: string | null = null, ev?: EventView): MatchVars | null =>
  matchPattern(pat(ptype, text), ev ?? view(Array.isArray(line) ? line : [line]), varmap === null ? null : parseVarMap(varmap));
/** The variables as a plain object of names, for deepEqual. */
const plain = byName;
/** The same for a match that is there. */
const named = (v: MatchVars | null): Record<string, string | undefined> => byName(v) as Record<string, string | undefined>;

// ---- SubStr ----------------------------------------------------------------

test('substrEscapes: \\n \\t \\r \\s \\0 \\\\ and nothing else', () => {
  assert.equal(substrEscapes('a\\nb\\tc\\rd\\se\\0f\\\\g'), 'a\nb\tc\rd ef\\g');
  assert.equal(substrEscapes('\\x\\d\\.'), '\\x\\d\\.');
  // left to right: \\ is one backslash, and the n after it stays
  assert.equal(substrEscapes('\\\\n'), '\\n');
  assert.equal(substrEscapes('\\\\\\n'), '\\\n');
  assert.equal(substrEscapes('end\\'), 'end\\');
});

test('SubStr parses its escapes at load time', () => {
  assert.deepEqual(pat('SubStr', 'a\\sb'), { type: 'SubStr', negate: false, lines: 1, text: 'a b' });
  assert.deepEqual(pat('NSubStr', 'x\\ty'), { type: 'SubStr', negate: true, lines: 1, text: 'x\ty' });
});

test('SubStr is a plain substring test: \\s is exactly one space, . is a dot', () => {
  assert.equal(match('SubStr', 'a\\sb', 'xx a b yy'), NO_VARS);
  assert.equal(match('SubStr', 'a\\sb', 'a\tb'), null);
  assert.equal(match('SubStr', 'a\\sb', 'a  b'), null);
  assert.equal(match('SubStr', 'c.d', 'c.d'), NO_VARS);
  assert.equal(match('SubStr', 'c.d', 'cxd'), null);
  assert.equal(match('SubStr', 'A', 'a'), null);
  assert.equal(match('SubStr', 'x\\0y', 'xy'), NO_VARS);
  assert.equal(match('SubStr', 'back\\\\slash', 'a back\\slash'), NO_VARS);
  assert.equal(match('SubStr', 'cr\\r', 'cr\r'), NO_VARS);
});

test('SubStr sets no variables (SEC then substitutes nothing)', () => {
  const v = match('SubStr', 'x', 'x');
  assert.equal(v, NO_VARS);
  assert.deepEqual(plain(v), {});
  assert.ok(Object.isFrozen(NO_VARS));
});

test('NSubStr matches when the text is absent, with no variables', () => {
  assert.equal(match('NSubStr', 'x', 'abc'), NO_VARS);
  assert.equal(match('NSubStr', 'b', 'abc'), null);
});

test('SubStr3 looks across the last three lines joined by newlines', () => {
  const p = pat('SubStr3', 'b\\nc');
  assert.equal(p.lines, 3);
  const ev = view(['a', 'b', 'c']);
  assert.equal(matchPattern(p, ev, null), NO_VARS);
  assert.deepEqual(ev.asked, [3]);
  assert.equal(matchPattern(p, view(['b', 'x', 'c']), null), null);
  // the buffer starts filled with empty lines
  assert.equal(match('SubStr3', '\\n\\nX', 'X'), NO_VARS);
});

// ---- RegExp ----------------------------------------------------------------

test('RegExp sets $0, numbered groups, _inputsrc and _intcontext', () => {
  const ev = view(['login bob from 10.0.0.1'], { source: '/var/log/auth.log', intContext: '_FILE_EVENT_/var/log/auth.log' });
  const v = matchPattern(pat('RegExp', 'login (\\w+) from (\\S+)'), ev, null);
  assert.deepEqual(plain(v), {
    0: 'login bob from 10.0.0.1',
    1: 'bob',
    2: '10.0.0.1',
    _inputsrc: '/var/log/auth.log',
    _intcontext: '_FILE_EVENT_/var/log/auth.log',
  });
});

test('RegExp: $0 is the whole text matched against, not only the matching part', () => {
  assert.equal(plain(match('RegExp', 'b(c)', 'abcd'))?.['0'], 'abcd');
});

test('RegExp without --intcontexts has an undefined _intcontext', () => {
  const v = named(match('RegExp', '(x)', 'x'));
  assert.equal('_intcontext' in v, true);
  assert.equal(v._intcontext, undefined);
  assert.equal(v._inputsrc, '-');
});

test('a RegExp with no groups sets $1 to 1', () => {
  assert.deepEqual(plain(match('RegExp', '^q5', 'q5 x')), { 0: 'q5 x', 1: '1', _inputsrc: '-', _intcontext: undefined });
});

test('a group that did not take part is set but undefined', () => {
  const v = named(match('RegExp', '^(a)(x)?(b)', 'ab'));
  assert.equal(v['1'], 'a');
  assert.equal('2' in v, true);
  assert.equal(v['2'], undefined);
  assert.equal(v['3'], 'b');
});

test('named groups are set by name and also numbered', () => {
  const v = named(match('RegExp', '^(a)(?<nm>b)?(?<other>c)', 'abc'));
  assert.equal(v.nm, 'b');
  assert.equal(v.other, 'c');
  assert.equal(v['2'], 'b');
  assert.equal(v['3'], 'c');
  const missing = named(match('RegExp', '^(a)(?<nm>b)?', 'a'));
  assert.equal(missing.nm, undefined);
  assert.equal(missing['2'], undefined);
});

test('ten and more groups are numbered on', () => {
  const v = named(match('RegExp', '(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)(.)', 'abcdefghijk'));
  assert.equal(v['10'], 'j');
  assert.equal(v['11'], 'k');
});

test('RegExp that does not match gives null', () => {
  assert.equal(match('RegExp', '^x', 'ax'), null);
});

test('NRegExp: a non-match sets only $0, _inputsrc and _intcontext; a match gives null', () => {
  const ev = view(['abc'], { source: 'f.log', intContext: 'CTX' });
  assert.deepEqual(plain(matchPattern(pat('NRegExp', '^(x)'), ev, null)), { 0: 'abc', _inputsrc: 'f.log', _intcontext: 'CTX' });
  assert.equal(match('NRegExp', 'b', 'abc'), null);
});

test('RegExp2 matches the last two lines joined by a newline; the buffer starts with empty lines', () => {
  const p = pat('RegExp2', '^(.*)\\n(.*)$');
  assert.equal(p.lines, 2);
  assert.deepEqual([plain(match('RegExp2', '^(.*)\\n(.*)$', 'first'))?.['1'], plain(match('RegExp2', '^(.*)\\n(.*)$', 'first'))?.['2']], ['', 'first']);
  const ev = view(['a', 'b', 'c']);
  const v = named(matchPattern(p, ev, null));
  assert.deepEqual([v['0'], v['1'], v['2']], ['b\nc', 'b', 'c']);
  assert.deepEqual(ev.asked, [2]);
});

test('RegExp3 \\A\\n\\nX matches the first input line X', () => {
  assert.notEqual(match('RegExp3', '\\A\\n\\nX', 'X'), null);
  assert.equal(match('RegExp3', '\\A\\n\\nX', ['Y', 'X']), null);
});

test('a RegExp given a separately compiled regex (Pair pattern2) uses it', () => {
  const p = parsePattern('RegExp', 'b$1', 0, 'RegExp');
  assert.equal(p.type === 'RegExp' && p.compiled, null);
  const v = matchPattern(p, view(['b7']), null, compileRegex('b(7)'));
  assert.equal(plain(v)?.['1'], '7');
});

test('the JavaScript fallback gives the same variables', () => {
  const p = pat('RegExp', '^(\\w+) \\1 (?<rest>.*)$');
  assert.equal(p.type === 'RegExp' && p.compiled?.engine, 'js');
  const v = named(matchPattern(p, view(['hey hey you']), null));
  assert.deepEqual([v['1'], v['2'], v.rest], ['hey', 'you', 'you']);
});

// ---- varmap ----------------------------------------------------------------

test('varmap names groups; a number beyond the groups is undefined', () => {
  const v = named(match('RegExp', '(\\w+) from (\\S+)', 'bob from 1.2.3.4', 'user=1; ip=2; none=3'));
  assert.equal(v.user, 'bob');
  assert.equal(v.ip, '1.2.3.4');
  assert.equal('none' in v, true);
  assert.equal(v.none, undefined);
  assert.equal(v['1'], 'bob');
});

test('varmap with a RegExp without groups: 1 maps to the value 1', () => {
  const v = named(match('RegExp', 'abc', 'abc', 'one=1; two=2'));
  assert.equal(v.one, '1');
  assert.equal(v.two, undefined);
});

test('varmap =0 names $0', () => {
  assert.equal(plain(match('RegExp', 'b(c)', 'abcd', 'all=0'))?.all, 'abcd');
});

test('a bare varmap name stores all the variables in the match cache', () => {
  const cache: MatchCache = new Map();
  const ev = view(['user bob'], { cache });
  const v = matchPattern(pat('RegExp', 'user (\\w+)'), ev, parseVarMap('login; name=1'));
  assert.notEqual(v, null);
  assert.equal(v?.login, undefined);
  assert.deepEqual([...cache.keys()], ['login']);
  assert.deepEqual(plain(cache.get('login') ?? null), { 0: 'user bob', 1: 'bob', name: 'bob', _inputsrc: '-', _intcontext: undefined });
  // a copy: later changes to the variables do not reach the cache
  (v as MatchVars)[varKey('1')] = 'changed';
  assert.equal(plain(cache.get('login') ?? null)?.['1'], 'bob');
});

test('no cache entry is made when the RegExp does not match', () => {
  const cache: MatchCache = new Map();
  matchPattern(pat('RegExp', 'nomatch(x)'), view(['abc'], { cache }), parseVarMap('entry'));
  assert.equal(cache.size, 0);
});

test('parseVarMap: names with numbers, leading zeros, spaces, and cache entries', () => {
  assert.deepEqual(parseVarMap('a=1'), new Map([['a', 1]]));
  assert.deepEqual(
    parseVarMap(' a = 01 ; b ;c_2=10'),
    new Map<string, number | null>([
      ['a', 1],
      ['b', null],
      ['c_2', 10],
    ]),
  );
  assert.deepEqual(parseVarMap('a=1;'), new Map([['a', 1]]));
  assert.deepEqual(parseVarMap(';'), new Map());
});

test('parseVarMap: bad mappings (checked against the real sec)', () => {
  const bad = (text: string, part: string): void => {
    assert.throws(
      () => parseVarMap(text),
      (e: unknown) => {
        assert.ok(e instanceof PatternError);
        assert.equal(
          e.message,
          `Invalid variable map '${text}': the variable mapping '${part}' does not have the form <letter>[<letter>|<digit>|<underscore>]... [= <number>]`,
        );
        return true;
      },
    );
  };
  bad('1x=1', '1x=1');
  bad('a=x', 'a=x');
  bad('a=-1', 'a=-1');
  bad('_a=1', '_a=1');
  bad('a=1;;b=2', '');
  bad('; a=1', '');
});

// ---- TValue, Cached, PerlFunc ------------------------------------------------

test('TValue TRUE always matches with no variables, FALSE never', () => {
  assert.deepEqual(pat('TValue', 'true'), { type: 'TValue', lines: 1, value: true });
  assert.equal(match('TValue', 'TRUE', 'anything'), NO_VARS);
  assert.equal(match('TValue', 'False', 'anything'), null);
});

test('Cached returns a copy of the cache entry, null when there is none', () => {
  const entry: MatchVars = Object.assign(newMatchVars(), { 0: 'line', 1: 'x', user: 'bob' });
  const cache: MatchCache = new Map([['seen', entry]]);
  const v = matchPattern(pat('Cached', 'seen'), view(['other'], { cache }), null);
  assert.deepEqual(plain(v), { 0: 'line', 1: 'x', user: 'bob' });
  assert.notEqual(v, entry);
  assert.equal(matchPattern(pat('Cached', 'unseen'), view(['other'], { cache }), null), null);
});

test('NCached matches when the entry is missing, with no variables', () => {
  const cache: MatchCache = new Map([['seen', newMatchVars()]]);
  assert.equal(matchPattern(pat('NCached', 'unseen'), view(['x'], { cache }), null), NO_VARS);
  assert.equal(matchPattern(pat('NCached', 'seen'), view(['x'], { cache }), null), null);
});

test('PerlFunc: a list result sets $1.., nothing or one false value does not match', () => {
  const p = pat('PerlFunc2', 'sub { return 0 unless $_[1] =~ /^(\\w+) (\\w+)$/; return ($2, $1, scalar(@_), $_[2]) }');
  assert.equal(p.type, 'PerlFunc');
  assert.deepEqual(plain(match('PerlFunc2', p.type === 'PerlFunc' ? p.code : '', ['before', 'a b'])), {
    0: 'before\na b',
    1: 'b',
    2: 'a',
    3: '3',
    4: '-',
    _inputsrc: '-',
    _intcontext: undefined,
  });
  assert.equal(match('PerlFunc', 'sub { return () }', 'x'), null);
  assert.equal(match('PerlFunc', 'sub { return "0" }', 'x'), null);
  assert.equal(plain(match('PerlFunc', 'sub { return (0, 0) }', 'x'))?.[1], '0', 'two false values still match');
});

test('PerlFunc: one hash reference gives named variables; varmap numbers count the values', () => {
  assert.deepEqual(plain(match('PerlFunc', 'sub { return { user => "bob", none => undef } }', 'line')), {
    user: 'bob',
    none: undefined,
    0: 'line',
    _inputsrc: '-',
    _intcontext: undefined,
  });
  const cache: MatchCache = new Map();
  const v = matchPattern(pat('PerlFunc', 'sub { return ("a", "b") }'), view(['l'], { cache }), parseVarMap('ENTRY; first=1; third=3; whole=0'));
  assert.equal(v?.first, 'a');
  assert.equal(v?.third, undefined);
  assert.equal(v?.whole, 'l');
  assert.equal(cache.get('ENTRY')?.first, 'a');
});

test('NPerlFunc matches when the function returns nothing or one false value, setting only $0', () => {
  assert.deepEqual(plain(match('NPerlFunc', 'sub { return $_[0] eq "yes" }', 'no')), { 0: 'no', _inputsrc: '-', _intcontext: undefined });
  assert.equal(match('NPerlFunc', 'sub { return $_[0] eq "yes" }', 'yes'), null);
  assert.equal(match('NPerlFunc', 'sub { die "x\\n" }', 'no'), null, 'a function that dies matches neither way');
});

test("PerlFunc code that does not give a code reference makes the pattern invalid, with Perl's reason", () => {
  assert.throws(() => pat('PerlFunc', '"just text"'), /^Error: Invalid function '"just text"', eval didn't return a code reference: just text$/);
  assert.throws(() => pat('PerlFunc', 'sub { ( }'), /eval didn't return a code reference: syntax error/);
});

// ---- parsePattern --------------------------------------------------------------

test('pattern types are case-insensitive and N may have leading zeros', () => {
  assert.equal(pat('regexp', 'x').type, 'RegExp');
  assert.equal(pat('REGEXP', 'x').type, 'RegExp');
  assert.equal(pat('nRegExp', 'x').type === 'RegExp' && (pat('nRegExp', 'x') as { negate: boolean }).negate, true);
  assert.equal(pat('RegExp02', 'x').lines, 2);
  assert.equal(pat('SUBSTR10', 'x').lines, 10);
  assert.equal(pat('ncached', 'x').type, 'Cached');
  assert.equal(pat('TVALUE', 'TRUE').type, 'TValue');
});

test('parsePattern errors', () => {
  const err = (ptype: string, text: string, message: string | RegExp, bufsize = 0): void => {
    assert.throws(
      () => parsePattern(ptype, text, bufsize),
      (e: unknown) => {
        assert.ok(e instanceof PatternError);
        if (typeof message === 'string') assert.equal(e.message, message);
        else assert.match(e.message, message);
        return true;
      },
    );
  };
  err('RegExp0', 'x', "Invalid pattern type 'RegExp0'");
  err('Cached2', 'x', "Invalid pattern type 'Cached2'");
  err('TValue2', 'TRUE', "Invalid pattern type 'TValue2'");
  err('regexpx', 'x', "Invalid pattern type 'regexpx'");
  err('TValue', 'yes', "Invalid truth value 'yes'");
  err('Cached', 'a-b', "Invalid cached pattern name 'a-b': the name does not have the form <letter>[<letter>|<digit>|<underscore>]...");
  err('RegExp', '(', /^Invalid regular expression '\(': ./);
  err('SubStr4', 'x', "Pattern type 'SubStr4' is designed to match 4 lines, please set --bufsize command line option to at least 4", 3);
  err('NRegExp2', 'x', "Pattern type 'NRegExp2' is designed to match 2 lines, please set --bufsize command line option to at least 2", 1);
});

test('Pair pattern2: a RegExp with $ variables is left uncompiled after a RegExp/Cached first pattern only', () => {
  const compiled = (first: Pattern['type']): boolean => {
    const p = parsePattern('RegExp', 'x$1', 0, first);
    return p.type === 'RegExp' && p.compiled !== null;
  };
  assert.equal(compiled('RegExp'), false);
  assert.equal(compiled('Cached'), false);
  assert.equal(compiled('PerlFunc'), false);
  assert.equal(compiled('SubStr'), true);
  assert.equal(compiled('TValue'), true);
  // $$ counts as a variable; no $ at all is compiled
  assert.equal((parsePattern('RegExp', 'x$$', 0, 'RegExp') as { compiled: unknown }).compiled, null);
  assert.notEqual((parsePattern('RegExp', 'x', 0, 'RegExp') as { compiled: unknown }).compiled, null);
  // a first pattern alone is always compiled, even with $ in it
  assert.notEqual((parsePattern('RegExp', 'x$', 0) as { compiled: unknown }).compiled, null);
});
