import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type ActionSpec, Flow, type RunContext } from '../../src/actions/family.js';
import { monitoringActions } from '../../src/actions/monitoring.js';
import { parseActions } from '../../src/actions/parse.js';
import { ActionParseError } from '../../src/actions/syntax.js';
import type { Action } from '../../src/actions/types.js';

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

// icinga2svc and icinga2host (extensions): written as nagiossvc and nagioshost are.

test('icinga2svc: host, service (in parentheses when it has spaces), code, output; a | written in the rule starts the performance data', () => {
  assert.deepEqual(parseActions('icinga2svc $1 (SSH logins) CRITICAL failure for $2|fails=1 time=3', origin), [
    { kind: 'icinga2svc', host: '$1', service: 'SSH logins', code: 'CRITICAL', output: 'failure for $2', perfdata: 'fails=1 time=3' },
  ]);
  assert.deepEqual(parseActions('icinga2svc web1 ssh 3', origin), [
    { kind: 'icinga2svc', host: 'web1', service: 'ssh', code: '3', output: '%s', perfdata: '' },
  ]);
});

test('icinga2host: UP or DOWN only, since Icinga 2 works out UNREACHABLE itself', () => {
  assert.deepEqual(parseActions('ICINGA2HOST $1 down (host $1 gone)', origin), [
    { kind: 'icinga2host', host: '$1', code: 'down', output: 'host $1 gone', perfdata: '' },
  ]);
  assert.equal(parseActions('icinga2host web1 0', origin)[0].kind, 'icinga2host');
  for (const code of ['UNREACHABLE', '2']) {
    assert.throws(
      () => parseActions(`icinga2host web1 ${code} out`, origin),
      (e: Error) =>
        e instanceof ActionParseError && /Invalid action 'icinga2host': .*not accepted by Icinga 2, which works out UNREACHABLE itself/.test(e.message),
    );
  }
  assert.throws(
    () => parseActions('icinga2host web1 5', origin),
    (e: Error) => e instanceof ActionParseError && /invalid host state "5" \(0, 1, UP or DOWN\)/.test(e.message),
  );
});

test('icinga2svc: a code without variables is checked when the rule loads', () => {
  assert.throws(
    () => parseActions('icinga2svc web1 ssh 4 out', origin),
    (e: Error) => e instanceof ActionParseError && /invalid service state "4"/.test(e.message),
  );
  assert.throws(() => parseActions('icinga2svc web1 ssh', origin), ActionParseError);
  assert.equal(parseActions('icinga2svc web1 ssh %code', origin)[0].kind, 'icinga2svc');
});

/** A run of one Icinga 2 action with `vars` put in, against a sink that records what it is given (none: no --icinga2-url). */
function runIcinga2(text: string, vars: Record<string, string>, withSink = true): { submitted: unknown[]; warnings: string[] } {
  const submitted: unknown[] = [];
  const warnings: string[] = [];
  const record = (result: unknown): void => {
    submitted.push(result);
  };
  const host = {
    log: { debug: () => undefined, warn: (m: string) => warnings.push(m) },
    sinks: { icinga2Api: withSink ? { serviceResult: record, hostResult: record } : null },
  };
  const x = { host, desc: 'the event', v: (s: string) => s.replace(/\$(\w+)/g, (_m, name: string) => vars[name] ?? '') } as unknown as RunContext;
  const [action] = parseActions(text, origin);
  const spec = monitoringActions[action.kind as 'icinga2svc' | 'icinga2host'] as ActionSpec<Action>;
  assert.equal(spec.run(action, x), Flow.Next);
  return { submitted, warnings };
}

test('icinga2svc and icinga2host at run time: codes from variables checked then, performance data split at whitespace', () => {
  assert.deepEqual(runIcinga2('icinga2svc $h (SSH logins) $c failure for $u|fails=1  time=3s', { h: 'web1', c: 'critical', u: 'bob|x' }).submitted, [
    { host: 'web1', service: 'SSH logins', exitStatus: 2, output: 'failure for bob|x', perfdata: ['fails=1', 'time=3s'] },
  ]);
  assert.deepEqual(runIcinga2('icinga2host $h $c', { h: 'web1', c: 'DOWN' }).submitted, [{ host: 'web1', exitStatus: 1, output: '%s', perfdata: [] }]);
  const unreachable = runIcinga2('icinga2host $h $c', { h: 'web1', c: 'UNREACHABLE' });
  assert.deepEqual(unreachable.submitted, []);
  assert.match(unreachable.warnings.join('\n'), /Can't submit icinga2host result: host state "UNREACHABLE" is not accepted by Icinga 2/);
  const noApi = runIcinga2('icinga2svc web1 ssh 2', {}, false);
  assert.deepEqual(noApi.warnings, ["Action 'icinga2svc' needs --icinga2-url, result dropped"]);
});
