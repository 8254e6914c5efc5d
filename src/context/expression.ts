// Context expressions ("A && !(B || C)") compiled to SEC's postfix form and
// evaluated by SEC's own small stack machine. Reproducing the machine, not
// textbook precedence, is deliberate: SEC reads `A || B && C` as `A && B`,
// and rule files written against SEC rely on what SEC does.
import { maskParens, words } from '../actions/syntax.js';
import { substituteVars, containsVars, isEmptyVars, type MatchVars, type MatchCache } from '../patterns/matchVars.js';
import { compileJs, type JsFunction } from '../javascript/runtime.js';
import { type PerlFunction, sharedPerl } from '../perl/interpreter.js';

export type ContextToken =
  | { op: 'operand'; name: string }
  | { op: 'expr'; tokens: ContextToken[] }
  | { op: 'not' }
  | { op: 'and' }
  | { op: 'or' }
  | { op: 'varset'; entry: string }
  /**
   * `PARAMS -> sub {...}`: a Perl function compiled at load, called with the
   * words of PARAMS; with `:>` (withCache) each word names a pattern match
   * cache entry, passed as a hash reference.
   */
  | { op: 'perlCall'; params: string[]; func: PerlFunction; withCache: boolean }
  /** `=CODE`: a Perl miniprogram compiled and run each time. */
  | { op: 'perlCode'; code: string }
  /**
   * `PARAMS ~> (function)` and, with withCache, `NAMES ~~> (function)`: the
   * JavaScript twins of -> and :> (an extension), compiled at load.
   */
  | { op: 'jsCall'; params: string[]; func: JsFunction; withCache: boolean };

/**
 * A context expression that cannot be used; `perlError` is the line logged
 * first when its code did not compile (SEC's line for Perl, ours for JavaScript).
 */
export interface InvalidContext {
  invalid: true;
  perlError?: string;
}

export interface ContextExpression {
  tokens: ContextToken[];
  /** Written in [brackets]: evaluated before the pattern, without substitution. */
  preEval: boolean;
  /** Mentions match variables, so it is substituted per match. */
  volatile: boolean;
  /** Mentions Pair's %N shadow variables. */
  volatileShadow: boolean;
  source: string;
}

const MASK = '\0';
const unescapeParens = (s: string): string => s.replace(/\\([()])/g, '$1');

/** A `->` / `:>` (or `~>` / `~~>`, whose code is always a parenthesised part) operand before its parameters and code are resolved and compiled. */
type FlatToken =
  | ContextToken
  | { op: 'perlCallText'; params: string; code: string; withCache: boolean }
  | { op: 'jsCallText'; params: string; withCache: boolean };

/** Flat (parenthesis-free) expression → postfix tokens; null when malformed. */
function analyzeFlat(text: string): FlatToken[] | null {
  for (const [opText, op] of [
    ['||', 'or'],
    ['&&', 'and'],
  ] as const) {
    const pos = text.lastIndexOf(opText);
    if (pos !== -1) {
      const left = analyzeFlat(text.slice(0, pos));
      const right = analyzeFlat(text.slice(pos + 2));
      if (!left || !right) return null;
      return [...left, ...right, { op }];
    }
  }
  let m = /^\s*!(.*)$/s.exec(text);
  if (m) {
    const inner = analyzeFlat(m[1]);
    return inner ? [...inner, { op: 'not' }] : null;
  }
  m = /^\s*(.*?)\s*(->|:>)\s*(.*\S)/s.exec(text);
  if (m) return [{ op: 'perlCallText', params: m[1], code: m[3], withCache: m[2] === ':>' }];
  m = /^\s*=\s*(.*\S)/s.exec(text);
  if (m) return [{ op: 'perlCode', code: m[1] === MASK ? MASK : unescapeParens(m[1]) }];
  // only with the function in parentheses: SEC reads `a~>b` as a context name, and rejects `a ~> (b)` and `a~>(b)`
  m = /^\s*(.*?)\s*(~~>|~>)\s*\0\s*$/s.exec(text);
  if (m) return [{ op: 'jsCallText', params: m[1], withCache: m[2] === '~~>' }];
  m = /^\s*varset\s+(\S+)\s*$/s.exec(text);
  if (m) return [{ op: 'varset', entry: m[1] === MASK ? MASK : unescapeParens(m[1]) }];
  m = /^\s*(\S+)\s*$/s.exec(text);
  if (m) return [{ op: 'operand', name: m[1] === MASK ? MASK : unescapeParens(m[1]) }];
  return null;
}

