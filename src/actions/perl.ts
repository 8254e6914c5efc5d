// Actions that run Perl code and put its result in an action-list variable:
// eval (a miniprogram compiled each time), call (a code reference that an
// earlier eval left in a variable) and lcall (a function compiled when the
// rules load). One result is stored as it is, several are joined with
// newlines, none leaves the variable undefined; when the code fails the
// variable keeps its value.
import { callWithParams } from '../perl/cacheArgs.js';
import { type PerlFunction, sharedPerl } from '../perl/interpreter.js';
import { storeResult } from './codeResult.js';
import { type ActionFamily, Flow } from './family.js';
import { ActionParseError, pattern, stripParens, variableName, words } from './syntax.js';

export type PerlAction =
  | { kind: 'eval'; variable: string; code: string }
  | { kind: 'call'; variable: string; codeVariable: string; params: string[] }
  | { kind: 'lcall'; variable: string; params: string[]; func: PerlFunction; withCache: boolean };

export const perlActions: ActionFamily<PerlAction> = {
  eval: {
    syntax: pattern(/^(eval)\s+(\S+)\s+(.*\S)$/is, (m) => ({ kind: 'eval', variable: variableName(m[2]), code: stripParens(m[3]) })),
    substituted: ['code'],
    run(a, x) {
      const { log, variables } = x.host;
      const code = x.v(a.code);
      log.debug(`Evaluating code '${code}' and setting variable '%${a.variable}'`);
      const r = sharedPerl().evaluate(code, true, a.variable);
      if (!r.ok) {
        log.error(`Error evaluating code '${code}': ${r.error}`);
      } else if ('kept' in r) {
        // a reference (a code reference for call) stays a reference
        variables.setPerlRef(a.variable, r.kept);
        log.debug(`Variable '%${a.variable}' set to '${r.kept.text}'`);
      } else if (r.values.length === 0) {
        variables.set(a.variable, undefined);
        log.debug(`No value received for variable '%${a.variable}', set to undef`);
      } else {
        const value = r.values.map((v) => v ?? '').join('\n');
        variables.set(a.variable, value);
        log.debug(`Variable '%${a.variable}' set to '${value}'`);
      }
      return Flow.Next;
    },
  },
  call: {
    syntax: pattern(/^(call)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'call',
      variable: variableName(m[2]),
      codeVariable: variableName(m[3]),
      params: words(stripParens(m[4] ?? '')),
    })),
    substituted: ['params'],
    run(a, x) {
      const log = x.host.log;
      log.debug(`Calling code '%${a.codeVariable}->()' and setting variable '%${a.variable}'`);
      const kept = x.host.variables.perlRef(a.codeVariable);
      const r = kept ? sharedPerl().callKept(kept, x.vAll(a.params)) : { notCode: true as const };
      if ('notCode' in r) log.warn(`Variable '%${a.codeVariable}' is not a code reference`);
      else storeResult(x, a.variable, r, `%${a.codeVariable}->()`);
      return Flow.Next;
    },
  },
  lcall: {
    syntax: pattern(/^(lcall)\s+(\S+)\s*(.*?)\s*(->|:>)\s*(.*\S)$/is, (m) => {
      const variable = variableName(m[2]);
      const code = stripParens(m[5]);
      const func = sharedPerl().compile(code);
      if ('error' in func) throw new ActionParseError(`Eval '${code}' didn't return a code reference: ${func.error}`);
      return { kind: 'lcall', variable, params: words(stripParens(m[3])), func, withCache: m[4] === ':>' };
    }),
    substituted: ['params'],
    run(a, x) {
      x.host.log.debug(`Calling code '${a.func.text}' and setting variable '%${a.variable}'`);
      const params = x.vAll(a.params);
      const r = callWithParams(params, a.withCache, x.host.matchCache(), (args) => sharedPerl().callList(a.func, args, false));
      storeResult(x, a.variable, r, a.func.text);
      return Flow.Next;
    },
  },
};
