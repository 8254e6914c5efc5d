// Saved correlation operations: each operation type's fields (beyond what
// every operation has) and their kinds, in one table keyed by type. The
// table's type lists every field of every operation, so a new rule type or
// a new field does not compile until it says how it is saved. Operations
// are plain data that name their rule by file and index (no reference to
// the rule object): restoring one is checking it and adding it back, if its
// rule file still has the text it was started from.
import type { Logger } from '../log/logger.js';
import type { OperationStore } from '../rules/operationStore.js';
import type { Operation } from '../rules/operations.js';
import type { RuleFile } from '../rules/types.js';
import { expectShape, type FieldKind, StateShapeError } from './shape.js';

type OperationType = Operation['type'];
type OperationOf<T extends OperationType> = Extract<Operation, { type: T }>;
type CommonField = 'type' | 'file' | 'ruleIndex' | 'desc' | 'started' | 'time' | 'window';

const COMMON: Record<Exclude<CommonField, 'type'>, FieldKind> = {
  file: 'string',
  ruleIndex: 'number',
  desc: 'string',
  started: 'number',
  time: 'number',
  window: 'number',
};

const PAIR = { action: 'array', pattern2: 'string|null', context2: 'array|null', desc2: 'string', action2: 'array' } as const;

/** Per operation type: its own fields and their kinds. */
const OPERATION_FIELDS: { [T in OperationType]: Record<Exclude<keyof OperationOf<T>, CommonField>, FieldKind> } = {
  SingleWithSuppress: {},
  SingleWithThreshold: { times: 'numbers', fired: 'boolean', action: 'array', action2: 'array' },
  SingleWith2Thresholds: { times: 'numbers', secondPass: 'boolean', desc2: 'string', action: 'array', action2: 'array' },
  Pair: PAIR,
  PairWithWindow: PAIR,
  EventGroup: {
    events: 'array',
    memberTimes: 'array',
    fired: 'boolean',
    initializing: 'boolean',
    terminating: 'boolean',
    init: 'array',
    slide: 'array',
    end: 'array',
    action: 'array',
  },
};

/** A saved operation checked against its type's fields; throws StateShapeError when it does not fit. */
export function checkOperation(value: unknown, what: string): Operation {
  const type = (value as { type?: unknown } | null)?.type;
  const fields = typeof type === 'string' && Object.hasOwn(OPERATION_FIELDS, type) ? OPERATION_FIELDS[type as OperationType] : undefined;
  if (!fields) throw new StateShapeError(`${what}: unknown operation type '${String(type)}'`);
  return expectShape<Operation>(value, { ...COMMON, ...fields }, what);
}

/**
 * Add saved operations back to `store`. Those of a rule file that is gone
 * or whose text changed since they were saved (`savedDigests`), or whose
 * rule is not of their type, are dropped and the log says so.
 */
export function restoreOperations(saved: Operation[], savedDigests: Record<string, string>, files: RuleFile[], store: OperationStore, log: Logger): void {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const dropped = new Map<string, { count: number; why: string }>();
  const drop = (file: string, why: string): void => {
    const d = dropped.get(file) ?? { count: 0, why };
    d.count++;
    dropped.set(file, d);
  };
  for (const op of saved) {
    const file = byPath.get(op.file);
    if (!file) drop(op.file, 'the rule file is not loaded any more');
    else if (file.digest !== savedDigests[op.file]) drop(op.file, 'the rule file has changed');
    else if (file.rules[op.ruleIndex]?.type !== op.type) drop(op.file, 'its rule is not there any more');
    else store.add(op);
  }
  for (const [file, { count, why }] of dropped) log.notice(`Saved state: dropping ${count} event correlation operation(s) started from ${file}: ${why}`);
}
