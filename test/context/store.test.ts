import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Action } from '../../src/actions/types.js';
import { appendEvents, ContextStore, clearEvents, fillEvents, popEvent, prependEvents, shiftEvent, trimEvents } from '../../src/context/store.js';
import { harness } from '../support/harness.js';

const WRITE: Action[] = [{ kind: 'write', file: '-', text: 'x' }];

// ---- ContextStore on its own ------------------------------------------------------

test('create makes a context under its name', () => {
  const s = new ContextStore();
  const c = s.create('C', 100, 5, WRITE, 'desc');
  assert.equal(s.has('C'), true);
  assert.equal(s.get('C'), c);
  assert.deepEqual(c.names, ['C']);
  assert.equal(c.created, 100);
  assert.equal(c.lifetime, 5);
  assert.deepEqual(c.events, []);
  assert.equal(c.expiryActions, WRITE);
  assert.equal(c.desc, 'desc');
  assert.equal(s.has('D'), false);
  assert.equal(s.get('D'), undefined);
});

test('create on an existing context resets it in place and empties its store', () => {
  const s = new ContextStore();
  const c = s.create('C', 100, 5, WRITE, 'first');
  s.alias(c, 'C2');
  appendEvents(c, ['a', 'b'], 100);
  const again = s.create('C2', 200, 0, [], 'second');
  assert.equal(again, c);
  assert.equal(c.created, 200);
  assert.equal(c.lifetime, 0);
  assert.deepEqual(c.expiryActions, []);
  assert.equal(c.desc, 'second');
  assert.deepEqual(c.events, []);
  assert.deepEqual(c.eventTimes, []);
  assert.deepEqual(c.names, ['C', 'C2']);
});

test('alias, unalias and remove', () => {
  const s = new ContextStore();
  const c = s.create('M', 0, 0, [], '');
  s.alias(c, 'M2');
  s.alias(c, 'M3');
  assert.equal(s.get('M3'), c);
  assert.deepEqual(c.names, ['M', 'M2', 'M3']);
  assert.equal(s.contexts().length, 1, 'a context is listed once whatever its names');
  s.unalias('M');
  assert.equal(s.has('M'), false);
  assert.equal(s.get('M2'), c);
  assert.deepEqual(c.names, ['M2', 'M3']);
  s.unalias('NOPE'); // nothing happens
  assert.deepEqual(c.names, ['M2', 'M3']);
  s.remove(c);
  assert.equal(s.has('M2'), false);
  assert.equal(s.has('M3'), false);
  assert.deepEqual(s.contexts(), []);
});

test('getOrCreate makes a context with no lifetime only when missing', () => {
  const s = new ContextStore();
  const made = s.getOrCreate('A', 50);
  assert.equal(made.lifetime, 0);
  assert.equal(made.created, 50);
  appendEvents(made, ['e'], 50);
  assert.equal(s.getOrCreate('A', 60), made);
  assert.deepEqual(made.events, ['e']);
  assert.equal(made.created, 50);
});

test('isStale: lifetimes include their last second; 0 never expires', () => {
  const s = new ContextStore();
  const c = s.create('C', 100, 2, [], '');
  assert.equal(ContextStore.isStale(c, 100), false);
  assert.equal(ContextStore.isStale(c, 102), false);
  assert.equal(ContextStore.isStale(c, 103), true);
  const forever = s.create('F', 100, 0, [], '');
  assert.equal(ContextStore.isStale(forever, 1_000_000), false);
});

test('takeExpired returns contexts after their last second, once, and skips rescheduled ones', () => {
  const s = new ContextStore();
  const a = s.create('A', 100, 2, [], '');
  const b = s.create('B', 100, 5, [], '');
  s.alias(a, 'A2');
  s.create('F', 100, 0, [], '');
  assert.deepEqual(s.takeExpired(102), []);
  assert.deepEqual(s.takeExpired(103), [a]);
  assert.deepEqual(s.takeExpired(103), []);
  // B gets a new lifetime before its old end: only the new end counts
  b.lifetime = 10;
  s.schedule(b);
  assert.deepEqual(s.takeExpired(106), []);
  assert.deepEqual(s.takeExpired(111), [b]);
});

