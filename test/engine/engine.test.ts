import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../support/harness.js';

/** A Single rule that writes `tag $0` for every line matching `pattern`. */
function tagRule(tag: string, pattern = '.', extra = ''): string {
  return `type=Single
ptype=RegExp
pattern=${pattern}
desc=${tag}
${extra}action=write - ${tag} $0
`;
}

// ---- continue across rules and files ---------------------------------------------

test('DontCont (the default) stops the current file only; later files still see the event', () => {
  const h = harness({
    'a.conf': `${tagRule('a1')}\n${tagRule('a2')}`,
    'b.conf': `${tagRule('b1')}\n${tagRule('b2')}`,
  });
  h.feed('x');
  assert.deepEqual(h.lines(), ['a1 x', 'b1 x']);
});

test('TakeNext goes on with the next rule', () => {
  const h = harness({
    'a.conf': `${tagRule('a1', '.', 'continue=TakeNext\n')}\n${tagRule('a2', '.', 'continue=takenext\n')}\n${tagRule('a3')}\n${tagRule('a4')}`,
    'b.conf': tagRule('b1'),
  });
  h.feed('x');
  assert.deepEqual(h.lines(), ['a1 x', 'a2 x', 'a3 x', 'b1 x']);
});

test('EndMatch stops all files', () => {
  const h = harness({
    'a.conf': `${tagRule('a1', '^end', 'continue=EndMatch\n')}\n${tagRule('a2')}`,
    'b.conf': tagRule('b1'),
  });
  h.feed('end', 'other');
  assert.deepEqual(h.lines(), ['a1 end', 'a2 other', 'b1 other']);
});

test('files are processed in the given order', () => {
  const h = harness({ 'z.conf': tagRule('z'), 'a.conf': tagRule('a'), 'm.conf': tagRule('m') });
  h.feed('x');
  assert.deepEqual(h.lines(), ['z x', 'a x', 'm x']);
});

test('GoTo jumps forward to a label in the same file', () => {
  const h = harness({
    'a.conf': `${tagRule('a1', '.', 'continue=GoTo target\n')}
${tagRule('skipped')}
label=target

${tagRule('a3', '.', 'continue=TakeNext\n')}
${tagRule('a4')}`,
    'b.conf': tagRule('b1'),
  });
  h.feed('x');
  assert.deepEqual(h.lines(), ['a1 x', 'a3 x', 'a4 x', 'b1 x']);
});

test('GoTo to a backward or unknown label warns and acts as DontCont', () => {
  const h = harness({
    'a.conf': `label=top

${tagRule('a1', '^back', 'continue=GoTo top\n')}
${tagRule('a2', '^nowhere', 'continue=GoTo nowhere\n')}
${tagRule('a3')}`,
    'b.conf': tagRule('b1'),
  });
  h.feed('back', 'nowhere');
  assert.deepEqual(h.lines(), ['a1 back', 'b1 back', 'a2 nowhere', 'b1 nowhere']);
  assert.ok(
    h.logs.some((l) => l.includes("can't go backwards to label top")),
    h.logs.join('\n'),
  );
  assert.ok(
    h.logs.some((l) => l.includes('label nowhere does not exist')),
    h.logs.join('\n'),
  );
});

test('a rule whose pattern does not match passes the event to the next rule', () => {
  const h = harness(`${tagRule('only-a', '^a')}\n${tagRule('rest')}`);
  h.feed('a', 'b');
  assert.deepEqual(h.lines(), ['only-a a', 'rest b']);
});

// ---- Suppress --------------------------------------------------------------------

test('Suppress swallows matching events for the rest of its file only', () => {
  const h = harness({
    'a.conf': `${tagRule('before', '^s', 'continue=TakeNext\n')}
type=Suppress
ptype=SubStr
pattern=secret

${tagRule('a-after')}`,
    'b.conf': tagRule('b'),
  });
  h.feed('secret', 'public');
  assert.deepEqual(h.lines(), ['before secret', 'b secret', 'a-after public', 'b public']);
});

