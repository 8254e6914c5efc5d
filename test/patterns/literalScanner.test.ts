import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralScanner } from '../../src/patterns/literalScanner.js';

/** The ids the scanner stamps for `text`. */
function found(scanner: LiteralScanner, text: string, ids: number): number[] {
  const stamps = new Float64Array(ids).fill(-1);
  scanner.scan(text, stamps, 7);
  return [...stamps.keys()].filter((id) => stamps[id] === 7);
}

test('every literal found, overlapping ones and ones inside others too', () => {
  const scanner = new LiteralScanner(['he', 'she', 'his', 'hers'], [[0], [1], [2], [3]]);
  assert.deepEqual(found(scanner, 'ushers', 4), [0, 1, 3]);
  assert.deepEqual(found(scanner, 'this', 4), [2]);
  assert.deepEqual(found(scanner, 'nothing here', 4), [0]);
  assert.deepEqual(found(scanner, 'xyz', 4), []);
});

test('ASCII letters are read case folded; other bytes and code points above latin1 are not confused', () => {
  const scanner = new LiteralScanner(['failed password', 'caf\xe9'], [[0], [1, 2]]);
  assert.deepEqual(found(scanner, 'sshd[1]: FAILED Password for x', 3), [0]);
  assert.deepEqual(found(scanner, 'CAF\xe9', 3), [1, 2]);
  assert.deepEqual(found(scanner, 'CAF\xc9', 3), []); // Perl folds ASCII only on bytes
  assert.deepEqual(found(scanner, 'caf\u0100 failed passwor\u0164', 3), []);
});

test('a literal at the very start or end of the text, and a text shorter than any literal', () => {
  const scanner = new LiteralScanner(['abc', 'xyz'], [[0], [1]]);
  assert.deepEqual(found(scanner, 'abc--xyz', 2), [0, 1]);
  assert.deepEqual(found(scanner, 'ab', 2), []);
  assert.deepEqual(found(scanner, '', 2), []);
});
