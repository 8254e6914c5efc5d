// SingleWithSuppress: run the action on the first matching event, then
// swallow matching events with the same desc until the window (which does
// not move) has passed.
import type { MatchVars } from '../patterns/matchVars.js';
import type { SingleWithSuppressRule } from '../rules/types.js';
import type { CorrelationHost } from './host.js';
import { operationKey, operationStart, windowPassed } from './types.js';

export function processSuppress(host: CorrelationHost, rule: SingleWithSuppressRule, vars: MatchVars): void {
  const desc = host.substituteDesc(rule.desc, vars);
  const key = operationKey(rule.file, rule.index, desc);
  const now = host.now();
  const op = host.operations.get(key);
  if (op && !windowPassed(op, now)) return;
  if (op) host.operations.delete(key);
  host.operations.add({ type: 'SingleWithSuppress', ...operationStart(rule, key, desc, now) });
  host.run(host.substituteActions(rule.action, vars), desc);
}
