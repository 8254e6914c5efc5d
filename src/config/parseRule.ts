// Turning one raw rule definition into a typed Rule, with SEC's checks and
// SEC's error messages. Each rule type is a row in RULE_TYPES: the keywords
// it allows (true = required) and how its fields become a Rule.
import { parseActionList } from '../actions/parse.js';
import { ActionParseError } from '../actions/syntax.js';
import type { ActionList } from '../actions/types.js';
import { parseContextExpression, type ContextExpression } from '../context/expression.js';
import { parsePattern, parseVarMap, PatternError, type Pattern, type VarMap } from '../patterns/pattern.js';
import { perlEngineNote } from '../patterns/regex.js';
import { parseCalendarTime } from '../rules/calendarTime.js';
import type { CalendarTime, Continue, EventGroupMember, FileOptions, MatchSpec, Rule } from '../rules/types.js';

export class RuleError extends Error {
  /**
   * Each reason is logged with the "Rule in" prefix; a reason may hold
   * newlines of its own (Perl's compile errors), logged as they are.
   */
  readonly reasons: string[];
  /** @param unprefixed a line SEC logs before, without the "Rule in" prefix */
  constructor(
    reasons: string | string[],
    readonly unprefixed?: string,
  ) {
    const list = typeof reasons === 'string' ? [reasons] : reasons;
    super(list.join('\n'));
    this.reasons = list;
  }
}

/** Messages about a rule that do not make it invalid: warnings, and notes (notice level). */
export interface RuleWarnings {
  warn(reason: string): void;
  note(reason: string): void;
}

export type ParsedRule = { kind: 'rule'; rule: Rule } | { kind: 'options'; options: FileOptions };

interface FieldReader {
  fields: Map<string, string>;
  file: string;
  index: number;
  bufsize: number;
  warnings: RuleWarnings;
}

const POSITIVE_INT = /^0*([0-9]+)$/;

function parseContinue(value: string | undefined): Continue {
  if (value === undefined) return { mode: 'DontCont' };
  switch (value.toUpperCase()) {
    case 'TAKENEXT':
      return { mode: 'TakeNext' };
    case 'DONTCONT':
      return { mode: 'DontCont' };
    case 'ENDMATCH':
      return { mode: 'EndMatch' };
  }
  const m = /^goto\s+(.*\S)/is.exec(value);
  if (m) return { mode: 'GoTo', label: m[1] };
  throw new RuleError(`Invalid continue value '${value}'`);
}

/** A regular expression only Perl runs exactly is said once, when it loads. */
function noteEngine(r: FieldReader, p: Pattern): void {
  const note = p.type === 'RegExp' && p.compiled ? perlEngineNote(p.source, p.compiled) : null;
  if (note) r.warnings.note(note);
}

function parsePatternField(r: FieldReader, suffix: string, firstType?: Pattern['type']): Pattern {
  try {
    const p = parsePattern(r.fields.get(`ptype${suffix}`) as string, r.fields.get(`pattern${suffix}`) as string, r.bufsize, firstType);
    noteEngine(r, p);
    return p;
  } catch (e) {
    if (e instanceof PatternError) throw new RuleError(e.message);
    throw e;
  }
}

function parseVarMapField(r: FieldReader, suffix: string, pattern: Pattern): VarMap | null {
  const text = r.fields.get(`varmap${suffix}`);
  if (text === undefined) return null;
  if (pattern.type !== 'RegExp' && pattern.type !== 'PerlFunc' && pattern.type !== 'JsFunc') {
    r.warnings.warn(`Variable maps are supported for RegExp and PerlFunc patterns only, ignoring variable map '${text}'`);
    return null;
  }
  try {
    return parseVarMap(text);
  } catch (e) {
    throw new RuleError((e as Error).message);
  }
}

function parseContextField(r: FieldReader, key: string, allowPreEval = true): ContextExpression | null {
  const text = r.fields.get(key);
  if (text === undefined) return null;
  const expr = parseContextExpression(text, allowPreEval);
  if ('invalid' in expr) throw new RuleError(`Invalid context expression ' ${text} '`, expr.perlError);
  return expr;
}

function parseActionField(r: FieldReader, key: string): ActionList {
  const text = r.fields.get(key) as string;
  try {
    return parseActionList(text, { ruleFile: r.file, ruleIndex: r.index });
  } catch (e) {
    if (e instanceof ActionParseError) throw new RuleError([e.message, `Invalid action list ' ${text} '`]);
    throw e;
  }
}

function optionalActions(r: FieldReader, key: string): ActionList | null {
  return r.fields.has(key) ? parseActionField(r, key) : null;
}

