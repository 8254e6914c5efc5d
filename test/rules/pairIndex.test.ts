import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Operation, PairOperation } from '../../src/rules/operations.js';
import { changeIndexed, type IndexedOperations, indexFor, PairIndex } from '../../src/rules/pairIndex.js';

// The index of a Pair rule's live operations by a piece of their literal.

const op = (name: string): PairOperation => ({ desc: name }) as PairOperation;

/** Session ids as bench/pair-keys.mjs makes them: values that share most of their pieces with others. */
const ids = Array.from({ length: 5000 }, (_, i) => `s${((i * 7919) % 5000).toString(36)}x${i}`);

/** A rule's operations as the store keeps them, counting changes. */
class Store implements IndexedOperations {
  readonly ops: PairOperation[] = [];
  changes = 0;
  get size(): number {
    return this.ops.length;
  }
  values(): IterableIterator<Operation> {
    return this.ops.values();
  }
  add(o: PairOperation): void {
    this.ops.push(o);
    this.changes++;
  }
  delete(o: PairOperation): void {
    this.ops.splice(this.ops.indexOf(o), 1);
    this.changes++;
  }
}

test('an event finds every operation whose literal it holds, and few others, in the order they started', () => {
  // operations start one by one between events (the index is built anew as they double)
  const store = new Store();
  const literalOf = (o: PairOperation): string => `session ${o.desc} closed`;
  const ops = ids.map(op);
  for (const o of ops) {
    changeIndexed(
      store,
      () => store.add(o),
      (index) => index.add(o, literalOf(o)),
    );
    if (store.size >= 4) indexFor(store, literalOf);
  }
  const index = indexFor(store, literalOf);
  let found = 0;
  for (let i = 0; i < ids.length; i += 7) {
    const line = `nov 28 host app[7]: session ${ids[i]} closed after 5 s, session ${ids[(i * 31) % ids.length]} closed`;
    const candidates = index.candidates(line);
    assert.ok(candidates.includes(ops[i]) && candidates.includes(ops[(i * 31) % ids.length]), line);
    assert.deepEqual(
      candidates,
      [...candidates].sort((a, b) => ops.indexOf(a) - ops.indexOf(b)),
    );
    found += candidates.length;
  }
  // each filed under a piece of its value, not of the text every line holds
  assert.ok(found / Math.ceil(ids.length / 7) < 4, `${found} candidates`);
});

test('an operation without a literal of four characters is a candidate for every event; a removed one for none', () => {
  const index = new PairIndex(0, 8);
  const [a, b, c] = [op('a'), op('b'), op('c')];
  index.add(a, null);
  index.add(b, 'ab');
  index.add(c, 'user carol');
  assert.deepEqual(index.candidates('anything at all'), [a, b]);
  assert.deepEqual(index.candidates('login by user carol'), [a, b, c]);
  index.remove(b);
  index.remove(c);
  assert.deepEqual(index.candidates('login by user carol'), [a]);
});

test('an index follows the changes made through it, and is built anew after a change made behind its back or once its operations doubled', () => {
  const store = new Store();
  const literalOf = (o: PairOperation): string => `user ${o.desc}`;
  for (const name of ['anna', 'bert', 'cleo', 'dora']) store.add(op(name));
  const first = indexFor(store, literalOf);
  assert.equal(indexFor(store, literalOf), first);
  const erik = op('erik');
  changeIndexed(
    store,
    () => store.add(erik),
    (index) => index.add(erik, literalOf(erik)),
  );
  assert.equal(indexFor(store, literalOf), first);
  assert.deepEqual(first.candidates('user erik'), [erik]);
  // a reset: the store changed without the index
  store.delete(store.ops[0]);
  const second = indexFor(store, literalOf);
  assert.notEqual(second, first);
  assert.deepEqual(second.candidates('user anna'), []);
  // the index left behind does not follow a later change, the new one does
  const fred = op('fred');
  changeIndexed(
    store,
    () => store.add(fred),
    (index) => index.add(fred, literalOf(fred)),
  );
  assert.deepEqual(first.candidates('user fred'), []);
  assert.deepEqual(indexFor(store, literalOf).candidates('user fred'), [fred]);
  // a change it is told half of leaves it behind
  const [lena, mark] = [op('lena'), op('mark')];
  changeIndexed(
    store,
    () => {
      store.add(lena);
      store.add(mark);
    },
    (index) => index.add(lena, literalOf(lena)),
  );
  assert.deepEqual(indexFor(store, literalOf).candidates('user mark'), [mark]);
  store.delete(lena);
  store.delete(mark);
  const third = indexFor(store, literalOf);
  // built for five: followed up to nine, built anew at ten
  assert.equal(store.size, 5);
  for (const name of ['gina', 'hugo', 'ines', 'jack', 'kira']) {
    assert.equal(indexFor(store, literalOf), third);
    const o = op(name);
    changeIndexed(
      store,
      () => store.add(o),
      (index) => index.add(o, literalOf(o)),
    );
  }
  assert.equal(store.size, 10);
  assert.notEqual(indexFor(store, literalOf), third);
});
