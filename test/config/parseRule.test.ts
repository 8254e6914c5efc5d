import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRule, RuleError, type ParsedRule } from '../../src/config/parseRule.js';
import type { Rule, FileOptions } from '../../src/rules/types.js';

const WHERE = { file: 'r.conf', index: 4, line: 7, bufsize: 0 };

const fieldsOf = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));

function parsed(o: Record<string, string>, warnings: string[] = [], bufsize = 0): ParsedRule {
  return parseRule(fieldsOf(o), { ...WHERE, bufsize }, { warn: (m) => warnings.push(m), note: (m) => warnings.push(`note: ${m}`) });
}

function rule(o: Record<string, string>, warnings: string[] = []): Rule {
  const p = parsed(o, warnings);
  assert.equal(p.kind, 'rule');
  return (p as { kind: 'rule'; rule: Rule }).rule;
}

function options(o: Record<string, string>, warnings: string[] = []): FileOptions {
  const p = parsed(o, warnings);
  assert.equal(p.kind, 'options');
  return (p as { kind: 'options'; options: FileOptions }).options;
}

/** The reasons of the RuleError that parsing `o` throws. */
function reasons(o: Record<string, string>, bufsize = 0): string[] {
  let caught: unknown;
  try {
    parsed(o, [], bufsize);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof RuleError, `expected a RuleError for ${JSON.stringify(o)}, got ${String(caught)}`);
  return caught.reasons;
}

const fails = (o: Record<string, string>, ...expected: string[]): void => assert.deepEqual(reasons(o), expected);

const SINGLE = { type: 'Single', ptype: 'SubStr', pattern: 'x', desc: 'd', action: 'none' };
const PAIR = { type: 'Pair', ptype: 'SubStr', pattern: 'a', desc: 'd', action: 'none', ptype2: 'SubStr', pattern2: 'b', desc2: 'd2', action2: 'none' };
const THRESH = { type: 'SingleWithThreshold', ptype: 'SubStr', pattern: 'x', desc: 'd', action: 'none', window: '5', thresh: '3' };
const THRESH2 = {
  type: 'SingleWith2Thresholds',
  ptype: 'SubStr',
  pattern: 'x',
  desc: 'd',
  action: 'none',
  window: '5',
  thresh: '3',
  desc2: 'd2',
  action2: 'none',
  window2: '6',
  thresh2: '1',
};
const GROUP = { type: 'EventGroup', ptype: 'SubStr', pattern: 'x', desc: 'd', action: 'none', window: '5' };
const GROUP3 = {
  type: 'EventGroup3',
  ptype: 'SubStr',
  pattern: 'a',
  ptype2: 'SubStr',
  pattern2: 'b',
  ptype3: 'RegExp',
  pattern3: 'c(\\d)',
  desc: 'd',
  action: 'none',
  window: '5',
};
const CALENDAR = { type: 'Calendar', time: '0 12 * * *', desc: 'noon', action: 'none' };

// ---- every rule type ---------------------------------------------------

test('Single: pattern, desc, action and the rule position', () => {
  const r = rule({ ...SINGLE, action: 'write - a; none' });
  assert.equal(r.type, 'Single');
  assert.equal(r.file, 'r.conf');
  assert.equal(r.index, 4);
  assert.equal(r.line, 7);
  if (r.type !== 'Single') return;
  assert.equal(r.desc, 'd');
  assert.deepEqual(r.pattern, { type: 'SubStr', negate: false, lines: 1, text: 'x' });
  assert.deepEqual(r.action.actions, [{ kind: 'write', file: '-', text: 'a' }, { kind: 'none' }]);
  assert.deepEqual(r.continue, { mode: 'DontCont' });
  assert.equal(r.varmap, null);
  assert.equal(r.context, null);
});

