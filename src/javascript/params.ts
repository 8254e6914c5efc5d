// The parameters of ~> / ~~> context operands and of jscall: with `->`
// (and ~>) the words themselves; with `:>` (and ~~>) each word names a
// pattern match cache entry, passed as a plain object of its variables
// (undefined when there is no such entry) whose changes are kept.
import { keepEntryChanges } from '../patterns/cacheEntries.js';
import type { MatchCache } from '../patterns/matchVars.js';
import { callJs, contextObject, guarded, type JsCallResult, type JsFunction } from './runtime.js';

/** Call `f` with the parameters (or the entries they name) and read its answer with `read`. */
export function callWithParams<T>(
  f: JsFunction,
  params: readonly string[],
  withCache: boolean,
  cache: MatchCache,
  read: (value: unknown) => T,
): JsCallResult<T> {
  if (!withCache) return callJs(f, params, read);
  const objects = params.map((name) => {
    const entry = cache.get(name);
    return entry ? contextObject(entry) : undefined;
  });
  const r = callJs(f, objects, read);
  // kept even when the function threw, as Perl's changes are; the values' toString may throw too
  const kept = guarded(() => keepEntryChanges(params, objects, cache));
  return kept.ok ? r : kept;
}
