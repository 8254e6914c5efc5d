import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness, type Harness } from '../support/harness.js';

// EventGroup on the virtual clock; checked against sec 2.9.1.

const START = 1_800_000_000;
function at(h: Harness, k: number): void {
  const now = h.clock.seconds() - START;
  assert.ok(k >= now, `cannot go back from ${now} to ${k}`);
  h.advance(k - now);
}

const EG = `type=EventGroup2
ptype=RegExp
pattern=^a(\\d)
thresh=2
count=write - count1 $1
ptype2=RegExp
pattern2=^b(\\d)
count2=write - count2 $1
desc=eg
init=write - init
slide=write - slide
end=write - end
action=write - fired $1
window=3
`;

test('EventGroup: thresh per member, count actions, init and end, events swallowed after firing', () => {
  const h = harness(EG);
  h.feed('a1');
  at(h, 1);
  h.feed('b1');
  at(h, 2);
  h.feed('a2');
  at(h, 3);
  h.feed('a3'); // fired: not counted, but its count action runs
  assert.deepEqual(h.lines(), ['init', 'count1 1', 'count2 1', 'count1 2', 'fired 1', 'count1 3']);
  at(h, 4); // fired operation ends at window + 1
  h.feed('b2');
  assert.deepEqual(h.lines().slice(6), ['end', 'init', 'count2 2']);
  at(h, 7);
  assert.equal(h.lines().length, 9);
  at(h, 8); // nothing left in the window after sliding: end
  assert.deepEqual(h.lines().slice(9), ['end']);
  assert.equal(h.engine.operations.size, 0);
});

test('EventGroup: the second member alone never fires; the first needs both of its events', () => {
  const h = harness(EG);
  h.feed('b1', 'b2', 'a1');
  assert.deepEqual(h.lines(), ['init', 'count2 1', 'count2 2', 'count1 1']);
  h.feed('a2');
  assert.deepEqual(h.lines().slice(4), ['count1 2', 'fired 1']);
});

test('EventGroup: an event exactly window seconds after the first still counts, one second later not', () => {
  const inside = harness(EG);
  inside.feed('a1', 'b1');
  at(inside, 3);
  inside.feed('a2');
  assert.ok(inside.lines().includes('fired 1'));

  const outside = harness(EG);
  outside.feed('a1', 'b1');
  at(outside, 4); // slides: both events at 0 leave, end runs
  assert.deepEqual(outside.lines(), ['init', 'count1 1', 'count2 1', 'end']);
  outside.feed('a2');
  assert.ok(!outside.lines().includes('fired 1'));
  assert.ok(!outside.lines().some((l) => l.startsWith('fired')));
});

test('EventGroup: the window slides to the oldest remaining event and runs slide', () => {
  const h = harness(EG);
  h.feed('a1');
  at(h, 2);
  h.feed('b1');
  at(h, 4); // a1 (0) leaves, b1 (2) stays: slide, window now starts at 2
  assert.deepEqual(h.lines(), ['init', 'count1 1', 'count2 1', 'slide']);
  const op = h.engine.operations.all()[0];
  assert.equal(op.time, START + 2);
  h.feed('a2');
  at(h, 5);
  h.feed('a3');
  assert.deepEqual(h.lines().slice(4), ['count1 2', 'count1 3', 'fired 1']);
});

test('EventGroup: multact=yes fires on every event meeting the thresholds and keeps sliding; egpattern with egtoken', () => {
  const h = harness(`type=EventGroup2
ptype=RegExp
pattern=^a(\\d)
ptype2=RegExp
pattern2=^b(\\d)
egtoken2=B$1
desc=eg
slide=write - slide
end=write - end
action=write - fired $1
multact=yes
egptype=RegExp
egpattern=1 B\\d$
window=2
`);
  h.feed('a1', 'b1');
  at(h, 1);
  h.feed('a2', 'b2');
  assert.deepEqual(h.lines(), ['fired 1', 'fired 1']);
  at(h, 3);
  h.feed('b3'); // tokens "1 B2 B3": no match
  at(h, 4);
  h.feed('a4'); // tokens "B3 1"
  at(h, 6);
  assert.deepEqual(h.lines().slice(2), ['slide', 'slide', 'slide']);
  at(h, 7);
  assert.deepEqual(h.lines().slice(5), ['end']);
  assert.equal(h.engine.operations.size, 0);
});

test('EventGroup: egpattern is checked only after the thresholds, SubStr egpattern', () => {
  const h = harness(`type=EventGroup2
ptype=SubStr
pattern=EVENT_A
thresh=2
ptype2=SubStr
pattern2=EVENT_B
thresh2=2
desc=seq
action=write - %s
egptype=RegExp
egpattern=1 2$
window=60
`);
  h.feed('EVENT_B', 'EVENT_B', 'EVENT_A', 'EVENT_A');
  assert.deepEqual(h.lines(), []);
  h.feed('EVENT_B');
  assert.deepEqual(h.lines(), ['seq']);

  const sub = harness(`type=EventGroup2
ptype=SubStr
pattern=x
egtoken=X
ptype2=SubStr
pattern2=y
egtoken2=Y
desc=s
action=write - got
egptype=SubStr
egpattern=Y X
window=60
`);
  sub.feed('x', 'y');
  assert.deepEqual(sub.lines(), []);
  sub.feed('x');
  assert.deepEqual(sub.lines(), ['got']);
});

