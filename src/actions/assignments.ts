// Actions that set action-list variables: assign, assignsq, free, varset;
// and eval, call, lcall, which run Perl code in SEC and are parsed here but
// not run yet.
import { type ActionFamily, type ActionSpec, Flow, type KindOf, type RunContext } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens, variableName, words } from './syntax.js';

export type AssignmentAction =
  | { kind: 'assign' | 'assignsq'; variable: string; value: string }
  | { kind: 'free'; variable: string }
  | { kind: 'varset'; variable: string; entry: string }
  | { kind: 'eval'; variable: string; code: string }
  | { kind: 'call'; variable: string; codeVariable: string; params: string[] }
  | { kind: 'lcall'; variable: string; params: string[]; func: string; withCache: boolean };

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

/** Perl code runs in a later release: the action is skipped with a warning. */
function notRunYet(a: { kind: string }, x: RunContext): Flow {
  x.host.unsupported(a.kind);
  return Flow.Next;
}

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
  eval: {
    syntax: pattern(/^(eval)\s+(\S+)\s+(.*\S)$/is, (m) => ({ kind: 'eval', variable: variableName(m[2]), code: stripParens(m[3]) })),
    substituted: ['code'],
    run: notRunYet,
  },
  call: {
    syntax: pattern(/^(call)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'call',
      variable: variableName(m[2]),
      codeVariable: variableName(m[3]),
      params: words(stripParens(m[4] ?? '')),
    })),
    substituted: ['params'],
    run: notRunYet,
  },
  lcall: {
    syntax: pattern(/^(lcall)\s+(\S+)\s*(.*?)\s*(->|:>)\s*(.*\S)$/is, (m) => ({
      kind: 'lcall',
      variable: variableName(m[2]),
      params: words(stripParens(m[3])),
      func: stripParens(m[5]),
      withCache: m[4] === ':>',
    })),
    substituted: ['params'],
    run: notRunYet,
  },
};