function positive(r: FieldReader, key: string, what: string, allowZero = false): number {
  const value = r.fields.get(key) as string;
  const m = POSITIVE_INT.exec(value);
  if (!m || (!allowZero && Number(m[1]) === 0)) throw new RuleError(`Invalid ${what} ' ${value} '`);
  return Number(m[1]);
}

function yesNo(r: FieldReader, key: string, fallback: boolean): boolean {
  const value = r.fields.get(key);
  if (value === undefined) return fallback;
  if (value.toUpperCase() === 'YES') return true;
  if (value.toUpperCase() === 'NO') return false;
  throw new RuleError(`Invalid ${key} value ' ${value} '`);
}

/** continue, pattern, varmap and context of a rule (or of its second part). */
function matchSpec(r: FieldReader, suffix = '', firstType?: Pattern['type']): MatchSpec {
  const cont = parseContinue(r.fields.get(`continue${suffix}`));
  const pattern = parsePatternField(r, suffix, firstType);
  return { continue: cont, next: 0, varsUsed: true, pattern, varmap: parseVarMapField(r, suffix, pattern), context: null };
}

function withContext<T extends MatchSpec>(r: FieldReader, spec: T, suffix = ''): T {
  spec.context = parseContextField(r, `context${suffix}`);
  return spec;
}

/** Desc for Suppress and Jump rules that have none. */
function defaultDesc(kind: string, p: Pattern): string {
  if (p.type === 'TValue') return `${kind} rule with pattern: ${p.value ? 'TRUE' : 'FALSE'}`;
  // a RegExp prints as Perl's stringified qr//
  const text = p.type === 'SubStr' ? p.text : p.type === 'RegExp' ? `(?^:${p.source})` : p.type === 'Cached' ? p.name : p.code;
  const negate = p.negate ? 'negative ' : '';
  return `${kind} rule with ${negate}pattern: ${text}`;
}

const COMMON = { type: true, continue: false, ptype: true, pattern: true, varmap: false, context: false, desc: true, action: true };
const PAIR_KEYS = { ...COMMON, continue2: false, ptype2: true, pattern2: true, varmap2: false, context2: false, desc2: true, action2: true };

interface RuleTypeSpec {
  keywords(typeName: string): Record<string, boolean>;
  build(r: FieldReader, line: number, typeName: string): ParsedRule;
}

const base = (r: FieldReader, line: number) => ({ file: r.file, index: r.index, line });
const str = (r: FieldReader, key: string): string => r.fields.get(key) as string;

function pairRule(r: FieldReader, line: number, withWindow: boolean): ParsedRule {
  const first = matchSpec(r);
  const second = matchSpec(r, '2', first.pattern.type);
  withContext(r, first);
  withContext(r, second, '2');
  const action = parseActionField(r, 'action');
  const action2 = parseActionField(r, 'action2');
  const window = withWindow ? positive(r, 'window', 'time window') : r.fields.has('window') ? positive(r, 'window', 'time window', true) : 0;
  return {
    kind: 'rule',
    rule: {
      ...base(r, line),
      ...first,
      type: withWindow ? 'PairWithWindow' : 'Pair',
      desc: str(r, 'desc'),
      action,
      second,
      desc2: str(r, 'desc2'),
      action2,
      window,
    },
  };
}

function eventGroupCount(typeName: string): number {
  const m = /^EVENTGROUP(?:0*\B)?([0-9]*)$/.exec(typeName);
  return m?.[1].length ? Number(m[1]) : 1;
}

