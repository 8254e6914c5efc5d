// The `:>` convention (context operands and lcall): each parameter names a
// pattern match cache entry, and Perl gets a reference to that entry's
// variables (undef when there is no such entry). Perl code may change the
// hash, and later rules see the change, so what it left is copied back.
import { keepEntryChanges } from '../patterns/cacheEntries.js';
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
  keepEntryChanges(
    names,
    args.map((a) => (a as PerlHash | undefined)?.entries),
    cache,
  );
}