test('SingleWithScript: the script is a shell line by default, a word list with shell=no', () => {
  const r = rule({ ...SINGLE, type: 'SingleWithScript', script: '/bin/check  one   two' });
  assert.equal(r.type, 'SingleWithScript');
  if (r.type !== 'SingleWithScript') return;
  assert.equal(r.script, '/bin/check  one   two');
  assert.equal(r.action2, null);
  const noShell = rule({ ...SINGLE, type: 'SingleWithScript', script: '/bin/check  one   two', shell: 'no', action2: 'write - failed' });
  if (noShell.type !== 'SingleWithScript') return assert.fail('not SingleWithScript');
  assert.deepEqual(noShell.script, ['/bin/check', 'one', 'two']);
  assert.deepEqual(noShell.action2?.actions, [{ kind: 'write', file: '-', text: 'failed' }]);
  const yes = rule({ ...SINGLE, type: 'SingleWithScript', script: 'a b', shell: 'YES' });
  if (yes.type !== 'SingleWithScript') return assert.fail('not SingleWithScript');
  assert.equal(yes.script, 'a b');
});

test('SingleWithSuppress: window is required and kept', () => {
  const r = rule({ ...SINGLE, type: 'SingleWithSuppress', window: '007' });
  if (r.type !== 'SingleWithSuppress') return assert.fail('not SingleWithSuppress');
  assert.equal(r.window, 7);
  fails({ ...SINGLE, type: 'SingleWithSuppress' }, "Keyword 'window' missing (needed for SINGLEWITHSUPPRESS rule)");
});

test('Pair: both halves, window optional (0 = no limit, 0 allowed)', () => {
  const r = rule({ ...PAIR, continue2: 'TakeNext' });
  if (r.type !== 'Pair') return assert.fail('not Pair');
  assert.equal(r.window, 0);
  assert.equal(r.desc, 'd');
  assert.equal(r.desc2, 'd2');
  assert.deepEqual(r.second.pattern, { type: 'SubStr', negate: false, lines: 1, text: 'b' });
  assert.deepEqual(r.second.continue, { mode: 'TakeNext' });
  assert.deepEqual(r.continue, { mode: 'DontCont' });
  const zero = rule({ ...PAIR, window: '0' });
  if (zero.type !== 'Pair') return assert.fail('not Pair');
  assert.equal(zero.window, 0);
  const ten = rule({ ...PAIR, window: '10' });
  if (ten.type !== 'Pair') return assert.fail('not Pair');
  assert.equal(ten.window, 10);
  fails({ ...PAIR, window: 'x' }, "Invalid time window ' x '");
});

test('Pair: pattern2 RegExp with $N is compiled per operation unless pattern is SubStr or TValue', () => {
  const deferred = rule({ ...PAIR, ptype: 'RegExp', pattern: 'a(\\d)', ptype2: 'RegExp', pattern2: 'b$1' });
  if (deferred.type !== 'Pair') return assert.fail('not Pair');
  assert.equal(deferred.second.pattern.type, 'RegExp');
  assert.equal(deferred.second.pattern.type === 'RegExp' && deferred.second.pattern.compiled, null);
  const compiled = rule({ ...PAIR, ptype: 'SubStr', pattern: 'a', ptype2: 'RegExp', pattern2: 'b$1' });
  if (compiled.type !== 'Pair' || compiled.second.pattern.type !== 'RegExp') return assert.fail('not Pair/RegExp');
  assert.notEqual(compiled.second.pattern.compiled, null);
  const noVars = rule({ ...PAIR, ptype: 'RegExp', pattern: 'a(\\d)', ptype2: 'RegExp', pattern2: 'b' });
  if (noVars.type !== 'Pair' || noVars.second.pattern.type !== 'RegExp') return assert.fail('not Pair/RegExp');
  assert.notEqual(noVars.second.pattern.compiled, null);
});

test('PairWithWindow: window required and must be positive', () => {
  const r = rule({ ...PAIR, type: 'PairWithWindow', window: '30' });
  if (r.type !== 'PairWithWindow') return assert.fail('not PairWithWindow');
  assert.equal(r.window, 30);
  fails({ ...PAIR, type: 'PairWithWindow' }, "Keyword 'window' missing (needed for PAIRWITHWINDOW rule)");
  fails({ ...PAIR, type: 'PairWithWindow', window: '0' }, "Invalid time window ' 0 '");
});