test('takeExpired skips removed contexts and re-created ones', () => {
  const s = new ContextStore();
  const a = s.create('A', 100, 2, [], '');
  s.remove(a);
  s.create('B', 100, 2, [], '');
  s.create('B', 101, 2, [], ''); // re-created: the old deadline is void
  assert.deepEqual(s.takeExpired(103), []);
  assert.deepEqual(
    s.takeExpired(104).map((c) => c.names),
    [['B']],
  );
});

test('takeExpired: a context whose creation time and lifetime both changed to the same end expires there, once', () => {
  const s = new ContextStore();
  const a = s.create('A', 100, 4, [], '');
  a.created = 102;
  a.lifetime = 2;
  s.schedule(a);
  assert.deepEqual(s.takeExpired(104), []);
  assert.deepEqual(s.takeExpired(105), [a]);
  assert.deepEqual(s.takeExpired(200), []);
});

test('contexts are plain data: they survive JSON', () => {
  const s = new ContextStore();
  const c = s.create('C', 100, 5, WRITE, 'd');
  s.alias(c, 'C2');
  appendEvents(c, ['e1'], 101);
  assert.deepEqual(JSON.parse(JSON.stringify(s.contexts())), [
    { names: ['C', 'C2'], created: 100, lifetime: 5, events: ['e1'], eventTimes: [101], expiryActions: WRITE, desc: 'd' },
  ]);
});

test('the event store keeps each string with the time it was added', () => {
  const c = new ContextStore().create('C', 100, 0, [], '');
  appendEvents(c, ['a', 'b'], 100);
  prependEvents(c, ['p1', 'p2'], 102);
  appendEvents(c, ['c'], 103);
  assert.deepEqual(c.events, ['p1', 'p2', 'a', 'b', 'c']);
  assert.deepEqual(c.eventTimes, [102, 102, 100, 100, 103]);
  assert.equal(shiftEvent(c), 'p1');
  assert.equal(popEvent(c), 'c');
  assert.deepEqual(c.eventTimes, [102, 100, 100]);
  assert.deepEqual(trimEvents(c, 101), ['a', 'b']);
  assert.deepEqual(c.events, ['p2']);
  assert.deepEqual(c.eventTimes, [102]);
  fillEvents(c, ['x', 'y'], 104);
  assert.deepEqual(c.eventTimes, [104, 104]);
  assert.deepEqual(trimEvents(c, 104), [], 'strings added at the time itself stay');
  assert.equal(popEvent(c), 'y');
  assert.equal(shiftEvent(c), 'x');
  assert.equal(popEvent(c), undefined);
  assert.deepEqual(c.eventTimes, []);
});

test('empty event stores are shared: filling, emptying and refilling one leaves the others empty', () => {
  const s = new ContextStore();
  const a = s.create('A', 100, 0, [], '');
  const b = s.create('B', 100, 0, [], '');
  assert.equal(a.events, b.events, 'one empty store for both');
  appendEvents(a, ['x'], 101);
  assert.deepEqual([a.events, b.events], [['x'], []]);
  assert.equal(popEvent(a), 'x');
  assert.equal(popEvent(a), undefined);
  assert.equal(shiftEvent(b), undefined);
  prependEvents(b, ['p'], 102);
  assert.deepEqual([a.events, b.events, b.eventTimes], [[], ['p'], [102]]);
  clearEvents(b);
  assert.equal(trimEvents(a, 200).length, 0);
  fillEvents(a, [], 103);
  appendEvents(b, ['q', 'r'], 104);
  assert.deepEqual([a.events, a.eventTimes, b.events, b.eventTimes], [[], [], ['q', 'r'], [104, 104]]);
  assert.deepEqual(trimEvents(b, 105), ['q', 'r']);
  assert.equal(b.events, s.create('C', 100, 0, [], '').events, 'a store emptied by trim is the shared one again');
});

test('the event store takes a few hundred thousand strings at once', () => {
  const c = new ContextStore().create('C', 100, 0, [], '');
  const many = Array.from({ length: 300_000 }, (_, i) => `e${i}`);
  appendEvents(c, many, 100);
  prependEvents(c, many, 101);
  assert.equal(c.events.length, 600_000);
  assert.equal(c.eventTimes.length, 600_000);
  fillEvents(c, many, 102);
  assert.equal(c.events.length, 300_000);
  assert.equal(trimEvents(c, 103).length, 300_000);
});

// ---- lifetimes and expiry in the engine ------------------------------------------------

