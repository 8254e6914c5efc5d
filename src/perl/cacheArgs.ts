// The parameters of Perl calls from `->` / `:>` context operands and lcall:
// with `->` the words themselves; with `:>` each word names a pattern match
// cache entry, and Perl gets a reference to that entry's variables (undef
// when there is no such entry). Perl code may change the hash, and later
// rules see the change, so what it left is copied back (also when it died).
import { keepEntryChanges } from '../patterns/cacheEntries.js';
import type { MatchCache } from '../patterns/matchVars.js';
import type { PerlArg, PerlHash } from './codec.js';

/** Run `call` with the parameters (or the entries they name) as Perl arguments. */
export function callWithParams<R>(params: readonly string[], withCache: boolean, cache: MatchCache, call: (args: readonly PerlArg[]) => R): R {
  if (!withCache) return call(params);
  const hashes = params.map((name): PerlHash | undefined => {
    const entry = cache.get(name);
    return entry ? { entries: entry } : undefined;
  });
  const result = call(hashes);
  keepEntryChanges(
    params,
    hashes.map((h) => h?.entries),
    cache,
  );
  return result;
}
