// What JavaScript functions return, read the way SEC reads what Perl code
// returns: an array is a list, a plain object is a hash reference, any
// other value is a list of one, and undefined or null is no value at all.
import { variableValue } from '../patterns/matchVars.js';
import { falseList } from '../patterns/perlTruth.js';

/** An object literal (of any realm, or made with a null prototype), not an array or a class instance. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The value as a list, elements as returned. */
export function listOf(v: unknown): readonly unknown[] {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null ? [] : [v];
}

/** An object's own properties as variable values, by their names (functionMatch.ts makes them match variables). */
export function variablesOf(o: Readonly<Record<string, unknown>>): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = Object.create(null);
  for (const key of Object.keys(o)) values[key] = variableValue(o[key]);
  return values;
}

/**
 * Whether a function's answer is true (context operands, event group
 * patterns): exactly when a JsFunc pattern returning it would match, so
 * undefined, null, [] and one Perl-false value (false, 0, '', '0') are false.
 */
export function answerTrue(v: unknown): boolean {
  return isPlainObject(v) || !falseList(listOf(v));
}
