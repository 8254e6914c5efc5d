// Rules as typed data: one variant per SEC rule type, built by the loader
// and never changed at run time (operations keep their own state).
import type { ActionList } from '../actions/types.js';
import type { ContextExpression } from '../context/expression.js';
import type { Pattern, VarMap } from '../patterns/pattern.js';

/** Where matching goes after a rule matched: resolved to a rule index by the loader. */
export type Continue = { mode: 'TakeNext' } | { mode: 'DontCont' } | { mode: 'EndMatch' } | { mode: 'GoTo'; label: string };

/** What the rule loop does next: index of the next rule, END_FILE or END_ALL. */
export const END_ALL = -1;

export interface MatchSpec {
  pattern: Pattern;
  varmap: VarMap | null;
  context: ContextExpression | null;
  continue: Continue;
  /** Filled in by the loader from `continue`: next rule index or END_ALL. */
  next: number;
  /**
   * Filled in by the loader: whether anything reads the match's variables
   * (desc, actions, context, varmap...). When nothing does, a match is only
   * tested and no variables are built.
   */
  varsUsed: boolean;
}

interface RuleBase {
  file: string;
  /** Position of the rule among the file's valid rules (SEC's rule ID). */
  index: number;
  /** First line of the rule in its file. */
  line: number;
}

export interface SingleRule extends RuleBase, MatchSpec {
  type: 'Single';
  desc: string;
  action: ActionList;
}

export interface SingleWithScriptRule extends RuleBase, MatchSpec {
  type: 'SingleWithScript';
  desc: string;
  script: string | string[];
  action: ActionList;
  action2: ActionList | null;
}

export interface SingleWithSuppressRule extends RuleBase, MatchSpec {
  type: 'SingleWithSuppress';
  desc: string;
  action: ActionList;
  window: number;
}

export interface PairRule extends RuleBase, MatchSpec {
  type: 'Pair' | 'PairWithWindow';
  desc: string;
  action: ActionList;
  second: MatchSpec;
  desc2: string;
  action2: ActionList;
  /** 0 = no limit (Pair only). */
  window: number;
}

export interface ThresholdRule extends RuleBase, MatchSpec {
  type: 'SingleWithThreshold';
  desc: string;
  action: ActionList;
  action2: ActionList | null;
  window: number;
  thresh: number;
}

export interface Threshold2Rule extends RuleBase, MatchSpec {
  type: 'SingleWith2Thresholds';
  desc: string;
  action: ActionList;
  window: number;
  thresh: number;
  desc2: string;
  action2: ActionList;
  window2: number;
  thresh2: number;
}

export interface EventGroupMember extends MatchSpec {
  count: ActionList | null;
  thresh: number;
  token: string | null;
}

export interface EventGroupRule extends RuleBase {
  type: 'EventGroup';
  members: EventGroupMember[];
  desc: string;
  action: ActionList;
  init: ActionList | null;
  slide: ActionList | null;
  end: ActionList | null;
  window: number;
  multact: boolean;
  egPattern: Pattern | null;
}

export interface SuppressRule extends RuleBase, MatchSpec {
  type: 'Suppress';
  desc: string;
}

export interface CalendarRule extends RuleBase {
  type: 'Calendar';
  time: CalendarTime;
  context: ContextExpression | null;
  desc: string;
  action: ActionList;
}

export interface CalendarTime {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  years: Set<number>;
}

export interface JumpRule extends RuleBase, MatchSpec {
  type: 'Jump';
  desc: string;
  cfset: string[] | null;
  constset: boolean;
}

export type Rule =
  | SingleRule
  | SingleWithScriptRule
  | SingleWithSuppressRule
  | PairRule
  | ThresholdRule
  | Threshold2Rule
  | EventGroupRule
  | SuppressRule
  | CalendarRule
  | JumpRule;

export type RuleType = Rule['type'];

/** Rule file options (type=Options). */
export interface FileOptions {
  /** procallin=No: the file sees only events passed by Jump rules. */
  jumpOnly: boolean;
  joinCfsets: string[];
}

export interface RuleFile {
  path: string;
  rules: Rule[];
  options: FileOptions;
  /** SHA-256 of the file's text as loaded: saved state (--state-file) resumes operations only for the same text. */
  readonly digest: string;
}
