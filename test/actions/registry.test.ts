import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ContextAction } from '../../src/actions/contexts.js';
import { parseActions } from '../../src/actions/parse.js';
import { mapActionStrings } from '../../src/actions/registry.js';
import type { Action } from '../../src/actions/types.js';

// Copying action lists with their strings substituted (a match's $ values).

const origin = { ruleFile: 'rules.conf', ruleIndex: 0 };
const upper = (s: string): string => s.toUpperCase();
const asCreate = (a: Action | undefined): Extract<ContextAction, { kind: 'create' | 'set' }> => a as Extract<ContextAction, { kind: 'create' | 'set' }>;

test('mapActionStrings copies nested lists with their strings changed, and shares an empty one', () => {
  const withExpiry = parseActions('create c_$1 10 (write - gone $1)', origin);
  assert.deepEqual(mapActionStrings(withExpiry, upper), [
    { kind: 'create', context: 'C_$1', lifetime: '10', actions: [{ kind: 'write', file: '-', text: 'GONE $1' }] },
  ]);
  const bare = asCreate(parseActions('create c_$1 10', origin)[0]);
  const copy = asCreate(mapActionStrings([bare], upper)[0]);
  assert.equal(copy.context, 'C_$1');
  assert.equal(copy.actions, bare.actions, 'the empty expiry list is the parsed one');
});

test('mapActionStrings keeps an action none of whose strings change, and a list of such actions', () => {
  const list = parseActions('write out.log fixed text; create c_$1 10', origin);
  const same = (s: string): string => s;
  assert.equal(mapActionStrings(list, same), list, 'nothing changed: the same list');
  const onlyVars = (s: string): string => s.replace('$1', 'X');
  const mapped = mapActionStrings(list, onlyVars);
  assert.notEqual(mapped, list);
  assert.equal(mapped[0], list[0], 'the write without variables is shared');
  assert.equal(asCreate(mapped[1]).context, 'c_X');
  assert.equal(asCreate(list[1]).context, 'c_$1', 'the parsed action is not changed');
});
