import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, type Harness } from '../support/harness.js';

// Pair and PairWithWindow on the virtual clock; checked against sec 2.9.1.

const START = 1_800_000_000;
function at(h: Harness, k: number): void {
  const now = h.clock.seconds() - START;
  assert.ok(k >= now, `cannot go back from ${now} to ${k}`);
  h.advance(k - now);
}

const FALL = `
type=Single
ptype=RegExp
pattern=^(.*)$
desc=fall
action=write - fall $1
`;

const pww = (extra = ''): string => `type=PairWithWindow
ptype=RegExp
pattern=^A(\\d)
desc=pww
action=write - timeout %s $1
ptype2=RegExp
pattern2=^B(\\d)
desc2=got %1 $1
action2=write - %s
window=2
${extra}`;

test('PairWithWindow: pattern2 exactly window seconds later completes', () => {
  const h = harness(pww() + FALL);
  h.feed('A1');
  at(h, 2);
  h.feed('B2');
  assert.deepEqual(h.lines(), ['got 1 2']);
  assert.equal(h.engine.operations.size, 0);
  at(h, 6);
  assert.deepEqual(h.lines(), ['got 1 2']);
});

test('PairWithWindow: the timeout action runs at second window+1, not window', () => {
  const h = harness(pww() + FALL);
  h.feed('A1');
  at(h, 2);
  assert.deepEqual(h.lines(), []);
  at(h, 3);
  assert.deepEqual(h.lines(), ['timeout pww 1']);
  h.feed('B3'); // one second too late: no operation, falls through
  assert.deepEqual(h.lines(), ['timeout pww 1', 'fall B3']);
});

test('PairWithWindow: a new start event finding a stale operation runs its timeout first', () => {
  const h = harness(pww(), { cleantime: 100 });
  h.feed('A1');
  at(h, 3);
  h.feed('A2');
  assert.deepEqual(h.lines(), ['timeout pww 1']);
  h.feed('B9');
  assert.deepEqual(h.lines(), ['timeout pww 1', 'got 2 9']);
});

test('PairWithWindow: first pattern repeating is swallowed and does not restart the window', () => {
  const h = harness(pww() + FALL);
  h.feed('A1');
  at(h, 1);
  h.feed('A2');
  assert.deepEqual(h.lines(), []);
  at(h, 3);
  assert.deepEqual(h.lines(), ['timeout pww 1']);
});

test('Pair: start action at once, window counts the last second, expired operation lets pattern2 fall through', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=pair
action=write - start $1
ptype2=RegExp
pattern2=^B(\\d)
desc2=got %1 $1
action2=write - %s
window=2
${FALL}`);
  h.feed('A1');
  at(h, 1);
  h.feed('A2'); // swallowed: no action, no fall-through
  at(h, 3);
  assert.equal(h.engine.operations.size, 0);
  h.feed('B3');
  at(h, 4);
  h.feed('A4');
  at(h, 6);
  h.feed('B5');
  assert.deepEqual(h.lines(), ['start 1', 'fall B3', 'start 4', 'got 4 5']);
});

test('Pair: window=0 never expires', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=pair
action=write - start $1
ptype2=RegExp
pattern2=^B(\\d)
desc2=got %1 $1
action2=write - %s
window=0
`);
  h.feed('A1');
  at(h, 100_000);
  assert.equal(h.engine.operations.size, 1);
  h.feed('B2');
  assert.deepEqual(h.lines(), ['start 1', 'got 1 2']);
});

test('Pair: with pattern equal to pattern2 the pair never completes (SEC-NOTES 19)', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^X(\\d)
desc=x
action=write - start $0
ptype2=RegExp
pattern2=^X(\\d)
desc2=x2
action2=write - end $0
${FALL}`);
  h.feed('X1', 'X2', 'X3', 'Y');
  assert.deepEqual(h.lines(), ['start X1', 'fall Y']);
});

test('Pair: one pattern2 event completes every waiting operation it matches', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=pair $1
action=none
ptype2=RegExp
pattern2=^B
desc2=done %1
action2=write - %s
`);
  h.feed('A1', 'A2', 'A3');
  assert.equal(h.engine.operations.size, 3);
  h.feed('B');
  assert.deepEqual(h.lines().sort(), ['done 1', 'done 2', 'done 3']);
  assert.equal(h.engine.operations.size, 0);
  h.feed('B');
  assert.equal(h.lines().length, 3);
});

