// Pair and PairWithWindow: an event matching the first pattern starts an
// operation (one per desc) that waits for an event matching pattern2.
//
// Pattern2, desc2, context2 and action2 may use the first event's values:
// `$N` in a RegExp pattern2 (regex-escaped), and `%N` (or `$N` when pattern2
// sets no variables itself) elsewhere. They are put in when the operation
// starts; pattern2's own `$N` are put in when it matches.
import { mapActionStrings } from '../actions/registry.js';
import { substituteContext } from '../context/expression.js';
import {
  doubleDollar,
  doublePercent,
  fillKeepingShape,
  generalizeTemplate,
  isEmptyVars,
  mapVars,
  substituteVars,
  substituteVarsOnce,
  templateValues,
  type MatchVars,
} from '../patterns/matchVars.js';
import { matchPattern, type Pattern } from '../patterns/pattern.js';
import { compileRegex, perlEngineNote, quotemeta, runsInLinearTime, type CompiledRegex } from '../patterns/regex.js';
import { oncePer } from '../patterns/oncePer.js';
import { compileRegexTemplate, type RegexTemplate } from '../patterns/regexTemplate.js';
import { operationFor, type RuleContext } from './context.js';
import { PAIR_GATE, type RuleMatchSpec, type RuleModule } from './module.js';
import { operationKey, windowPassed, type PairOperation } from './operations.js';
import { changeIndexed, indexFor, type LiteralOf } from './pairIndex.js';
import type { MatchSpec, PairRule } from './types.js';

/** Compiled per-operation pattern2 regexes by line count and text, shared by operations with the same text. */
const compiledPatterns = new Map<number, Map<string, CompiledRegex>>();
/**
 * The same for patterns a template filled in without compiling a regex
 * (RegexTemplate.compilesNothing), of live operations only: such a pattern
 * costs less to make than to keep, and its entry goes when its operation
 * ends (with a key each, keeping every one made would fill the old
 * generation with dead patterns).
 */
const filledPatterns = new Map<number, Map<string, CompiledRegex>>();
const MAX_COMPILED = 10_000;
/** The filled patterns kept at most: one per live operation, and operations ended by other means (a reset) do not take theirs along. */
const MAX_FILLED = 100_000;

/** The table of `tables` for patterns over `lines` lines. */
function tableFor(tables: Map<number, Map<string, CompiledRegex>>, lines: number): Map<string, CompiledRegex> {
  let table = tables.get(lines);
  if (!table) {
    table = new Map();
    tables.set(lines, table);
  }
  return table;
}

/**
 * Per rule: whether V8 runs its operations' pattern2 in linear time, asked
 * once of the template with a stand-in value, where no value can change the
 * pattern's shape (fillKeepingShape); undefined where one could (then each
 * operation's pattern2 is asked on its own).
 */
const linearVerdict = oncePer((rule: PairRule): boolean | undefined => {
  const p2 = rule.second.pattern;
  const shape = p2.type === 'RegExp' ? fillKeepingShape(p2.source, 'x') : null;
  return shape === null ? undefined : runsInLinearTime(shape, p2.lines);
});

/** Per rule: its pattern2 translated once, for operations to fill in with their values (null where it cannot be: regexTemplate.ts). */
const templateOf = oncePer((rule: PairRule): RegexTemplate | null => {
  const p2 = rule.second.pattern;
  return p2.type === 'RegExp' ? compileRegexTemplate(p2.source, p2.lines) : null;
});

/** The compiled pattern2 `source` of an operation of `rule`; `vars`, the first event's values, when `source` was just made of them. */
function compiledPattern2(rule: PairRule, source: string, vars?: MatchVars): CompiledRegex {
  const p2 = rule.second.pattern;
  const lines = p2.lines;
  const filled = tableFor(filledPatterns, lines);
  const byText = tableFor(compiledPatterns, lines);
  // the operation's own pattern2 string is the key: its hash is computed once
  const found = filled.get(source) ?? byText.get(source);
  if (found) return found;
  // a new operation's pattern: its template filled in with the first event's values, where it has one
  const template = vars !== undefined && p2.type === 'RegExp' ? templateOf(rule) : null;
  const fill = template !== null && p2.type === 'RegExp' ? template.fill(templateValues(p2.source, vars as MatchVars)) : null;
  const table = fill !== null && template?.compilesNothing ? filled : byText;
  const c = fill ?? compileRegex(source, lines, linearVerdict(rule));
  if (table.size >= (table === filled ? MAX_FILLED : MAX_COMPILED)) table.clear();
  table.set(source, c);
  return c;
}

/** The operation ended: the pattern filled in for it goes (see filledPatterns). */
function forgetPattern2(op: PairOperation): void {
  if (op.pattern2 !== null) for (const table of filledPatterns.values()) table.delete(op.pattern2);
}

