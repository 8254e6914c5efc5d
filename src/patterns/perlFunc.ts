// PerlFunc[N] and NPerlFunc[N] patterns: a Perl function, compiled when the
// rules load, is called with the last N lines and their input names, in
// list context. What it returns decides the match and sets the variables:
// nothing or one false value is no match; one hash reference gives named
// variables; anything else gives $1, $2, ... A function that dies does not
// match (for either type) and the error is logged.
import { type PerlFunction, perlSettings, sharedPerl } from '../perl/interpreter.js';
import { newMatchVars, type MatchVars } from './matchVars.js';
import type { EventView } from './pattern.js';
import { applyVarMap, type VarMap } from './varMap.js';

export interface PerlFuncPattern {
  type: 'PerlFunc';
  negate: boolean;
  lines: number;
  code: string;
  func: PerlFunction;
}

/** Perl truth of a value that came back as a string. */
export function perlTrue(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0';
}

/** Compile the function of a PerlFunc pattern (also egpattern): the function, or SEC's error text. */
export function compilePerlFunc(code: string): PerlFunction | string {
  const f = sharedPerl().compile(code);
  return 'error' in f ? `Invalid function '${code}', eval didn't return a code reference: ${f.error}` : f;
}

function lineVars(p: PerlFuncPattern, ev: EventView): MatchVars {
  const vars = newMatchVars();
  vars['0'] = ev.text(p.lines);
  vars._inputsrc = ev.source(p.lines);
  vars._intcontext = ev.intContext;
  return vars;
}

export function matchPerlFunc(p: PerlFuncPattern, ev: EventView, varmap: VarMap | null): MatchVars | null {
  const result = sharedPerl().callList(p.func, ev.perlArgs(p.lines));
  if (!result.ok) {
    perlSettings.log?.error(`${p.negate ? 'NPerlFunc' : 'PerlFunc'} pattern runtime error: ${result.error}`);
    return null;
  }
  const count = result.hash ? 1 : result.values.length;
  const matched = count > 1 || (count === 1 && (result.hash !== undefined || perlTrue(result.values[0])));
  if (p.negate) return matched ? null : lineVars(p, ev);
  if (!matched) return null;
  const vars = newMatchVars();
  if (result.hash) Object.assign(vars, result.hash);
  else for (let i = 0; i < result.values.length; i++) vars[i + 1] = result.values[i];
  Object.assign(vars, lineVars(p, ev));
  if (varmap?.size) applyVarMap(vars, count, varmap, ev.cache);
  return vars;
}
