import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActions } from '../../src/actions/parse.js';
import { ActionParseError } from '../../src/actions/syntax.js';

// nagiossvc and nagioshost (extensions): how they are written.

const origin = { ruleFile: 'r.conf', ruleIndex: 0 };

test('nagiossvc: host, service (in parentheses when it has spaces), code, output; a | written in the rule starts the performance data', () => {
  assert.deepEqual(parseActions('nagiossvc $1 (SSH logins) CRITICAL failure for $2|fails=1 time=3', origin), [
    { kind: 'nagiossvc', host: '$1', service: 'SSH logins', code: 'CRITICAL', output: 'failure for $2', perfdata: 'fails=1 time=3' },
  ]);
  assert.deepEqual(parseActions('nagiossvc web1 ssh 2', origin), [{ kind: 'nagiossvc', host: 'web1', service: 'ssh', code: '2', output: '%s', perfdata: '' }]);
  assert.deepEqual(parseActions('nagiossvc web1 ssh 2 (a; b)', origin), [
    { kind: 'nagiossvc', host: 'web1', service: 'ssh', code: '2', output: 'a; b', perfdata: '' },
  ]);
});

test('nagioshost: host, code, output', () => {
  assert.deepEqual(parseActions('NAGIOSHOST $1 down (host $1 unreachable)', origin), [
    { kind: 'nagioshost', host: '$1', code: 'down', output: 'host $1 unreachable', perfdata: '' },
  ]);
});

test('a code without variables is checked when the rule loads; one with variables when the action runs', () => {
  assert.throws(
    () => parseActions('nagiossvc web1 ssh CRIT out', origin),
    (e: Error) => e instanceof ActionParseError && /invalid service state "CRIT"/.test(e.message),
  );
  assert.throws(() => parseActions('nagioshost web1 4', origin), ActionParseError);
  assert.throws(() => parseActions('nagiossvc web1 ssh', origin), ActionParseError);
  assert.equal(parseActions('nagiossvc web1 ssh $3', origin)[0].kind, 'nagiossvc');
});