test('SingleWithThreshold: window, thresh and optional action2', () => {
  const r = rule(THRESH);
  if (r.type !== 'SingleWithThreshold') return assert.fail('not SingleWithThreshold');
  assert.equal(r.window, 5);
  assert.equal(r.thresh, 3);
  assert.equal(r.action2, null);
  const r2 = rule({ ...THRESH, action2: 'write - quiet' });
  if (r2.type !== 'SingleWithThreshold') return assert.fail('not SingleWithThreshold');
  assert.deepEqual(r2.action2?.actions, [{ kind: 'write', file: '-', text: 'quiet' }]);
});

test('SingleWith2Thresholds: both windows and thresholds; thresh2 may be 0', () => {
  const r = rule(THRESH2);
  if (r.type !== 'SingleWith2Thresholds') return assert.fail('not SingleWith2Thresholds');
  assert.deepEqual([r.window, r.thresh, r.window2, r.thresh2, r.desc2], [5, 3, 6, 1, 'd2']);
  const zero = rule({ ...THRESH2, thresh2: '0' });
  if (zero.type !== 'SingleWith2Thresholds') return assert.fail('not SingleWith2Thresholds');
  assert.equal(zero.thresh2, 0);
});

test('SingleWith2Thresholds: SEC names the 1st and 2nd window/threshold and checks windows first', () => {
  fails({ ...THRESH2, window: '0' }, "Invalid 1st time window ' 0 '");
  fails({ ...THRESH2, window2: 'x' }, "Invalid 2nd time window ' x '");
  fails({ ...THRESH2, thresh: '0' }, "Invalid 1st threshold ' 0 '");
  fails({ ...THRESH2, thresh2: 'y' }, "Invalid 2nd threshold ' y '");
  // checked by the real sec: thresh=0, window2=x → only the window2 message
  fails({ ...THRESH2, thresh: '0', window2: 'x', thresh2: 'y' }, "Invalid 2nd time window ' x '");
});

test('EventGroup: one member with threshold 1 and no token', () => {
  const r = rule(GROUP);
  if (r.type !== 'EventGroup') return assert.fail('not EventGroup');
  assert.equal(r.members.length, 1);
  assert.equal(r.members[0].thresh, 1);
  assert.equal(r.members[0].token, null);
  assert.equal(r.members[0].count, null);
  assert.equal(r.window, 5);
  assert.equal(r.multact, false);
  assert.equal(r.egPattern, null);
  assert.equal(r.init, null);
  assert.equal(r.slide, null);
  assert.equal(r.end, null);
});

test('EventGroup3: three members, each with its own keywords', () => {
  const r = rule({ ...GROUP3, thresh2: '4', count3: 'write - c', continue3: 'EndMatch', init: 'none', slide: 'none', end: 'none', multact: 'Yes' });
  if (r.type !== 'EventGroup') return assert.fail('not EventGroup');
  assert.equal(r.members.length, 3);
  assert.deepEqual(
    r.members.map((m) => m.pattern.type),
    ['SubStr', 'SubStr', 'RegExp'],
  );
  assert.deepEqual(
    r.members.map((m) => m.thresh),
    [1, 4, 1],
  );
  assert.deepEqual(
    r.members.map((m) => m.continue.mode),
    ['DontCont', 'DontCont', 'EndMatch'],
  );
  assert.deepEqual(r.members[2].count?.actions, [{ kind: 'write', file: '-', text: 'c' }]);
  assert.equal(r.multact, true);
  assert.notEqual(r.init, null);
  assert.notEqual(r.slide, null);
  assert.notEqual(r.end, null);
});

test('EventGroupN: leading zeros are allowed, N is a number', () => {
  const r = rule({ ...GROUP3, type: 'EventGroup03' });
  if (r.type !== 'EventGroup') return assert.fail('not EventGroup');
  assert.equal(r.members.length, 3);
  fails(
    { ...GROUP3, type: 'EventGroup2' },
    "Keyword 'ptype3' illegal (not allowed for EVENTGROUP2 rule)",
    "Keyword 'pattern3' illegal (not allowed for EVENTGROUP2 rule)",
  );
});

test('EventGroup with egpattern: tokens default to the member number, egtokenN overrides', () => {
  const r = rule({ ...GROUP3, egptype: 'RegExp', egpattern: '^1+2', egtoken2: 'B' });
  if (r.type !== 'EventGroup') return assert.fail('not EventGroup');
  assert.deepEqual(
    r.members.map((m) => m.token),
    ['1', 'B', '3'],
  );
  assert.equal(r.egPattern?.type, 'RegExp');
});

