// What happens to each kind of operation when its window has passed, both
// in the once-a-second sweep and when a new event finds it stale.
import type { CorrelationHost } from './host.js';
import { expireEventGroup } from './eventGroup.js';
import { expirePair } from './pair.js';
import { expireThreshold, expireThreshold2 } from './threshold.js';
import type { Operation } from './types.js';

export function expireOperation(host: CorrelationHost, op: Operation, now: number): void {
  switch (op.type) {
    case 'SingleWithSuppress':
      host.operations.delete(op.key);
      return;
    case 'Pair':
    case 'PairWithWindow':
      expirePair(host, op);
      return;
    case 'SingleWithThreshold':
      expireThreshold(host, op, now);
      return;
    case 'SingleWith2Thresholds':
      expireThreshold2(host, op, now);
      return;
    case 'EventGroup':
      expireEventGroup(host, op, now);
  }
}
