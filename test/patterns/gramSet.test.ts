import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GramSet, literalGrams } from '../../src/patterns/gramSet.js';

test('GramSet: a literal that occurs in the text always may be contained; most that do not are ruled out', () => {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const alphabet = 'abcdefgh .:[]0123';
  const word = (length: number): string => Array.from({ length }, () => alphabet[random(alphabet.length)]).join('');
  const grams = new GramSet();
  let ruledOut = 0;
  let absent = 0;
  for (let round = 0; round < 300; round++) {
    const text = word(20 + random(200));
    grams.fill(text);
    for (let k = 0; k < 20; k++) {
      const from = random(text.length);
      const inside = text.slice(from, from + 1 + random(12));
      assert.ok(grams.mayContain(literalGrams(inside)), `${inside} in ${text}`);
      const other = word(4 + random(10));
      if (!text.includes(other)) {
        absent++;
        if (!grams.mayContain(literalGrams(other))) ruledOut++;
      }
    }
  }
  assert.ok(ruledOut > absent * 0.5, `${ruledOut} of ${absent} absent literals ruled out`);
});

test('GramSet: a literal shorter than a piece has no pieces, and a new text forgets the last one', () => {
  assert.equal(literalGrams('abc').length, 0);
  const grams = new GramSet();
  grams.fill('failed password for alice');
  assert.ok(grams.mayContain(literalGrams('for alice')));
  grams.fill('accepted key for bob');
  assert.ok(!grams.mayContain(literalGrams('for alice')));
  assert.ok(grams.mayContain(literalGrams('key for bob')));
  grams.fill('ab');
  assert.ok(!grams.mayContain(literalGrams('key for bob')));
});
