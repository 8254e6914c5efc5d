// Live event correlation operations as plain data (they can be dumped and
// restored). An operation is known by its rule file, rule index and the desc
// after substitution; SEC's key joins the three, built only for messages and
// dumps so that no key string is kept or built per event.
import type { Action } from '../actions/types.js';
import type { ContextToken } from '../context/expression.js';
import { type CountedTimes, listOf } from './countedTimes.js';

/**
 * What every operation has: its rule and desc, its window. Rule modules
 * build each operation as one object literal with all of its fields: a
 * spread of shared fields would put the ones after it in a property array of
 * their own, memory that hundreds of thousands of live operations notice.
 */
interface OperationBase {
  file: string;
  ruleIndex: number;
  desc: string;
  /** When the operation started. */
  started: number;
  /** Start of the current window (SEC's "Time"); the window ends after time + window. */
  time: number;
  /** Window length in seconds; 0 = no limit (Pair without window). */
  window: number;
}

export interface SuppressOperation extends OperationBase {
  type: 'SingleWithSuppress';
}

export interface ThresholdOperation extends OperationBase {
  type: 'SingleWithThreshold';
  /** Times of the counted events, oldest first. */
  times: CountedTimes;
  /** The threshold was reached: events are swallowed until the window ends. */
  fired: boolean;
  action: Action[];
  action2: Action[];
}

export interface Threshold2Operation extends OperationBase {
  type: 'SingleWith2Thresholds';
  times: CountedTimes;
  /** The first threshold was reached; now waiting for the count to drop to thresh2. */
  secondPass: boolean;
  desc2: string;
  action: Action[];
  action2: Action[];
}

export interface PairOperation extends OperationBase {
  type: 'Pair' | 'PairWithWindow';
  /** The timeout action of PairWithWindow (Pair has run it already). */
  action: Action[];
  /** pattern2 with the first event's values put in; null = the rule's own pattern2. */
  pattern2: string | null;
  context2: ContextToken[] | null;
  desc2: string;
  action2: Action[];
}

export interface EventGroupOperation extends OperationBase {
  type: 'EventGroup';
  /** Every counted event: time, member index, egpattern token. */
  events: { time: number; member: number; token: string | null }[];
  /** Event times per member, oldest first. */
  memberTimes: number[][];
  fired: boolean;
  initializing: boolean;
  terminating: boolean;
  init: Action[];
  slide: Action[];
  end: Action[];
  action: Action[];
}

export type Operation = SuppressOperation | ThresholdOperation | Threshold2Operation | PairOperation | EventGroupOperation;

export const operationKey = (file: string, ruleIndex: number, desc: string): string => `${file} | ${ruleIndex} | ${desc}`;

/** SEC's key of a live operation, for messages and dumps. */
export const keyOf = (op: Operation): string => operationKey(op.file, op.ruleIndex, op.desc);

/** The operation as plain data to save or dump: its counted times as a list, however they are kept. */
export function plainOperation(op: Operation): Operation {
  return 'times' in op && typeof op.times === 'number' ? { ...op, times: listOf(op.times) } : op;
}

/** Windows include their last second: the operation's window is over once now > time + window. */
export function windowPassed(op: Operation, now: number): boolean {
  return op.window > 0 && now - op.time > op.window;
}
