// The pattern types of SEC (ptype=...): parsing at load time and matching
// against the current event at run time.
import { compileRegex, UnsupportedPerlError, type CompiledRegex, type RegexMatch } from './regex.js';
import { containsVars, copyVars, type MatchCache, type MatchVars, newMatchVars, numberedKey, WHOLE_MATCH } from './matchVars.js';
import { compileJsFunc, type JsFuncPattern, matchJsFunc } from './jsFunc.js';
import { compilePerlFunc, matchPerlFunc, type PerlFuncPattern } from './perlFunc.js';
import { applyVarMap, type VarMap } from './varMap.js';

export { PatternError } from './patternError.js';
export { parseVarMap, type VarMap } from './varMap.js';
import { PatternError } from './patternError.js';

export type Pattern =
  | { type: 'SubStr'; negate: boolean; lines: number; text: string }
  | { type: 'RegExp'; negate: boolean; lines: number; source: string; compiled: CompiledRegex | null }
  | PerlFuncPattern
  | JsFuncPattern
  | { type: 'Cached'; negate: boolean; lines: 1; name: string }
  | { type: 'TValue'; lines: 1; value: boolean };

/** What a pattern sees of the current event. */
export interface EventView {
  /** The last `lines` lines of the event's buffer joined with newlines. */
  text(lines: number): string;
  /**
   * The same text as UTF-8 bytes, made once per event: RE2 matches a Buffer
   * without converting the string again for every regex.
   */
  bytes?(lines: number): Buffer;
  /** The last line in lower case, for tests of literals (CompiledRegex.lowerCaseRequired). */
  lowerCaseLine(): string;
  /** Input source name(s) of those lines: a file name, '-' or 'synthetic'. */
  source(lines: number): string;
  /** Internal context name of the event (--intcontexts), else undefined. */
  intContext: string | undefined;
  /** The pattern match cache of this event. */
  cache: MatchCache;
  /** What a PerlFunc or JsFunc function gets: the last `lines` lines, then their input names (undef for synthetic events). */
  perlArgs(lines: number): (string | undefined)[];
}

/** A match that sets no variables: SEC then substitutes nothing. */
export const NO_VARS: MatchVars = Object.freeze(newMatchVars());

const SPECIAL_CHARS: Record<string, string> = { '0': '', n: '\n', r: '\r', s: ' ', t: '\t', '\\': '\\' };

/** SubStr escapes: \n \r \t \s (one space) \0 (nothing) \\. */
export function substrEscapes(text: string): string {
  return text.replace(/\\([0nrst\\])/g, (_m, c: string) => SPECIAL_CHARS[c]);
}

/**
 * Parse ptype/pattern. `bufsize` (when set) limits multi-line patterns;
 * `firstType` is given for Pair's pattern2, whose RegExp is compiled per
 * operation when it mentions the first match's variables.
 */
export function parsePattern(ptype: string, text: string, bufsize: number, firstType?: Pattern['type']): Pattern {
  let m = /^(n?)(regexp|substr|perlfunc|jsfunc)(?:0*([1-9][0-9]*))?$/i.exec(ptype);
  if (m) {
    const negate = m[1].length > 0;
    const lines = m[3] ? Number(m[3]) : 1;
    if (bufsize && lines > bufsize) {
      throw new PatternError(`Pattern type '${ptype}' is designed to match ${lines} lines, please set --bufsize command line option to at least ${lines}`);
    }
    switch (m[2].toLowerCase()) {
      case 'substr':
        return { type: 'SubStr', negate, lines, text: substrEscapes(text) };
      case 'perlfunc': {
        const func = compilePerlFunc(text);
        if (typeof func === 'string') throw new PatternError(func);
        return { type: 'PerlFunc', negate, lines, code: text, func };
      }
      case 'jsfunc': {
        const func = compileJsFunc(text);
        if (typeof func === 'string') throw new PatternError(func);
        return { type: 'JsFunc', negate, lines, code: text, func };
      }
      default: {
        const deferred = firstType !== undefined && firstType !== 'TValue' && firstType !== 'SubStr' && containsVars(text, '$');
        if (deferred) return { type: 'RegExp', negate, lines, source: text, compiled: null };
        try {
          return { type: 'RegExp', negate, lines, source: text, compiled: compileRegex(text, lines) };
        } catch (e) {
          const what = e instanceof UnsupportedPerlError ? 'Unsupported' : 'Invalid';
          throw new PatternError(`${what} regular expression '${text}': ${(e as Error).message}`);
        }
      }
    }
  }
  m = /^(n?)cached$/i.exec(ptype);
  if (m) {
    if (!/^[A-Za-z]\w*$/.test(text)) {
      throw new PatternError(`Invalid cached pattern name '${text}': the name does not have the form <letter>[<letter>|<digit>|<underscore>]...`);
    }
    return { type: 'Cached', negate: m[1].length > 0, lines: 1, name: text };
  }
  if (/^tvalue$/i.test(ptype)) {
    const v = text.toUpperCase();
    if (v !== 'TRUE' && v !== 'FALSE') throw new PatternError(`Invalid truth value '${text}'`);
    return { type: 'TValue', lines: 1, value: v === 'TRUE' };
  }
  throw new PatternError(`Invalid pattern type '${ptype}'`);
}

