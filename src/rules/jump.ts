// Jump: a matching event goes through the rule files of the named sets
// (cfset=), whose EndMatch stops matching everywhere.
import { isEmptyVars, substituteVars } from '../patterns/matchVars.js';
import { singlePattern, type RuleModule } from './module.js';
import { END_ALL, type JumpRule } from './types.js';

export const jump: RuleModule<JumpRule> = singlePattern(
  (rule, vars, x, file, trace) => {
    if (!rule.cfset) return rule.next;
    const seen = trace ?? new Set<string>();
    const sets = !rule.constset && !isEmptyVars(vars) ? rule.cfset.map((s) => substituteVars(s, vars, x.buffers.cache)) : rule.cfset;
    for (const set of sets) {
      if (seen.has(set)) {
        x.log.warn(`Can't jump to fileset '${set}' from ${file.path}, loop detected`);
        continue;
      }
      const files = x.fileSet(set);
      if (!files) {
        x.log.warn(`Can't jump to fileset '${set}' from ${file.path}, set does not exist`);
        continue;
      }
      seen.add(set);
      for (const f of files) {
        if (x.processRules(f, seen)) {
          seen.delete(set);
          return END_ALL;
        }
      }
      seen.delete(set);
    }
    return rule.next;
  },
  (rule) => (rule.constset ? [] : [rule.cfset ?? []]),
);
