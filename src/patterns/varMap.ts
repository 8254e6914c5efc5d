// Variable maps (varmap=...): named match variables taken from numbered
// ones, and names under which a match is kept in the pattern match cache.
import { copyVars, type MatchCache, type MatchVars, numberedKey } from './matchVars.js';
import { PatternError } from './patternError.js';

/** Variable map: name → capture group number, or null for "cache the match under this name". */
export type VarMap = Map<string, number | null>;

/** Parse a varmap field ("user=1; ip=2; cachename"). */
export function parseVarMap(text: string): VarMap {
  const map: VarMap = new Map();
  // Perl's split: trailing empty fields go, the others ("a=1;;b=2") are errors
  const parts = text.split(/\s*;\s*/);
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  for (const part of parts) {
    const m = /^\s*([A-Za-z]\w*)(?:\s*=\s*0*([0-9]+))?\s*$/.exec(part);
    if (!m) {
      throw new PatternError(
        `Invalid variable map '${text}': the variable mapping '${part}' does not have the form <letter>[<letter>|<digit>|<underscore>]... [= <number>]`,
      );
    }
    map.set(m[1], m[2] === undefined ? null : Number(m[2]));
  }
  return map;
}

/** Set the mapped names from the first `groups` numbered values, then cache the match under the bare names. */
export function applyVarMap(vars: MatchVars, groups: number, varmap: VarMap, cache: MatchCache): void {
  const entries: string[] = [];
  for (const [name, index] of varmap) {
    if (index === null) entries.push(name);
    else vars[name] = index <= groups ? vars[numberedKey(index)] : undefined;
  }
  for (const name of entries) cache.set(name, copyVars(vars));
}