/**
 * Parse a context expression (without [ ] brackets). A parenthesised part
 * stands for a whole operand, parameter list or piece of Perl code (as in
 * SEC, a part inside a longer word is left over and makes the expression
 * invalid). Perl and JavaScript functions are compiled here, once.
 */
function analyze(text: string): ContextToken[] | InvalidContext {
  const invalid: InvalidContext = { invalid: true };
  const masked = maskParens(text);
  if (!masked) return invalid;
  const flat = analyzeFlat(masked.masked);
  if (!flat) return invalid;
  const parts = masked.parts;
  const unmask = (s: string): string => (s === MASK && parts.length ? unescapeParens(parts.shift() as string) : s);
  const tokens: ContextToken[] = [];
  for (const t of flat) {
    if (t.op === 'operand' && t.name === MASK) {
      const sub = analyze(parts.shift() as string);
      if ('invalid' in sub) return sub;
      tokens.push({ op: 'expr', tokens: sub });
    } else if (t.op === 'varset') {
      tokens.push({ op: 'varset', entry: unmask(t.entry) });
    } else if (t.op === 'perlCode') {
      tokens.push({ op: 'perlCode', code: unmask(t.code) });
    } else if (t.op === 'perlCallText') {
      const params = unmask(t.params === MASK ? MASK : unescapeParens(t.params));
      const code = unmask(t.code === MASK ? MASK : unescapeParens(t.code));
      const func = sharedPerl().compile(code);
      if ('error' in func) return { invalid: true, perlError: `Eval '${code}' didn't return a code reference: ${func.error}` };
      tokens.push({ op: 'perlCall', params: words(params), func, withCache: t.withCache });
    } else if (t.op === 'jsCallText') {
      const params = unmask(t.params === MASK ? MASK : unescapeParens(t.params));
      const func = compileJs(unmask(MASK));
      if ('error' in func) return { invalid: true, perlError: func.error };
      tokens.push({ op: 'jsCall', params: words(params), func, withCache: t.withCache });
    } else {
      tokens.push(t);
    }
  }
  return parts.length === 0 ? tokens : invalid;
}

/**
 * Parse the `context` field of a rule. `allowPreEval` is false for Calendar
 * rules, where brackets are accepted and ignored.
 */
export function parseContextExpression(source: string, allowPreEval = true): ContextExpression | InvalidContext {
  let text = source;
  let preEval = false;
  const bracket = /^\s*\[(.*)\]\s*$/s.exec(text);
  if (bracket) {
    text = bracket[1];
    preEval = allowPreEval;
  }
  const tokens = analyze(text);
  if ('invalid' in tokens) return tokens;
  return { tokens, preEval, volatile: containsVars(text, '$'), volatileShadow: containsVars(text, '%'), source };
}

/** The expression with match variables put in (operand names, varset entries). */
export function substituteContext(tokens: ContextToken[], vars: MatchVars, cache: MatchCache | null, token = '$'): ContextToken[] {
  return tokens.map((t) => {
    switch (t.op) {
      case 'operand':
        return { op: 'operand', name: substituteVars(t.name, vars, cache, token) };
      case 'varset':
        return { op: 'varset', entry: substituteVars(t.entry, vars, cache, token) };
      case 'expr':
        return { op: 'expr', tokens: substituteContext(t.tokens, vars, cache, token) };
      case 'perlCall':
      case 'jsCall':
        return { ...t, params: t.params.map((p) => substituteVars(p, vars, cache, token)) };
      case 'perlCode':
        return { op: 'perlCode', code: substituteVars(t.code, vars, cache, token) };
      default:
        return t;
    }
  });
}