test('Pair: $N in pattern2 is the first value, regex-escaped', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^start (\\S+)
desc=p $1
action=write - start $1
ptype2=RegExp
pattern2=^end $1$
desc2=done %1
action2=write - %s
continue2=TakeNext
${FALL}`);
  h.feed('start a.b', 'start [x]');
  at(h, 1);
  h.feed('end axb', 'end a.b');
  at(h, 2);
  h.feed('end [x]', 'end [x]');
  assert.deepEqual(h.lines(), ['start a.b', 'start [x]', 'fall end axb', 'done a.b', 'fall end a.b', 'done [x]', 'fall end [x]', 'fall end [x]']);
});

test('Pair: a value that continues an escape of pattern2 (\\x4$1 with 1 is \\x41, an A) completes the operation as SEC does', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^id (\\d)
desc=p $1
action=write - start $1
ptype2=RegExp
pattern2=^got \\x4$1$
desc2=done %1
action2=write - %s
`);
  h.feed('id 1');
  at(h, 1);
  h.feed('got A');
  assert.deepEqual(h.lines(), ['start 1', 'done 1']);
});

test('Pair: a pattern match cache value in pattern2 goes in unquoted, a regex of its own, as SEC does', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=^start (\\S+)
varmap=SETV; val=1
desc=set
action=none
continue=TakeNext

type=Pair
ptype=RegExp
pattern=^start (\\S+)
desc=p $1
action=write - start $1
ptype2=RegExp
pattern2=^end $:{SETV:val}$
desc2=done
action2=write - done %1 on $0
`);
  h.feed('start a.b');
  at(h, 1);
  h.feed('end axb', 'end a.b');
  assert.deepEqual(h.lines(), ['start a.b', 'done a.b on end axb']);
});

test('Pair: %N is the first match and $N the pattern2 match in desc2 and action2 (SEC-NOTES 11)', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=first $1
action=none
ptype2=RegExp
pattern2=^B(\\d)
desc2=second %1 $1
action2=write - %s one=$1 pct1=%1
`);
  h.feed('A1', 'B3');
  assert.deepEqual(h.lines(), ['second 1 3 one=3 pct1=1']);
});

test('Pair: with a SubStr pattern2, $N in desc2 and action2 are the first match values', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=first $1
action=none
ptype2=SubStr
pattern2=B$1
desc2=second $1
action2=write - %s one=$1
`);
  h.feed('A1', 'B2', 'xB1y');
  assert.deepEqual(h.lines(), ['second 1 one=1']);
});

test('Pair: context2 must hold for pattern2 to complete, and may use %N', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=first $1
action=none
ptype2=RegExp
pattern2=^B(\\d)
context2=OK_%1 && !NO_$1
desc2=done %1 $1
action2=write - %s

type=Single
ptype=RegExp
pattern=^(mk|rm) (\\S+)
desc=ctx
action=create $2
`);
  h.feed('A1', 'B2');
  assert.deepEqual(h.lines(), []);
  h.feed('mk OK_1', 'mk NO_2', 'B2');
  assert.deepEqual(h.lines(), []);
  h.feed('B3');
  assert.deepEqual(h.lines(), ['done 1 3']);
});

test('Pair: continue2 decides whether the pattern2 event goes on to later rules', () => {
  const rule = (cont: string): string => `type=Pair
ptype=RegExp
pattern=^A
desc=p
action=none
ptype2=RegExp
pattern2=^B
desc2=d
action2=write - done
${cont}
${FALL}`;
  const dont = harness(rule(''));
  dont.feed('A', 'B', 'B');
  assert.deepEqual(dont.lines(), ['done', 'fall B']);
  const next = harness(rule('continue2=TakeNext'));
  next.feed('A', 'B');
  assert.deepEqual(next.lines(), ['done', 'fall B']);
});

test('Pair: actions keep the values of the event that started the operation', () => {
  const h = harness(pww());
  h.feed('A1', 'A2', 'A3');
  at(h, 3);
  assert.deepEqual(h.lines(), ['timeout pww 1']);
});

