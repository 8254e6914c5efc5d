import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OperationStore, valueKey } from '../../src/rules/operationStore.js';
import type { Operation, SuppressOperation } from '../../src/rules/operations.js';
import type { RuleFile } from '../../src/rules/types.js';
import type { MatchVars } from '../../src/patterns/matchVars.js';
import type { DeadlineHeap } from '../../src/time/deadlineHeap.js';
import { harness } from '../support/harness.js';
import { varsOf } from '../support/vars.js';

// The operation table's deadline heap: the sweep touches only operations
// whose window has passed. Counted, never timed.

const T = 1_800_000_000;

function suppressOp(i: number, time: number, window: number, file = 'r.conf', rule = 0): SuppressOperation {
  const desc = `d${i}`;
  return { type: 'SingleWithSuppress', file, ruleIndex: rule, desc, started: time, time, window };
}

/** Count what takeExpired touches: heap pops and table look-ups. */
function instrument(store: OperationStore): { pops: number; gets: number; heap: DeadlineHeap<Operation> } {
  const heap = (store as unknown as { deadlines: DeadlineHeap<Operation> }).deadlines;
  const counts = { pops: 0, gets: 0, heap };
  const pop = heap.pop.bind(heap);
  heap.pop = () => {
    counts.pops++;
    return pop();
  };
  const has = store.has.bind(store);
  store.has = (op: Operation) => {
    counts.gets++;
    return has(op);
  };
  return counts;
}

test('store: all() lists 300 000 operations of one rule (the state file and dumps take them all at once)', () => {
  const store = new OperationStore();
  for (let i = 0; i < 300_000; i++) store.add(suppressOp(i, T, 60));
  const all = store.all();
  assert.equal(all.length, 300_000);
  assert.equal(all[299_999].desc, 'd299999');
});

test('store: 100 000 idle operations, a sweep that expires nothing visits none of them', () => {
  const store = new OperationStore();
  for (let i = 0; i < 100_000; i++) store.add(suppressOp(i, T + (i % 50), 60));
  const c = instrument(store);
  assert.equal(c.heap.peekAt(), T + 61);
  for (let now = T; now <= T + 60; now++) assert.deepEqual(store.takeExpired(now), []);
  assert.equal(c.pops, 0);
  assert.equal(c.gets, 0);
  assert.equal(store.size, 100_000);
  // the first second past a window takes exactly the operations started then
  const due = store.takeExpired(T + 61);
  assert.equal(due.length, 2000);
  assert.equal(c.pops, 2000);
  assert.ok(due.every((op) => op.time === T));
  assert.equal(c.heap.peekAt(), T + 62);
});

test('store: the engine sweep over 100 000 idle operations does not visit them', () => {
  const h = harness(`type=SingleWithSuppress
ptype=RegExp
pattern=^s(\\d+)
desc=d$1
action=none
window=60
`);
  const file = h.config.files[0].path;
  const start = h.clock.seconds();
  for (let i = 0; i < 100_000; i++) h.engine.operations.add(suppressOp(i, start, 60, file, 0));
  const c = instrument(h.engine.operations);
  h.advance(60);
  assert.equal(c.pops, 0);
  assert.equal(c.gets, 0);
  assert.equal(h.engine.operations.size, 100_000);
  h.advance(1);
  assert.equal(h.engine.operations.size, 0);
});

test('store: an operation whose window moved is expired at the new deadline only', () => {
  const store = new OperationStore();
  const op = suppressOp(1, T, 5);
  store.add(op);
  op.time = T + 3;
  store.schedule(op);
  for (let now = T; now <= T + 8; now++) assert.deepEqual(store.takeExpired(now), [], `at +${now - T}`);
  assert.deepEqual(store.takeExpired(T + 9), [op]);
  assert.deepEqual(store.takeExpired(T + 100), []);
});

test('store: a changed window length is honoured the same way', () => {
  const store = new OperationStore();
  const op = suppressOp(1, T, 10);
  store.add(op);
  op.window = 2;
  store.schedule(op);
  assert.deepEqual(store.takeExpired(T + 2), []);
  assert.deepEqual(store.takeExpired(T + 3), [op]);
  assert.deepEqual(store.takeExpired(T + 11), []);
});

test('store: deleted operations are skipped, a re-added key is returned once, earliest first', () => {
  const store = new OperationStore();
  const a = suppressOp(1, T, 1);
  const b = suppressOp(2, T + 1, 1);
  const c = suppressOp(3, T, 3);
  store.add(c);
  store.add(b);
  store.add(a);
  store.delete(a);
  const a2 = suppressOp(1, T, 1); // same key, same deadline as the deleted one
  store.add(a2);
  store.schedule(a2);
  assert.deepEqual(store.takeExpired(T + 10), [a2, b, c]);
  const gone = suppressOp(9, T, 1);
  store.add(gone);
  store.delete(gone);
  assert.deepEqual(store.takeExpired(T + 10), []);
  assert.equal(store.ofRule('r.conf', 0)?.size, 3);
});

