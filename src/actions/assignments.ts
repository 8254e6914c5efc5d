// Actions that set action-list variables: assign, assignsq, free, varset
// (those that run Perl code to set one are in perl.ts).
import { type ActionFamily, type ActionSpec, Flow, type KindOf } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens, variableName } from './syntax.js';

export type AssignmentAction =
  | { kind: 'assign' | 'assignsq'; variable: string; value: string }
  | { kind: 'free'; variable: string }
  | { kind: 'varset'; variable: string; entry: string };

const assign: ActionSpec<KindOf<AssignmentAction, 'assign'>> = {
  syntax: pattern(/^(assign|assignsq)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => ({
    kind: kw as 'assign',
    variable: variableName(m[2]),
    value: orDesc(stripParens(m[3] ?? '')),
  })),
  substituted: ['value'],
  run(a, x) {
    let value = x.v(a.value);
    if (a.kind === 'assignsq') value = `'${value.replace(/'/g, "'\\''")}'`;
    x.host.log.debug(`Assigning '${value}' to variable '%${a.variable}'`);
    x.host.variables.set(a.variable, value);
    return Flow.Next;
  },
};

export const assignmentActions: ActionFamily<AssignmentAction> = {
  assign,
  assignsq: assign,
  free: {
    syntax: pattern(/^(free)\s+(\S+)$/is, (m) => ({ kind: 'free', variable: variableName(m[2]) })),
    substituted: [],
    run(a, x) {
      x.host.log.debug(`Freeing variable '%${a.variable}'`);
      x.host.variables.delete(a.variable);
      return Flow.Next;
    },
  },
  varset: {
    syntax: pattern(/^(varset)\s+(\S+)\s+(\S+)$/is, (m) => {
      const variable = variableName(m[2]);
      return { kind: 'varset', variable, entry: nonEmpty(stripParens(m[3]), 'pattern match cache entry name', 'varset') };
    }),
    substituted: ['entry'],
    run(a, x) {
      const entry = x.v(a.entry);
      x.host.log.debug(`Checking the presence of pattern match cache entry '${entry}'`);
      x.setVariable(a.variable, x.host.hasCacheEntry(entry) ? '1' : '0');
      return Flow.Next;
    },
  },
};