test('Pair and PairWithWindow: reset mid-window, with and without a rule offset', () => {
  const h = harness(`${pww('continue=TakeNext')}

type=Pair
ptype=RegExp
pattern=^A(\\d)
desc=pww
action=write - start2 $1
ptype2=RegExp
pattern2=^C
desc2=c
action2=write - c done

type=Single
ptype=SubStr
pattern=r1
desc=x
action=reset -2 pww

type=Single
ptype=SubStr
pattern=rall
desc=x
action=reset pww
`);
  h.feed('A1');
  at(h, 1);
  h.feed('r1');
  assert.equal(h.engine.operations.size, 1);
  at(h, 5); // no timeout for the reset operation
  h.feed('C');
  assert.deepEqual(h.lines(), ['start2 1', 'c done']);
  h.feed('A2');
  assert.equal(h.engine.operations.size, 2);
  h.feed('rall');
  assert.equal(h.engine.operations.size, 0);
  at(h, 10);
  h.feed('B1', 'C');
  assert.deepEqual(h.lines(), ['start2 1', 'c done', 'start2 2']);
});

test('PairWithWindow: getwpos and setwpos move the timeout', () => {
  const h = harness(`${pww()}

type=Single
ptype=SubStr
pattern=move
desc=mv
action=getwpos %a -1 pww; setwpos %u -1 pww; getwpos %b -1 pww; write - moved %a %b
`);
  h.feed('A1');
  at(h, 2);
  h.feed('move');
  assert.deepEqual(h.lines(), [`moved ${START} ${START + 2}`]);
  at(h, 4);
  assert.equal(h.lines().length, 1);
  at(h, 5);
  assert.deepEqual(h.lines().slice(1), ['timeout pww 1']);
});

test('Pair window=0: setwpos moves the start but the operation still never expires', () => {
  const h = harness(`type=Pair
ptype=SubStr
pattern=A
desc=p
action=none
ptype2=SubStr
pattern2=B
desc2=d
action2=write - done

type=Single
ptype=SubStr
pattern=move
desc=mv
action=setwpos %u -1 p; getwpos %w -1 p; write - at %w
`);
  h.feed('A');
  at(h, 5);
  h.feed('move');
  at(h, 1000);
  h.feed('B');
  assert.deepEqual(h.lines(), [`at ${START + 5}`, 'done']);
});

test('PairWithWindow: timeouts due in the same sweep that reset each other run only once', () => {
  // sec 2.9.1 checked: exactly one of the two timeout actions runs (which one is random)
  const h = harness(`type=PairWithWindow
ptype=SubStr
pattern=X
desc=one
action=write - timeout one; reset +1 two
ptype2=SubStr
pattern2=never
desc2=x
action2=none
window=1
continue=TakeNext

type=PairWithWindow
ptype=SubStr
pattern=X
desc=two
action=write - timeout two; reset -1 one
ptype2=SubStr
pattern2=never
desc2=x
action2=none
window=1
`);
  h.feed('X');
  assert.equal(h.engine.operations.size, 2);
  at(h, 2);
  assert.equal(h.lines().length, 1, h.output());
  assert.match(h.lines()[0], /^timeout (one|two)$/);
  assert.equal(h.engine.operations.size, 0);
});

/** A Pair whose pattern2 holds the first event's value, matched without regard to case. */
const OPEN_CLOSE = `type=Pair
ptype=RegExp
pattern=^open (\\S+)
desc=p $1
action=none
ptype2=RegExp
pattern2=(?i)^close $1 now$
desc2=closed %1
action2=write - %s
`;

test("Pair: an operation's pattern2 built from the first event's values is ruled out by their literals only where it cannot match", () => {
  // (?i) pattern2: the literal test reads a lower-cased line, so mixed case still completes;
  // a latin1 capital (À) is changed by lower-casing, so that operation is always tried
  const h = harness(OPEN_CLOSE);
  h.feed('open Alpha-Server', 'open \u00c0-host', 'open other');
  h.feed('close beta-server now', 'CLOSE ALPHA-SERVER NOW');
  assert.deepEqual(h.lines(), ['closed Alpha-Server']);
  h.feed('close \u00c0-HOST now');
  assert.deepEqual(h.lines(), ['closed Alpha-Server', 'closed \u00c0-host']);
  assert.equal(h.engine.operations.size, 1);
});

