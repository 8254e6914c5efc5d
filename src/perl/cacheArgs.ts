// The `:>` convention (context operands and lcall): each parameter names a
// pattern match cache entry, and Perl gets a reference to that entry's
// variables (undef when there is no such entry). Perl code may change the
// hash, and later rules see the change, so what it left is copied back.
import type { MatchCache } from '../patterns/matchVars.js';
import type { PerlArg, PerlHash } from './codec.js';

/** The arguments for a `:>` call: one hash (or undef) per named entry. */
export function cacheEntryArgs(names: readonly string[], cache: MatchCache): PerlArg[] {
  return names.map((name) => {
    const entry = cache.get(name);
    return entry ? { entries: entry } : undefined;
  });
}

/** Put what the code left in each hash back into its cache entry. */
export function writeBackEntries(names: readonly string[], args: readonly PerlArg[], cache: MatchCache): void {
  names.forEach((name, i) => {
    const entry = cache.get(name);
    const hash = args[i] as PerlHash | undefined;
    if (!entry || !hash || hash.entries === entry) return;
    for (const key of Object.keys(entry)) delete entry[key];
    Object.assign(entry, hash.entries);
  });
}
