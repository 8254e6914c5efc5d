// PerlFunc[N] and NPerlFunc[N] patterns: a Perl function, compiled when the
// rules load, is called with the last N lines and their input names, in
// list context. What it returns decides the match and sets the variables:
// nothing or one false value is no match; one hash reference gives named
// variables; anything else gives $1, $2, ... A function that dies does not
// match (for either type) and the error is logged.
import { type PerlFunction, perlSettings, sharedPerl } from '../perl/interpreter.js';
import { functionMatchVars, type FunctionResult } from './functionMatch.js';
import type { MatchVars } from './matchVars.js';
import type { EventView } from './pattern.js';
import { falseList } from './perlTruth.js';
import type { VarMap } from './varMap.js';

export interface PerlFuncPattern {
  type: 'PerlFunc';
  negate: boolean;
  lines: number;
  code: string;
  func: PerlFunction;
}

/** Compile the function of a PerlFunc pattern (also egpattern): the function, or SEC's error text. */
export function compilePerlFunc(code: string): PerlFunction | string {
  const f = sharedPerl().compile(code);
  return 'error' in f ? `Invalid function '${code}', eval didn't return a code reference: ${f.error}` : f;
}

export function matchPerlFunc(p: PerlFuncPattern, ev: EventView, varmap: VarMap | null): MatchVars | null {
  const result = sharedPerl().callList(p.func, ev.perlArgs(p.lines));
  if (!result.ok) {
    perlSettings.log?.error(`${p.negate ? 'NPerlFunc' : 'PerlFunc'} pattern runtime error: ${result.error}`);
    return null;
  }
  const matching: FunctionResult | null = result.hash || !falseList(result.values) ? result : null;
  return functionMatchVars(p, matching, ev, varmap);
}
