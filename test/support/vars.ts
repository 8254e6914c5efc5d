// Match variables by their names as rules write them ($1 → '1', $+{user}
// → 'user'), for tests: the engine keeps numbered ones under other keys
// (see varKey in matchVars.ts).
import { type MatchVars, newMatchVars, varKey } from '../../src/patterns/matchVars.js';

/** A variable set from names and values. */
export function varsOf(named: Record<string, string | undefined>): MatchVars {
  const vars = newMatchVars();
  for (const name of Object.keys(named)) vars[varKey(name)] = named[name];
  return vars;
}

/** The variables as a plain object of names, for deepEqual; null stays null. */
export function byName(vars: MatchVars | null): Record<string, string | undefined> | null {
  if (vars === null) return null;
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(vars)) out[/^#[0-9]+$/.test(key) ? key.slice(1) : key] = vars[key];
  return out;
}
