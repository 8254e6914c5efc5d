// SingleWith2Thresholds: count matching events with the same desc inside a
// sliding window; at thresh run the action, then wait until a window2
// holds no more than thresh2 of them ("cleared": action2 with desc2).
import { liveOperation, type RuleContext } from './context.js';
import { countOf, oldestOf, withoutOldest, withTime } from './countedTimes.js';
import { singlePattern, type RuleModule } from './module.js';
import type { Threshold2Operation } from './operations.js';
import { expireCounting, slideTimes } from './threshold.js';
import type { Threshold2Rule } from './types.js';

/** In the second pass, a quiet window2 means "cleared" (action2 with desc2). */
const expire = (op: Threshold2Operation, x: RuleContext, now: number): void => expireCounting(x, op, op.secondPass, op.desc2, now);

export const threshold2: RuleModule<Threshold2Rule, Threshold2Operation> = {
  ...singlePattern(
    (rule, vars, x) => {
      const now = x.now();
      let op = liveOperation(x, rule, vars, now, expire);
      if (!op) {
        op = {
          type: 'SingleWith2Thresholds',
          file: rule.file,
          ruleIndex: rule.index,
          desc: x.substituteDesc(rule.desc, vars),
          started: now,
          time: now,
          window: rule.window,
          times: now,
          secondPass: false,
          desc2: x.substituteDesc(rule.desc2, vars),
          action: x.substituteActions(rule.action, vars),
          action2: x.substituteActions(rule.action2, vars),
        };
        x.operations.add(op);
      } else op.times = withTime(op.times, now);
      if (!op.secondPass) {
        if (countOf(op.times) < rule.thresh) return rule.next;
        op.secondPass = true;
        op.time = now;
        op.window = rule.window2;
        op.times = [];
        x.operations.schedule(op);
        x.run(op.action, op.desc);
        return rule.next;
      }
      if (countOf(op.times) <= rule.thresh2) return rule.next;
      op.times = withoutOldest(op.times, 1);
      op.time = oldestOf(op.times) ?? now;
      x.operations.schedule(op);
      return rule.next;
    },
    (rule) => [rule.desc, rule.action, rule.desc2, rule.action2],
  ),
  expire,
  moveWindow(op, time, x) {
    slideTimes(op, time, true);
    if (!countOf(op.times) && !op.secondPass) x.operations.delete(op);
  },
};
