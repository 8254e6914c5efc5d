// Checking that data read from a state file has the shape it was saved
// with, field by field, so a corrupt or hand-edited file is refused as a
// whole (and set aside) instead of failing somewhere later.

/** The kinds of field a saved record has. */
export type FieldKind = 'number' | 'string' | 'boolean' | 'string|null' | 'numbers' | 'strings' | 'array' | 'array|null' | 'object';

const CHECKS: Record<FieldKind, (v: unknown) => boolean> = {
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  string: (v) => typeof v === 'string',
  boolean: (v) => typeof v === 'boolean',
  'string|null': (v) => v === null || typeof v === 'string',
  numbers: (v) => Array.isArray(v) && v.every((n) => typeof n === 'number'),
  strings: (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'),
  array: (v) => Array.isArray(v),
  'array|null': (v) => v === null || Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/** A state file that cannot be used: what is wrong with it. */
export class StateShapeError extends Error {}

/** `value` as a record with `fields` of their kinds; throws StateShapeError naming `what` otherwise. */
export function expectShape<T>(value: unknown, fields: Record<string, FieldKind>, what: string): T {
  if (!CHECKS.object(value)) throw new StateShapeError(`${what} is not an object`);
  const record = value as Record<string, unknown>;
  for (const [name, kind] of Object.entries(fields)) {
    if (!CHECKS[kind](record[name])) throw new StateShapeError(`${what}: field '${name}' is not ${kind}`);
  }
  return value as T;
}

/** `value` as an array of records of the shape `fields`. */
export function expectList<T>(value: unknown, fields: Record<string, FieldKind>, what: string): T[] {
  if (!Array.isArray(value)) throw new StateShapeError(`${what} is not a list`);
  return value.map((item, i) => expectShape<T>(item, fields, `${what} ${i + 1}`));
}
