// Writing a parsed Perl pattern (perlSyntax.ts) as RE2 or JavaScript source
// with exactly its meaning on byte strings, or saying why that engine cannot
// have it. Neither output uses flags: case folding, `.` and the classes are
// explicit byte sets, and the anchors are spelled out.
import { setSource } from './byteSets.js';
import { widthOf, type Node, type ParsedRegex } from './perlSyntax.js';

export interface EmittedRegex {
  source: string;
  /** Engine group number of each Perl group (index 0 unused); null when they are the same. */
  groupMap: number[] | null;
}

/** Thrown while emitting: this engine cannot run the pattern with Perl's meaning. */
class NotExpressible extends Error {}

function quantifierSuffix(min: number, max: number, lazy: boolean): string {
  let q: string;
  if (min === 0 && max === Infinity) q = '*';
  else if (min === 1 && max === Infinity) q = '+';
  else if (min === 0 && max === 1) q = '?';
  else if (max === Infinity) q = `{${min},}`;
  else if (min === max) q = `{${min}}`;
  else q = `{${min},${max}}`;
  return lazy ? `${q}?` : q;
}

/** V8's linear-time engine takes a quantifier's counts up to this. */
const V8_MAX_COUNT = 16;
/** Past this count a quantifier is left as it is (RE2's limit too): its split form would be long. */
const MAX_SPLIT_COUNT = 1000;

/**
 * A quantifier over one character (`atom` is a byte set) whose counts pass
 * V8_MAX_COUNT, written as quantifiers within it: X{40} as X{16}X{16}X{8};
 * X{0,40} as (?:X{16}(?:X{16}X{0,8}|X{0,15})|X{0,15}), which tries 40, 39
 * ... 0 characters in that order as X{0,40} does, and lazily the same
 * alternatives the other way round (0, 1 ... 40). One character a count,
 * each count ends at one place: the same order of tries, so the same match
 * and groups. V8's linear-time engine then runs patterns such as a MAC
 * address ([0-9a-f:]{17}) or a hash ([0-9a-f]{32}), which would go to RE2.
 * Null where the counts need no split or are too large for one.
 */
function splitCounts(atom: string, min: number, max: number, lazy: boolean): string | null {
  if ((min <= V8_MAX_COUNT && (max <= V8_MAX_COUNT || max === Infinity)) || min > MAX_SPLIT_COUNT || (max !== Infinity && max > MAX_SPLIT_COUNT)) return null;
  const upTo = (count: number): string => {
    if (count <= V8_MAX_COUNT) return atom + quantifierSuffix(0, count, lazy);
    const fewer = atom + quantifierSuffix(0, V8_MAX_COUNT - 1, lazy);
    const more = `${atom}{${V8_MAX_COUNT}}${upTo(count - V8_MAX_COUNT)}`;
    return lazy ? `(?:${fewer}|${more})` : `(?:${more}|${fewer})`;
  };
  let exactly = '';
  for (let left = min; left > 0; left -= V8_MAX_COUNT) exactly += `${atom}{${Math.min(left, V8_MAX_COUNT)}}`;
  if (max === Infinity) return exactly + atom + quantifierSuffix(0, Infinity, lazy);
  return max === min ? exactly : exactly + upTo(max - min);
}

/** The source as one atom a quantifier can follow. */
function asAtom(node: Node, source: string): string {
  return node.kind === 'set' || node.kind === 'group' ? source : `(?:${source})`;
}

/** Whether `node` contains a capture group. */
function capturesIn(node: Node, into: number[] = []): number[] {
  switch (node.kind) {
    case 'group':
      into.push(node.index as number);
      capturesIn(node.body, into);
      break;
    case 'seq':
      for (const n of node.items) capturesIn(n, into);
      break;
    case 'alt':
      for (const n of node.branches) capturesIn(n, into);
      break;
    case 'atomic':
    case 'look':
    case 'repeat':
      capturesIn(node.body, into);
      break;
  }
  return into;
}

