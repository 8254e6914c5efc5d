// Saved state as JSON text. Everything the engine keeps is plain data but
// for the functions compiled from rule-file code that action lists and
// context expressions hold (lcall and jscall actions, `->` and `~>`
// operands): they are written as their source code and compiled again when
// read, once per distinct code.
import { compileJs, type JsFunction } from '../javascript/runtime.js';
import { type PerlFunction, sharedPerl } from '../perl/interpreter.js';

/** The saved form of a compiled function. */
type SavedCode = { perlCode: string } | { jsCode: string };

const isPerlFunction = (v: object): v is PerlFunction => 'perlId' in v && typeof (v as PerlFunction).code === 'string';
const isJsFunction = (v: object): v is JsFunction => typeof (v as JsFunction).fn === 'function' && typeof (v as JsFunction).code === 'string';

/** State (plain data with compiled functions inside) as JSON text. */
export function encodeState(state: object): string {
  return JSON.stringify(state, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null) return value;
    if (isPerlFunction(value)) return { perlCode: value.code } satisfies SavedCode;
    if (isJsFunction(value)) return { jsCode: value.code } satisfies SavedCode;
    return value;
  });
}

/** JSON text back into state, compiling saved functions; throws on bad JSON or code that no longer compiles. */
export function decodeState(text: string): unknown {
  const perl = new Map<string, PerlFunction>();
  const js = new Map<string, JsFunction>();
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    const keys = Object.keys(value);
    if (keys.length !== 1) return value;
    const saved = value as Record<string, unknown>;
    if (typeof saved.perlCode === 'string') return cached(perl, saved.perlCode, (code) => sharedPerl().compile(code));
    if (typeof saved.jsCode === 'string') return cached(js, saved.jsCode, compileJs);
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
