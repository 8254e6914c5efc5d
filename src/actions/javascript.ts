// jscall (an extension): the JavaScript twin of lcall. The function is
// compiled when the rules load; it is called with the parameters (split on
// whitespace before match variables are put in, then given the action-list
// variables) or, after `:>`, with the named pattern match cache entries as
// plain objects whose changes are kept. An array it returns is stored
// joined with newlines, undefined or null leaves the variable undefined,
// another value is stored as its string; a throw keeps the old value.
import { callWithParams } from '../javascript/params.js';
import { compileJs, type JsFunction } from '../javascript/runtime.js';
import { listOf } from '../javascript/values.js';
import { variableValue } from '../patterns/matchVars.js';
import { storeResult } from './codeResult.js';
import { type ActionFamily, Flow } from './family.js';
import { ActionParseError, pattern, stripParens, variableName, words } from './syntax.js';

export type JavaScriptAction = { kind: 'jscall'; variable: string; params: string[]; func: JsFunction; withCache: boolean };

export const javascriptActions: ActionFamily<JavaScriptAction> = {
  jscall: {
    syntax: pattern(/^(jscall)\s+(\S+)\s*(.*?)\s*(->|:>)\s*(.*\S)$/is, (m) => {
      const variable = variableName(m[2]);
      const func = compileJs(stripParens(m[5]));
      if ('error' in func) throw new ActionParseError(func.error);
      return { kind: 'jscall', variable, params: words(stripParens(m[3])), func, withCache: m[4] === ':>' };
    }),
    substituted: ['params'],
    run(a, x) {
      x.host.log.debug(`Calling code '${a.func.code}' and setting variable '%${a.variable}'`);
      const r = callWithParams(a.func, x.vAll(a.params), a.withCache, x.host.matchCache(), (value) => listOf(value).map(variableValue));
      storeResult(x, a.variable, r.ok ? { ok: true, values: r.value } : r, a.func.code);
      return Flow.Next;
    },
  },
};
