import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { perlLocaltime } from '../../src/time/localtime.js';
import { harness, singleRule } from '../support/harness.js';

const single = singleRule;

const T0 = 1_800_000_000;

// ---- output actions -------------------------------------------------------

test('none does nothing; logonly logs its text (default %s)', () => {
  const h = harness(single('^go$', 'none; logonly hello log; logonly'));
  h.feed('go');
  assert.deepEqual(h.lines(), []);
  assert.ok(
    h.logs.some((l) => l.endsWith('hello log')),
    h.logs.join('\n'),
  );
  assert.ok(
    h.logs.some((l) => /(^|: )go$/.test(l)),
    'logonly without text logs %s',
  );
});

test('write appends a newline; write - with no text writes %s; writen adds none', () => {
  const h = harness(single('^go (.*)$', 'writen - x; writen - [y]; write - end; write -'));
  h.feed('go now');
  assert.equal(h.output(), 'x[y]end\ngo now\n');
});

test('write keeps whitespace inside the text and puts in $1', () => {
  const h = harness(single('^w (\\S+)', 'write -    a   $1   '));
  h.feed('w val');
  assert.deepEqual(h.lines(), ['a   val']);
});

test('write to a file appends and keeps the file open until closef', () => {
  const h = harness(`${single('^w (.*)$', 'write out.txt $1')}
${single('^close$', 'closef out.txt')}`);
  const file = path.join(h.dir, 'out.txt');
  h.feed('w one', 'w two');
  assert.equal(fs.readFileSync(file, 'latin1'), 'one\ntwo\n');
  // the open descriptor still points at the removed file: no new file appears
  fs.unlinkSync(file);
  h.feed('w three');
  assert.equal(fs.existsSync(file), false);
  // after closef, the next write opens (and creates) the file again
  h.feed('close', 'w four');
  assert.equal(fs.readFileSync(file, 'latin1'), 'four\n');
});

test('owritecl opens, writes without a newline and closes each time', () => {
  const h = harness(single('^o (.*)$', 'owritecl once.txt <$1>'));
  const file = path.join(h.dir, 'once.txt');
  h.feed('o a', 'o b');
  assert.equal(fs.readFileSync(file, 'latin1'), '<a><b>');
  fs.unlinkSync(file);
  h.feed('o c');
  assert.equal(fs.readFileSync(file, 'latin1'), '<c>');
});

test('owritecl - writes to standard output without a newline', () => {
  const h = harness(single('^go$', 'owritecl - a; owritecl - b; write - c'));
  h.feed('go');
  assert.equal(h.output(), 'abc\n');
});

// ---- contexts ---------------------------------------------------------------

test('create with a lifetime: alive through its last second, then the expiry action runs', () => {
  const h = harness(`${single('^mk$', 'create C 2 (write - expired %s)', '')}
${single('^chk$', 'write - alive', 'context=C\n')}`);
  h.feed('mk');
  h.advance(2);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['alive']);
  h.advance(1);
  assert.deepEqual(h.lines(), ['alive', 'expired mk']);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['alive', 'expired mk']);
});

test('create with no lifetime or 0 never expires', () => {
  const h = harness(`${single('^mk$', 'create A; create B 0 (write - B gone)')}
${single('^chk$', 'write - A and B', 'context=A && B\n')}`);
  h.feed('mk');
  h.advance(100);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['A and B']);
});

