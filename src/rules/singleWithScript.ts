// SingleWithScript: run the script with the names of all contexts on its
// standard input; when it ends, action on exit code 0, action2 otherwise.
import { singlePattern, type RuleModule } from './module.js';
import type { SingleWithScriptRule } from './types.js';

export const singleWithScript: RuleModule<SingleWithScriptRule> = singlePattern(
  (rule, vars, x) => {
    const desc = x.substituteDesc(rule.desc, vars);
    const action = x.substituteActions(rule.action, vars);
    const action2 = x.substituteActions(rule.action2, vars);
    const subst = (s: string): string => x.substituteDesc(s, vars);
    const script = typeof rule.script === 'string' ? subst(rule.script) : rule.script.map(subst);
    x.children.start(script, [...x.contexts.byName.keys()], {
      onExit: (code) =>
        x.asyncWork(
          () => `running the action of the SingleWithScript rule in ${rule.file} at line ${rule.line}`,
          () => x.run(code === 0 ? action : action2, desc),
        ),
    });
    return rule.next;
  },
  (rule) => [rule.desc, rule.action, rule.action2, rule.script],
);
