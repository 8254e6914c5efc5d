// JsFunc[N] and NJsFunc[N] patterns (an extension): the JavaScript twin of
// PerlFunc. A function compiled when the rules load is called with the last
// N lines, then their input names (undefined for synthetic events). An
// array it returns is the list ($1, $2, ...), a plain object the hash
// (named variables), another value a list of one; undefined, null, an
// empty array or one false value (Perl's false: false, 0, '', '0') is no
// match. A function that throws matches neither way and is logged.
import { callJs, compileJs, type JsFunction, jsSettings } from '../javascript/runtime.js';
import { answerTrue, isPlainObject, listOf, variablesOf } from '../javascript/values.js';
import { functionMatchVars, type FunctionResult } from './functionMatch.js';
import { type MatchVars, variableValue } from './matchVars.js';
import type { EventView } from './pattern.js';
import type { VarMap } from './varMap.js';

export interface JsFuncPattern {
  type: 'JsFunc';
  negate: boolean;
  lines: number;
  code: string;
  func: JsFunction;
}

/** Compile the function of a JsFunc pattern (also egpattern): the function, or why the rule is faulty. */
export function compileJsFunc(code: string): JsFunction | string {
  const f = compileJs(code);
  return 'error' in f ? f.error : f;
}

/** What the function returned, read as PerlFunc results are; null for no match. */
export function jsFunctionResult(value: unknown): FunctionResult | null {
  if (!answerTrue(value)) return null;
  return isPlainObject(value) ? { hash: variablesOf(value) } : { values: listOf(value).map(variableValue) };
}

export function matchJsFunc(p: JsFuncPattern, ev: EventView, varmap: VarMap | null): MatchVars | null {
  const r = callJs(p.func, ev.perlArgs(p.lines), jsFunctionResult);
  if (!r.ok) {
    jsSettings.log?.error(`${p.negate ? 'NJsFunc' : 'JsFunc'} pattern runtime error: ${r.error}`);
    return null;
  }
  return functionMatchVars(p, r.value, ev, varmap);
}
