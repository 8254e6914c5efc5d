// SingleWithSuppress: run the action on the first matching event, then
// swallow matching events with the same desc until the window (which does
// not move) has passed.
import { operationFor } from './context.js';
import { singlePattern, type RuleModule } from './module.js';
import { windowPassed, type SuppressOperation } from './operations.js';
import type { SingleWithSuppressRule } from './types.js';

export const singleWithSuppress: RuleModule<SingleWithSuppressRule, SuppressOperation> = {
  ...singlePattern(
    (rule, vars, x) => {
      const now = x.now();
      const op = operationFor(x, rule, vars);
      if (op && !windowPassed(op, now)) return rule.next;
      if (op) x.operations.delete(op);
      const desc = x.substituteDesc(rule.desc, vars);
      x.operations.add({ type: 'SingleWithSuppress', file: rule.file, ruleIndex: rule.index, desc, started: now, time: now, window: rule.window });
      x.run(x.substituteActions(rule.action, vars), desc);
      return rule.next;
    },
    (rule) => [rule.desc, rule.action],
  ),
  expire: (op, x) => x.operations.delete(op),
};
