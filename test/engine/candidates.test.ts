import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuleCandidates } from '../../src/engine/candidates.js';
import type { ScanThread } from '../../src/scanThread/scanThread.js';
import { harness } from '../support/harness.js';

// Rules whose literals do not occur in a line are passed over; these check
// that passing over never changes what the rules do.

test('a rule is tried only when its literal occurs, in any case, and rule order holds', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=(?i)disk (\\w+) full
desc=full
action=write - full $1
continue=TakeNext

type=Single
ptype=SubStr
pattern=disk
desc=disk
action=write - disk

type=Single
ptype=RegExp
pattern=^\\w+$
desc=word
action=write - word $0
`);
  h.feed('DISK sda FULL', 'nothing', 'disk', 'plain');
  assert.deepEqual(h.lines(), ['full sda', 'word nothing', 'disk', 'word plain']); // SubStr is case-sensitive
});

test('a negated pattern and a rule with a context checked before its pattern are always tried', () => {
  const h = harness(`type=Single
ptype=NRegExp
pattern=never here
desc=negated
action=write - negated $0
continue=TakeNext

type=Single
ptype=RegExp
pattern=alpha beta
context=[ !SEEN ]
desc=pre
action=create SEEN; write - pre
`);
  h.feed('x', 'alpha beta', 'alpha beta');
  assert.deepEqual(h.lines(), ['negated x', 'negated alpha beta', 'pre', 'negated alpha beta']);
});

test('a rewritten event is scanned again before the next rule', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=first
desc=rewrite
action=rewrite 1 second line
continue=TakeNext

type=Single
ptype=RegExp
pattern=second
desc=second
action=write - got $0
`);
  h.feed('first line');
  assert.deepEqual(h.lines(), ['got second line']);
});

test("Pair: the second pattern's literals rule out every live operation at once, and still match when they occur", () => {
  const h = harness(`type=Pair
ptype=RegExp
pattern=link (\\S+) down
desc=down $1
action=write - down $1
ptype2=RegExp
pattern2=link $1 up again
desc2=up
action2=write - up %1
window=0
`);
  h.feed('link eth0 down', 'link eth1 down', 'noise', 'link eth1 up again', 'link eth0 up', 'link eth0 up again');
  assert.deepEqual(h.lines(), ['down eth0', 'down eth1', 'up eth1', 'up eth0']);
});

test('EventGroup members are each tried by their own literals', () => {
  const h = harness(`type=EventGroup2
ptype=SubStr
pattern=alpha
ptype2=RegExp
pattern2=beta (\\d+)
desc=group
action=write - both
window=60
`);
  h.feed('alpha', 'zzz', 'beta 7');
  assert.deepEqual(h.lines(), ['both']);
});

/** `count` Single rules, rule k matching "word<k>x" and writing "<prefix><k>", all with continue=TakeNext. */
function numberedRules(count: number, prefix: string): string {
  let text = '';
  for (let k = 0; k < count; k++) {
    text += `type=Single\nptype=SubStr\npattern=word${k}x\ndesc=${prefix}${k}\naction=write - ${prefix}${k}\ncontinue=TakeNext\n\n`;
  }
  return text;
}

test('rules past the 32nd and in several rule files are tried in order when their literals occur, and only then', () => {
  // the always-tried rule in the middle of the first file is visited for every event
  const first = `${numberedRules(40, 'a')}type=Single\nptype=RegExp\npattern=^z\ndesc=z\naction=write - z\ncontinue=TakeNext\n\n${numberedRules(35, 'b')}`;
  const h = harness({ 'a.conf': first, 'b.conf': numberedRules(70, 'c') });
  h.feed('word0x word31x word32x word39x', 'word33x word34x', 'zz word64x', 'nothing');
  assert.deepEqual(h.lines(), ['a0', 'a31', 'a32', 'a39', 'b0', 'b31', 'b32', 'c0', 'c31', 'c32', 'c39', 'a33', 'a34', 'b33', 'b34', 'c33', 'c34', 'z', 'c64']);
});

test("a pattern's alternation rules it out when none of its alternatives occurs, though its common text does", () => {
  // 'abc' is too short for the skip search: the automaton scans, and the alternatives join it
  const h = harness(`type=Single
ptype=RegExp
pattern=probe to (3389|5900|1433) from (\\S+)
desc=probe
action=write - probe $1 $2

type=Single
ptype=SubStr
pattern=abc
desc=short
action=none
`);
  const c = new RuleCandidates(h.config.files);
  const view = c.of(h.config.files[0]);
  c.prepare('kernel: probe to 22 from 10.0.0.1', 1);
  assert.equal(c.nextRule(view, 0), 0, 'the rule is visited: its common text is there');
  assert.equal(c.rulesOut(view, 0, 0), true, 'but its regex need not run');
  c.prepare('kernel: probe to 5900 from 10.0.0.1', 2);
  assert.equal(c.rulesOut(view, 0, 0), false);
  h.feed('probe to 22 from a', 'probe to 1433 from b');
  assert.deepEqual(h.lines(), ['probe 1433 b']);
});

test('alternatives stay out of a skip search they would turn into the automaton', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=authentication failed for (?:LOGIN|PLAIN) from (\\S+)
desc=auth
action=write - auth $1
`);
  const c = new RuleCandidates(h.config.files);
  const view = c.of(h.config.files[0]);
  c.prepare('authentication failed for CRAM from x', 1);
  assert.equal(c.rulesOut(view, 0, 0), false, 'the five-letter alternatives are not scanned for');
  h.feed('authentication failed for CRAM from x', 'authentication failed for PLAIN from y');
  assert.deepEqual(h.lines(), ['auth y']);
});

/** A stand-in for the scan thread whose every result says the line holds no literal. */
function threadFindingNothing(): { thread: ScanThread; literals: (readonly string[])[] } {
  const records = new Int32Array(16);
  const literals: (readonly string[])[] = [];
  const fake = {
    records,
    useLiterals: (l: readonly string[]) => literals.push(l),
    lookup: (ticket: number) => {
      records.set([ticket, 0, 0]);
      return 0;
    },
    idsStart: (at: number) => at + 3,
    idsEnd: (at: number) => at + 3 + records[at + 2],
    stillHolds: () => true,
  };
  return { thread: fake as unknown as ScanThread, literals };
}

test("an input line with a scan thread's ticket is matched by the thread's result, a rewritten event and a synthetic one by a scan of their own", () => {
  const { thread, literals } = threadFindingNothing();
  const h = harness(
    `type=Single
ptype=RegExp
pattern=^\\w+ \\w+$
desc=rewrite
action=rewrite 1 disk sdc full; event disk sdd full
continue=TakeNext

type=Single
ptype=RegExp
pattern=disk (\\w+) full
desc=full
action=write - full $1
`,
    { scanThread: thread },
  );
  assert.equal(literals.length, 1, 'the thread is told the literals');
  assert.ok(literals[0].length > 0);
  h.engine.feedLine('disk sda full', '-', undefined, 7);
  assert.deepEqual(h.lines(), [], 'the ticket says no literal occurs: the rule is passed over');
  h.engine.feedLine('disk sdb full', '-');
  h.engine.feedLine('rewrite me', '-', undefined, 8);
  assert.deepEqual(h.lines(), ['full sdb', 'full sdc', 'full sdd']);
});