test('Suppress with a context only suppresses while the context holds', () => {
  const h = harness(`${tagRule('mk', '^mk$')}
type=Suppress
ptype=SubStr
pattern=ev
context=HUSH

${tagRule('seen')}`);
  h.feed('ev1');
  h.engine.contexts.create('HUSH', h.clock.seconds(), 0, [], '');
  h.feed('ev2');
  assert.deepEqual(h.lines(), ['seen ev1']);
});

// ---- Jump ------------------------------------------------------------------------

test('Jump runs the files of a set; procallin=No files see only jumped events', () => {
  const h = harness({
    'main.conf': `type=Jump
ptype=RegExp
pattern=^j
cfset=setA
continue=TakeNext

${tagRule('main')}`,
    'sub.conf': `type=Options
joincfset=setA
procallin=No

${tagRule('sub')}`,
    'other.conf': tagRule('other'),
  });
  h.feed('jump', 'plain');
  assert.deepEqual(h.lines(), ['sub jump', 'main jump', 'other jump', 'main plain', 'other plain']);
});

test('a file of a set with procallin=Yes (default) also sees every event itself', () => {
  const h = harness({
    'main.conf': `type=Jump
ptype=RegExp
pattern=^j
cfset=setA
`,
    'sub.conf': `type=Options
joincfset=setA

${tagRule('sub')}`,
  });
  h.feed('jump', 'plain');
  assert.deepEqual(h.lines(), ['sub jump', 'sub jump', 'sub plain']);
});

test('Jump: constset=No substitutes $1 into the set names; constset=Yes (default) does not', () => {
  const files = (constset: string): Record<string, string> => ({
    'main.conf': `type=Jump
ptype=RegExp
pattern=^go (\\w+)
cfset=set_$1
${constset}`,
    'x.conf': `type=Options
joincfset=set_x
procallin=No

${tagRule('in-x')}`,
    'lit.conf': `type=Options
joincfset=set_$1
procallin=No

${tagRule('in-literal')}`,
  });
  const sub = harness(files('constset=No\n'));
  sub.feed('go x', 'go y');
  assert.deepEqual(sub.lines(), ['in-x go x']);
  assert.ok(
    sub.logs.some((l) => l.includes("Can't jump to fileset 'set_y'")),
    sub.logs.join('\n'),
  );
  const lit = harness(files(''));
  lit.feed('go x');
  assert.deepEqual(lit.lines(), ['in-literal go x']);
});

test('Jump: a file can join several sets; sets are run in cfset order', () => {
  const h = harness({
    'main.conf': `type=Jump
ptype=SubStr
pattern=go
cfset=s2 s1
`,
    'one.conf': `type=Options
joincfset=s1 s2
procallin=No

${tagRule('one')}`,
    'two.conf': `type=Options
joincfset=s2
procallin=No

${tagRule('two')}`,
  });
  h.feed('go');
  assert.deepEqual(h.lines(), ['one go', 'two go', 'one go']);
});

test('Jump: EndMatch inside a jumped-to file stops everything', () => {
  const h = harness({
    'main.conf': `type=Jump
ptype=SubStr
pattern=go
cfset=s
continue=TakeNext

${tagRule('main-after')}`,
    'sub.conf': `type=Options
joincfset=s
procallin=No

${tagRule('sub', '^go end', 'continue=EndMatch\n')}
${tagRule('sub2')}`,
    'last.conf': tagRule('last'),
  });
  h.feed('go end', 'go on');
  assert.deepEqual(h.lines(), ['sub go end', 'sub2 go on', 'main-after go on', 'last go on']);
});

test('Jump: a loop back into a set being run is detected', () => {
  const h = harness({
    'main.conf': `type=Jump
ptype=SubStr
pattern=go
cfset=s
`,
    'sub.conf': `type=Options
joincfset=s
procallin=No

type=Jump
ptype=SubStr
pattern=go
cfset=s
continue=TakeNext

${tagRule('sub')}`,
  });
  h.feed('go');
  assert.deepEqual(h.lines(), ['sub go']);
  assert.ok(
    h.logs.some((l) => l.includes("Can't jump to fileset 's'") && l.includes('loop detected')),
    h.logs.join('\n'),
  );
});

test('Jump without cfset only matches, and its continue applies', () => {
  const h = harness(`type=Jump
ptype=SubStr
pattern=stop

${tagRule('rest')}`);
  h.feed('stop', 'go');
  assert.deepEqual(h.lines(), ['rest go']);
});