/** Whether a one-line event holds none of the literals every match of `regex` contains. */
function lacksLiterals(regex: CompiledRegex, lines: number, x: RuleContext): boolean {
  const literals = regex.lowerCaseRequired;
  if (literals === null || lines !== 1) return false;
  const line = x.buffers.lowerCaseLine();
  for (const literal of literals) if (line.includes(literal)) return false;
  return true;
}

/** With this many live operations, the ones an event may complete are found in their index (pairIndex.ts). */
const INDEX_FROM = 4;

/** Per rule: the one literal every match of an operation's pattern2 holds (null: none, or one of several), for its index. */
const literalOf = oncePer(
  (rule: PairRule): LiteralOf =>
    (op) =>
      op.pattern2 === null ? null : singleLiteral(compiledPattern2(rule, op.pattern2)),
);

function singleLiteral(regex: CompiledRegex): string | null {
  const literals = regex.lowerCaseRequired;
  return literals?.length === 1 ? literals[0] : null;
}

/** Rules whose pattern2, built per operation, the log has said runs on Perl: said once per rule, as for patterns compiled at load. */
const notedOnPerl = new WeakSet<PairRule>();

/** pattern2 sets match variables of its own, so the first event's values are written %N. */
function setsOwnVars(p: Pattern): boolean {
  return p.type === 'RegExp' || p.type === 'PerlFunc' || p.type === 'JsFunc' || (p.type === 'Cached' && !p.negate);
}

const shadowVolatile = (e: { volatile: boolean; volatileShadow: boolean } | null): boolean => e !== null && (e.volatile || e.volatileShadow);

function startPair(x: RuleContext, rule: PairRule, vars: MatchVars): void {
  const now = x.now();
  const existing = operationFor(x, rule, vars) as PairOperation | undefined;
  if (existing) {
    if (!windowPassed(existing, now)) return;
    expire(existing, x);
  }
  const desc = x.substituteDesc(rule.desc, vars);
  const second = rule.second;
  let pattern2: string | null = null;
  let desc2 = rule.desc2;
  let action2 = rule.action2.actions;
  let context2 = second.context ? second.context.tokens : null;
  let literal: string | null = null;
  if (!isEmptyVars(vars)) {
    const cache = x.buffers.cache;
    const p2 = second.pattern;
    if (p2.type === 'RegExp' && p2.compiled === null) {
      pattern2 = substituteVars(p2.source, vars, cache, '$', quotemeta);
      try {
        const compiled = compiledPattern2(rule, pattern2, vars);
        literal = singleLiteral(compiled);
        const note = notedOnPerl.has(rule) ? null : perlEngineNote(pattern2, compiled);
        if (note) {
          notedOnPerl.add(rule);
          x.log.notice(`Rule in ${rule.file} at line ${rule.line}: ${note}`);
        }
      } catch (e) {
        x.log.error(`Runtime variable evaluation yielded an invalid regular expression '${pattern2}' for ${rule.type} rule: ${(e as Error).message}`);
        x.log.error(`Can't start ${rule.type} event correlation operation with the key '${operationKey(rule.file, rule.index, desc)}'`);
        return;
      }
    } else if (p2.type === 'SubStr') {
      pattern2 = substituteVars(p2.text, vars, cache);
    }
    // %N when pattern2 brings its own $N; $$ keeps a '$' of a value literal for that later pass
    const token = setsOwnVars(p2) ? '%' : '$';
    const shadow = token === '%';
    desc2 = substituteVars(desc2, vars, cache, token, shadow ? doubleDollar : undefined);
    if (shadowVolatile(rule.action2)) {
      const escapeValue = shadow ? (v: string): string => doublePercent(doubleDollar(v)) : doublePercent;
      action2 = mapActionStrings(action2, (s) => substituteVars(s, vars, cache, token, escapeValue));
    }
    if (second.context && shadowVolatile(second.context)) {
      context2 = substituteContext(second.context.tokens, shadow ? mapVars(vars, doubleDollar) : vars, cache, token);
    }
  }
  const op: PairOperation = {
    type: rule.type,
    file: rule.file,
    ruleIndex: rule.index,
    desc,
    started: now,
    time: now,
    window: rule.window,
    action: x.substituteActions(rule.action, vars),
    pattern2,
    context2,
    desc2,
    action2,
  };
  changeIndexed(
    x.operations.ofRule(rule.file, rule.index),
    () => x.operations.add(op),
    (index) => index.add(op, literal),
  );
  if (rule.type === 'Pair') x.run(op.action, desc);
}

