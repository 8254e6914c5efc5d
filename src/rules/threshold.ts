// SingleWithThreshold: count matching events with the same desc inside a
// sliding window; run the action when the count reaches thresh, then
// swallow events until the window ends (action2). Values of the first event
// stay with the operation (its actions were substituted when it started).
import { liveOperation, type RuleContext } from './context.js';
import { singlePattern, type RuleModule } from './module.js';
import type { Threshold2Operation, ThresholdOperation } from './operations.js';
import type { ThresholdRule } from './types.js';

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

/**
 * A counting window passed: after the threshold was reached the operation
 * ends with action2 (run with `desc`); before, the window slides, and the
 * operation ends once no counted event is left.
 */
export function expireCounting(x: RuleContext, op: ThresholdOperation | Threshold2Operation, reached: boolean, desc: string, now: number): void {
  if (reached) {
    x.run(op.action2, desc);
    x.operations.delete(op);
    return;
  }
  slideTimes(op, now - op.window);
  if (op.times.length) x.operations.schedule(op);
  else x.operations.delete(op);
}

const expire = (op: ThresholdOperation, x: RuleContext, now: number): void => expireCounting(x, op, op.fired, op.desc, now);

export const threshold: RuleModule<ThresholdRule, ThresholdOperation> = {
  ...singlePattern(
    (rule, vars, x) => {
      const found = liveOperation(x, rule, vars, expire);
      const { desc, now } = found;
      let op = found.op;
      if (!op) {
        op = {
          type: 'SingleWithThreshold',
          file: rule.file,
          ruleIndex: rule.index,
          desc,
          started: now,
          time: now,
          window: rule.window,
          // made with the first event's time: an empty array that is pushed to grows room for 17
          times: [now],
          fired: false,
          action: x.substituteActions(rule.action, vars),
          action2: x.substituteActions(rule.action2, vars),
        };
        x.operations.add(op);
      } else {
        if (op.fired) return rule.next;
        op.times.push(now);
      }
      if (op.times.length < rule.thresh) return rule.next;
      op.fired = true;
      x.run(op.action, desc);
      return rule.next;
    },
    (rule) => [rule.desc, rule.action, rule.action2],
  ),
  expire,
  moveWindow(op, time, x) {
    if (op.fired) {
      op.time = time;
      return;
    }
    slideTimes(op, time, true);
    if (!op.times.length) x.operations.delete(op);
  },
};