test('create with no name uses %s (the desc)', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=mk
desc=MK
action=create

${single('^chk$', 'write - MK alive', 'context=MK\n')}`);
  h.feed('chk', 'mk', 'chk');
  assert.deepEqual(h.lines(), ['MK alive']);
});

test('re-create resets start time, lifetime and expiry action and empties the store', () => {
  const h = harness(`${single('^mk1$', 'create C 3 (write - first expiry); add C e1; add C e2')}
${single('^mk2$', 'create C 5')}
${single('^size$', 'getsize %n C; write - size=%n')}`);
  h.feed('mk1', 'size');
  h.advance(2);
  h.feed('mk2', 'size');
  h.advance(4); // past the first lifetime, within the second
  assert.equal(h.engine.contexts.has('C'), true);
  h.advance(2); // 6 s after mk2: gone, and without the old expiry action
  assert.equal(h.engine.contexts.has('C'), false);
  assert.deepEqual(h.lines(), ['size=2', 'size=0']);
});

test('delete removes a context without its expiry action; obsolete runs it', () => {
  const h = harness(`${single('^mk$', 'create D 10 (write - D expired); create O 10 (write - O expired)')}
${single('^del$', 'delete D; obsolete O')}
${single('^chk$', 'exists %d D; exists %o O; write - %d %o')}`);
  h.feed('mk', 'chk', 'del', 'chk');
  assert.deepEqual(h.lines(), ['1 1', 'O expired', '0 0']);
  h.advance(20);
  assert.deepEqual(h.lines(), ['1 1', 'O expired', '0 0']);
});

test('set changes lifetime (counted from now) and expiry action of an existing context', () => {
  const h = harness(`${single('^mk$', 'create C 2 (write - old)')}
${single('^set$', 'set C 5 (write - new %s)')}
${single('^setmissing$', 'set NOPE 5')}`);
  h.feed('mk');
  h.advance(2);
  h.feed('set');
  h.advance(5);
  assert.deepEqual(h.lines(), []);
  assert.equal(h.engine.contexts.has('C'), true);
  h.advance(1);
  assert.deepEqual(h.lines(), ['new set']);
  h.feed('setmissing');
  assert.equal(h.engine.contexts.has('NOPE'), false);
});

test('set with lifetime - keeps the lifetime and start, and replaces only the expiry action', () => {
  const h = harness(`${single('^mk$', 'create C 3 (write - old)')}
${single('^set$', 'set C - (write - new)')}
${single('^bad$', 'set C abc (write - bad)')}`);
  h.feed('mk');
  h.advance(2);
  h.feed('set', 'bad');
  h.advance(1);
  assert.deepEqual(h.lines(), []);
  h.advance(1); // 4 s after mk: the original lifetime has passed
  assert.deepEqual(h.lines(), ['new']);
  assert.ok(
    h.logs.some((l) => l.includes("Invalid lifetime 'abc' for context 'C'")),
    h.logs.join('\n'),
  );
});

test('alias and unalias: one context under several names', () => {
  const h = harness(`${single('^mk$', 'create M; alias M M2; alias M M3; add M2 ev')}
${single('^una$', 'unalias M; unalias M3')}
${single('^show$', 'exists %a M; exists %b M2; exists %c M3; getsize %n M2; write - %a%b%c n=%n')}
${single('^del$', 'delete M2')}`);
  h.feed('mk', 'show', 'una', 'show', 'del', 'show');
  assert.deepEqual(h.lines(), ['111 n=1', '010 n=1', '000 n=']);
});

test('alias with no alias name uses %s; alias of a missing context does nothing', () => {
  const h = harness(`${single('^mk$', 'create M; alias M')}
${single('^miss$', 'alias NOPE X')}
${single('^show$', 'exists %a mk; exists %x X; write - %a%x')}`);
  h.feed('mk', 'miss', 'show');
  assert.deepEqual(h.lines(), ['10']);
});

test('add, prepend and report (no command: standard output); add creates the context', () => {
  const h = harness(single('^go$', 'add C l1; add C l2%{.nl}l3; prepend C l0; report C'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['l0', 'l1', 'l2', 'l3']);
  assert.equal(h.engine.contexts.get('C')?.lifetime, 0);
});

test('add with no text adds %s; report of an empty or missing context prints nothing', () => {
  const h = harness(single('^go$', 'create E; report E; report NOPE; add C; report C'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['go']);
});

test('fill replaces the event store; multi-line text becomes several events', () => {
  const h = harness(single('^go$', 'add C a; add C b; add C c; fill C x%{.nl}y; getsize %n C; write - n=%n; report C'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['n=2', 'x', 'y']);
});

test('copy, shift, pop, empty', () => {
  const h = harness(
    single(
      '^go$',
      [
        'fill C a%{.nl}b%{.nl}c%{.nl}d',
        'copy C %cp',
        'write - [%cp]',
        'shift C %sh',
        'pop C %po',
        'write - sh=%sh po=%po',
        'empty C %em',
        'write - em=[%em]',
        'getsize %n C',
        'write - n=%n',
        'pop C %po',
        'write - po=[%po]',
        'add C z',
        'empty C',
        'getsize %n C',
        'write - n=%n',
      ].join('; '),
    ),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['[a', 'b', 'c', 'd]', 'sh=a po=d', 'em=[b', 'c]', 'n=0', 'po=[]', 'n=0']);
});

test('copy/pop/shift/empty of a missing context leave the variable alone', () => {
  const h = harness(single('^go$', 'assign %v keep; copy NOPE %v; pop NOPE %v; shift NOPE %v; empty NOPE %v; write - %v'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['keep']);
});

// ---- trim (SEC 2.9.4) -------------------------------------------------------
// The expected values were taken from running SEC 2.9.4 on the same rules.

test('trim drops the strings added before a time: -N from now, +N from the creation time', () => {
  const h = harness(`${single('^one$', 'add C a; add C b; fill D x%{.nl}y; add E e1')}
${single('^two$', 'prepend C p; add C c; add D z; shift D %sh; write - sh=%sh; prepend D q; add E e2')}
${single('^three$', 'trim -1 C %v; write - v=[%v]; report C; trim -1 D %w; write - w=[%w]; report D; trim +1 E %x; write - x=[%x]; report E')}`);
  h.feed('one');
  h.advance(2);
  h.feed('two', 'three');
  assert.deepEqual(h.lines(), ['sh=x', 'v=[a', 'b]', 'p', 'c', 'w=[y]', 'q', 'z', 'x=[e1]', 'e2']);
});

test('trim by an absolute time or offsets of 0; a time after now removes all', () => {
  const h = harness(`${single('^add (\\S+)$', 'add C $1')}
${single('^trim (\\S+)$', 'assign %v unchanged; trim $1 C %v; write - [%v]; copy C %c; write - left=[%c]')}`);
  h.feed('add a');
  h.advance(5);
  h.feed('add b', 'trim 0', 'trim +0', `trim ${T0 + 1}`);
  assert.deepEqual(h.lines(), ['[]', 'left=[a', 'b]', '[]', 'left=[a', 'b]', '[a]', 'left=[b]']);
  h.feed('trim -0');
  assert.deepEqual(h.lines().slice(-2), ['[]', 'left=[b]'], 'strings of this second stay');
  h.feed('trim +1000');
  assert.deepEqual(h.lines().slice(-2), ['[b]', 'left=[]']);
  assert.ok(
    h.logs.some((l) => l.endsWith(`Trimming context 'C' event store by timestamp '${T0 + 1}'`)),
    h.logs.join('\n'),
  );
  assert.ok(h.logs.some((l) => l.endsWith(`Trimmed 1 element(s) older than '${perlLocaltime(T0 + 1)}' from context 'C' event store`)));
  assert.ok(h.logs.some((l) => l.endsWith(`Trimmed 0 element(s) older than '${perlLocaltime(0)}' from context 'C' event store`)));
  assert.ok(h.logs.some((l) => l.endsWith("Variable '%v' set to 'a'")));
});

test('trim of a missing context or with a bad time: warned, the variable unchanged, nothing created', () => {
  const h = harness(
    single('^go$', 'add C a; assign %v unchanged; trim 5 NOPE %v; trim abc C %v; trim 1.5 C %v; write - [%v]; exists %e NOPE; getsize %n C; write - e=%e n=%n'),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['[unchanged]', 'e=0 n=1']);
  assert.ok(
    h.logs.some((l) => l.endsWith("Context 'NOPE' does not exist, can't trim")),
    h.logs.join('\n'),
  );
  assert.ok(h.logs.some((l) => l.endsWith("Invalid timestamp 'abc' for trimming context 'C'")));
  assert.ok(h.logs.some((l) => l.endsWith("Invalid timestamp '1.5' for trimming context 'C'")));
});

test('trim without a variable; set restarts the creation time that +N counts from', () => {
  const h = harness(`${single('^one$', 'create C; add C a')}
${single('^two$', 'set C 0; add C b; trim +0 C; report C')}`);
  h.feed('one');
  h.advance(3);
  h.feed('two');
  assert.deepEqual(h.lines(), ['b']);
});

test('trim makes room under --evstoresize', () => {
  const h = harness(
    `${single('^one$', 'add S a; add S b')}
${single('^two$', 'add S c; trim -0 S; add S d; report S')}`,
    { evstoresize: 2 },
  );
  h.feed('one');
  h.advance(1);
  h.feed('two');
  assert.deepEqual(h.lines(), ['d']);
  assert.ok(h.logs.some((l) => l.includes("Can't add event(s) 'c' to context 'S', store full")));
});

test('trim on a store of 200,000 strings', () => {
  const h = harness(`${single('^one$', 'add C %big')}
${single('^two$', 'add C last; trim -0 C %tr; getsize %n C; write - n=%n')}`);
  const big = Array.from({ length: 200_000 }, (_, i) => `line ${i}`).join('\n');
  h.engine.variables.set('big', big);
  h.feed('one');
  h.advance(1);
  h.feed('two');
  assert.deepEqual(h.lines(), ['n=1']);
  assert.equal(h.engine.variables.get('tr'), big);
});

test('exists, getsize, getaliases', () => {
  const h = harness(
    single(
      '^go$',
      [
        'exists %e C',
        'getsize %s1 C',
        'write - e=%e size=[%s1]',
        'create C',
        'alias C C2',
        'alias C C3',
        'add C x',
        'exists %e C3',
        'getsize %s1 C',
        'getaliases %al C2',
        'write - e=%e size=%s1 aliases=%al',
      ].join('; '),
    ),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['e=0 size=[]', 'e=1 size=1 aliases=C', 'C2', 'C3']);
});

test('getltime and setltime', () => {
  const h = harness(`${single('^mk$', 'create C 100 (write - C expired); getltime %l C; write - l=%l; setltime C 3; getltime %l C; write - l=%l')}
${single('^forever$', 'setltime C; getltime %l C; write - l=%l')}`);
  h.feed('mk');
  assert.deepEqual(h.lines(), ['l=100', 'l=3']);
  h.advance(4);
  assert.deepEqual(h.lines(), ['l=100', 'l=3', 'C expired']);
  h.feed('mk', 'forever');
  h.advance(50);
  assert.equal(h.engine.contexts.has('C'), true);
  assert.deepEqual(h.lines().slice(3), ['l=100', 'l=3', 'l=0']);
});

test('setltime to a lifetime already past expires the context at once', () => {
  const h = harness(`${single('^mk$', 'create C 100 (write - C expired)')}
${single('^short$', 'setltime C 1; exists %e C; write - e=%e')}`);
  h.feed('mk');
  h.advance(5);
  h.feed('short');
  assert.deepEqual(h.lines(), ['C expired', 'e=0']);
});

test('getctime and setctime (not backwards, not into the future)', () => {
  const h = harness(`${single('^mk$', 'create C 10 (write - expired)')}
${single('^get$', 'getctime %c C; write - c=%c')}
${single('^set (\\d+)$', 'setctime $1 C')}`);
  h.feed('mk', 'get');
  h.advance(8);
  h.feed(`set ${T0 + 5}`, 'get');
  h.feed(`set ${T0 + 1}`, 'get'); // backwards: refused
  h.feed(`set ${T0 + 100}`, 'get'); // future: refused
  assert.deepEqual(h.lines(), [`c=${T0}`, `c=${T0 + 5}`, `c=${T0 + 5}`, `c=${T0 + 5}`]);
  h.advance(7); // T0+15 = ctime+10: still alive
  assert.deepEqual(h.lines().length, 4);
  h.advance(1);
  assert.deepEqual(h.lines()[4], 'expired');
});

test('--evstoresize limits add, prepend and fill', () => {
  const h = harness(
    single(
      '^go$',
      [
        'add S a',
        'add S b',
        'add S c',
        'getsize %z S',
        'write - z=%z',
        'add S d',
        'prepend S p',
        'report S',
        'fill S x%{.nl}y%{.nl}z%{.nl}w',
        'report S',
        'fill S 1',
        'add S 2%{.nl}3',
        'getsize %z S',
        'write - z=%z',
      ].join('; '),
    ),
    { evstoresize: 3 },
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['z=3', 'a', 'b', 'c', 'a', 'b', 'c', 'z=3']);
  assert.ok(
    h.logs.some((l) => l.includes("Can't add event(s) 'd' to context 'S', store full")),
    h.logs.join('\n'),
  );
});

test('internal contexts cannot be changed by actions (--intcontexts)', () => {
  const h = harness(
    single(
      '^internal$',
      [
        'delete _FILE_EVENT_-',
        'exists %e _FILE_EVENT_-',
        'write - e=%e',
        'create _FILE_EVENT_- 5',
        'alias _FILE_EVENT_- AL',
        'exists %e AL',
        'write - al=%e',
        'add _FILE_EVENT_- q',
        'getsize %z _FILE_EVENT_-',
        'write - z=%z',
        'obsolete _FILE_EVENT_-',
        'exists %e _FILE_EVENT_-',
        'write - e=%e',
      ].join('; '),
    ),
    { intcontexts: true },
  );
  h.feed('internal');
  assert.deepEqual(h.lines(), ['e=1', 'al=0', 'z=0', 'e=1']);
  assert.ok(h.logs.some((l) => l.includes("Invalid use of delete action for internal context '_FILE_EVENT_-'")));
  assert.ok(h.logs.some((l) => l.includes("Invalid use of create action for internal context '_FILE_EVENT_-'")));
  assert.ok(h.logs.some((l) => l.includes("Invalid use of add action for internal context '_FILE_EVENT_-'")));
  // and the internal context is gone once the event is done
  assert.equal(h.engine.contexts.has('_FILE_EVENT_-'), false);
});

// ---- events -------------------------------------------------------------------

test('event is processed after the current line has been through every rule', () => {
  const h = harness(`${single('^go$', 'event SYN-EV', 'continue=TakeNext\n')}
${single('^(.*)$', 'write - [$1]')}`);
  h.feed('go', 'next');
  assert.deepEqual(h.lines(), ['[go]', '[SYN-EV]', '[next]']);
});

test('event with no text sends %s; multi-line text makes several events, empty middle lines included', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=go
continue=TakeNext
desc=DESC
action=event; event a%{.nl}%{.nl}b%{.nl}


${single('^(.*)$', 'write - [$1]')}`);
  h.feed('go');
  assert.deepEqual(h.lines(), ['[go]', '[DESC]', '[a]', '[]', '[b]']);
});

