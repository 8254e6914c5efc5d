// Pattern match cache entries handed to code (`:>` and `~~>` operands,
// lcall and jscall with `:>`): the code gets each named entry's variables
// to read and change, and what it left there is what later rules see.
import { type MatchCache, variableValue } from './matchVars.js';

/** Make each named entry hold what the code left in `left[i]` (values as strings; null and undefined as undefined). */
export function keepEntryChanges(names: readonly string[], left: readonly (Readonly<Record<string, unknown>> | undefined)[], cache: MatchCache): void {
  names.forEach((name, i) => {
    const entry = cache.get(name);
    const changed = left[i];
    if (!entry || !changed || changed === entry) return;
    for (const key of Object.keys(entry)) delete entry[key];
    for (const key of Object.keys(changed)) entry[key] = variableValue(changed[key]);
  });
}
