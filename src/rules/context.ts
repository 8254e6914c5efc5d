// What rule modules reach outside themselves: a small object the engine
// builds once at start (the clock, the operations, the current event,
// running actions, substitution, matching with the file's prefilter...),
// not the engine itself.
import type { Action, ActionList } from '../actions/types.js';
import type { ContextExpression, ContextToken } from '../context/expression.js';
import type { ContextStore } from '../context/store.js';
import type { Logger } from '../log/logger.js';
import type { MatchVars } from '../patterns/matchVars.js';
import type { EventView } from '../patterns/pattern.js';
import type { ChildStarter } from '../sinks/index.js';
import type { OperationStore } from './operationStore.js';
import { windowPassed, type Operation } from './operations.js';
import type { MatchSpec, Rule, RuleFile } from './types.js';

export interface RuleContext {
  readonly log: Logger;
  readonly operations: OperationStore;
  readonly contexts: ContextStore;
  readonly children: ChildStarter;
  /** The current event's lines and match cache. */
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
  /** Match variables of `spec` (slot `key` of rule `ruleIndex` in `file`) against the current event, with its context; null if it does not apply. */
  match(file: RuleFile, ruleIndex: number, key: number, spec: MatchSpec): MatchVars | null;
  /** Whether the pattern in slot (rule, key) cannot match the current event: none of its required literals occurs in it. */
  ruledOut(file: RuleFile, ruleIndex: number, key: number): boolean;
  /** Count one match of `rule` (for dumps). */
  counted(rule: Rule): void;
  /** The rule files of a set named by cfset=, or undefined when there is none. */
  fileSet(name: string): RuleFile[] | undefined;
  /** Run the rules of one file for the current event; true when matching must stop in all files (EndMatch). */
  processRules(file: RuleFile, trace: Set<string>): boolean;
  /** Run `fn` outside event processing (a child ended), failures logged as while doing `what`; then the timers and events it caused. */
  asyncWork(what: () => string, fn: () => void): void;
  /** Run `fn`; an exception is logged as an internal error while doing `what`, and swallowed. */
  guarded(what: () => string, fn: () => void): void;
}

/** The live operation of `rule` for a match with `vars` (its desc is built only when the store needs it). */
export function operationFor(x: RuleContext, rule: { file: string; index: number; desc: string }, vars: MatchVars): Operation | undefined {
  const found = x.operations.findByMatch(rule.file, rule.index, vars);
  return found !== null ? found : x.operations.get(rule.file, rule.index, x.substituteDesc(rule.desc, vars));
}

/**
 * The live operation of `rule` for this event's desc, after ending its
 * window if that has passed at `now` (as SEC does when the next event
 * arrives before the sweep): what threshold and event group rules start
 * from. A new operation's desc is x.substituteDesc(rule.desc, vars); a live
 * one's is op.desc.
 */
export function liveOperation<T extends Operation>(
  x: RuleContext,
  rule: { file: string; index: number; desc: string },
  vars: MatchVars,
  now: number,
  expire: (op: T, x: RuleContext, now: number) => void,
): T | undefined {
  const op = operationFor(x, rule, vars) as T | undefined;
  if (!op || !windowPassed(op, now)) return op;
  expire(op, x, now);
  return operationFor(x, rule, vars) as T | undefined;
}