test('event N is released by the sweep N seconds later', () => {
  const h = harness(`${single('^go$', 'event 2 LATER; event 5abc')}
${single('^(LATER|5abc)$', 'write - got $1')}`);
  h.feed('go');
  assert.deepEqual(h.lines(), ['got 5abc']);
  h.advance(1);
  assert.deepEqual(h.lines(), ['got 5abc']);
  h.advance(1);
  assert.deepEqual(h.lines(), ['got 5abc', 'got LATER']);
});

test('synthetic events carry _INTERNAL_EVENT and the synthetic input source', () => {
  const h = harness(
    `${single('^go$', 'event E')}
${single('^E$', 'write - src=$+{_inputsrc} ctx=$+{_intcontext}', 'context=_INTERNAL_EVENT\n')}`,
    { intcontexts: true },
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['src=synthetic ctx=_INTERNAL_EVENT']);
});

test('tevent takes its delay from a variable', () => {
  const h = harness(`${single('^go$', 'assign %d 3; tevent %d T1; tevent 0 T0; tevent x BAD')}
${single('^(T\\d|BAD)$', 'write - got $1')}`);
  h.feed('go');
  assert.deepEqual(h.lines(), ['got T0']);
  h.advance(2);
  assert.deepEqual(h.lines(), ['got T0']);
  h.advance(1);
  assert.deepEqual(h.lines(), ['got T0', 'got T1']);
  assert.ok(h.logs.some((l) => l.includes("Invalid time specification 'x'")));
});