/**
 * Whether `expr` holds for a match with `vars` (null: no match, as before a
 * pattern): evaluateContext over the substituted expression. The common
 * form, one context name with or without `!`, is looked up directly,
 * without building the substituted copy.
 */
export function contextHolds(expr: ContextExpression, vars: MatchVars | null, cache: MatchCache | null, oracle: ContextOracle): boolean {
  const [first] = expr.tokens;
  if (first?.op === 'operand' && expr.tokens.every((t, i) => i === 0 || t.op === 'not')) {
    const alive = oracle.isContextAlive(takesVars(expr, vars) ? substituteVars(first.name, vars, cache) : first.name);
    // each ! after the lone operand negates it again
    return (expr.tokens.length - 1) % 2 === 0 ? alive : !alive;
  }
  return evaluateContext(contextTokens(expr, vars, cache), oracle);
}

/** The expression's tokens with the match's variables put in, when it mentions any and the match set some. */
export function contextTokens(expr: ContextExpression, vars: MatchVars | null, cache: MatchCache | null): ContextToken[] {
  return takesVars(expr, vars) ? substituteContext(expr.tokens, vars, cache) : expr.tokens;
}

function takesVars(expr: ContextExpression, vars: MatchVars | null): vars is MatchVars {
  return vars !== null && expr.volatile && !isEmptyVars(vars);
}

export interface ContextOracle {
  /** Is the named context alive now (running its expiry action if it just went stale)? */
  isContextAlive(name: string): boolean;
  /** Does the pattern match cache hold this entry? */
  hasCacheEntry(entry: string): boolean;
  /** The truth of a `->` / `:>` call (false, logged, when the code dies). */
  perlCallTrue(t: Extract<ContextToken, { op: 'perlCall' }>): boolean;
  /** The truth of a `=` miniprogram. */
  perlCodeTrue(code: string): boolean;
  /** The truth of a `~>` / `~~>` call (false, logged, when the function throws). */
  jsCallTrue(t: Extract<ContextToken, { op: 'jsCall' }>): boolean;
}

/**
 * SEC's evaluation: the first operand becomes `left`; later operands wait in
 * `right` until an && / || combines them. `!` negates `right` if it has
 * anything, else `left`.
 */
export function evaluateContext(tokens: ContextToken[], oracle: ContextOracle): boolean {
  let left: boolean | undefined;
  let right: ContextToken[] = [];
  for (const t of tokens) {
    switch (t.op) {
      case 'operand':
        if (left !== undefined) right.push(t);
        else left = oracle.isContextAlive(t.name);
        break;
      case 'expr':
        if (left !== undefined) right.push(t);
        else left = evaluateContext(t.tokens, oracle);
        break;
      case 'varset':
        if (left !== undefined) right.push(t);
        else left = oracle.hasCacheEntry(t.entry);
        break;
      case 'perlCall':
        if (left !== undefined) right.push(t);
        else left = oracle.perlCallTrue(t);
        break;
      case 'perlCode':
        if (left !== undefined) right.push(t);
        else left = oracle.perlCodeTrue(t.code);
        break;
      case 'jsCall':
        if (left !== undefined) right.push(t);
        else left = oracle.jsCallTrue(t);
        break;
      case 'not':
        if (right.length) right.push(t);
        else left = !left;
        break;
      case 'and':
        left = Boolean(left) && evaluateContext(right, oracle);
        right = [];
        break;
      case 'or':
        left = Boolean(left) || evaluateContext(right, oracle);
        right = [];
        break;
    }
  }
  return Boolean(left);
}
