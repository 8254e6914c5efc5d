import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffLines, formatDiff } from '../../src/ruleTests/diff.js';

const shown = (expected: string[], actual: string[]): string => formatDiff(diffLines(expected, actual));

test('equal lines are all kept', () => {
  assert.equal(shown(['a', 'b'], ['a', 'b']), '  a\n  b\n');
});

test('a changed line shows the expected one (-) before the actual one (+)', () => {
  assert.equal(shown(['a', 'b', 'c'], ['a', 'x', 'c']), '  a\n- b\n+ x\n  c\n');
});

test('lines only expected or only actual, at the ends and in the middle', () => {
  assert.equal(shown([], ['a', 'b']), '+ a\n+ b\n');
  assert.equal(shown(['a', 'b'], []), '- a\n- b\n');
  assert.equal(shown(['a', 'c', 'e'], ['a', 'b', 'c', 'd', 'e', 'f']), '  a\n+ b\n  c\n+ d\n  e\n+ f\n');
  assert.equal(shown(['x', 'a', 'b'], ['a', 'b']), '- x\n  a\n  b\n');
});

test('lines in another order: the longest common run is kept, the rest moved', () => {
  assert.equal(shown(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']), '- a\n  b\n  c\n  d\n+ a\n');
});

test('the diff always rebuilds both sides', () => {
  const cases: [string[], string[]][] = [
    [
      ['1', '2', '3', '4', '5'],
      ['5', '4', '3', '2', '1'],
    ],
    [
      ['a', 'a', 'b'],
      ['b', 'a', 'a', 'a'],
    ],
    [[''], ['', '']],
  ];
  for (const [expected, actual] of cases) {
    const diff = diffLines(expected, actual);
    assert.deepEqual(
      diff.filter((d) => d.mark !== '+').map((d) => d.text),
      expected,
    );
    assert.deepEqual(
      diff.filter((d) => d.mark !== '-').map((d) => d.text),
      actual,
    );
  }
});

test('an indent goes before each line', () => {
  assert.equal(formatDiff(diffLines(['a'], ['b']), '    '), '    - a\n    + b\n');
});