test('cevent: with --intcontexts the event sees the named context', () => {
  const rules = `${single('^cev$', 'cevent MYCTX 0 cevented; tevent 0 tevented')}
${single('^(cevented|tevented)$', 'write - $1 in MYCTX [$+{_intcontext}]', 'context=MYCTX\n')}
${single('^(cevented|tevented)$', 'write - $1 [$+{_intcontext}]')}`;
  const h = harness(rules, { intcontexts: true });
  h.feed('cev');
  assert.deepEqual(h.lines(), ['cevented in MYCTX [MYCTX]', 'tevented [_INTERNAL_EVENT]']);
  assert.equal(h.engine.contexts.has('MYCTX'), false);
  const plain = harness(rules);
  plain.feed('cev');
  assert.deepEqual(plain.lines(), ['cevented []', 'tevented []']);
});

test('cevent with a delay', () => {
  const h = harness(
    `${single('^cev$', 'cevent CX 2 late')}
${single('^late$', 'write - late in CX', 'context=CX\n')}`,
    { intcontexts: true },
  );
  h.feed('cev');
  h.advance(1);
  assert.deepEqual(h.lines(), []);
  h.advance(1);
  assert.deepEqual(h.lines(), ['late in CX']);
});

// ---- operations ---------------------------------------------------------------

