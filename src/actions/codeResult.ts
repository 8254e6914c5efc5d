// Where call, lcall and jscall put what the code returned: one value is
// stored as it is, several are joined with newlines (an undefined one as an
// empty line), none leaves the variable undefined; code that failed leaves
// the variable as it was.
import type { RunContext } from './family.js';

/** What a call gave: its values (none for a hash reference), or its error. */
export type CodeListResult = { ok: true; values?: readonly (string | undefined)[] } | { ok: false; error: string };

/** Store `r` in the action-list variable; `what` names the code in the error line. */
export function storeResult(x: RunContext, variable: string, r: CodeListResult, what: string): void {
  const log = x.host.log;
  if (!r.ok) {
    log.error(`Code '${what}' runtime error: ${r.error}`);
    return;
  }
  const values = r.values ?? [];
  if (values.length === 0) {
    x.host.variables.set(variable, undefined);
    log.debug(`No value received for variable '%${variable}', set to undef`);
    return;
  }
  const value = values.map((v) => v ?? '').join('\n');
  x.host.variables.set(variable, value);
  log.debug(`Variable '%${variable}' set to '${value}'`);
}
