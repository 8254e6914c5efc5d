// The rule types: one module each, in one table the engine dispatches
// through (by rule type, and by operation type for windows and expiry).
import { calendar } from './calendar.js';
import { eventGroup } from './eventGroup.js';
import { jump } from './jump.js';
import type { RuleContext } from './context.js';
import type { RuleModule } from './module.js';
import type { Operation } from './operations.js';
import { pair } from './pair.js';
import { single } from './single.js';
import { singleWithScript } from './singleWithScript.js';
import { singleWithSuppress } from './singleWithSuppress.js';
import { suppress } from './suppress.js';
import { threshold } from './threshold.js';
import { threshold2 } from './threshold2.js';
import type { Rule, RuleFile, RuleType } from './types.js';

type RuleOf<T extends RuleType> = Extract<Rule, { type: T }>;
type OperationOf<T extends RuleType> = Extract<Operation, { type: T }>;

const ruleModules: { [T in RuleType]: RuleModule<RuleOf<T>, OperationOf<T>> } = {
  Single: single,
  SingleWithScript: singleWithScript,
  SingleWithSuppress: singleWithSuppress,
  SingleWithThreshold: threshold,
  SingleWith2Thresholds: threshold2,
  Pair: pair,
  PairWithWindow: pair,
  EventGroup: eventGroup,
  Suppress: suppress,
  Calendar: calendar,
  Jump: jump,
};

/** The module of a rule's type. */
export function ruleModule<R extends Rule>(rule: R): RuleModule<R> {
  return ruleModules[rule.type] as unknown as RuleModule<R>;
}

/** What a rule does with an event: its type's onEvent, bound to the rule. */
export type RuleHandler = (file: RuleFile, x: RuleContext, trace: Set<string> | null) => number;

/**
 * Each rule's handler, in rule order. The engine calls these for every rule
 * tried on every event: looking the module up by type there costs property
 * look-ups that V8 cannot cache (every rule type is another shape).
 */
export function ruleHandlers(rules: readonly Rule[]): RuleHandler[] {
  return rules.map((rule) => {
    const onEvent = ruleModule(rule).onEvent;
    return (file, x, trace) => onEvent(rule, file, x, trace);
  });
}

/** The module of the rule type that started an operation. */
export function operationModule<O extends Operation>(op: O): RuleModule<Rule, O> {
  return ruleModules[op.type] as unknown as RuleModule<Rule, O>;
}