/**
 * Groups certain to hold a value after `node` matched, given those set
 * before. Used where engines differ on groups that did not take part.
 */
function surelySet(node: Node, before: Set<number>, onBackref?: (group: number, set: Set<number>) => void): Set<number> {
  switch (node.kind) {
    case 'backref':
      onBackref?.(node.group, before);
      return before;
    case 'set':
    case 'assert':
      return before;
    case 'seq':
      return node.items.reduce((set, n) => surelySet(n, set, onBackref), before);
    case 'alt': {
      const after = node.branches.map((b) => surelySet(b, before, onBackref));
      return new Set([...after[0]].filter((g) => after.every((s) => s.has(g))));
    }
    case 'group':
      return new Set([...surelySet(node.body, before, onBackref), node.index as number]);
    case 'atomic':
      return surelySet(node.body, before, onBackref);
    case 'look': {
      const after = surelySet(node.body, before, onBackref);
      return node.negate ? before : after;
    }
    case 'repeat': {
      const after = surelySet(node.body, before, onBackref);
      return node.min > 0 ? after : before;
    }
  }
}

/**
 * A repeated part with groups: Perl keeps a group's value from an earlier
 * iteration and counts an iteration that matched nothing; the engines reset
 * groups per iteration or drop empty iterations. Same only when every
 * iteration matches something and sets all its groups.
 */
function checkRepeatedGroups(node: Extract<Node, { kind: 'repeat' }>): void {
  const groups = capturesIn(node.body);
  if (!groups.length) return;
  if (widthOf(node.body).min === 0) {
    throw new NotExpressible("a repeated group that can match the empty string (Perl's captures differ)");
  }
  if (node.max > 1) {
    const set = surelySet(node.body, new Set());
    if (groups.some((g) => !set.has(g))) {
      throw new NotExpressible("a repeated group whose captures may not all take part (Perl's captures differ)");
    }
  }
}

/** RE2: everything but backreferences, lookaround, atomic and possessive parts. */
export function emitRe2(parsed: ParsedRegex, lines: number): EmittedRegex {
  const newlines = lines > 1;
  const emit = (node: Node): string => {
    switch (node.kind) {
      case 'set':
        return setSource(node.set);
      case 'seq':
        return node.items.map(emit).join('');
      case 'alt':
        return `(?:${node.branches.map(emit).join('|')})`;
      case 'group':
        return `(${emit(node.body)})`;
      case 'repeat': {
        if (node.mode === 'possessive') throw new NotExpressible('a possessive quantifier needs backtracking control');
        checkRepeatedGroups(node);
        return asAtom(node.body, emit(node.body)) + quantifierSuffix(node.min, node.max, node.mode === 'lazy');
      }
      case 'atomic':
        throw new NotExpressible('an atomic group needs backtracking control');
      case 'look':
        throw new NotExpressible('lookaround is not in RE2');
      case 'backref':
        throw new NotExpressible('a backreference is not in RE2');
      case 'assert':
        switch (node.what) {
          case 'start':
            return '^';
          case 'end':
            return '\\z';
          case 'endOrNewline':
            if (newlines) throw new NotExpressible('$ or \\Z before a final newline is not in RE2');
            return '\\z';
          case 'lineStart':
            if (newlines) throw new NotExpressible('^ under /m is not in RE2');
            return '^';
          case 'lineEnd':
            return '(?m:$)';
          case 'wordBoundary':
            return '\\b';
          // RE2 tests \B on UTF-8 bytes: it would match inside a two-byte character
          case 'notWordBoundary':
            throw new NotExpressible('\\B is checked between bytes in RE2');
        }
    }
  };
  const source = emit(parsed.root);
  return { source: source === '' ? '(?:)' : source, groupMap: null };
}

