// Context expressions ("A && !(B || C)") compiled to SEC's postfix form and
// evaluated by SEC's own small stack machine. Reproducing the machine, not
// textbook precedence, is deliberate: SEC reads `A || B && C` as `A && B`,
// and rule files written against SEC rely on what SEC does.
import { maskParens } from '../actions/syntax.js';
import { substituteVars, containsVars, type MatchVars, type MatchCache } from '../patterns/matchVars.js';

export type ContextToken =
  | { op: 'operand'; name: string }
  | { op: 'expr'; tokens: ContextToken[] }
  | { op: 'not' }
  | { op: 'and' }
  | { op: 'or' }
  | { op: 'varset'; entry: string }
  /** Perl code (`=`, `->`, `:>`): parsed, not run (a later issue). */
  | { op: 'perl'; code: string };

export interface ContextExpression {
  tokens: ContextToken[];
  /** Written in [brackets]: evaluated before the pattern, without substitution. */
  preEval: boolean;
  /** Mentions match variables, so it is substituted per match. */
  volatile: boolean;
  /** Mentions Pair's %N shadow variables. */
  volatileShadow: boolean;
  /** Contains Perl code that this build treats as false. */
  hasPerl: boolean;
  source: string;
}

const MASK = '\0';
const unescapeParens = (s: string): string => s.replace(/\\([()])/g, '$1');

/** Flat (parenthesis-free) expression → postfix tokens; null when malformed. */
function analyzeFlat(text: string): ContextToken[] | null {
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
  if (m) return [{ op: 'perl', code: text.trim() }];
  m = /^\s*=\s*(.*\S)/s.exec(text);
  if (m) return [{ op: 'perl', code: m[1] }];
  m = /^\s*varset\s+(\S+)\s*$/s.exec(text);
  if (m) return [{ op: 'varset', entry: m[1] === MASK ? MASK : unescapeParens(m[1]) }];
  m = /^\s*(\S+)\s*$/s.exec(text);
  if (m) return [{ op: 'operand', name: m[1] === MASK ? MASK : unescapeParens(m[1]) }];
  return null;
}

/** Parse a context expression (without [ ] brackets); null when invalid. */
function analyze(text: string): ContextToken[] | null {
  const masked = maskParens(text);
  if (!masked) return null;
  const tokens = analyzeFlat(masked.masked);
  if (!tokens) return null;
  const parts = masked.parts;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.op === 'operand' && t.name === MASK) {
      const sub = analyze(parts.shift() as string);
      if (!sub) return null;
      tokens[i] = { op: 'expr', tokens: sub };
    } else if (t.op === 'varset' && t.entry === MASK) {
      tokens[i] = { op: 'varset', entry: unescapeParens(parts.shift() as string) };
    } else if (t.op === 'perl' && t.code.includes(MASK)) {
      // Perl code keeps its parenthesised parts as written
      tokens[i] = { op: 'perl', code: t.code.replace(/\0/g, () => `(${parts.shift()})`) };
    }
  }
  return parts.length === 0 ? tokens : null;
}

function hasPerl(tokens: ContextToken[]): boolean {
  return tokens.some((t) => t.op === 'perl' || (t.op === 'expr' && hasPerl(t.tokens)));
}

/**
 * Parse the `context` field of a rule. `allowPreEval` is false for Calendar
 * rules, where brackets are accepted and ignored.
 */
export function parseContextExpression(source: string, allowPreEval = true): ContextExpression | null {
  let text = source;
  let preEval = false;
  const bracket = /^\s*\[(.*)\]\s*$/s.exec(text);
  if (bracket) {
    text = bracket[1];
    preEval = allowPreEval;
  }
  const tokens = analyze(text);
  if (!tokens) return null;
  return { tokens, preEval, volatile: containsVars(text, '$'), volatileShadow: containsVars(text, '%'), hasPerl: hasPerl(tokens), source };
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
      default:
        return t;
    }
  });
}

export interface ContextOracle {
  /** Is the named context alive now (running its expiry action if it just went stale)? */
  isContextAlive(name: string): boolean;
  /** Does the pattern match cache hold this entry? */
  hasCacheEntry(entry: string): boolean;
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
      case 'perl':
        if (left !== undefined) right.push(t);
        else left = false;
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
