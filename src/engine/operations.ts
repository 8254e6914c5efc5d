// Live event correlation operations, keyed as SEC keys them: rule file,
// rule index and the operation's desc after substitution. Plain data.
import type { Action } from '../actions/types.js';

export interface SuppressOperation {
  type: 'SingleWithSuppress';
  file: string;
  ruleIndex: number;
  desc: string;
  /** Start of the window (whole seconds). */
  start: number;
  window: number;
  actions: Action[];
}

export type Operation = SuppressOperation;

export const operationKey = (file: string, ruleIndex: number, desc: string): string => `${file} | ${ruleIndex} | ${desc}`;

export class OperationStore {
  readonly byKey = new Map<string, Operation>();

  get(key: string): Operation | undefined {
    return this.byKey.get(key);
  }

  set(key: string, op: Operation): void {
    this.byKey.set(key, op);
  }

  delete(key: string): boolean {
    return this.byKey.delete(key);
  }

  /** Operations whose window has passed at `now` (windows include their last second). */
  *expired(now: number): Generator<[string, Operation]> {
    for (const entry of [...this.byKey]) {
      if (now - entry[1].start > entry[1].window) yield entry;
    }
  }
}
