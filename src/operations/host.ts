// What operations need from the engine: the clock, the table of operations,
// running actions, and substitution of the triggering event's variables.
import type { Action, ActionList } from '../actions/types.js';
import type { ContextExpression, ContextToken } from '../context/expression.js';
import type { Logger } from '../log/logger.js';
import type { MatchVars } from '../patterns/matchVars.js';
import type { EventView } from '../patterns/pattern.js';
import type { OperationStore } from './store.js';
import { operationKey, windowPassed, type Operation } from './types.js';

export interface CorrelationHost {
  readonly log: Logger;
  readonly operations: OperationStore;
  readonly buffers: EventView;
  /** Event group Perl patterns also get the events' times (SEC 2.9.2 and later). */
  readonly eventGroupTimes: boolean;
  now(): number;
  run(actions: readonly Action[], desc: string): void;
  /** desc with `$` variables put in (unchanged when the match set none). */
  substituteDesc(desc: string, vars: MatchVars): string;
  /** The list's actions with `$` variables put in (the list itself when not volatile). */
  substituteActions(list: ActionList | null, vars: MatchVars): Action[];
  /** Evaluate a context expression (already substituted when needed). */
  contextHolds(tokens: ContextToken[]): boolean;
  /** Substitute the match into a context expression when it mentions variables. */
  contextFor(expr: ContextExpression, vars: MatchVars | null): ContextToken[];
}

/**
 * The live operation of `rule` for this event's desc, after ending its
 * window if that has passed (as SEC does when the next event arrives before
 * the sweep): what threshold and event group rules start from.
 */
export function liveOperation<T extends Operation>(
  host: CorrelationHost,
  rule: { file: string; index: number; desc: string },
  vars: MatchVars,
  expire: (host: CorrelationHost, op: T, now: number) => void,
): { desc: string; key: string; now: number; op: T | undefined } {
  const desc = host.substituteDesc(rule.desc, vars);
  const key = operationKey(rule.file, rule.index, desc);
  const now = host.now();
  let op = host.operations.get(key) as T | undefined;
  if (op && windowPassed(op, now)) {
    expire(host, op, now);
    op = host.operations.get(key) as T | undefined;
  }
  return { desc, key, now, op };
}
