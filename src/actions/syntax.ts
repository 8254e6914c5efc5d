// The pieces of SEC's action grammar that every action family uses to
// declare its syntax: parentheses, variable names, defaults for missing
// parameters. It imports nothing, so family modules and the list parser
// (parse.ts) can both build on it.
import type { Action } from './types.js';

export const MASK = '\0';

export class ActionParseError extends Error {}

/** Where the action list sits: needed by reset/getwpos/setwpos to name rules. */
export interface ActionListOrigin {
  ruleFile: string;
  /** Index of the rule in its file (SEC's rule ID). */
  ruleIndex: number;
}

/** One action's text, as the list parser hands it to the action's syntax. */
export interface ActionText {
  /** The action as written (top-level parentheses included). */
  text: string;
  /** `text` with each top-level parenthesised part replaced by MASK... */
  masked: string;
  /** ...and those parts, in order. */
  parts: string[];
  /** The first word, lower case: what the action is looked up by. */
  keyword: string;
}

/** What a syntax may use besides the text. */
export interface ParseContext {
  origin: ActionListOrigin;
  /** Parse a nested action list (create, set, if, while). */
  list(text: string): Action[];
}

/** How an action is built from its text; throws ActionParseError with SEC's reason. */
export type ActionSyntax = (input: ActionText, ctx: ParseContext) => Action;

/** A syntax given by one regex over the text; `m[1]` is the keyword. */
export function pattern(re: RegExp, build: (m: RegExpExecArray, ctx: ParseContext, keyword: string) => Action): ActionSyntax {
  return (input, ctx) => {
    const m = re.exec(input.text);
    if (!m) throw new ActionParseError(`Invalid action '${input.text}'`);
    return build(m, ctx, input.keyword);
  };
}

/**
 * Replace each top-level parenthesised part of `text` with MASK and return
 * the parts. Backslash-escaped parentheses do not count. Null when the
 * parentheses are unbalanced.
 */
export function maskParens(text: string): { masked: string; parts: string[] } | null {
  const parts: string[] = [];
  let masked = '';
  let depth = 0;
  let start = -1;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (prev !== '\\') {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    if (depth < 0) return null;
    if (depth === 1 && start < 0 && c === '(' && prev !== '\\') {
      start = i;
    } else if (depth === 0 && start >= 0) {
      parts.push(text.slice(start + 1, i));
      masked += MASK;
      start = -1;
      prev = '';
      continue;
    } else if (start < 0) {
      masked += c;
    }
    prev = c;
  }
  return depth === 0 ? { masked, parts } : null;
}

/** The text maskParens took apart, put back together. */
export function restoreParens(masked: string, parts: string[]): string {
  let i = 0;
  return masked.replace(/\0/g, () => `(${parts[i++]})`);
}

/** Remove one pair of outer parentheses and unescape \( \). */
export function stripParens(s: string): string {
  const m = /^\s*\(\s*(.*?)\s*\)\s*$/s.exec(s);
  if (m) s = m[1];
  return s.replace(/\\([()])/g, '$1');
}

/** Remove outer parentheses only (nested action lists keep their escapes). */
export function stripOuterParens(s: string): string {
  const m = /^\s*\(\s*(.*?)\s*\)\s*$/s.exec(s);
  return m ? m[1] : s;
}

const VARIABLE_RE = /^%[A-Za-z]\w*$/;

/** The name of an action-list variable given as %name. */
export function variableName(v: string): string {
  if (!VARIABLE_RE.test(v)) {
    throw new ActionParseError(`Variable ${v} does not have the form %<letter>[<letter>|<digit>|<underscore>]...`);
  }
  return v.slice(1);
}

export function nonEmpty(value: string, what: string, keyword: string): string {
  if (value.length === 0) throw new ActionParseError(`Empty ${what} given for ${keyword} action`);
  return value;
}

/** A missing event text means the operation's desc. */
export const orDesc = (s: string): string => (s.length ? s : '%s');
export const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** The first `count` whitespace-separated parameters (a parenthesised one may hold spaces), and the rest of the text. */
export function parameters({ masked, parts, text }: ActionText, count: number): { args: string[]; rest: string } {
  const trimmed = masked.trim();
  const tokens = trimmed.split(/\s+/);
  if (tokens.length < count + 1) throw new ActionParseError(`Invalid action '${text}'`);
  // each mask character stands for the next parenthesised part, in order
  let part = 0;
  const restore = (s: string): string => {
    const n = (s.match(/\0/g) ?? []).length;
    const restored = restoreParens(s, parts.slice(part, part + n));
    part += n;
    return restored;
  };
  const args = tokens.slice(1, count + 1).map((t) => stripParens(restore(t)));
  const restMasked = trimmed.replace(new RegExp(`^(?:\\S+\\s+){${count + 1}}`), '');
  const rest = tokens.length > count + 1 ? stripParens(restore(restMasked)) : '';
  return { args, rest };
}
