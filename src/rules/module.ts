// What each rule type module declares: the patterns it matches with, what it
// does with an event, and, for types that keep operations, what happens when
// an operation's window passes or is moved by setwpos.
import type { ActionList } from '../actions/types.js';
import { containsVars, type MatchVars } from '../patterns/matchVars.js';
import type { RuleContext } from './context.js';
import type { Operation } from './operations.js';
import type { MatchSpec, Rule, RuleFile } from './types.js';

/** What a rule with its own sweep remembers: the minute it last fired in. */
export interface SweepMemo {
  last: string;
}

/**
 * Key of Pair's pattern2 with any values put in for the first match's
 * variables: it failing rules out every operation of the rule at once.
 */
export const PAIR_GATE = -1;

/** One pattern a rule matches with: key is 0, an EventGroup member index, or PAIR_GATE. */
export interface RuleMatchSpec {
  key: number;
  spec: MatchSpec;
}

export interface RuleModule<R extends Rule, O extends Operation = never> {
  /** Every pattern the rule matches events with, so the prefilter (and anything else) lists them from here. */
  matchSpecs(rule: R): RuleMatchSpec[];
  /** Whether the rule itself reads its first pattern's match variables (absent: it does). */
  readsMatchVars?(rule: R): boolean;
  /** Try the current event; returns the index of the next rule to try, or END_ALL. */
  onEvent(rule: R, file: RuleFile, x: RuleContext, trace: Set<string> | null): number;
  /** The operation's window has passed at `now` (at the sweep or on its next event). */
  expire?(op: O, x: RuleContext, now: number): void;
  /** Why setwpos may not move the operation's window now, or null. */
  windowLocked?(op: O): string | null;
  /** setwpos moves the window start to `time` (later than it was, not in the future); the operation may end. */
  moveWindow?(op: O, time: number, x: RuleContext): void;
  /** Once-a-second work of the rule itself (Calendar); `memo` is kept for it from one sweep to the next until rules are loaded again. */
  sweep?(rule: R, x: RuleContext, now: number, memo: SweepMemo): void;
}

/** What a rule with one pattern does once it matched: returns the next rule index (or END_ALL). */
type OnMatch<R> = (rule: R, vars: MatchVars, x: RuleContext, file: RuleFile, trace: Set<string> | null) => number;

/** A rule field that match variables may be put into. */
export type VarsTarget = string | readonly string[] | ActionList | null;

function takesVars(target: VarsTarget): boolean {
  if (target === null) return false;
  if (typeof target === 'string') return containsVars(target);
  if ('actions' in target) return target.volatile;
  return target.some((s) => containsVars(s));
}

/**
 * The match part of a rule type with one pattern (with its context), which
 * counts the match and hands over to `onMatch`; `targets` lists the rule's
 * fields that `onMatch` puts the match variables into.
 */
export function singlePattern<R extends Rule & MatchSpec>(
  onMatch: OnMatch<R>,
  targets: (rule: R) => VarsTarget[],
): Pick<RuleModule<R>, 'matchSpecs' | 'onEvent' | 'readsMatchVars'> {
  return {
    matchSpecs: (rule) => [{ key: 0, spec: rule }],
    readsMatchVars: (rule) => targets(rule).some(takesVars),
    onEvent(rule, file, x, trace) {
      const vars = x.match(file, rule.index, 0, rule);
      if (vars === null) return rule.index + 1;
      x.counted(rule);
      return onMatch(rule, vars, x, file, trace);
    },
  };
}