const RULE_TYPES: Record<string, RuleTypeSpec> = {
  SINGLE: {
    keywords: () => COMMON,
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      return { kind: 'rule', rule: { ...base(r, line), ...spec, type: 'Single', desc: str(r, 'desc'), action: parseActionField(r, 'action') } };
    },
  },
  SINGLEWITHSCRIPT: {
    keywords: () => ({ ...COMMON, script: true, shell: false, action2: false }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const shell = yesNo(r, 'shell', true);
      const script = shell ? str(r, 'script') : str(r, 'script').split(/\s+/).filter(Boolean);
      return {
        kind: 'rule',
        rule: {
          ...base(r, line),
          ...spec,
          type: 'SingleWithScript',
          desc: str(r, 'desc'),
          script,
          action: parseActionField(r, 'action'),
          action2: optionalActions(r, 'action2'),
        },
      };
    },
  },
  SINGLEWITHSUPPRESS: {
    keywords: () => ({ ...COMMON, window: true }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const action = parseActionField(r, 'action');
      return {
        kind: 'rule',
        rule: { ...base(r, line), ...spec, type: 'SingleWithSuppress', desc: str(r, 'desc'), action, window: positive(r, 'window', 'time window') },
      };
    },
  },
  PAIR: { keywords: () => ({ ...PAIR_KEYS, window: false }), build: (r, line) => pairRule(r, line, false) },
  PAIRWITHWINDOW: { keywords: () => ({ ...PAIR_KEYS, window: true }), build: (r, line) => pairRule(r, line, true) },
  SINGLEWITHTHRESHOLD: {
    keywords: () => ({ ...COMMON, action2: false, window: true, thresh: true }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const action = parseActionField(r, 'action');
      const action2 = optionalActions(r, 'action2');
      return {
        kind: 'rule',
        rule: {
          ...base(r, line),
          ...spec,
          type: 'SingleWithThreshold',
          desc: str(r, 'desc'),
          action,
          action2,
          window: positive(r, 'window', 'time window'),
          thresh: positive(r, 'thresh', 'threshold'),
        },
      };
    },
  },
  SINGLEWITH2THRESHOLDS: {
    keywords: () => ({ ...COMMON, window: true, thresh: true, desc2: true, action2: true, window2: true, thresh2: true }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const action = parseActionField(r, 'action');
      const action2 = parseActionField(r, 'action2');
      // SEC's order and wording; thresh2 may be 0 (action2 once the window is quiet)
      const window = positive(r, 'window', '1st time window');
      const window2 = positive(r, 'window2', '2nd time window');
      const thresh = positive(r, 'thresh', '1st threshold');
      const thresh2 = positive(r, 'thresh2', '2nd threshold', true);
      return {
        kind: 'rule',
        rule: {
          ...base(r, line),
          ...spec,
          type: 'SingleWith2Thresholds',
          desc: str(r, 'desc'),
          action,
          window,
          thresh,
          desc2: str(r, 'desc2'),
          action2,
          window2,
          thresh2,
        },
      };
    },
  },
  EVENTGROUP: {
    keywords: (typeName) => {
      const keys: Record<string, boolean> = {
        type: true,
        desc: true,
        action: true,
        multact: false,
        init: false,
        slide: false,
        end: false,
        window: true,
        egptype: false,
        egpattern: false,
      };
      for (let i = 0; i < eventGroupCount(typeName); i++) {
        const s = i === 0 ? '' : String(i + 1);
        Object.assign(keys, {
          [`continue${s}`]: false,
          [`ptype${s}`]: true,
          [`pattern${s}`]: true,
          [`varmap${s}`]: false,
          [`context${s}`]: false,
          [`count${s}`]: false,
          [`thresh${s}`]: false,
          [`egtoken${s}`]: false,
        });
      }
      return keys;
    },
    build: (r, line, typeName) => {
      const members: EventGroupMember[] = [];
      const n = eventGroupCount(typeName);
      for (let i = 0; i < n; i++) {
        const s = i === 0 ? '' : String(i + 1);
        const spec = withContext(r, matchSpec(r, s), s);
        const count = optionalActions(r, `count${s}`);
        const thresh = r.fields.has(`thresh${s}`) ? positive(r, `thresh${s}`, 'threshold') : 1;
        if (r.fields.has(`egtoken${s}`) && !r.fields.has('egpattern')) {
          throw new RuleError(`'egtoken${s}' keyword requires the 'egpattern' keyword`);
        }
        const token = r.fields.has('egpattern') ? (r.fields.get(`egtoken${s}`) ?? String(i + 1)) : null;
        members.push({ ...spec, count, thresh, token });
      }
      const action = parseActionField(r, 'action');
      const init = optionalActions(r, 'init');
      const slide = optionalActions(r, 'slide');
      const end = optionalActions(r, 'end');
      const window = positive(r, 'window', 'time window');
      const multact = yesNo(r, 'multact', false);
      if (r.fields.has('egptype') && !r.fields.has('egpattern')) throw new RuleError("'egptype' keyword requires the 'egpattern' keyword");
      if (r.fields.has('egpattern') && !r.fields.has('egptype')) throw new RuleError("'egpattern' keyword requires the 'egptype' keyword");
      let egPattern: Pattern | null = null;
      if (r.fields.has('egpattern')) {
        const ptype = str(r, 'egptype');
        if (!/^n?(regexp|substr|perlfunc|jsfunc)$/i.test(ptype)) throw new RuleError(`Invalid event group pattern type '${ptype}'`);
        try {
          egPattern = parsePattern(ptype, str(r, 'egpattern'), 0);
          noteEngine(r, egPattern);
        } catch (e) {
          throw new RuleError((e as Error).message);
        }
      }
      return {
        kind: 'rule',
        rule: { ...base(r, line), type: 'EventGroup', members, desc: str(r, 'desc'), action, init, slide, end, window, multact, egPattern },
      };
    },
  },
  SUPPRESS: {
    keywords: () => ({ type: true, ptype: true, pattern: true, varmap: false, context: false, desc: false }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const desc = r.fields.get('desc') ?? defaultDesc('Suppress', spec.pattern);
      return { kind: 'rule', rule: { ...base(r, line), ...spec, type: 'Suppress', desc } };
    },
  },
  CALENDAR: {
    keywords: () => ({ type: true, time: true, context: false, desc: true, action: true }),
    build: (r, line) => {
      let time: CalendarTime;
      try {
        time = parseCalendarTime(str(r, 'time'));
      } catch (e) {
        throw new RuleError((e as Error).message);
      }
      const context = parseContextField(r, 'context', false);
      const action = parseActionField(r, 'action');
      return { kind: 'rule', rule: { ...base(r, line), type: 'Calendar', time, context, desc: str(r, 'desc'), action } };
    },
  },
  JUMP: {
    keywords: () => ({ type: true, continue: false, ptype: true, pattern: true, varmap: false, context: false, cfset: false, constset: false, desc: false }),
    build: (r, line) => {
      const spec = withContext(r, matchSpec(r));
      const desc = r.fields.get('desc') ?? defaultDesc('Jump', spec.pattern);
      const cfset = r.fields.has('cfset') ? str(r, 'cfset').split(/\s+/).filter(Boolean) : null;
      const constset = yesNo(r, 'constset', true);
      return { kind: 'rule', rule: { ...base(r, line), ...spec, type: 'Jump', desc, cfset, constset } };
    },
  },
  OPTIONS: {
    keywords: () => ({ type: true, joincfset: false, procallin: false }),
    build: (r) => {
      const procallin = r.fields.get('procallin');
      let jumpOnly = false;
      if (procallin !== undefined) {
        if (procallin.toUpperCase() === 'NO') jumpOnly = true;
        else if (procallin.toUpperCase() !== 'YES') r.warnings.warn(`Invalid procallin value ' ${procallin} ', assuming procallin=Yes`);
      }
      const joinCfsets = r.fields.has('joincfset') ? str(r, 'joincfset').split(/\s+/).filter(Boolean) : [];
      return { kind: 'options', options: { jumpOnly, joinCfsets } };
    },
  },
};