/** The window passed: PairWithWindow runs its timeout action; both end. */
function expire(op: PairOperation, x: RuleContext): void {
  changeIndexed(
    x.operations.ofRule(op.file, op.ruleIndex),
    () => x.operations.delete(op),
    (index) => index.remove(op),
  );
  forgetPattern2(op);
  if (op.type === 'PairWithWindow') x.run(op.action, op.desc);
}

/**
 * Try the event against pattern2 of every live operation of the rule; each
 * one it matches completes. True if any completed.
 */
function completePairs(x: RuleContext, rule: PairRule): boolean {
  const ops = x.operations.ofRule(rule.file, rule.index);
  if (!ops || ops.size === 0) return false;
  const second = rule.second;
  const p2 = second.pattern;
  const preEval = second.context?.preEval === true;
  // operations with the same pattern2 text see the same match
  const matches = new Map<string | null, MatchVars | null>();
  const matchFor = (source: string | null): MatchVars | null => {
    if (matches.has(source)) return matches.get(source) as MatchVars | null;
    let pattern: Pattern = p2;
    let regex: CompiledRegex | undefined;
    if (p2.type === 'RegExp' && (source !== null || p2.compiled === null)) {
      regex = compiledPattern2(rule, source ?? p2.source);
      // an operation's pattern2 holds the first event's values as literals: most lines lack them
      if (lacksLiterals(regex, p2.lines, x)) {
        matches.set(source, null);
        return null;
      }
    } else if (p2.type === 'SubStr' && source !== null) pattern = { ...p2, text: source };
    const vars = matchPattern(pattern, x.buffers, second.varmap, regex);
    matches.set(source, vars);
    return vars;
  };
  let completed = false;
  const now = x.now();
  // the operations the event may complete; with a context looked at before pattern2, all of them
  const indexed = !preEval && p2.type === 'RegExp' && p2.lines === 1 && ops.size >= INDEX_FROM;
  const candidates = indexed ? indexFor(ops, literalOf(rule)).candidates(x.buffers.lowerCaseLine()) : ([...ops.values()] as PairOperation[]);
  for (const op of candidates) {
    if (!x.operations.has(op)) continue;
    if (preEval && op.context2 && !x.contextHolds(op.context2)) continue;
    const vars = matchFor(op.pattern2);
    if (vars === null) continue;
    if (op.context2 && !preEval) {
      const tokens = shadowVolatile(second.context) && !isEmptyVars(vars) ? substituteContext(op.context2, vars, x.buffers.cache) : op.context2;
      if (!x.contextHolds(tokens)) continue;
    }
    changeIndexed(
      ops,
      () => x.operations.delete(op),
      (index) => index.remove(op),
    );
    forgetPattern2(op);
    if (op.type === 'Pair' && windowPassed(op, now)) continue;
    completed = true;
    let desc2 = op.desc2;
    let action2 = op.action2;
    if (!isEmptyVars(vars)) {
      // the operation's own texts (the first event's values are in them): each is substituted this once
      if (shadowVolatile(rule.action2)) {
        action2 = mapActionStrings(action2, (s) => substituteVarsOnce(s, vars, x.buffers.cache, '$', doublePercent));
      }
      desc2 = substituteVarsOnce(desc2, vars, x.buffers.cache);
    }
    x.run(action2, desc2);
  }
  return completed;
}

/**
 * pattern2 with any values in place of the first event's: an event it does
 * not match completes no operation, so the prefilter can rule them all out
 * at once. Null when there is no such pattern (every operation is tried, as
 * SEC does). Made once per rule.
 */
const gate = oncePer((rule: PairRule): MatchSpec | null => makeGate(rule));

function makeGate(rule: PairRule): MatchSpec | null {
  const p2 = rule.second.pattern;
  if (p2.type !== 'RegExp' || p2.negate || p2.lines !== 1) return null;
  if (p2.compiled) return rule.second;
  const general = generalizeTemplate(p2.source);
  if (general === null) return null;
  try {
    return { ...rule.second, pattern: { ...p2, source: general, compiled: compileRegex(general) } };
  } catch {
    return null;
  }
}

export const pair: RuleModule<PairRule, PairOperation> = {
  matchSpecs(rule) {
    const specs: RuleMatchSpec[] = [{ key: 0, spec: rule }];
    const gateSpec = gate(rule);
    if (gateSpec) specs.push({ key: PAIR_GATE, spec: gateSpec });
    return specs;
  },
  onEvent(rule, file, x) {
    const vars = x.match(file, rule.index, 0, rule);
    if (vars !== null) {
      x.counted(rule);
      startPair(x, rule, vars);
      return rule.next;
    }
    // the gate failing rules out every operation at once
    if (x.ruledOut(file, rule.index, PAIR_GATE)) return rule.index + 1;
    if (!completePairs(x, rule)) return rule.index + 1;
    x.counted(rule);
    return rule.second.next;
  },
  expire,
};