test('EventGroup: member 4 keywords are illegal in EventGroup3', () => {
  fails({ ...GROUP3, thresh4: '2' }, "Keyword 'thresh4' illegal (not allowed for EVENTGROUP3 rule)");
});

test('Suppress: no desc needed; the default desc names the pattern', () => {
  const r = rule({ type: 'Suppress', ptype: 'SubStr', pattern: 'x\\ty' });
  if (r.type !== 'Suppress') return assert.fail('not Suppress');
  assert.equal(r.desc, 'Suppress rule with pattern: x\ty');
  const given = rule({ type: 'Suppress', ptype: 'SubStr', pattern: 'x', desc: 'mine' });
  assert.equal((given as { desc: string }).desc, 'mine');
  fails({ type: 'Suppress', ptype: 'SubStr', pattern: 'x', action: 'none' }, "Keyword 'action' illegal (not allowed for SUPPRESS rule)");
  fails({ type: 'Suppress', ptype: 'SubStr', pattern: 'x', continue: 'TakeNext' }, "Keyword 'continue' illegal (not allowed for SUPPRESS rule)");
});

test('default desc of Suppress and Jump, as the real sec dumps them', () => {
  const desc = (o: Record<string, string>): string => (rule(o) as { desc: string }).desc;
  assert.equal(desc({ type: 'Suppress', ptype: 'RegExp', pattern: 'ab+c' }), 'Suppress rule with pattern: (?^:ab+c)');
  assert.equal(desc({ type: 'Suppress', ptype: 'RegExp2', pattern: 'z' }), 'Suppress rule with pattern: (?^:z)');
  assert.equal(desc({ type: 'Suppress', ptype: 'NSubStr', pattern: 'x\\ty' }), 'Suppress rule with negative pattern: x\ty');
  assert.equal(desc({ type: 'Suppress', ptype: 'TValue', pattern: 'true' }), 'Suppress rule with pattern: TRUE');
  assert.equal(desc({ type: 'Jump', ptype: 'TValue', pattern: 'false' }), 'Jump rule with pattern: FALSE');
  assert.equal(desc({ type: 'Jump', ptype: 'NRegExp', pattern: 'q' }), 'Jump rule with negative pattern: (?^:q)');
  assert.equal(desc({ type: 'Jump', ptype: 'Cached', pattern: 'cc' }), 'Jump rule with pattern: cc');
  assert.equal(desc({ type: 'Jump', ptype: 'NCached', pattern: 'cc' }), 'Jump rule with negative pattern: cc');
  assert.equal(desc({ type: 'Jump', ptype: 'SubStr', pattern: 'plain' }), 'Jump rule with pattern: plain');
});

test('Calendar: time fields become sets, no pattern needed', () => {
  const r = rule(CALENDAR);
  if (r.type !== 'Calendar') return assert.fail('not Calendar');
  assert.deepEqual([...r.time.minutes], [0]);
  assert.deepEqual([...r.time.hours], [12]);
  assert.equal(r.time.days.size, 32);
  assert.equal(r.desc, 'noon');
  fails({ ...CALENDAR, ptype: 'SubStr' }, "Keyword 'ptype' illegal (not allowed for CALENDAR rule)");
});

test('Calendar: a [bracketed] context is accepted', () => {
  const r = rule({ ...CALENDAR, context: '[ X ]' });
  if (r.type !== 'Calendar') return assert.fail('not Calendar');
  assert.notEqual(r.context, null);
});

test('Jump: cfset split on whitespace, constset defaults to yes', () => {
  const r = rule({ type: 'Jump', ptype: 'SubStr', pattern: 'x', cfset: ' a   b c ', continue: 'TakeNext' });
  if (r.type !== 'Jump') return assert.fail('not Jump');
  assert.deepEqual(r.cfset, ['a', 'b', 'c']);
  assert.equal(r.constset, true);
  assert.deepEqual(r.continue, { mode: 'TakeNext' });
  const no = rule({ type: 'Jump', ptype: 'SubStr', pattern: 'x', constset: 'nO' });
  if (no.type !== 'Jump') return assert.fail('not Jump');
  assert.equal(no.cfset, null);
  assert.equal(no.constset, false);
});