const JS_ASSERTIONS: Record<string, string> = {
  start: '^',
  end: '$',
  endOrNewline: '(?=\\n?$)',
  lineStart: '(?:^|(?<=\\n)(?=[\\s\\S]))',
  lineEnd: '(?=\\n|$)',
  wordBoundary: '\\b',
  notWordBoundary: '\\B',
};

/**
 * The same where the text is one line, with no newline in it (as for RE2):
 * plain anchors, which V8's linear-time engine runs, unlike lookarounds.
 */
const JS_ONE_LINE_ASSERTIONS: Record<string, string> = { ...JS_ASSERTIONS, endOrNewline: '$', lineStart: '^', lineEnd: '$' };

/**
 * JavaScript (no flags): atomic groups and possessive quantifiers become
 * (?=(X))\N, a hidden group; backreferences only to groups certain to be set
 * (Perl fails on an unset group, JavaScript matches the empty string).
 */
export function emitJs(parsed: ParsedRegex, lines = 2): EmittedRegex {
  const assertions = lines > 1 ? JS_ASSERTIONS : JS_ONE_LINE_ASSERTIONS;
  surelySet(parsed.root, new Set(), (group, set) => {
    if (!set.has(group)) throw new NotExpressible('a backreference to a group that may not have matched yet');
  });
  const groupMap: number[] = [0];
  let count = 0;
  let inLookbehind = false;
  const atomic = (body: () => string): string => {
    // a lookbehind matches right to left: the hidden group would not work there
    if (inLookbehind) throw new NotExpressible('an atomic part inside a lookbehind');
    const hidden = ++count;
    return `(?=(${body()}))(?:\\${hidden})`;
  };
  const emit = (node: Node): string => {
    switch (node.kind) {
      case 'set':
        return setSource(node.set);
      case 'seq':
        return node.items.map(emit).join('');
      case 'alt':
        return `(?:${node.branches.map(emit).join('|')})`;
      case 'group': {
        groupMap[node.index as number] = ++count;
        return `(${emit(node.body)})`;
      }
      case 'repeat': {
        checkRepeatedGroups(node);
        const quantified = (): string => {
          const atom = asAtom(node.body, emit(node.body));
          const lazy = node.mode === 'lazy';
          const split = node.body.kind === 'set' ? splitCounts(atom, node.min, node.max, lazy) : null;
          return split ?? atom + quantifierSuffix(node.min, node.max, lazy);
        };
        return node.mode === 'possessive' ? atomic(quantified) : quantified();
      }
      case 'atomic':
        return atomic(() => emit(node.body));
      case 'look': {
        // Perl keeps what groups caught inside a lookahead that failed
        if (node.negate && capturesIn(node.body).length) throw new NotExpressible('a capture group inside a negative lookaround');
        // Perl 5.36 mis-optimises some of these: (?=x?). does not match "1"
        if (!node.behind && widthOf(node.body).min === 0) throw new NotExpressible('a lookahead that can match the empty string');
        const outer = inLookbehind;
        inLookbehind = outer || node.behind;
        const body = emit(node.body);
        inLookbehind = outer;
        return `(?${node.behind ? '<' : ''}${node.negate ? '!' : '='}${body})`;
      }
      case 'backref':
        if (node.caseless) throw new NotExpressible('a case-insensitive backreference');
        return `(?:\\${groupMap[node.group]})`;
      case 'assert':
        return assertions[node.what];
    }
  };
  const source = emit(parsed.root);
  const identity = count === parsed.groups && groupMap.every((g, i) => g === i);
  return { source: source === '' ? '(?:)' : source, groupMap: identity ? null : groupMap };
}

/** Run `emitter`; the reason instead when the engine cannot express the pattern. */
export function tryEmit(emitter: () => EmittedRegex): EmittedRegex | { reason: string } {
  try {
    return emitter();
  } catch (e) {
    if (e instanceof NotExpressible) return { reason: e.message };
    throw e;
  }
}