// ---- synthetic events -------------------------------------------------------------

test('synthetic events (and the events they make) are processed before the next input line', () => {
  const h = harness(`${tagRule('ev1', '^go$', 'continue=TakeNext\n').replace('action=write - ev1 $0', 'action=event S1')}
${tagRule('ev2', '^S1$', 'continue=TakeNext\n').replace('action=write - ev2 $0', 'action=event S2')}
${tagRule('all')}`);
  h.feed('go', 'next');
  assert.deepEqual(h.lines(), ['all go', 'all S1', 'all S2', 'all next']);
  assert.equal(h.engine.pendingEvents, 0);
});

// ---- multi-line buffers ------------------------------------------------------------

const PAIRS = `type=Single
ptype=RegExp2
pattern=^(.*)\\n(.*)$
continue=TakeNext
desc=pairs
action=write - [$1|$2]

type=Single
ptype=RegExp
pattern=^A$
desc=mk
action=event S
`;

test('--nojointbuf (default): synthetic events have their own buffer, which starts empty', () => {
  const h = harness(PAIRS);
  h.feed('A', 'B');
  assert.deepEqual(h.lines(), ['[|A]', '[|S]', '[A|B]']);
});

test('--jointbuf: all events share one buffer', () => {
  const h = harness(PAIRS, { jointbuf: true });
  h.feed('A', 'B');
  assert.deepEqual(h.lines(), ['[|A]', '[A|S]', '[S|B]']);
});

test('--nojointbuf keeps one buffer per input source', () => {
  const h = harness(PAIRS.replace('pattern=^A$', 'pattern=^never$'));
  h.engine.feedLine('f1', 'file1');
  h.engine.feedLine('g1', 'file2');
  h.engine.feedLine('f2', 'file1');
  assert.deepEqual(h.lines(), ['[|f1]', '[|g1]', '[f1|f2]']);
});

test('a RegExp3 pattern sees a buffer that starts with empty lines', () => {
  const h = harness(`type=Single
ptype=RegExp3
pattern=\\A\\n\\nX
desc=x
action=write - matched at first line
`);
  h.feed('X', 'X');
  assert.deepEqual(h.lines(), ['matched at first line']);
});

// ---- pattern match cache ----------------------------------------------------------

test('the pattern match cache is cleared for each event (Cached and NCached)', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^a(\\d)
varmap=ent
continue=TakeNext
desc=d
action=none

type=Single
ptype=Cached
pattern=ent
continue=TakeNext
desc=cached
action=write - cached $1 $0

type=Single
ptype=NCached
pattern=ent
desc=ncached
action=write - not cached $0
`);
  h.feed('a1', 'zz', 'a2');
  assert.deepEqual(h.lines(), ['cached 1 a1', 'not cached $0', 'cached 2 a2']);
});

// ---- SingleWithSuppress -------------------------------------------------------------

const SUPPRESS = `type=SingleWithSuppress
ptype=RegExp
pattern=^s(\\d*)
desc=sup
action=write - fired $1
window=2
`;

test('SingleWithSuppress: the window includes its last second', () => {
  const h = harness(`${SUPPRESS}\n${tagRule('catch-all')}`);
  h.feed('s0');
  h.advance(2);
  h.feed('s2');
  h.advance(1);
  h.feed('s3');
  assert.deepEqual(h.lines(), ['fired 0', 'fired 3']);
});

test('SingleWithSuppress: suppressed events are swallowed, and do not extend the window', () => {
  const h = harness(`${SUPPRESS}\n${tagRule('catch-all')}`);
  h.feed('s0');
  h.advance(1);
  h.feed('s1');
  h.advance(1);
  h.feed('s2');
  h.advance(1);
  h.feed('s3', 'other');
  assert.deepEqual(h.lines(), ['fired 0', 'fired 3', 'catch-all other']);
});

test('SingleWithSuppress: with TakeNext every matching event goes on, fired or not', () => {
  const h = harness(`${SUPPRESS.replace('window=2', 'window=2\ncontinue=TakeNext')}\n${tagRule('next')}`);
  h.feed('s0', 's1');
  assert.deepEqual(h.lines(), ['fired 0', 'next s0', 'next s1']);
});

test('SingleWithSuppress: one operation per desc after substitution', () => {
  const h = harness(`type=SingleWithSuppress
ptype=RegExp
pattern=^(\\w+) down
desc=down $1
action=write - %s
window=60
`);
  h.feed('a down', 'b down', 'a down', 'b down');
  h.advance(61);
  h.feed('a down');
  assert.deepEqual(h.lines(), ['down a', 'down b', 'down a']);
});

// ---- which patterns substitute $ variables -----------------------------------------

test('SubStr does not substitute $1, $0 or $$; %s still works', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=abc
desc=D[$1][$$]
action=write - %s [$0] [$1]
`);
  h.feed('xabcx');
  assert.deepEqual(h.lines(), ['D[$1][$$] [$0] [$1]']);
});

