import assert from 'node:assert/strict';
import { test } from 'node:test';
import { falseList, perlTrue } from '../../src/patterns/perlTruth.js';

test("perlTrue: Perl's false values, from Perl (strings) or JavaScript (any value)", () => {
  for (const v of [undefined, null, false, 0, -0, 0n, '', '0']) assert.equal(perlTrue(v), false, String(v));
  for (const v of [true, 1, -1, Number.NaN, 1n, '0.0', '00', ' ', 'false', [], {}, () => 0]) assert.equal(perlTrue(v), true, String(v));
});

test('falseList: no values, or exactly one false value', () => {
  assert.equal(falseList([]), true);
  assert.equal(falseList(['0']), true);
  assert.equal(falseList([undefined]), true);
  assert.equal(falseList(['1']), false);
  assert.equal(falseList(['0', '0']), false);
});