test('Options: procallin and joincfset', () => {
  assert.deepEqual(options({ type: 'Options' }), { jumpOnly: false, joinCfsets: [] });
  assert.deepEqual(options({ type: 'Options', procallin: 'no', joincfset: 'one  two' }), { jumpOnly: true, joinCfsets: ['one', 'two'] });
  assert.deepEqual(options({ type: 'options', procallin: 'YES' }), { jumpOnly: false, joinCfsets: [] });
  fails({ type: 'Options', desc: 'x' }, "Keyword 'desc' illegal (not allowed for OPTIONS rule)");
});

test('Options: an invalid procallin only warns and means yes', () => {
  const warnings: string[] = [];
  assert.deepEqual(options({ type: 'Options', procallin: 'maybe' }, warnings), { jumpOnly: false, joinCfsets: [] });
  assert.deepEqual(warnings, ["Invalid procallin value ' maybe ', assuming procallin=Yes"]);
});

// ---- case-insensitive values ---------------------------------------------

test('rule type names are case-insensitive', () => {
  for (const t of ['single', 'SINGLE', 'sInGlE']) assert.equal(rule({ ...SINGLE, type: t }).type, 'Single');
  assert.equal(rule({ ...GROUP, type: 'eventgroup' }).type, 'EventGroup');
  assert.equal(rule({ ...PAIR, type: 'pairwithwindow', window: '1' }).type, 'PairWithWindow');
});

test('pattern types are case-insensitive', () => {
  assert.equal(rule({ ...SINGLE, ptype: 'REGEXP' }).type, 'Single');
  const re = rule({ ...SINGLE, ptype: 'rEgExP' }) as { pattern: { type: string } };
  assert.equal(re.pattern.type, 'RegExp');
  const ss = rule({ ...SINGLE, ptype: 'substr' }) as { pattern: { type: string } };
  assert.equal(ss.pattern.type, 'SubStr');
  const tv = rule({ ...SINGLE, ptype: 'TVALUE', pattern: 'tRuE' }) as { pattern: unknown };
  assert.deepEqual(tv.pattern, { type: 'TValue', lines: 1, value: true });
  const tf = rule({ ...SINGLE, ptype: 'tvalue', pattern: 'FALSE' }) as { pattern: unknown };
  assert.deepEqual(tf.pattern, { type: 'TValue', lines: 1, value: false });
});

test('continue values are case-insensitive; GoTo keeps the label as written', () => {
  const c = (v: string): unknown => (rule({ ...SINGLE, continue: v }) as { continue: unknown }).continue;
  assert.deepEqual(c('takeNEXT'), { mode: 'TakeNext' });
  assert.deepEqual(c('dontcont'), { mode: 'DontCont' });
  assert.deepEqual(c('ENDMATCH'), { mode: 'EndMatch' });
  assert.deepEqual(c('GoTo MyLabel'), { mode: 'GoTo', label: 'MyLabel' });
  assert.deepEqual(c('goto   two words'), { mode: 'GoTo', label: 'two words' });
});

test('action names are case-insensitive', () => {
  const r = rule({ ...SINGLE, action: 'WRITE - x; None' }) as { action: { actions: unknown[] } };
  assert.deepEqual(r.action.actions, [{ kind: 'write', file: '-', text: 'x' }, { kind: 'none' }]);
});

test('yes/no values are case-insensitive', () => {
  const g = rule({ ...GROUP, multact: 'yEs' });
  assert.equal(g.type === 'EventGroup' && g.multact, true);
  const g2 = rule({ ...GROUP, multact: 'NO' });
  assert.equal(g2.type === 'EventGroup' && g2.multact, false);
});

// ---- faults: one test for each kind --------------------------------------

test('fault: no type keyword', () => {
  fails({ ptype: 'SubStr', pattern: 'x', desc: 'd', action: 'none' }, "Keyword 'type' missing");
});

test('fault: keywords are case-sensitive (Type= is not type=)', () => {
  fails({ ...Object.fromEntries(Object.entries(SINGLE).filter(([k]) => k !== 'type')), Type: 'Single' }, "Keyword 'type' missing");
});