const SUPPRESS = `type=SingleWithSuppress
ptype=RegExp
pattern=^s$
desc=sup
action=write - fired
window=10
`;

test('reset ends a SingleWithSuppress window (rule number and desc)', () => {
  const h = harness(`${SUPPRESS}
type=Single
ptype=SubStr
pattern=r
desc=sup
action=reset -1
`);
  h.feed('s', 's');
  assert.deepEqual(h.lines(), ['fired']);
  h.feed('r', 's', 's');
  assert.deepEqual(h.lines(), ['fired', 'fired']);
});

test('reset with an absolute rule number, a wrong desc, and with no rule number', () => {
  const h = harness(`${SUPPRESS}
type=Single
ptype=SubStr
pattern=x
desc=other
action=reset 1
${'\n'}type=Single
ptype=SubStr
pattern=y
desc=sup
action=reset 1
${'\n'}type=Single
ptype=SubStr
pattern=z
desc=sup
action=reset
`);
  h.feed('s', 'x', 's');
  assert.deepEqual(h.lines(), ['fired'], 'a reset for another desc leaves the window');
  h.feed('y', 's');
  assert.deepEqual(h.lines(), ['fired', 'fired']);
  h.feed('z', 's');
  assert.deepEqual(h.lines(), ['fired', 'fired', 'fired']);
});

