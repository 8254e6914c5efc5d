// Single: run the action on every matching event.
import { singlePattern, type RuleModule } from './module.js';
import type { SingleRule } from './types.js';

export const single: RuleModule<SingleRule> = singlePattern(
  (rule, vars, x) => {
    const desc = x.substituteDesc(rule.desc, vars);
    x.run(x.substituteActions(rule.action, vars), desc);
    return rule.next;
  },
  (rule) => [rule.desc, rule.action],
);