test('fault: unknown rule type is reported in upper case', () => {
  fails({ ...SINGLE, type: 'Sngle' }, 'Invalid rule type SNGLE');
  fails({ ...SINGLE, type: 'EventGroupX' }, 'Invalid rule type EVENTGROUPX');
});

test('fault: a required keyword is missing', () => {
  const { desc: _d, ...noDesc } = SINGLE;
  fails(noDesc, "Keyword 'desc' missing (needed for SINGLE rule)");
});

test('fault: every missing and illegal keyword is reported', () => {
  assert.deepEqual(reasons({ type: 'Single', window: '5' }).sort(), [
    "Keyword 'action' missing (needed for SINGLE rule)",
    "Keyword 'desc' missing (needed for SINGLE rule)",
    "Keyword 'pattern' missing (needed for SINGLE rule)",
    "Keyword 'ptype' missing (needed for SINGLE rule)",
    "Keyword 'window' illegal (not allowed for SINGLE rule)",
  ]);
});

test('fault: a keyword the rule type does not allow', () => {
  fails({ ...SINGLE, window: '5' }, "Keyword 'window' illegal (not allowed for SINGLE rule)");
  fails({ ...SINGLE, desc2: 'x' }, "Keyword 'desc2' illegal (not allowed for SINGLE rule)");
  fails({ ...THRESH, thresh2: '1' }, "Keyword 'thresh2' illegal (not allowed for SINGLEWITHTHRESHOLD rule)");
});

test('fault: invalid continue value', () => {
  fails({ ...SINGLE, continue: 'Next' }, "Invalid continue value 'Next'");
  fails({ ...SINGLE, continue: 'GoTo' }, "Invalid continue value 'GoTo'");
  fails({ ...PAIR, continue2: 'later' }, "Invalid continue value 'later'");
});

test('fault: invalid pattern type', () => {
  fails({ ...SINGLE, ptype: 'regexpx' }, "Invalid pattern type 'regexpx'");
  fails({ ...SINGLE, ptype: 'RegExp0' }, "Invalid pattern type 'RegExp0'");
  fails({ ...PAIR, ptype2: 'nope' }, "Invalid pattern type 'nope'");
});

test('fault: a regular expression neither engine can compile', () => {
  const [reason, ...rest] = reasons({ ...SINGLE, ptype: 'RegExp', pattern: 'a(b' });
  assert.deepEqual(rest, []);
  assert.match(reason, /^Invalid regular expression 'a\(b': \S/);
  assert.match(reasons({ ...SINGLE, ptype: 'RegExp', pattern: '(?<=a+' })[0], /^Invalid regular expression '\(\?<=a\+': /);
});

test('fault: invalid truth value', () => {
  fails({ ...SINGLE, ptype: 'TValue', pattern: 'maybe' }, "Invalid truth value 'maybe'");
});

test('fault: invalid cached pattern name', () => {
  fails(
    { ...SINGLE, ptype: 'Cached', pattern: '1abc' },
    "Invalid cached pattern name '1abc': the name does not have the form <letter>[<letter>|<digit>|<underscore>]...",
  );
});

test('fault: invalid variable map', () => {
  fails(
    { ...SINGLE, ptype: 'RegExp', pattern: '(a)', varmap: '1x=1' },
    "Invalid variable map '1x=1': the variable mapping '1x=1' does not have the form <letter>[<letter>|<digit>|<underscore>]... [= <number>]",
  );
});

test('fault: invalid context expressions (=> does not exist, unbalanced parentheses, bare operators)', () => {
  fails({ ...SINGLE, ptype: 'RegExp', pattern: '(a)', context: '$1 => ( sub { 1 } )' }, "Invalid context expression ' $1 => ( sub { 1 } ) '");
  fails({ ...SINGLE, context: '(A && B' }, "Invalid context expression ' (A && B '");
  fails({ ...SINGLE, context: 'A && B)' }, "Invalid context expression ' A && B) '");
  fails({ ...SINGLE, context: 'A B' }, "Invalid context expression ' A B '");
  fails({ ...SINGLE, context: 'A && !' }, "Invalid context expression ' A && ! '");
  fails({ ...PAIR, context2: '()' }, "Invalid context expression ' () '");
});