test('getwpos and setwpos on a SingleWithSuppress operation', () => {
  const h = harness(`${SUPPRESS}
type=Single
ptype=RegExp
pattern=^get$
desc=g
action=getwpos %p -1 sup; write - pos=[%p]
${'\n'}type=Single
ptype=RegExp
pattern=^set (\\d+)$
desc=g
action=setwpos $1 1 sup
`);
  h.feed('get');
  h.feed('s');
  h.advance(3);
  h.feed('get');
  assert.deepEqual(h.lines(), ['pos=[]', 'fired', `pos=[${T0}]`]);
  // backwards and into the future are refused
  h.feed(`set ${T0 - 20}`, `set ${T0 + 50}`, 'get');
  assert.deepEqual(h.lines().slice(3), [`pos=[${T0}]`]);
  assert.ok(
    h.logs.some((l) => l.includes("Can't move event correlation window backwards")),
    h.logs.join('\n'),
  );
  // forwards: the window now ends at T0+2+10
  h.feed(`set ${T0 + 2}`, 'get');
  assert.deepEqual(h.lines().slice(4), [`pos=[${T0 + 2}]`]);
  h.advance(8); // T0+11: without setwpos this would start a new window
  h.feed('s');
  assert.deepEqual(h.lines().slice(5), []);
  h.advance(2); // T0+13: past T0+2+10
  h.feed('s');
  assert.deepEqual(h.lines().slice(5), ['fired']);
});

// ---- variables ---------------------------------------------------------------

test('assign, assignsq and free; assign with no value sets %s', () => {
  const h = harness(`${single('^set$', "assign %x a b; assignsq %q it's; assign %y; write - %x|%q|%y")}
${single('^later$', 'write - later %x; free %x; write - freed [%x]')}`);
  h.feed('set', 'later');
  assert.deepEqual(h.lines(), ["a b|'it'\\''s'|set", 'later a b', 'freed []']);
});

