import assert from 'node:assert/strict';
import { test } from 'node:test';
import { headPlan, literalHeaded } from '../../src/patterns/literalHead.js';

// The head of a translation cut at its holes, and a filled pattern matched by
// it; regexTemplate.test.ts checks filled patterns against whole ones.

/** The rest's source without the empty groups standing for the head's captures, and the head filled with `values`. */
function split(pieces: string[], values: string[]): { rest: string; head: string; groups: number } | null {
  const plan = headPlan(pieces);
  if (plan === null) return null;
  const groups = plan.steps.filter((s) => s.kind === 'open').length;
  const head = plan.steps.map((s) => (s.kind === 'text' ? s.text : s.kind === 'hole' ? values[s.place] : '')).join('');
  assert.ok(plan.rest.sticky);
  return { rest: plan.rest.source.slice(2 * groups), head, groups };
}

test('the head takes literal bytes up to the first thing that is not one, or a quantified byte', () => {
  assert.deepEqual(split(['id\\x20', '\\x20closed\\x20([0-9]+)'], ['v']), { rest: '([0-9]+)', head: 'id v closed ', groups: 0 });
  assert.deepEqual(split(['id\\x20', '\\x20abc+'], ['v']), { rest: 'c+', head: 'id v ab', groups: 0 });
  assert.deepEqual(split(['(', ')\\x20[^\\x0a]*?\\x20x'], ['v']), { rest: '[^\\x0a]*?\\x20x', head: 'v ', groups: 1 });
  assert.deepEqual(split(['(?:a(', ')b)\\x20(c)?'], ['v']), { rest: '(c)?', head: 'avb ', groups: 1 });
  // a group after the last hole that is not closed within the head is the rest's
  assert.deepEqual(split(['', '\\x20(x\\x20[0-9])'], ['v']), { rest: '(x\\x20[0-9])', head: 'v ', groups: 0 });
});

test('no head where a hole is after something not literal, inside a quantified group, or before a quantifier', () => {
  for (const pieces of [
    ['[0-9]+\\x20', ''],
    ['(', ')+'],
    ['(?:a', '|b)'],
    ['a', '*'],
    ['(?=a)', ''],
    ['a\\b', ''],
  ]) {
    assert.equal(headPlan(pieces), null, JSON.stringify(pieces));
  }
});

test('a filled pattern matches where its head is and the rest matches right after it, with the captures of the head', () => {
  const plan = headPlan(['(', ')\\x20([a-z]+)\\x20end']);
  assert.ok(plan);
  const regex = literalHeaded(plan, ['k.1'], '(k\\x2e1)\\x20([a-z]+)\\x20end');
  const m = regex.exec('k.1 99 end k.1 ab end');
  assert.ok(m);
  assert.deepEqual([...m], ['k.1 ab end', 'k.1', 'ab']);
  assert.equal(m.index, 11);
  assert.equal(regex.exec('k.1 99 end'), null);
  assert.equal(regex.source, '(k\\x2e1)\\x20([a-z]+)\\x20end');
  const anchored = headPlan(['^a\\x20', '']);
  assert.ok(anchored?.anchored);
  assert.equal(literalHeaded(anchored, ['v'], '^a\\x20v').test('x a v'), false);
  assert.equal(literalHeaded(anchored, ['v'], '^a\\x20v').test('a v'), true);
});
