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
