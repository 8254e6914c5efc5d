// Saved state as JSON text. Everything the engine keeps is plain data but
// for the functions compiled from rule-file code that action lists and
// context expressions hold (lcall and jscall actions, `->` and `~>`
// operands): they are written as their source code and compiled again when
// read, once per distinct code.
import { compileJs, type JsFunction } from '../javascript/runtime.js';
import { type PerlFunction, sharedPerl } from '../perl/interpreter.js';

/**
 * The saved form of a compiled function. `$code` cannot be the name of an
 * action-list variable (the one record with names chosen by rules), so no
 * saved value is mistaken for code.
 */
type SavedCode = { $code: 'perl' | 'js'; source: string };

const isPerlFunction = (v: object): v is PerlFunction => 'perlId' in v && typeof (v as PerlFunction).code === 'string';
const isJsFunction = (v: object): v is JsFunction => typeof (v as JsFunction).fn === 'function' && typeof (v as JsFunction).code === 'string';

/** State (plain data with compiled functions inside) as JSON text. */
export function encodeState(state: object): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    if (isPerlFunction(value)) return { $code: 'perl', source: value.code } satisfies SavedCode;
    if (isJsFunction(value)) return { $code: 'js', source: value.code } satisfies SavedCode;
    return value;
  });
}

/** JSON text back into state, compiling saved functions; throws on bad JSON or code that no longer compiles. */
export function decodeState(text: string): unknown {
  const perl = new Map<string, PerlFunction>();
  const js = new Map<string, JsFunction>();
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const saved = value as Partial<SavedCode>;
    if (typeof saved.source !== 'string' || Object.keys(value).length !== 2) return value;
    if (saved.$code === 'perl') return cached(perl, saved.source, (code) => sharedPerl().compile(code));
    if (saved.$code === 'js') return cached(js, saved.source, compileJs);
    return value;
  });
}

function cached<F>(seen: Map<string, F>, code: string, compile: (code: string) => F | { error: string }): F {
  let f = seen.get(code);
  if (!f) {
    const compiled = compile(code);
    if (typeof compiled === 'object' && compiled !== null && 'error' in compiled) throw new Error(`saved code '${code}' does not compile: ${compiled.error}`);
    f = compiled as F;
    seen.set(code, f);
  }
  return f;
}
