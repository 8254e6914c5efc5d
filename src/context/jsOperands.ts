// Running the JavaScript operands of context expressions (an extension):
// `PARAMS ~> (function)` and `NAMES ~~> (function)`. The answer is true as
// a JsFunc pattern's would match; a function that throws counts as false
// and is logged, as a Perl operand that dies.
import { callWithParams } from '../javascript/params.js';
import { answerTrue } from '../javascript/values.js';
import type { Logger } from '../log/logger.js';
import type { MatchCache } from '../patterns/matchVars.js';
import type { ContextToken } from './expression.js';

export function jsCallTrue(t: Extract<ContextToken, { op: 'jsCall' }>, cache: MatchCache, log: Logger): boolean {
  const r = callWithParams(t.func, t.params, t.withCache, cache, answerTrue);
  if (!r.ok) {
    log.error(`Context expression runtime error: ${r.error}`);
    return false;
  }
  return r.value;
}