function ruleTypeSpec(typeName: string): RuleTypeSpec | undefined {
  if (/^EVENTGROUP/.test(typeName)) {
    if (!/^EVENTGROUP(?:0*\B)?([0-9]*)$/.test(typeName)) return undefined;
    if (eventGroupCount(typeName) < 1) {
      throw new RuleError(`Invalid rule type ${typeName} (N must be at least 1 for EventGroupN rule)`);
    }
    return RULE_TYPES.EVENTGROUP;
  }
  // own keys only: a type named after an Object.prototype member is no type
  return Object.hasOwn(RULE_TYPES, typeName) ? RULE_TYPES[typeName] : undefined;
}

/**
 * Check one raw rule and build it. Throws RuleError; a RuleError may carry
 * several reasons (missing and illegal keywords).
 */
export function parseRule(
  fields: Map<string, string>,
  where: { file: string; index: number; line: number; bufsize: number },
  warnings: RuleWarnings,
): ParsedRule {
  const type = fields.get('type');
  if (type === undefined) throw new RuleError("Keyword 'type' missing");
  const typeName = type.toUpperCase();
  const spec = ruleTypeSpec(typeName);
  if (!spec) throw new RuleError(`Invalid rule type ${typeName}`);
  const allowed = spec.keywords(typeName);
  const problems: string[] = [];
  for (const [key, required] of Object.entries(allowed)) {
    if (required && !fields.has(key)) problems.push(`Keyword '${key}' missing (needed for ${typeName} rule)`);
  }
  for (const key of fields.keys()) {
    // own keys only: `constructor=1` or `toString=x` is no keyword
    if (!Object.hasOwn(allowed, key)) problems.push(`Keyword '${key}' illegal (not allowed for ${typeName} rule)`);
  }
  if (problems.length) throw new RuleError(problems);
  return spec.build({ fields, file: where.file, index: where.index, bufsize: where.bufsize, warnings }, where.line, typeName);
}
