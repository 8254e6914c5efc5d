// Match variables: what a successful pattern match leaves behind ($0, $1..,
// $+{name}, $+{_inputsrc}, $+{_intcontext}), and their substitution into
// desc, action and context strings.

/**
 * Variable key (see varKey) → value; a key with undefined is
 * set-but-undefined (empty).
 */
export type MatchVars = Record<string, string | undefined>;

/** Pattern match cache: entry name → the match variables saved under it. */
export type MatchCache = Map<string, MatchVars>;

/**
 * The key variable `name` is kept under: a name of digits ($1, $+{12}) as
 * '#' and the digits, any other name as it is. V8 keeps properties named
 * like array indices apart, in slow storage of their own, while an object
 * of ordinary names gets a fast layout shared with objects made the same
 * way: a match's variables then cost a quarter of the time to set.
 */
export function varKey(name: string): string {
  return /^[0-9]+$/.test(name) ? `#${name}` : name;
}

const NUMBERED_KEYS = Array.from({ length: 32 }, (_, n) => `#${n}`);

/** The key of numbered variable $n. */
export function numberedKey(n: number): string {
  return NUMBERED_KEYS[n] ?? `#${n}`;
}

/** The key of $0, the matched text. */
export const WHOLE_MATCH = '#0';

/**
 * Variable sets are made by a constructor whose prototype is an empty object
 * without a prototype: no inherited names ('constructor', '__proto__', ...)
 * show through, as with Object.create(null), but V8 keeps such objects in
 * its fast mode (Object.create(null) makes a hash table at once).
 */
const VariableSet = function VariableSet() {} as unknown as new () => MatchVars;
VariableSet.prototype = Object.create(null);

export function newMatchVars(): MatchVars {
  return new VariableSet();
}

/** A value that code handed back, as a variable's value: null and undefined leave the variable undefined. */
export function variableValue(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** A detached copy of a variable set (null prototype, like every MatchVars). */
export function copyVars(vars: MatchVars): MatchVars {
  return Object.assign(newMatchVars(), vars);
}

const SUBST_RE: Record<string, RegExp> = {};

function substRegex(token: string): RegExp {
  let re = SUBST_RE[token];
  if (!re) {
    const t = token === '$' ? '\\$' : token;
    re = new RegExp(`${t}(?:${t}|([0-9]+)|\\{([0-9]+)\\}|\\+\\{([A-Za-z_][\\w!]*|[0-9]+)\\}|:\\{([A-Za-z]\\w*):([A-Za-z_][\\w!]*|[0-9]+)\\})`, 'g');
    SUBST_RE[token] = re;
  }
  return re;
}

/** A reference to a match variable, or to a variable of a pattern match cache entry. */
interface VarRef {
  /** The variable's key (varKey). */
  name: string;
  entry?: string;
}

/** A text split at its variable references: literal strings and references in turn. */
type Template = (string | VarRef)[];

/** Templates by text, one table per token ($, and % for Pair's shadow variables): texts come from rule files, so there are few. */
const dollarTemplates = new Map<string, Template | null>();
const percentTemplates = new Map<string, Template | null>();
/** A table past this size is dropped: texts built at run time (Pair's pattern2) must not pile up. */
const MAX_TEMPLATES = 50_000;

/** `text` split at its `token` variables; null when it has none to put in. */
function templateOf(text: string, token: string): Template | null {
  // two tables chosen by a comparison, not a property by name: this runs for every substitution
  const table = token === '$' ? dollarTemplates : percentTemplates;
  let template = table.get(text);
  if (template !== undefined) return template;
  template = compileTemplate(text, token);
  if (table.size >= MAX_TEMPLATES) table.clear();
  table.set(text, template);
  return template;
}

function compileTemplate(text: string, token: string): Template | null {
  const re = substRegex(token);
  re.lastIndex = 0;
  const parts: Template = [];
  let literal = '';
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    literal += text.slice(last, m.index);
    last = m.index + m[0].length;
    const [, num, braced, named, entry, entryVar] = m;
    if (entry !== undefined) {
      parts.push(literal, { name: varKey(entryVar), entry });
    } else if (num ?? braced ?? named) {
      parts.push(literal, { name: varKey((num ?? braced ?? named) as string) });
    } else {
      literal += token; // $$
      continue;
    }
    literal = '';
  }
  re.lastIndex = 0;
  if (last === 0) return null;
  parts.push(literal + text.slice(last));
  return parts;
}