/** A capture as a string: RE2 hands out Buffers when it matched a Buffer. */
function captured(value: string | Buffer | undefined): string | undefined {
  return value === undefined || typeof value === 'string' ? value : value.toString('utf8');
}

function regexVars(m: RegexMatch, ev: EventView, lines: number, text: string): MatchVars {
  const vars = newMatchVars();
  if (m.groups) {
    for (const name in m.groups) {
      const v = m.groups[name];
      if (v !== undefined) vars[name] = captured(v);
    }
  }
  const groups = m.length - 1;
  if (groups === 0)
    vars['#1'] = '1'; // Perl: a match without groups returns (1)
  else {
    // the usual counts with written keys (see numberedKey): each of these stores always meets one object layout,
    // which V8 caches; a store in a loop meets every key and layout and is looked up each time
    vars['#1'] = captured(m[1]);
    if (groups >= 2) vars['#2'] = captured(m[2]);
    if (groups >= 3) vars['#3'] = captured(m[3]);
    if (groups >= 4) vars['#4'] = captured(m[4]);
    for (let i = 5; i <= groups; i++) vars[numberedKey(i)] = captured(m[i]);
  }
  vars[WHOLE_MATCH] = text;
  vars._inputsrc = ev.source(lines);
  vars._intcontext = ev.intContext;
  return vars;
}

/**
 * Match `p` against the event: null when it does not match, else the match
 * variables (NO_VARS for pattern types that set none, and when the caller
 * reads none: `varsUsed` false then only tests a regular expression).
 */
export function matchPattern(p: Pattern, ev: EventView, varmap: VarMap | null, regex?: CompiledRegex, varsUsed = true): MatchVars | null {
  switch (p.type) {
    case 'SubStr': {
      const found = ev.text(p.lines).includes(p.text);
      return found !== p.negate ? NO_VARS : null;
    }
    case 'RegExp': {
      const text = ev.text(p.lines);
      const compiled = regex ?? (p.compiled as CompiledRegex);
      const re = compiled.regex;
      const input = compiled.engine === 're2' && ev.bytes ? ev.bytes(p.lines) : text;
      if (!varsUsed) return re.test(input) !== p.negate ? NO_VARS : null;
      if (p.negate) {
        if (re.test(input)) return null;
        const vars = newMatchVars();
        vars[WHOLE_MATCH] = text;
        vars._inputsrc = ev.source(p.lines);
        vars._intcontext = ev.intContext;
        return vars;
      }
      const m = re.exec(input);
      if (!m) return null;
      const vars = regexVars(m, ev, p.lines, text);
      if (varmap?.size) applyVarMap(vars, m.length === 1 ? 1 : m.length - 1, varmap, ev.cache);
      return vars;
    }
    case 'Cached': {
      const entry = ev.cache.get(p.name);
      if (p.negate) return entry ? null : NO_VARS;
      return entry ? copyVars(entry) : null;
    }
    case 'TValue':
      return p.value ? NO_VARS : null;
    case 'PerlFunc':
      return matchPerlFunc(p, ev, varmap);
    case 'JsFunc':
      return matchJsFunc(p, ev, varmap);
  }
}
