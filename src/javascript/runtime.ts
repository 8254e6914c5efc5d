// The JavaScript of rule files (JsFunc patterns, the ~> and ~~> context
// operands, jscall): every function is compiled once, when the rules load,
// into ONE node:vm context made on first use, so functions share globals
// the way Perl code of SEC shares package variables.
//
// The context has the standard built-ins and `console`, and deliberately no
// `require` and no `process`: code from rule files is there to look at
// events, not to reach into the correlator's own process (exit it, change
// its environment, read its input). That keeps mistakes contained; it is
// not a security sandbox (node:vm is not one, and a rule file can run any
// command through shellcmd anyway). A call runs on the correlator's thread
// and, unlike a Perl call, has no watchdog: an endless loop blocks the
// correlator, so functions should stay small.
import vm from 'node:vm';
import type { Logger } from '../log/logger.js';
import { flushHeldWrites } from '../log/heldWrites.js';

/** Where runtime errors of JavaScript patterns go (set once the log is open). */
export const jsSettings: { log: Logger | null } = { log: null };

/** A function compiled from rule-file code. */
export interface JsFunction {
  readonly code: string;
  readonly fn: (...args: unknown[]) => unknown;
}

export type JsCallResult<T = unknown> = { ok: true; value: T } | { ok: false; error: string };

interface SharedContext {
  context: vm.Context;
  /** Builds an array of the context's own realm, so `instanceof Array` holds inside. */
  array: (items: readonly unknown[]) => unknown[];
  /** Builds a plain object of the context's own realm. */
  object: (entries: object) => Record<string, unknown>;
}

/**
 * How long the code may run when it is evaluated at load (an expression
 * such as `(() => { ... return (line) => ...; })()` runs then): a loop there
 * would keep sec, even --testonly, from ever starting.
 */
const LOAD_TIMEOUT_MS = 5_000;

let shared: SharedContext | null = null;

function sharedContext(): SharedContext {
  if (!shared) {
    const context = vm.createContext({ console });
    shared = {
      context,
      array: vm.runInContext('(items) => Array.from(items)', context),
      object: vm.runInContext('(entries) => Object.assign({}, entries)', context),
    };
  }
  return shared;
}

/** What a thrown value says: its message when it has one (errors of the context are not instances of ours). */
function thrownMessage(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'message' in e) return String(e.message);
  return String(e);
}

/**
 * Compile `code`, a function expression, in the shared context: the
 * function, or the rule's fault in the words the JsFunc pattern reports.
 */
export function compileJs(code: string): JsFunction | { error: string } {
  const invalid = (reason: string) => ({ error: `Invalid function '${code}', it did not evaluate to a JavaScript function: ${reason}` });
  let value: unknown;
  try {
    // the newline keeps a trailing // comment from swallowing the parenthesis
    value = new vm.Script(`(${code}\n)`, { filename: 'rule-file function' }).runInContext(sharedContext().context, { timeout: LOAD_TIMEOUT_MS });
  } catch (e) {
    return invalid(thrownMessage(e));
  }
  if (typeof value !== 'function') return invalid(`it is ${value === null ? 'null' : typeof value}`);
  return { code, fn: value as JsFunction['fn'] };
}

/** Run `run`; a throw (code from rule files may throw anything) becomes a failure with its message. */
export function guarded<T>(run: () => T): JsCallResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (e) {
    return { ok: false, error: thrownMessage(e) };
  }
}

/**
 * Call `f` and read its answer with `read`. Reading runs code of the rule
 * file too (getters, toString), so a throw there fails the call as well.
 */
export function callJs<T = unknown>(f: JsFunction, args: readonly unknown[], read: (value: unknown) => T = (value) => value as T): JsCallResult<T> {
  flushHeldWrites(); // JavaScript code may read the files written so far
  return guarded(() => read(f.fn(...args)));
}

/** An array of the shared context holding `items`. */
export function contextArray(items: readonly unknown[]): unknown[] {
  return sharedContext().array(items);
}

/** A plain object of the shared context with the properties of `entries`. */
export function contextObject(entries: object): Record<string, unknown> {
  return sharedContext().object(entries);
}