test('store: window 0 (Pair without window) is never scheduled', () => {
  const store = new OperationStore();
  const op: Operation = { ...suppressOp(1, T, 0), type: 'Pair', action: [], pattern2: null, context2: null, desc2: '', action2: [] } as Operation;
  store.add(op);
  const c = instrument(store);
  assert.equal(c.heap.size, 0);
  assert.deepEqual(store.takeExpired(T + 1_000_000), []);
  assert.equal(store.size, 1);
});

test('engine: a SingleWithThreshold whose window slid is expired at the slid deadline only', () => {
  const h = harness(`type=SingleWithThreshold
ptype=SubStr
pattern=ev
desc=thr
action=write - fired
window=2
thresh=5
`);
  h.feed('ev');
  h.advance(2);
  h.feed('ev');
  h.advance(1); // second 3: ev@0 leaves, the window restarts at 2
  const op = h.engine.operations.all()[0];
  assert.equal(op.time, h.clock.seconds() - 1);
  const c = instrument(h.engine.operations);
  h.advance(1); // second 4: nothing due (old entries were consumed)
  assert.equal(h.engine.operations.size, 1);
  h.advance(1); // second 5 = 2 + 2 + 1
  assert.equal(h.engine.operations.size, 0);
  assert.ok(c.pops >= 1);
});

// Keys: a rule whose desc is one variable between fixed texts keys its operations by that variable's value.

const keyedFile = {
  path: 'k.conf',
  rules: [{ desc: 'brute force from $2' }, { desc: '$1 and $2' }, { desc: 'cost $$ of ${1}!' }, { desc: 'fixed' }],
} as unknown as RuleFile;

/** What rules do (context.ts operationFor): the value's look-up, else the desc's. */
function find(store: OperationStore, rule: number, vars: MatchVars, desc: () => string): Operation | undefined {
  const found = store.findByMatch('k.conf', rule, vars);
  return found !== null ? found : store.get('k.conf', rule, desc());
}

function keyedOp(rule: number, desc: string): SuppressOperation {
  return { type: 'SingleWithSuppress', file: 'k.conf', ruleIndex: rule, desc, started: T, time: T, window: 60 };
}

test('store: a rule of one variable finds its operation by the value, without building the desc', () => {
  const store = new OperationStore();
  store.useRules([keyedFile]);
  const a = keyedOp(0, 'brute force from 10.0.0.1');
  const b = keyedOp(0, 'brute force from 10.0.0.12');
  store.add(a);
  store.add(b);
  const never = (): string => assert.fail('the desc is not needed');
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '10.0.0.12' }), never), b);
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '10.0.0.2' }), never), undefined);
  assert.equal(find(store, 0, varsOf({ 0: 'x' }), never), undefined, 'an unset variable is the empty value');
  assert.equal(store.get('k.conf', 0, 'brute force from 10.0.0.1'), a);
  assert.equal(store.get('k.conf', 0, 'brute force from 10.0.0.1 '), undefined);
  assert.equal(store.get('k.conf', 0, '10.0.0.1'), undefined, 'the value alone is not a desc');
  assert.ok(store.has(a) && store.has(b));
  store.delete({ file: 'k.conf', ruleIndex: 0, desc: 'brute force from 10.0.0.1' });
  assert.ok(!store.has(a) && store.has(b));
  assert.equal(store.size, 1);
});

test('valueKey: an IPv4 address written the one way is a number of its own; every other value stays the string', () => {
  const numbers = ['0.0.0.0', '1.2.3.4', '10.0.0.1', '10.0.0.12', '255.255.255.255', '192.168.100.200', '128.0.0.1', '1.0.0.128'];
  const keys = numbers.map(valueKey);
  for (const [i, key] of keys.entries()) assert.equal(typeof key, 'number', numbers[i]);
  assert.equal(new Set(keys).size, numbers.length, 'distinct addresses, distinct keys');
  assert.equal(valueKey('1.2.3.4'), valueKey('1.2.3.4'));
  // leading zeros, parts past 255, too few or many parts, empty parts, other characters: the string itself
  const others = ['01.2.3.4', '1.2.3.04', '1.2.3.00', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..3.4', '.1.2.3', '1.2.3.'];
  others.push('1.2.3.4 ', 'a.b.c.d', '1.2.3.-4', '', 'alice', '1234567');
  for (const value of others) assert.equal(valueKey(value), value, value);
});

test('store: operations keyed by addresses: one per address, and an address written another way is another value', () => {
  const store = new OperationStore();
  store.useRules([keyedFile]);
  const plain = keyedOp(0, 'brute force from 10.0.0.1');
  const zeros = keyedOp(0, 'brute force from 010.0.0.1');
  const high = keyedOp(0, 'brute force from 200.1.2.3');
  for (const op of [plain, zeros, high]) store.add(op);
  assert.equal(store.size, 3);
  const never = (): string => assert.fail('the desc is not needed');
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '10.0.0.1' }), never), plain);
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '010.0.0.1' }), never), zeros);
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '200.1.2.3' }), never), high);
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '10.0.0.10' }), never), undefined);
  assert.equal(store.get('k.conf', 0, 'brute force from 200.1.2.3'), high);
  // a second operation with the same address takes the first one's place
  const again = keyedOp(0, 'brute force from 200.1.2.3');
  store.add(again);
  assert.equal(store.size, 3);
  assert.ok(store.has(again) && !store.has(high));
  store.delete({ file: 'k.conf', ruleIndex: 0, desc: 'brute force from 10.0.0.1' });
  assert.ok(!store.has(plain) && store.has(zeros));
  assert.equal(store.size, 2);
});