test('valid context expressions are kept', () => {
  const r = rule({ ...SINGLE, context: '!A && (B || C)' }) as { context: unknown };
  assert.notEqual(r.context, null);
});

test('fault: an unknown action', () => {
  fails({ ...SINGLE, action: 'print - r4' }, "Invalid action 'print - r4'", "Invalid action list ' print - r4 '");
});

test('fault: an unknown action nested in if', () => {
  fails({ ...SINGLE, action: 'if %x ( print - y )' }, "Invalid action 'print - y'", "Invalid action list ' if %x ( print - y ) '");
});

test('fault: unbalanced parentheses in an action list', () => {
  fails({ ...SINGLE, action: 'write - (x' }, "Unbalanced parentheses found in action list 'write - (x'", "Invalid action list ' write - (x '");
});

test('fault: a bad action2 / count / init is reported with its own text', () => {
  fails({ ...PAIR, action2: 'bogus' }, "Invalid action 'bogus'", "Invalid action list ' bogus '");
  fails({ ...GROUP, count: 'bogus2' }, "Invalid action 'bogus2'", "Invalid action list ' bogus2 '");
  fails({ ...GROUP, init: 'bogus3' }, "Invalid action 'bogus3'", "Invalid action list ' bogus3 '");
});

test('fault: bad window values', () => {
  const sup = { ...SINGLE, type: 'SingleWithSuppress' };
  fails({ ...sup, window: 'abc' }, "Invalid time window ' abc '");
  fails({ ...sup, window: '0' }, "Invalid time window ' 0 '");
  fails({ ...sup, window: '000' }, "Invalid time window ' 000 '");
  fails({ ...THRESH, window: '-5' }, "Invalid time window ' -5 '");
  fails({ ...THRESH, window: '1.5' }, "Invalid time window ' 1.5 '");
  fails({ ...GROUP, window: '0' }, "Invalid time window ' 0 '");
});

test('fault: bad threshold values', () => {
  fails({ ...THRESH, thresh: 'x' }, "Invalid threshold ' x '");
  fails({ ...THRESH, thresh: '0' }, "Invalid threshold ' 0 '");
  fails({ ...GROUP, thresh: '0' }, "Invalid threshold ' 0 '");
});

test('fault: EventGroup0 and EventGroup00', () => {
  fails({ ...GROUP, type: 'EventGroup0' }, 'Invalid rule type EVENTGROUP0 (N must be at least 1 for EventGroupN rule)');
  fails({ ...GROUP, type: 'EventGroup00' }, 'Invalid rule type EVENTGROUP00 (N must be at least 1 for EventGroupN rule)');
});

test('fault: egtoken without egpattern, and egptype/egpattern without each other', () => {
  fails({ ...GROUP3, egtoken2: 'X' }, "'egtoken2' keyword requires the 'egpattern' keyword");
  fails({ ...GROUP, egtoken: 'X' }, "'egtoken' keyword requires the 'egpattern' keyword");
  fails({ ...GROUP, egptype: 'RegExp' }, "'egptype' keyword requires the 'egpattern' keyword");
  fails({ ...GROUP, egpattern: 'x' }, "'egpattern' keyword requires the 'egptype' keyword");
  fails({ ...GROUP, egpattern: 'x', egptype: 'TValue' }, "Invalid event group pattern type 'TValue'");
});

test('fault: Calendar time specifications', () => {
  fails({ ...CALENDAR, time: '61 * * * *' }, "Invalid minute specification '61'");
  fails({ ...CALENDAR, time: '* * * *' }, 'Wrong number of elements in time specification');
  fails({ ...CALENDAR, time: '* 24 * * *' }, "Invalid hour specification '24'");
  fails({ ...CALENDAR, time: '* * * 13 *' }, "Invalid month specification '13'");
});

test('fault: constset, multact and shell accept only yes/no', () => {
  fails({ type: 'Jump', ptype: 'SubStr', pattern: 'a', constset: 'maybe' }, "Invalid constset value ' maybe '");
  fails({ ...GROUP, multact: 'perhaps' }, "Invalid multact value ' perhaps '");
  fails({ ...SINGLE, type: 'SingleWithScript', script: '/bin/true', shell: 'maybe' }, "Invalid shell value ' maybe '");
});

