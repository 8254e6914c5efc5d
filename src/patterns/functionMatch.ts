// What the function of a PerlFunc or JsFunc pattern returned, turned into
// match variables. Both languages hand over the same shape, so matching,
// negation and the variable map work the same way for either.
import { type MatchVars, newMatchVars, numberedKey, varKey, WHOLE_MATCH } from './matchVars.js';
import type { EventView } from './pattern.js';
import { applyVarMap, type VarMap } from './varMap.js';

/**
 * A matching result: the list ($1, $2, ...) or one hash's pairs (named
 * variables). A result that means no match (nothing, one false value) is
 * null instead.
 */
export type FunctionResult = { values: readonly (string | undefined)[]; hash?: undefined } | { hash: Readonly<Record<string, string | undefined>> };

/** What a function pattern (negated or not) over the last `lines` lines is. */
export interface FunctionPattern {
  negate: boolean;
  lines: number;
}

function lineVars(p: FunctionPattern, ev: EventView): MatchVars {
  const vars = newMatchVars();
  vars[WHOLE_MATCH] = ev.text(p.lines);
  vars._inputsrc = ev.source(p.lines);
  vars._intcontext = ev.intContext;
  return vars;
}

/** The match variables for `result`, or null when the pattern does not match; a negated pattern sets only $0 and the input names. */
export function functionMatchVars(p: FunctionPattern, result: FunctionResult | null, ev: EventView, varmap: VarMap | null): MatchVars | null {
  if (p.negate) return result ? null : lineVars(p, ev);
  if (!result) return null;
  const vars = newMatchVars();
  if (result.hash) for (const name in result.hash) vars[varKey(name)] = result.hash[name];
  else for (let i = 0; i < result.values.length; i++) vars[numberedKey(i + 1)] = result.values[i];
  Object.assign(vars, lineVars(p, ev));
  if (varmap?.size) applyVarMap(vars, result.hash ? 1 : result.values.length, varmap, ev.cache);
  return vars;
}