test('store: other descs are keys themselves; $$ and ${N} are read as substitution reads them', () => {
  const store = new OperationStore();
  store.useRules([keyedFile]);
  const two = keyedOp(1, 'u and v');
  const dollar = keyedOp(2, 'cost $ of 5!');
  const fixed = keyedOp(3, 'fixed');
  for (const op of [two, dollar, fixed]) store.add(op);
  let built = 0;
  const build = (desc: string) => (): string => {
    built++;
    return desc;
  };
  assert.equal(find(store, 1, varsOf({ 0: 'x', 1: 'u', 2: 'v' }), build('u and v')), two);
  assert.equal(built, 1, 'two variables: the desc is built');
  assert.equal(find(store, 2, varsOf({ 0: 'x', 1: '5' }), build('unused')), dollar);
  assert.equal(built, 1);
  // a match without variables leaves the desc as written: its key comes from that desc
  assert.equal(find(store, 2, varsOf({}), build('cost $$ of ${1}!')), undefined);
  assert.equal(built, 2);
  store.add(keyedOp(2, 'cost $$ of ${1}!'));
  assert.equal(find(store, 2, varsOf({}), build('cost $$ of ${1}!'))?.desc, 'cost $$ of ${1}!');
  // a desc left as written and one a value makes: the same text is the same operation
  const raw = keyedOp(0, 'brute force from $2');
  store.add(raw);
  assert.equal(find(store, 0, varsOf({ 0: 'x', 2: '$2' }), build('unused')), raw);
  assert.equal(find(store, 0, varsOf({}), build('brute force from $2')), raw);
  store.deleteInFile('k.conf', 'fixed');
  assert.ok(!store.has(fixed) && store.has(two) && store.has(dollar));
});

test('store: an operation whose desc its rule cannot make (a hand-edited state) is still kept and found by desc', () => {
  const store = new OperationStore();
  store.useRules([keyedFile]);
  const odd = keyedOp(0, 'not from the rule');
  store.add(odd);
  assert.equal(store.get('k.conf', 0, 'not from the rule'), odd);
  assert.ok(store.has(odd));
  assert.equal(store.all().length, 1);
});

test('store: forgetting a file drops its tables, so its new rules key their operations afresh', () => {
  const store = new OperationStore();
  store.useRules([keyedFile]);
  const op = keyedOp(0, 'brute force from h');
  store.add(op);
  store.delete(op);
  store.forgetFile('k.conf');
  store.useRules([{ path: 'k.conf', rules: [{ desc: 'now $1 is first' }] } as unknown as RuleFile]);
  const fresh = keyedOp(0, 'now h is first');
  store.add(fresh);
  assert.equal(
    find(store, 0, varsOf({ 0: 'x', 1: 'h' }), () => assert.fail('not needed')),
    fresh,
  );
});

test('store: operations that end long before their window do not pile up in the deadline heap', () => {
  // Pair operations that complete at once, with a day-long window: without the trim,
  // each would stay in memory (through its heap entry) until its window's end
  const store = new OperationStore();
  const live = suppressOp(0, T, 86_400);
  store.add(live);
  const c = instrument(store);
  for (let i = 1; i <= 100_000; i++) {
    const op = suppressOp(i, T + (i % 60), 86_400);
    store.add(op);
    assert.ok(c.heap.size <= 2 * store.size + 1024, `${c.heap.size} entries for ${store.size} operations`);
    store.delete(op);
  }
  assert.equal(store.size, 1);
  // the live one still ends at its deadline, and only it
  assert.deepEqual(store.takeExpired(T + 86_400), []);
  assert.deepEqual(store.takeExpired(T + 86_401), [live]);
  assert.deepEqual(store.takeExpired(T + 200_000), []);
});