test('NRegExp sets only $0: $1 is empty and $$ is $', () => {
  const h = harness(`type=Single
ptype=NRegExp
pattern=^zzz(.)
desc=D[$1][$0][$$]
action=write - %s
`);
  h.feed('abc', 'zzzq');
  assert.deepEqual(h.lines(), ['D[][abc][$]']);
});

test('NSubStr and TValue do not substitute either', () => {
  const h = harness(`type=Single
ptype=NSubStr
pattern=zzz
continue=TakeNext
desc=N[$0]
action=write - %s

type=Single
ptype=TValue
pattern=TRUE
desc=T[$0]
action=write - %s $1
`);
  h.feed('abc');
  assert.deepEqual(h.lines(), ['N[$0]', 'T[$0] $1']);
});

test('RegExp substitutes in desc, action and context; % in values stays literal', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^in (.*)$
desc=got $1
action=write - $1 / %s
`);
  h.feed('in a %s b');
  assert.deepEqual(h.lines(), ['a %s b / got a %s b']);
});

// ---- snapshot ------------------------------------------------------------------------

test('engine.snapshot() is plain data that round-trips through JSON', () => {
  const h = harness(`${SUPPRESS}
type=Single
ptype=RegExp
pattern=^mk$
desc=mk
action=create C 10 (write - gone; if %x (write - y) else (none)); alias C C2; add C e1%{.nl}e2; \\
 assign %x value; assign %empty; event 5 LATER; tevent 7 LATER2; getsize %undef NOPE
`);
  h.feed('s1', 'mk');
  const snap = h.engine.snapshot();
  const text = JSON.stringify(snap);
  assert.deepEqual(JSON.parse(text), snap);
  const data = JSON.parse(text) as {
    contexts: { names: string[]; events: string[]; lifetime: number }[];
    operations: unknown[];
    variables: Record<string, string | null>;
    delayedEvents: { text: string }[];
  };
  assert.deepEqual(
    data.contexts.map((c) => c.names),
    [['C', 'C2']],
  );
  assert.deepEqual(data.contexts[0].events, ['e1', 'e2']);
  assert.equal(data.contexts[0].lifetime, 10);
  assert.equal(data.operations.length, 1);
  assert.equal(data.variables.x, 'value');
  assert.equal(data.variables.empty, 'mk');
  assert.equal(data.variables.undef, null);
  assert.deepEqual(
    data.delayedEvents.map((e) => e.text),
    ['LATER', 'LATER2'],
  );
});

test('snapshot of an empty engine, and after everything has expired', () => {
  const h = harness(`${SUPPRESS}
type=Single
ptype=RegExp
pattern=^mk$
desc=mk
action=create C 1; event 1 E
`);
  const empty = JSON.parse(JSON.stringify(h.engine.snapshot()));
  assert.deepEqual(empty, { contexts: [], operations: [], variables: {}, delayedEvents: [] });
  h.feed('s', 'mk');
  h.advance(5);
  const after = h.engine.snapshot();
  assert.deepEqual(JSON.parse(JSON.stringify(after)), after);
  assert.deepEqual((after as { contexts: unknown[] }).contexts, []);
  assert.deepEqual((after as { operations: unknown[] }).operations, []);
  assert.deepEqual((after as { delayedEvents: unknown[] }).delayedEvents, []);
});