test('assigned values are seen by the next action of the same list', () => {
  const h = harness(single('^go$', 'assign %a 1; assign %b %a-2; write - %b'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['1-2']);
});

// ---- rewrite -------------------------------------------------------------------

test('rewrite replaces the input buffer; a later RegExp2 rule sees the new lines', () => {
  const h = harness(`${single('^rw (.*)', 'rewrite 2 first-$1%{.nl}second-$1', 'continue=TakeNext\n')}
type=Single
ptype=RegExp2
pattern=^(.*)\\n(.*)$
desc=d
action=write - [$1|$2]
`);
  h.feed('rw X', 'next');
  assert.deepEqual(h.lines(), ['[first-X|second-X]', '[second-X|next]']);
});

test('rewrite 1 replaces only the current line; a later RegExp rule matches it', () => {
  const h = harness(`${single('^orig$', 'rewrite 1 changed', 'continue=TakeNext\n')}
${single('^(changed|orig)$', 'write - saw $1')}`);
  h.feed('orig');
  assert.deepEqual(h.lines(), ['saw changed']);
});

// ---- control flow -------------------------------------------------------------

test('if/else chooses by Perl truth of the variable', () => {
  const h = harness(single('^v (.*)$', 'assign %v $1; if %v (write - yes %v) else (write - no)', ''));
  h.feed('v 1', 'v 0', 'v abc');
  const h2 = harness(single('^go$', 'if %unset (write - yes) else (write - no); if %unset (write - yes2)'));
  h2.feed('go');
  assert.deepEqual(h.lines(), ['yes 1', 'no', 'yes abc']);
  assert.deepEqual(h2.lines(), ['no']);
});

test('while loops until the variable is false', () => {
  const h = harness(
    single('^go$', ['fill Q a%{.nl}b%{.nl}c', 'getsize %n Q', 'while %n (shift Q %e; write - e=%e; getsize %n Q)', 'write - done n=%n'].join('; ')),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['e=a', 'e=b', 'e=c', 'done n=0']);
});

test('continue skips the rest of the loop body; break leaves the loop; the list goes on after it', () => {
  const h = harness(
    single(
      '^go$',
      [
        'create SKIP_b',
        'create STOP_d',
        'fill Q a%{.nl}b%{.nl}c%{.nl}d%{.nl}e',
        'getsize %n Q',
        'while %n (shift Q %e; getsize %n Q; exists %sk SKIP_%e; if %sk (continue); exists %st STOP_%e; if %st (break); write - e=%e)',
        'write - after n=%n',
      ].join('; '),
    ),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['e=a', 'e=c', 'after n=1']);
});

test('a while loop nested in a while loop: break leaves only the inner one', () => {
  const h = harness(
    single(
      '^go$',
      [
        'fill O 1%{.nl}2',
        'getsize %on O',
        'while %on (shift O %o; getsize %on O; fill I x%{.nl}y; assign %in 1; ' + 'while %in (shift I %i; getsize %in I; write - %o%i; break); write - end %o)',
      ].join('; '),
    ),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['1x', 'end 1', '2x', 'end 2']);
});

// ---- names that are Object.prototype members -------------------------------------

test('variables, contexts, named captures and varmap names like constructor or __proto__ are ordinary names', () => {
  // the output of sec 2.9.1 on the same rules and lines
  const h = harness(`type=Single
ptype=RegExp
pattern=^go (?<constructor>\\S+) (\\S+)
varmap=toString=2; hasOwnProperty
desc=d $+{constructor} [$+{valueOf}] $+{toString}
action=assign %constructor c1; assign %toString t1; create __proto__; add __proto__ e1; add constructor e2; \\
  exists %e __proto__; exists %f toString; copy __proto__ %x; getsize %n constructor; \\
  write - %s %constructor %toString e=%e f=%f x=%x n=%n [%valueOf] [%{__proto__}] [$:{hasOwnProperty:toString}] [$:{toString:1}]

type=Single
ptype=SubStr
pattern=ctx
context=__proto__ && constructor && !toString
desc=ctx
action=write - ctx ok

type=Single
ptype=SubStr
pattern=ctx
context=valueOf
desc=ctx2
action=write - valueOf wrong
`);
  h.feed('go A B', 'ctx');
  assert.deepEqual(h.lines(), ['d A [] B c1 t1 e=1 f=0 x=e1 n=1 [] [%{__proto__}] [B] []', 'ctx ok']);
});
