// The parameters of ~> / ~~> context operands and of jscall: with `->`
// (and ~>) the words themselves; with `:>` (and ~~>) each word names a
// pattern match cache entry, passed as a plain object of its variables
// (undefined when there is no such entry) whose changes are kept.
import { keepEntryChanges } from '../patterns/cacheEntries.js';
import type { MatchCache } from '../patterns/matchVars.js';
import { callJs, contextObject, type JsCallResult, type JsFunction } from './runtime.js';

export function callWithParams(f: JsFunction, params: readonly string[], withCache: boolean, cache: MatchCache): JsCallResult {
  if (!withCache) return callJs(f, params);
  const objects = params.map((name) => {
    const entry = cache.get(name);
    return entry ? contextObject(entry) : undefined;
  });
  const r = callJs(f, objects);
  keepEntryChanges(params, objects, cache);
  return r;
}