/** A text that is one match variable between fixed texts: the variable's value alone tells its substitutions apart. */
export interface OneVariable {
  prefix: string;
  /** The variable's key (varKey). */
  name: string;
  suffix: string;
}

/** `text` as one `$` variable between fixed texts ($$ already made $), or null when it is not that. */
export function oneVariable(text: string): OneVariable | null {
  const template = text.indexOf('$') === -1 ? null : templateOf(text, '$');
  if (template === null || template.length !== 3) return null;
  const [prefix, ref, suffix] = template as [string, VarRef, string];
  return ref.entry === undefined ? { prefix, name: ref.name, suffix } : null;
}

/** Where flatString's conversions go: a result that is stored cannot be dropped as dead code. */
const conversion = { result: 0 };

/**
 * `s` stored by V8 as one flat string. A string built by concatenation is a
 * tree of its pieces, and a piece cut from a line (a regex capture) holds the
 * whole line: an operation's desc or a context name kept for a day would keep
 * its line too. V8 flattens a string before converting it to a number.
 */
function flatString(s: string): string {
  conversion.result = Number(s);
  return s;
}

/**
 * Replace match variables that start with `token` ('$', or '%' for Pair's
 * shadow variables) in `text`. `$$` becomes `$`; unknown names become empty;
 * a token not followed by a variable stays as it is. `escapeValue`, when given,
 * is applied to each value of `vars` put in (only to those the text uses).
 */
export function substituteVars(text: string, vars: MatchVars, cache: MatchCache | null, token = '$', escapeValue?: (value: string) => string): string {
  if (text.indexOf(token) === -1) return text;
  const template = templateOf(text, token);
  return template === null ? text : fillTemplate(template, vars, cache, escapeValue);
}

/**
 * substituteVars for a text made at run time and substituted once (a Pair
 * operation's action2 after the first event's values went in): its
 * template is not kept, which would cost more than the one use.
 */
export function substituteVarsOnce(text: string, vars: MatchVars, cache: MatchCache | null, token = '$', escapeValue?: (value: string) => string): string {
  if (text.indexOf(token) === -1) return text;
  const template = compileTemplate(text, token);
  return template === null ? text : fillTemplate(template, vars, cache, escapeValue);
}

function fillTemplate(template: Template, vars: MatchVars, cache: MatchCache | null, escapeValue?: (value: string) => string): string {
  let out = '';
  for (const part of template) {
    if (typeof part === 'string') out += part;
    else if (part.entry !== undefined) out += cache?.get(part.entry)?.[part.name] ?? '';
    else {
      const value = vars[part.name];
      if (value !== undefined) out += escapeValue ? escapeValue(value) : value;
    }
  }
  return flatString(out);
}

/**
 * Whether substitution could change `text` (SEC's contains_matchvars): any
 * variable reference, and also `$$`, which substitution turns into `$`.
 */
export function containsVars(text: string, token = '$'): boolean {
  if (text.indexOf(token) === -1) return false;
  const re = substRegex(token);
  re.lastIndex = 0;
  const found = re.test(text);
  re.lastIndex = 0;
  return found;
}

/**
 * A value with `%` doubled, for substitution into action lists: a `%` that
 * came from a log line must not start an action-list variable when the
 * action runs.
 */
export function doublePercent(value: string): string {
  return value.includes('%') ? value.replace(/%/g, '%%') : value;
}