test('fault: a multi-line pattern longer than --bufsize', () => {
  assert.deepEqual(reasons({ ...SINGLE, ptype: 'RegExp3' }, 2), [
    "Pattern type 'RegExp3' is designed to match 3 lines, please set --bufsize command line option to at least 3",
  ]);
  assert.equal(parsed({ ...SINGLE, ptype: 'RegExp3' }, [], 3).kind, 'rule');
  assert.equal(parsed({ ...SINGLE, ptype: 'RegExp3' }, [], 0).kind, 'rule');
});

// ---- warnings ----------------------------------------------------------

test('a varmap on a non-RegExp pattern only warns and is ignored', () => {
  const warnings: string[] = [];
  const r = rule({ ...SINGLE, varmap: 'a=1' }, warnings) as { varmap: unknown };
  assert.equal(r.varmap, null);
  assert.deepEqual(warnings, ["Variable maps are supported for RegExp and PerlFunc patterns only, ignoring variable map 'a=1'"]);
});

test('a varmap on a RegExp is parsed', () => {
  const r = rule({ ...SINGLE, ptype: 'RegExp', pattern: '(a)(b)', varmap: 'first=1; second = 2; entry' }) as { varmap: unknown };
  assert.deepEqual(
    r.varmap,
    new Map<string, number | null>([
      ['first', 1],
      ['second', 2],
      ['entry', null],
    ]),
  );
});

test('a pattern that needs backtracking runs on JavaScript, without a warning (SEC logs none)', () => {
  const warnings: string[] = [];
  const r = rule({ ...SINGLE, ptype: 'RegExp', pattern: '(a)\\1' }, warnings) as { pattern: { compiled: { engine: string } } };
  assert.equal(r.pattern.compiled.engine, 'js');
  assert.deepEqual(warnings, []);
});

test('a Perl construct neither RE2 nor JavaScript runs exactly runs on Perl, noted once with the construct named', () => {
  const warnings: string[] = [];
  const r = rule({ ...SINGLE, ptype: 'RegExp', pattern: 'ab\\Kcd' }, warnings) as { pattern: { compiled: { engine: string } } };
  assert.equal(r.pattern.compiled.engine, 'perl');
  assert.deepEqual(warnings, ["note: regular expression 'ab\\Kcd' runs on the Perl interpreter (the Perl construct \\K has no exact RE2 or JavaScript form)"]);
  const second: string[] = [];
  rule({ ...PAIR, ptype2: 'RegExp', pattern2: 'x\\X' }, second);
  assert.deepEqual(second, ["note: regular expression 'x\\X' runs on the Perl interpreter (the Perl construct \\X has no exact RE2 or JavaScript form)"]);
  const group: string[] = [];
  rule({ ...GROUP, egptype: 'RegExp', egpattern: '(?|(a)|(b))' }, group);
  assert.deepEqual(group, ["note: regular expression '(?|(a)|(b))' runs on the Perl interpreter (the Perl construct (?| has no exact RE2 or JavaScript form)"]);
});

test("fault: a pattern only Perl can judge and Perl refuses is invalid, with Perl's reason", () => {
  assert.deepEqual(reasons({ ...SINGLE, ptype: 'RegExp', pattern: '(?(1)a|b|c)' }), [
    "Invalid regular expression '(?(1)a|b|c)': Switch (?(condition)... contains too many branches in regex",
  ]);
});

test('fault: patterns Perl refuses are refused, with a reason', () => {
  for (const pattern of ['(a)\\2', '(\\k<y>\\S+)', 'x{99999}', '[[:foo:]]', '[z-a]']) {
    const [reason] = reasons({ ...SINGLE, ptype: 'RegExp', pattern });
    assert.ok(reason.startsWith(`Invalid regular expression '${pattern}': `), reason);
  }
});

test('a RE2-compatible pattern loads without warnings', () => {
  const warnings: string[] = [];
  rule({ ...SINGLE, ptype: 'RegExp', pattern: '^(\\w+)\\s+\\d{2}$' }, warnings);
  assert.deepEqual(warnings, []);
});