const CHECK = `type=Single
ptype=SubStr
pattern=chk
context=CTX
desc=chk
action=write - CTX alive

type=Single
ptype=SubStr
pattern=chk
desc=chk
action=write - CTX not alive
`;

test('create C 2: alive at +2, expired at +3 by the sweep', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create CTX 2 (write - expired)

${CHECK}`);
  h.feed('mk', 'chk');
  h.advance(2);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['CTX alive', 'CTX alive']);
  h.advance(1);
  assert.deepEqual(h.lines(), ['CTX alive', 'CTX alive', 'expired']);
  h.feed('chk');
  assert.deepEqual(h.lines().slice(3), ['CTX not alive']);
});

test('lazy expiry: an expression naming a stale context runs its expiry action first', () => {
  const h = harness(
    `type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create CTX 1 (write - expiry action ran)

${CHECK}`,
    { cleantime: 100 },
  );
  h.feed('mk');
  h.advance(2);
  assert.deepEqual(h.lines(), [], 'no sweep has run yet');
  assert.equal(h.engine.contexts.has('CTX'), true);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['expiry action ran', 'CTX not alive']);
  assert.equal(h.engine.contexts.has('CTX'), false);
});

test('lazy expiry through an alias removes every name', () => {
  const h = harness(
    `type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create ORIG 1 (write - gone); alias ORIG CTX

${CHECK}`,
    { cleantime: 100 },
  );
  h.feed('mk');
  h.advance(2);
  h.feed('chk');
  assert.deepEqual(h.lines(), ['gone', 'CTX not alive']);
  assert.equal(h.engine.contexts.has('ORIG'), false);
});

test('_THIS names the expiring context in its expiry action, and only there', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=mk
desc=MKDESC
action=create C 1 (report _THIS; getaliases %a _THIS; write - aliases=%a; write - expired s=[%s]); add C ev1; add C ev2; alias C C2

type=Single
ptype=SubStr
pattern=this
desc=d
action=exists %e _THIS; write - this=%e
`);
  h.feed('mk', 'this');
  h.advance(2);
  h.feed('this');
  assert.deepEqual(h.lines(), ['this=0', 'ev1', 'ev2', 'aliases=C', 'C2', 'expired s=[MKDESC]', 'this=0']);
});

test('an expiry action cannot delete its own context twice, and obsolete runs it once', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create C 10 (write - expiring; delete C; obsolete C)

type=Single
ptype=SubStr
pattern=obs
desc=obs
action=obsolete C
`);
  h.feed('mk', 'obs', 'obs');
  assert.deepEqual(h.lines(), ['expiring']);
  assert.equal(h.engine.contexts.has('C'), false);
});

test('delete removes a context with all its aliases; unalias keeps the others', () => {
  const h = harness(`type=Single
ptype=SubStr
pattern=mk
desc=mk
action=create M 10 (write - never); alias M M2; alias M M3

type=Single
ptype=SubStr
pattern=una
desc=d
action=unalias M

type=Single
ptype=SubStr
pattern=del
desc=d
action=delete M2
`);
  h.feed('mk', 'una');
  assert.deepEqual([...h.engine.contexts.byName.keys()].sort(), ['M2', 'M3']);
  h.feed('del');
  assert.deepEqual([...h.engine.contexts.byName.keys()], []);
  h.advance(20);
  assert.deepEqual(h.lines(), []);
});

test('contexts deleted or created again do not pile up in the lifetime heap', () => {
  const store = new ContextStore();
  const heap = (store as unknown as { deadlines: { size: number } }).deadlines;
  const kept = store.create('KEPT', 1000, 3600, [], 'kept');
  for (let i = 0; i < 50_000; i++) {
    // a marker made per event and dropped again, and one made again and again
    const c = store.create(`TMP_${i}`, 1000, 3600, [], 'tmp');
    store.remove(c);
    store.create('AGAIN', 1000 + (i % 100), 3600, [], 'again');
    assert.ok(heap.size <= 2 * store.byName.size + 1024, `${heap.size} entries for ${store.byName.size} names`);
  }
  // the survivors still expire at their own ends, each once
  assert.deepEqual(store.takeExpired(4600), []);
  assert.deepEqual(store.takeExpired(4601), [kept]);
  const again = store.get('AGAIN');
  assert.deepEqual(store.takeExpired(1000 + 99 + 3601), again ? [again] : []);
  assert.deepEqual(store.takeExpired(100_000), []);
});
