// Actions on event correlation operations: reset ends them, getwpos and
// setwpos read and move an operation's window. The rule they name is
// resolved when the rule file loads.
import { operationKey } from '../rules/operations.js';
import { type ActionFamily, Flow, NUMBER } from './family.js';
import { type ActionListOrigin, nonEmpty, orDesc, pattern, stripParens, variableName } from './syntax.js';

export type OperationAction =
  | { kind: 'reset'; ruleFile: string; ruleIndex: number | null; desc: string }
  | { kind: 'getwpos'; variable: string; ruleFile: string; ruleIndex: number; desc: string }
  | { kind: 'setwpos'; time: string; ruleFile: string; ruleIndex: number; desc: string };

/** The rule number of reset/getwpos/setwpos: +N/-N relative, N absolute (1-based), 0 this rule. */
function ruleRef(sign: string, num: string, origin: ActionListOrigin): number {
  const n = Number(num);
  if (sign === '+') return origin.ruleIndex + n;
  if (sign === '-') return origin.ruleIndex - n;
  return n === 0 ? origin.ruleIndex : n - 1;
}

export const operationActions: ActionFamily<OperationAction> = {
  reset: {
    syntax: pattern(/^(reset)(?:\s+([+-]?)0*([0-9]+))?(?:\s+(.*\S))?$/is, (m, { origin }) => ({
      kind: 'reset',
      ruleFile: origin.ruleFile,
      ruleIndex: m[3] !== undefined ? ruleRef(m[2], m[3], origin) : null,
      desc: orDesc(stripParens(m[4] ?? '')),
    })),
    substituted: ['desc'],
    run(a, x) {
      x.host.resetOperations(a.ruleFile, a.ruleIndex, x.v(a.desc));
      return Flow.Next;
    },
  },
  getwpos: {
    syntax: pattern(/^(getwpos)\s+(\S+)\s+([+-]?)0*([0-9]+)(?:\s+(.*\S))?$/is, (m, { origin }) => {
      const variable = variableName(m[2]);
      return {
        kind: 'getwpos',
        variable,
        ruleFile: origin.ruleFile,
        ruleIndex: ruleRef(m[3], m[4], origin),
        desc: orDesc(stripParens(m[5] ?? '')),
      };
    }),
    substituted: ['desc'],
    run(a, x) {
      const pos = x.host.getWindowPosition(a.ruleFile, a.ruleIndex, x.v(a.desc));
      if (pos !== undefined) x.setVariable(a.variable, String(pos));
      return Flow.Next;
    },
  },
  setwpos: {
    syntax: pattern(/^(setwpos)\s+(\S+)\s+([+-]?)0*([0-9]+)(?:\s+(.*\S))?$/is, (m, { origin }) => ({
      kind: 'setwpos',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'setwpos'),
      ruleFile: origin.ruleFile,
      ruleIndex: ruleRef(m[3], m[4], origin),
      desc: orDesc(stripParens(m[5] ?? '')),
    })),
    substituted: ['time', 'desc'],
    run(a, x) {
      const stamp = x.v(a.time);
      const desc = x.v(a.desc);
      const m = NUMBER.exec(stamp);
      if (!m) x.host.log.warn(`Invalid timestamp '${stamp}' for moving the window of operation '${operationKey(a.ruleFile, a.ruleIndex, desc)}'`);
      else x.host.setWindowPosition(a.ruleFile, a.ruleIndex, desc, Number(m[1]));
      return Flow.Next;
    },
  },
};