/** A value with `$` doubled, to survive a later `$` substitution pass as it is. */
export function doubleDollar(value: string): string {
  return value.includes('$') ? value.replace(/\$/g, '$$$$') : value;
}

/** The same variables with `f` applied to every defined value. */
export function mapVars(vars: MatchVars, f: (v: string) => string): MatchVars {
  const out = newMatchVars();
  for (const k in vars) {
    const v = vars[k];
    out[k] = v === undefined ? v : f(v);
  }
  return out;
}

export function isEmptyVars(vars: MatchVars | null): boolean {
  if (vars === null) return true;
  // every regular expression match sets $0
  if (vars[WHOLE_MATCH] !== undefined) return false;
  for (const _ in vars) return false;
  return true;
}

/**
 * `template` with `fill` in place of each `$` variable, where no value put
 * in quoted (as pattern2 values are, by quotemeta) can join the syntax
 * around it, so the pattern keeps its shape whatever the values; null when
 * the template reads the pattern match cache (`$:{entry:var}`, whose values
 * go in unquoted) or a variable sits where a value could change the shape:
 * inside a character class, before a quantifier, or after an escape, a
 * `(?`/`(*` group opening or a `{` quantifier that the value's letters or
 * digits would continue (`\x4$1` with 1 gives `\x41`). Cautious: some of
 * those places are harmless.
 */
export function fillKeepingShape(template: string, fill: string | ((hole: number) => string)): string | null {
  const re = substRegex('$');
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let hole = 0;
  for (let m = re.exec(template); m; m = re.exec(template)) {
    const before = template.slice(0, m.index);
    const after = template[m.index + m[0].length] ?? '';
    if (m[0] === '$$') {
      out += `${template.slice(last, m.index)}$`;
    } else {
      // a value from the pattern match cache goes in as it is, not quoted: it may be any regex
      if (m[4] !== undefined || /[*+?{]/.test(after) || insideClass(before) || UNFINISHED_SYNTAX.test(before)) {
        re.lastIndex = 0;
        return null;
      }
      out += template.slice(last, m.index) + (typeof fill === 'string' ? fill : fill(hole++));
    }
    last = m.index + m[0].length;
  }
  re.lastIndex = 0;
  return out + template.slice(last);
}

/**
 * Text ending in syntax that letters or digits after it would continue: an
 * escape (`\x4`, `\g{`), group flags or a group name (`(?i`, `(?<n`,
 * `(?P=`), a comment or verb, a `{n,m}` quantifier.
 */
const UNFINISHED_SYNTAX = /(?:\\[\w{}<'-]*|\(\?(?:[\w<'^&=>-]*|#[^)]*)|\(\*[^)]*|\{[\d,]*)$/;

/**
 * A regex that matches whenever `template` matches with any values put in
 * for its `$` variables (each becomes `[\s\S]*`): a cheap test that rules
 * out every Pair operation of a rule at once. Null where a value could
 * change the pattern's shape (see fillKeepingShape).
 */
export function generalizeTemplate(template: string): string | null {
  return fillKeepingShape(template, '[\\s\\S]*');
}

/** The values substituteVars would put in for the `$` variables of `text`, in the order they occur (empty for an unset one); the pattern match cache's are not looked up. */
export function templateValues(text: string, vars: MatchVars): string[] {
  const template = text.indexOf('$') === -1 ? null : templateOf(text, '$');
  const values: string[] = [];
  if (template === null) return values;
  for (const part of template) if (typeof part !== 'string') values.push(part.entry === undefined ? (vars[part.name] ?? '') : '');
  return values;
}

/** Whether the end of `text` is inside a [...] character class. */
function insideClass(text: string): boolean {
  let inClass = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (!inClass && c === '[') {
      inClass = true;
      if (text[i + 1] === '^') i++;
      if (text[i + 1] === ']') i++;
    } else if (inClass && c === ']') inClass = false;
  }
  return inClass;
}