test('EventGroup: operations keyed by desc after substitution, actions keep the first event values', () => {
  const h = harness(`type=EventGroup
ptype=RegExp
pattern=^(\\w+) (\\d)
thresh=2
desc=eg $1
action=write - %s first=$2
window=10
`);
  h.feed('x 1', 'y 2', 'z 3');
  assert.equal(h.engine.operations.size, 3);
  assert.deepEqual(h.lines(), []);
  h.feed('y 5');
  assert.deepEqual(h.lines(), ['eg y first=2']);
});

test('EventGroup: reset ends the operation without the end action, with and without rule offset', () => {
  const h = harness(`${EG}
type=Single
ptype=SubStr
pattern=r1
desc=x
action=reset -1 eg

type=Single
ptype=SubStr
pattern=rall
desc=x
action=reset eg
`);
  h.feed('a1', 'r1');
  assert.equal(h.engine.operations.size, 0);
  h.feed('a2', 'rall');
  assert.equal(h.engine.operations.size, 0);
  at(h, 10);
  assert.deepEqual(h.lines(), ['init', 'count1 1', 'init', 'count1 2']);
});

test('EventGroup: getwpos/setwpos; setwpos does not run slide, and past every event runs end', () => {
  const h = harness(`${EG}
type=Single
ptype=RegExp
pattern=^move (\\d+)
desc=x
action=setwpos $1 -1 eg; getwpos %w -1 eg; write - at %w
`);
  h.feed('a1');
  at(h, 2);
  h.feed('a2');
  at(h, 3);
  h.feed(`move ${START + 1}`);
  assert.deepEqual(h.lines(), ['init', 'count1 1', 'count1 2', `at ${START + 1}`]);
  h.feed('b1'); // a1 left with the move: a2 alone is below thresh
  assert.deepEqual(h.lines().slice(4), ['count2 1']);
  at(h, 4);
  h.feed(`move ${START + 4}`); // past every event: end, the operation is gone, getwpos fails
  assert.deepEqual(h.lines().slice(5), ['end', `at ${START + 1}`]);
  assert.equal(h.engine.operations.size, 0);
  assert.ok(h.logs.some((l) => /does not exist, can't get window position/.test(l)));
});

test('EventGroup: setwpos from init is refused while the operation is initializing', () => {
  const h = harness(`type=EventGroup
ptype=SubStr
pattern=go
desc=eg
init=setwpos %u 0
action=write - fired
window=5
`);
  h.feed('go');
  assert.deepEqual(h.lines(), ['fired']);
  assert.ok(h.logs.some((l) => /is initializing, can't set window position/.test(l)));
});

test('EventGroup: a fired operation moved by setwpos ends at the new deadline only', () => {
  const h = harness(`${EG}
type=Single
ptype=SubStr
pattern=move
desc=x
action=setwpos %u -1 eg
`);
  h.feed('a1', 'a2', 'b1');
  assert.ok(h.lines().includes('fired 1'));
  at(h, 2);
  h.feed('move');
  at(h, 5);
  assert.ok(!h.lines().includes('end'));
  at(h, 6);
  assert.equal(h.lines().at(-1), 'end');
});

const SSH_HOSTS = `type=EventGroup
ptype=RegExp
pattern=fail (\\S+) from (\\S+)
desc=hosts for $1
egtoken=$2
egptype=PerlFunc
egpattern=sub { my %%seen = map { $_ => 1 } @{$_[1]}; $main::eg_args = scalar(@_); \\
  $main::eg_times = ref($_[2]) ? join(",", @{$_[2]}) : "none"; return scalar(keys %%seen) >= 3; }
action=write - %s; lcall %a -> ( sub { "$main::eg_args $main::eg_times" } ); write - %a
thresh=3
window=60
`;

test('EventGroup: a PerlFunc egpattern gets the event group string and its tokens (and the times with --compat=2.9.2)', () => {
  const h = harness(SSH_HOSTS.replace(/%%/g, '%'));
  h.feed('fail bob from 10.0.0.1', 'fail bob from 10.0.0.1');
  at(h, 1);
  h.feed('fail bob from 10.0.0.2');
  assert.deepEqual(h.lines(), [], 'three events, two hosts');
  at(h, 2);
  h.feed('fail bob from 10.0.0.3');
  assert.deepEqual(h.lines(), ['hosts for bob', '2 none']);

  const timed = harness(SSH_HOSTS.replace(/%%/g, '%'), { eventGroupTimes: true });
  timed.feed('fail ann from a', 'fail ann from b');
  timed.advance(5);
  timed.feed('fail ann from c');
  assert.deepEqual(timed.lines(), ['hosts for ann', `3 ${START},${START},${START + 5}`]);
});

test('EventGroup: NPerlFunc egpattern is negated; a function that dies does not match and is logged', () => {
  const rule = (token: string): string => `type=EventGroup
ptype=SubStr
pattern=e
desc=n
egtoken=${token}
egptype=NPerlFunc
egpattern=sub { die "broken\\n" if $_[0] =~ /x/; return $_[0] =~ /^y y y$/ }
action=write - fired
thresh=2
window=60
`;
  const h = harness(rule('y'));
  h.feed('e', 'e');
  assert.deepEqual(h.lines(), ['fired']);
  const dies = harness(rule('x'));
  dies.feed('e', 'e');
  assert.deepEqual(dies.lines(), []);
  assert.ok(
    dies.logs.some((l) => l.includes('NPerlFunc pattern runtime error: broken')),
    dies.logs.join('\n'),
  );
});