test('Pair: with many live operations, their literals are looked for in the pieces of the event first, and the right ones still complete', () => {
  // more than a handful of operations: the pieces of each operation's literal are tested first;
  // short values (no piece), mixed case, values inside other values and a completed one starting again
  const h = harness(OPEN_CLOSE);
  const names = ['ab', 'abc', 'Alpha', 'alphabet', 'beta', 'gamma', 'delta', 'x.y', 'x-y', 'Server01', 'server011'];
  h.feed(...names.map((n) => `open ${n}`));
  assert.equal(h.engine.operations.size, names.length);
  h.feed('close AB now', 'close alphabet now', 'close X.Y now', 'close server011 now', 'close zeta now', 'close alpha now');
  assert.deepEqual(h.lines(), ['closed ab', 'closed alphabet', 'closed x.y', 'closed server011', 'closed Alpha']);
  h.feed('open ab', 'close ab now', 'close abc now');
  assert.deepEqual(h.lines().slice(5), ['closed ab', 'closed abc']);
  assert.equal(h.engine.operations.size, names.length - 6);
});

test('Pair: operations that complete do not stay in memory through the window heap until their day-long window ends', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^fail (\\S+)
desc=failed $1
action=none
ptype2=RegExp
pattern2=^ok $1
desc2=ok after failure
action2=none
window=86400
`);
  const heap = (h.engine.operations as unknown as { deadlines: { size: number } }).deadlines;
  for (let i = 0; i < 20_000; i++) h.feed(`fail u${i}`, `ok u${i}`);
  assert.equal(h.engine.operations.size, 0);
  // without the trim: one entry per operation ever started, each holding its operation
  assert.ok(heap.size <= 64 + 2, `${heap.size} heap entries, no live operation`);
});

test('Pair: operations whose pattern2 is literal up to its values complete as SEC does, also one whose pattern another operation shared and took along as it ended', () => {
  // pattern2 is filled in without a regex of its own and dropped when its operation ends; the
  // operation of "start a y" has the same pattern2 text as that of "start a x", which ends first
  const h = harness(`type=Pair
ptype=RegExp
pattern=^start (\\S+) (\\S+)
desc=op $1 $2
action=none
ptype2=RegExp
pattern2=end $1 after (\\d+)
context2=OK_%2
desc2=done %1 %2 $1
action2=write - %s

type=Single
ptype=RegExp
pattern=^mk (\\S+)
desc=ctx
action=create $1
`);
  h.feed('start a x', 'start a y', 'start b.c x', 'mk OK_x');
  h.feed('end a after z', 'x: end a after 5 end a after 6');
  assert.deepEqual(h.lines(), ['done a x 5']);
  h.feed('mk OK_y', 'end a after 7', 'end bxc after 8', 'end b.c after 9');
  assert.deepEqual(h.lines(), ['done a x 5', 'done a y 7', 'done b.c x 9']);
  assert.equal(h.engine.operations.size, 0);
});

test('Pair: with many live operations, an event completes the ones its line holds the values of, in the order they started, also after a reset the index was not told of', () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=^open (\\S+) (\\S+)
desc=p $1
action=none
ptype2=RegExp
pattern2=close $2 by (\\S+)
desc2=closed %1 (%2) by $1
action2=write - %s

type=Single
ptype=RegExp
pattern=^drop (\\S+)
desc=drop
action=reset -1 p $1
`);
  h.feed('open a1 grp', 'open a2 grp', 'open a3 solo1', 'open a4 grp', 'open a5 solo2', 'open a6 solo3');
  h.feed('drop a2', 'close grp by x', 'close solo2 by y, close solo1 by z');
  h.feed('open a7 solo4', 'open a8 solo5', 'open a9 solo6', 'open a10 solo7', 'close solo7 by w', 'close solo5 by v', 'close grp by u');
  // SEC 2.9.1 writes the same lines; where one event completes several, in an order of its hash
  assert.deepEqual(h.lines(), [
    'closed a1 (grp) by x',
    'closed a4 (grp) by x',
    'closed a3 (solo1) by z',
    'closed a5 (solo2) by y,',
    'closed a10 (solo7) by w',
    'closed a8 (solo5) by v',
  ]);
  assert.equal(h.engine.operations.size, 3);
});
