// SingleWithThreshold and SingleWith2Thresholds: count matching events with
// the same desc inside a sliding window. Values of the first event stay with
// the operation (its actions were substituted when it started).
import type { MatchVars } from '../patterns/matchVars.js';
import type { Threshold2Rule, ThresholdRule } from '../rules/types.js';
import { liveOperation, type CorrelationHost } from './host.js';
import { operationStart, type Threshold2Operation, type ThresholdOperation } from './types.js';

/**
 * Drop counted events older than `from`; the window then starts at the
 * oldest remaining event, or at `from` itself when `exact` or none remain.
 */
export function slideTimes(op: { times: number[]; time: number }, from: number, exact = false): void {
  let drop = 0;
  while (drop < op.times.length && op.times[drop] < from) drop++;
  if (drop) op.times.splice(0, drop);
  op.time = !exact && op.times.length ? op.times[0] : from;
}

export function processThreshold(host: CorrelationHost, rule: ThresholdRule, vars: MatchVars): void {
  const found = liveOperation(host, rule, vars, expireThreshold);
  const { desc, key, now } = found;
  let op = found.op;
  if (!op) {
    op = {
      type: 'SingleWithThreshold',
      ...operationStart(rule, key, desc, now),
      times: [],
      fired: false,
      action: host.substituteActions(rule.action, vars),
      action2: host.substituteActions(rule.action2, vars),
    };
    host.operations.add(op);
  }
  if (op.fired) return;
  op.times.push(now);
  if (op.times.length < rule.thresh) return;
  op.fired = true;
  host.run(op.action, desc);
}

/**
 * A counting window passed: after the threshold was reached the operation
 * ends with action2 (run with `desc`); before, the window slides, and the
 * operation ends once no counted event is left.
 */
function expireCounting(host: CorrelationHost, op: ThresholdOperation | Threshold2Operation, reached: boolean, desc: string, now: number): void {
  if (reached) {
    host.run(op.action2, desc);
    host.operations.delete(op.key);
    return;
  }
  slideTimes(op, now - op.window);
  if (op.times.length) host.operations.schedule(op);
  else host.operations.delete(op.key);
}

/** The window of a SingleWithThreshold operation passed (at the sweep or on its next event). */
export function expireThreshold(host: CorrelationHost, op: ThresholdOperation, now: number): void {
  expireCounting(host, op, op.fired, op.desc, now);
}

export function processThreshold2(host: CorrelationHost, rule: Threshold2Rule, vars: MatchVars): void {
  const found = liveOperation(host, rule, vars, expireThreshold2);
  const { desc, key, now } = found;
  let op = found.op;
  if (!op) {
    op = {
      type: 'SingleWith2Thresholds',
      ...operationStart(rule, key, desc, now),
      times: [],
      secondPass: false,
      desc2: host.substituteDesc(rule.desc2, vars),
      action: host.substituteActions(rule.action, vars),
      action2: host.substituteActions(rule.action2, vars),
    };
    host.operations.add(op);
  }
  op.times.push(now);
  if (!op.secondPass) {
    if (op.times.length < rule.thresh) return;
    op.secondPass = true;
    op.time = now;
    op.window = rule.window2;
    op.times.length = 0;
    host.operations.schedule(op);
    host.run(op.action, desc);
    return;
  }
  if (op.times.length <= rule.thresh2) return;
  op.times.shift();
  op.time = op.times.length ? op.times[0] : now;
  host.operations.schedule(op);
}

/** SingleWith2Thresholds: in the second pass, a quiet window2 means "cleared" (action2 with desc2). */
export function expireThreshold2(host: CorrelationHost, op: Threshold2Operation, now: number): void {
  expireCounting(host, op, op.secondPass, op.desc2, now);
}
