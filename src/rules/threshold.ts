// SingleWithThreshold: count matching events with the same desc inside a
// sliding window; run the action when the count reaches thresh, then
// swallow events until the window ends (action2). Values of the first event
// stay with the operation (its actions were substituted when it started).
import { liveOperation, type RuleContext } from './context.js';
import { type CountedTimes, countBefore, countOf, oldestOf, withoutOldest, withTime } from './countedTimes.js';
import { singlePattern, type RuleModule } from './module.js';
import type { Threshold2Operation, ThresholdOperation } from './operations.js';
import type { ThresholdRule } from './types.js';

/**
 * Drop counted events older than `from`; the window then starts at the
 * oldest remaining event, or at `from` itself when `exact` or none remain.
 */
export function slideTimes(op: { times: CountedTimes; time: number }, from: number, exact = false): void {
  op.times = withoutOldest(op.times, countBefore(op.times, from));
  op.time = exact ? from : (oldestOf(op.times) ?? from);
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
  if (countOf(op.times)) x.operations.schedule(op);
  else x.operations.delete(op);
}

const expire = (op: ThresholdOperation, x: RuleContext, now: number): void => expireCounting(x, op, op.fired, op.desc, now);

export const threshold: RuleModule<ThresholdRule, ThresholdOperation> = {
  ...singlePattern(
    (rule, vars, x) => {
      const now = x.now();
      let op = liveOperation(x, rule, vars, now, expire);
      if (!op) {
        op = {
          type: 'SingleWithThreshold',
          file: rule.file,
          ruleIndex: rule.index,
          desc: x.substituteDesc(rule.desc, vars),
          started: now,
          time: now,
          window: rule.window,
          times: now,
          fired: false,
          action: x.substituteActions(rule.action, vars),
          action2: x.substituteActions(rule.action2, vars),
        };
        x.operations.add(op);
      } else {
        if (op.fired) return rule.next;
        op.times = withTime(op.times, now);
      }
      if (countOf(op.times) < rule.thresh) return rule.next;
      op.fired = true;
      x.run(op.action, op.desc);
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
    if (!countOf(op.times)) x.operations.delete(op);
  },
};
