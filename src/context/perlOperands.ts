// Running the Perl operands of context expressions: `PARAMS -> sub {...}`,
// `NAMES :> sub {...}` (both in scalar context) and `=CODE` (compiled and
// run each time). A call that dies or does not compile counts as false and
// is logged, as SEC does.
import type { Logger } from '../log/logger.js';
import type { MatchCache } from '../patterns/matchVars.js';
import { callWithParams } from '../perl/cacheArgs.js';
import { sharedPerl } from '../perl/interpreter.js';
import { perlTrue } from '../patterns/perlTruth.js';
import type { ContextToken } from './expression.js';

export function perlCallTrue(t: Extract<ContextToken, { op: 'perlCall' }>, cache: MatchCache, log: Logger): boolean {
  const r = callWithParams(t.params, t.withCache, cache, (args) => sharedPerl().callScalar(t.func, args));
  if (!r.ok) {
    log.error(`Context expression runtime error: ${r.error}`);
    return false;
  }
  return r.truth;
}

export function perlCodeTrue(code: string, log: Logger): boolean {
  const r = sharedPerl().evaluate(code, false);
  if (!r.ok) {
    log.error(`Error evaluating code '${code}': ${r.error}`);
    return false;
  }
  return 'values' in r && perlTrue(r.values[0]);
}
