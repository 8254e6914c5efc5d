// Control flow inside an action list: if and while on an action-list
// variable's truth, break and continue inside while, and none.
import { type ActionFamily, type ActionSpec, Flow, type KindOf } from './family.js';
import { ActionParseError, restoreParens, variableName } from './syntax.js';
import type { Action } from './types.js';

export type FlowAction =
  | { kind: 'none' | 'break' | 'continue' }
  | { kind: 'if'; variable: string; then: Action[]; else: Action[] }
  | { kind: 'while'; variable: string; body: Action[] };

const FLOW_OF = { none: Flow.Next, break: Flow.Break, continue: Flow.Continue };

const word: ActionSpec<KindOf<FlowAction, 'none'>> = {
  syntax: ({ text, keyword }) => {
    if (!/^(none|break|continue)$/i.test(text)) throw new ActionParseError(`Invalid action '${text}'`);
    return { kind: keyword as 'none' };
  },
  substituted: [],
  run: (a) => FLOW_OF[a.kind],
};

export const flowActions: ActionFamily<FlowAction> = {
  none: word,
  break: word,
  continue: word,
  // if %v ( ... ) [else ( ... )] and while %v ( ... ): only parseable on the masked form
  if: {
    syntax: ({ masked, parts }, c) => {
      const withElse = /^if\s+(\S+)\s+\0\s+else\s+\0$/is.exec(masked);
      const m = withElse ?? /^if\s+(\S+)\s+\0$/is.exec(masked);
      if (!m) throw new ActionParseError(`Invalid action '${restoreParens(masked, parts)}'`);
      const variable = variableName(m[1]);
      const thenList = c.list(parts[0]);
      const elseList = withElse ? c.list(parts[1]) : [];
      if (thenList.length === 0 && elseList.length === 0) throw new ActionParseError('empty action lists given for if-else');
      return { kind: 'if', variable, then: thenList, else: elseList };
    },
    substituted: [],
    nested: ['then', 'else'],
    run(a, x) {
      const list = x.host.variables.isTrue(a.variable) ? a.then : a.else;
      return list.length ? x.runList(list) : Flow.Next;
    },
  },
  while: {
    syntax: ({ masked, parts }, c) => {
      const m = /^while\s+(\S+)\s+\0$/is.exec(masked);
      if (!m) throw new ActionParseError(`Invalid action '${restoreParens(masked, parts)}'`);
      const variable = variableName(m[1]);
      if (/^\s*$/.test(parts[0])) throw new ActionParseError('empty action list given for while');
      return { kind: 'while', variable, body: c.list(parts[0]) };
    },
    substituted: [],
    nested: ['body'],
    run(a, x) {
      while (x.host.variables.isTrue(a.variable)) {
        if (x.runList(a.body) === Flow.Break) break;
      }
      return Flow.Next;
    },
  },
};
