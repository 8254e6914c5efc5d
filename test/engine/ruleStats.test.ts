import assert from 'node:assert/strict';
import { test } from 'node:test';
import { harness } from '../support/harness.js';

test('rule statistics: events tried (rules passed over by their literals are not), matched, and time when timed', () => {
  const h = harness(`type=Single
ptype=RegExp
pattern=alpha (\\d+)
desc=alpha
action=none

type=Single
ptype=RegExp
pattern=^(\\w+)$
desc=word
action=none
`);
  h.engine.ruleStats.timed = true;
  h.feed('alpha 1', 'alpha x', 'beta', 'gamma delta');
  const rows = h.engine.ruleStats.rows(h.engine.config.files);
  assert.deepEqual(
    rows.map((r) => [r.rule, r.tried, r.matched]),
    [
      [1, 2, 1],
      [2, 3, 1],
    ],
  );
  assert.ok(rows.every((r) => r.ms !== null && r.ms >= 0));
  const table = h.engine.ruleStats.table(h.engine.config.files, h.engine.processedEvents);
  assert.match(table, /^Rule statistics: 4 events processed\nfile +rule +line +type +tried +matched +ms +share +desc\n/);
});
