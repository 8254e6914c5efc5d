// Parsing a Perl 5.36 regular expression (as SEC compiles it: qr/$pattern/,
// no flags, matched against byte strings) into a tree that says exactly what
// it means. Two kinds of failure:
// - PerlSyntaxError: Perl itself refuses the pattern (SEC reports the rule
//   as having an invalid regular expression);
// - UnsupportedPerlError: Perl may accept it, but RE2 and JavaScript cannot
//   run it with the same meaning: the Perl interpreter gets it (and says
//   whether it accepts it).
// Anything this parser does not know for sure is unsupported, never guessed.
import { addRange, addSet, complement, emptySet, ESCAPE_CLASSES, foldCase, POSIX_CLASSES, type ByteSet } from './byteSets.js';

export class PerlSyntaxError extends Error {}
export class UnsupportedPerlError extends Error {
  /**
   * `what` is a noun phrase: "the Perl construct \\K", "a backreference to
   * ..."; `perlProblem` says why the Perl interpreter could not run it.
   */
  constructor(
    readonly what: string,
    perlProblem?: string,
  ) {
    super(perlProblem ? `${what} runs only on the Perl interpreter, which is not available (${perlProblem})` : `${what} has no exact RE2 or JavaScript form`);
  }
}

function unsupported(what: string): UnsupportedPerlError {
  return new UnsupportedPerlError(what);
}

/** An unsupported construct, named as written. */
function construct(text: string): UnsupportedPerlError {
  return new UnsupportedPerlError(`the Perl construct ${text}`);
}

export type Assertion =
  | 'start' //        ^ (no /m), \A
  | 'end' //          \z
  | 'endOrNewline' // $ (no /m), \Z: end, or before a final newline
  | 'lineStart' //    ^ under /m: start, or after a newline that is not the last character
  | 'lineEnd' //      $ under /m: end, or before any newline
  | 'wordBoundary'
  | 'notWordBoundary';

export type Node =
  | { kind: 'set'; set: ByteSet }
  | { kind: 'seq'; items: Node[] }
  | { kind: 'alt'; branches: Node[] }
  | { kind: 'group'; index: number | null; body: Node }
  | { kind: 'repeat'; body: Node; min: number; max: number; mode: 'greedy' | 'lazy' | 'possessive' }
  | { kind: 'atomic'; body: Node }
  | { kind: 'look'; behind: boolean; negate: boolean; body: Node }
  | { kind: 'assert'; what: Assertion }
  | { kind: 'backref'; group: number; caseless: boolean };

export interface ParsedRegex {
  root: Node;
  /** Number of capture groups, Perl numbering. */
  groups: number;
  /** Group names in order of first appearance, each with its group numbers. */
  names: Map<string, number[]>;
}

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  xx: boolean;
  n: boolean;
}

const DEFAULT_FLAGS: Flags = { i: false, m: false, s: false, x: false, xx: false, n: false };
/** Largest count Perl allows in {n,m}. */
const MAX_COUNT = 65534;
/** Longest lookbehind Perl allows. */
const MAX_LOOKBEHIND = 255;

/** Single-character escapes, the same inside and outside classes. */
const CHAR_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, e: 0x1b, a: 0x07 };

/** Perl escapes we cannot run with their meaning (outside classes). */
const UNSUPPORTED_ESCAPES: Record<string, string> = {
  K: '\\K',
  X: '\\X',
  R: '\\R',
  G: '\\G',
  C: '\\C',
  p: '\\p',
  P: '\\P',
};

/** Pattern whitespace that /x skips. */
const X_SPACE = /[\t\n\v\f\r ]/;

const HEX = /^[0-9A-Fa-f]+$/;
const NAME = /^[A-Za-z_]\w*/;

/**
 * Each byte's set, plain and caseless, made once: literal atoms share them as
 * atoms share the escape classes (nothing changes a parsed atom's set). A
 * Pair operation's pattern2 is parsed anew for every operation, mostly
 * literal text: a set per character cost more than the rest of the parse.
 */
const charSets: ByteSet[][] = [[], []];

function charSet(c: number, caseless: boolean): ByteSet {
  const sets = charSets[caseless ? 1 : 0];
  let set = sets[c];
  if (set === undefined) {
    set = addRange(emptySet(), c, c);
    if (caseless) set = foldCase(set);
    // bytes only: a code point above 0xff matches nothing, and is not kept
    if (c <= 0xff) sets[c] = set;
  }
  return set;
}

/** A backreference as written, resolved once all groups are known. */
interface PendingRef {
  node: Extract<Node, { kind: 'backref' }>;
  ref: number | string;
  text: string;
  /** \10 and up: the sequence that holds the reference, refilled if it turns out octal. */
  holder?: Extract<Node, { kind: 'seq' }>;
}

class Parser {
  private pos = 0;
  private flags: Flags = { ...DEFAULT_FLAGS };
  private groupCount = 0;
  readonly names = new Map<string, number[]>();
  private readonly refs: PendingRef[] = [];
  /** Why Perl would switch this pattern to Unicode rules (a code point above 0xFF, \N{U+...}). */
  private unicodeReason: string | null = null;
  /** A construct whose bytes would change under Unicode rules. */
  private byteRuleConstruct: string | null = null;

  constructor(private readonly src: string) {}

  parse(): ParsedRegex {
    const root = this.alternation();
    if (this.pos < this.src.length) throw new PerlSyntaxError('Unmatched ) in regex');
    this.resolveRefs();
    if (this.unicodeReason && this.byteRuleConstruct) {
      throw unsupported(`${this.byteRuleConstruct} in a pattern that ${this.unicodeReason} puts under Unicode rules`);
    }
    return { root, groups: this.groupCount, names: this.names };
  }

  // ---- structure -------------------------------------------------------

  private alternation(): Node {
    const saved = { ...this.flags };
    const branches: Node[] = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    this.flags = saved; // (?i) and friends last until the end of the group
    return branches.length === 1 ? branches[0] : { kind: 'alt', branches };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (;;) {
      this.skipExtended();
      const c = this.src[this.pos];
      if (c === undefined || c === '|' || c === ')') break;
      const atom = this.atom();
      if (atom === null) {
        // a comment or a flag change: what Perl makes of a quantifier after it is unclear
        this.skipExtended();
        if (/^[*+?]/.test(this.src.slice(this.pos)) || this.looksLikeQuantifier()) throw unsupported('a quantifier after a comment or a modifier');
        continue;
      }
      items.push(this.quantified(atom));
    }
    return items.length === 1 ? items[0] : { kind: 'seq', items };
  }

  /** Under /x: skip whitespace and # comments. */
  private skipExtended(): void {
    if (!this.flags.x) return;
    for (;;) {
      const c = this.src[this.pos];
      if (c !== undefined && X_SPACE.test(c)) this.pos++;
      else if (c === '#') {
        const end = this.src.indexOf('\n', this.pos);
        this.pos = end < 0 ? this.src.length : end + 1;
      } else if (c === '\x85') throw unsupported('\\x85 as /x whitespace');
      else return;
    }
  }

  private quantifier(): { min: number; max: number } | null {
    const c = this.src[this.pos];
    if (c === '*') {
      this.pos++;
      return { min: 0, max: Infinity };
    }
    if (c === '+') {
      this.pos++;
      return { min: 1, max: Infinity };
    }
    if (c === '?') {
      this.pos++;
      return { min: 0, max: 1 };
    }
    if (c !== '{') return null;
    const m = /^\{[ \t]*([0-9]*)[ \t]*(?:(,)[ \t]*([0-9]*)[ \t]*)?\}/.exec(this.src.slice(this.pos));
    if (!m) return null;
    if (m[1] === '' && (m[2] === undefined || m[3] === '')) throw unsupported(`the brace ${m[0]}`);
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (min > MAX_COUNT || (max !== Infinity && max > MAX_COUNT)) {
      throw new PerlSyntaxError(`Quantifier in {,} bigger than ${MAX_COUNT} in regex`);
    }
    if (min > max) throw unsupported(`the quantifier ${m[0]} (minimum above maximum)`);
    this.pos += m[0].length;
    return { min, max };
  }

  private quantified(atom: Node): Node {
    this.skipExtended();
    const start = this.pos;
    const q = this.quantifier();
    if (!q) return atom;
    if (atom.kind === 'assert' || atom.kind === 'look') {
      throw unsupported(`a quantifier on a zero-width assertion (${this.src.slice(start, this.pos)})`);
    }
    let mode: 'greedy' | 'lazy' | 'possessive' = 'greedy';
    if (this.src[this.pos] === '?') {
      mode = 'lazy';
      this.pos++;
    } else if (this.src[this.pos] === '+') {
      mode = 'possessive';
      this.pos++;
    }
    this.skipExtended();
    const next = this.src[this.pos];
    if (next === '*' || next === '+' || next === '?' || (next === '{' && this.isCountedQuantifier())) {
      throw new PerlSyntaxError('Nested quantifiers in regex');
    }
    return { kind: 'repeat', body: atom, ...q, mode };
  }

  /** {n}, {n,}, {n,m} or {,m}: a quantifier Perl certainly reads as one. */
  private isCountedQuantifier(): boolean {
    return /^\{[ \t]*(?:[0-9]+[ \t]*(?:,[ \t]*[0-9]*[ \t]*)?|,[ \t]*[0-9]+[ \t]*)\}/.test(this.src.slice(this.pos));
  }

  /** Also {,} and {}: Perl's reading of those is unclear, so they are refused. */
  private looksLikeQuantifier(): boolean {
    return /^\{[ \t]*[0-9]*[ \t]*(?:,[ \t]*[0-9]*[ \t]*)?\}/.test(this.src.slice(this.pos));
  }

  // ---- atoms -----------------------------------------------------------

  private atom(): Node | null {
    const c = this.src[this.pos];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        this.pos++;
        return this.byteRule('a bracketed class', { kind: 'set', set: this.charClass() });
      case '.': {
        this.pos++;
        const set = addRange(emptySet(), 0, 255);
        if (!this.flags.s) set[0x0a] = 0;
        return { kind: 'set', set };
      }
      case '^':
        this.pos++;
        return { kind: 'assert', what: this.flags.m ? 'lineStart' : 'start' };
      case '$':
        this.pos++;
        return { kind: 'assert', what: this.flags.m ? 'lineEnd' : 'endOrNewline' };
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        throw new PerlSyntaxError('Quantifier follows nothing in regex');
      case '{':
        if (this.looksLikeQuantifier()) throw unsupported('a brace quantifier that follows nothing');
        // Perl refuses a literal { after some escapes (\d{); be careful after any
        if (/\\[A-Za-z]$/.test(this.src.slice(0, this.pos))) throw unsupported('a literal { after an escape');
        break;
    }
    this.pos++;
    const code = c.charCodeAt(0);
    if (code > 0xff) this.unicodeReason ??= `the character U+${code.toString(16).toUpperCase()}`;
    return this.literal(code);
  }

  private literal(code: number): Node {
    if (this.flags.i) this.byteRuleConstruct ??= 'case-insensitive matching';
    return { kind: 'set', set: charSet(code, this.flags.i) };
  }

  /** Note a construct whose meaning depends on byte rules versus Unicode rules. */
  private byteRule<T>(construct: string, node: T): T {
    this.byteRuleConstruct ??= construct;
    return node;
  }

  private group(): Node | null {
    const rest = this.src.slice(this.pos);
    if (rest.startsWith('(*')) throw construct(`${/^\(\*[^)]*\)?/.exec(rest)?.[0]}`);
    if (!rest.startsWith('(?')) {
      this.pos++;
      const index = this.flags.n ? null : ++this.groupCount;
      return this.groupBody(index);
    }
    const named = /^\(\?(?:<([^>=!][^>]*)>|'([^']*)'|P<([^>]*)>)/.exec(rest);
    if (named) {
      const name = named[1] ?? named[2] ?? named[3];
      if (!new RegExp(`^${NAME.source}$`).test(name)) throw new PerlSyntaxError('Group name must start with a non-digit word character in regex');
      this.pos += named[0].length;
      const index = ++this.groupCount;
      const list = this.names.get(name) ?? [];
      list.push(index);
      this.names.set(name, list);
      return this.groupBody(index);
    }
    const simple: [string, () => Node][] = [
      ['(?:', () => this.groupBody(null)],
      ['(?=', () => ({ kind: 'look', behind: false, negate: false, body: this.groupBody(null) })],
      ['(?!', () => ({ kind: 'look', behind: false, negate: true, body: this.groupBody(null) })],
      ['(?<=', () => this.lookbehind(false)],
      ['(?<!', () => this.lookbehind(true)],
      ['(?>', () => ({ kind: 'atomic', body: this.groupBody(null) })],
    ];
    for (const [open, make] of simple) {
      if (rest.startsWith(open)) {
        this.pos += open.length;
        return make();
      }
    }
    if (rest.startsWith('(?#')) {
      const end = this.src.indexOf(')', this.pos);
      if (end < 0) throw new PerlSyntaxError('Sequence (?#... not terminated in regex');
      this.pos = end + 1;
      return null;
    }
    const nameRef = /^\(\?P=([^)]*)\)/.exec(rest);
    if (nameRef) {
      this.pos += nameRef[0].length;
      return this.backref(nameRef[1], nameRef[0]);
    }
    // before the flags: (?R) is no flag R, (?-1) no flag turned off
    const known = /^\(\?(?:\||\(|\{|\?\{|R\)|[+-]?[0-9]|&|P>)/.exec(rest);
    if (known) throw construct(known[0]);
    const flags = /^\(\?(\^?)([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])/.exec(rest);
    if (flags) return this.flagGroup(flags);
    if (/^\(\?[^)]*$/.test(rest)) throw new PerlSyntaxError('Sequence (?... not terminated in regex');
    throw new PerlSyntaxError(`Sequence ${rest.slice(0, 3)}...) not recognized in regex`);
  }

  private flagGroup(m: RegExpExecArray): Node | null {
    const [text, caret, on, off = '', end] = m;
    if (caret && off) throw new PerlSyntaxError(`Sequence ${text}...) not recognized in regex`);
    const flags: Flags = caret ? { ...DEFAULT_FLAGS } : { ...this.flags };
    for (const [letters, value] of [
      [on, true],
      [off, false],
    ] as const) {
      for (let k = 0; k < letters.length; k++) {
        const f = letters[k];
        if (f === 'x' && letters[k + 1] === 'x' && value) {
          flags.xx = true;
          flags.x = true;
          k++;
          continue;
        }
        if (f === 'i' || f === 'm' || f === 's' || f === 'x' || f === 'n') {
          flags[f] = value;
          if (f === 'x' && !value) flags.xx = false;
        } else if (f === 'p')
          continue; // no effect on matching
        else if ('adlugco'.includes(f)) throw construct(`(?${f})`);
        else throw new PerlSyntaxError(`Sequence (?${f}...) not recognized in regex`);
      }
    }
    this.pos += text.length;
    if (end === ')') {
      this.flags = flags;
      return null;
    }
    const saved = this.flags;
    this.flags = flags;
    const body = this.groupBody(null);
    this.flags = saved;
    return body;
  }

  /** The rest of a group after its opening: the alternation and the ')'. */
  private groupBody(index: number | null): Node {
    const body = this.alternation();
    if (this.src[this.pos] !== ')') throw new PerlSyntaxError('Unmatched ( in regex');
    this.pos++;
    return index === null ? body : { kind: 'group', index, body };
  }

  private lookbehind(negate: boolean): Node {
    const body = this.groupBody(null);
    if (containsKind(body, 'backref')) throw unsupported('a backreference in a lookbehind');
    const width = widthOf(body);
    if (width.max > MAX_LOOKBEHIND) throw new PerlSyntaxError(`Lookbehind longer than ${MAX_LOOKBEHIND} not implemented in regex`);
    if (width.min !== width.max) throw unsupported('a variable-length lookbehind');
    if (containsKind(body, 'group')) throw unsupported('a capture group in a lookbehind');
    return { kind: 'look', behind: true, negate, body };
  }

  // ---- escapes ---------------------------------------------------------

  private escape(): Node {
    const e = this.src[this.pos + 1];
    if (e === undefined) throw new PerlSyntaxError('Trailing \\ in regex');
    this.pos += 2;
    const cls = ESCAPE_CLASSES[e.toLowerCase()];
    if (cls) {
      const set = e === e.toLowerCase() ? cls : complement(cls);
      return e === 'h' || e === 'H' || e === 'v' || e === 'V' ? { kind: 'set', set } : this.byteRule(`\\${e}`, { kind: 'set', set });
    }
    switch (e) {
      case 'A':
        return { kind: 'assert', what: 'start' };
      case 'z':
        return { kind: 'assert', what: 'end' };
      case 'Z':
        return { kind: 'assert', what: 'endOrNewline' };
      case 'b':
      case 'B':
        if (this.src[this.pos] === '{') throw construct(`\\${e}{...}`);
        return this.byteRule(`\\${e}`, { kind: 'assert', what: e === 'b' ? 'wordBoundary' : 'notWordBoundary' });
      case 'N':
        if (this.src[this.pos] !== '{') return { kind: 'set', set: complement(charSet(0x0a, false)) };
        break;
      case 'g':
        return this.gReference();
      case 'k':
        return this.kReference();
    }
    if (UNSUPPORTED_ESCAPES[e]) throw construct(UNSUPPORTED_ESCAPES[e]);
    if (/[1-9]/.test(e)) {
      const digits = e + (/^[0-9]*/.exec(this.src.slice(this.pos))?.[0] ?? '');
      this.pos += digits.length - 1;
      const ref = this.backref(Number(digits), `\\${digits}`);
      if (digits.length === 1) return ref;
      const holder: Extract<Node, { kind: 'seq' }> = { kind: 'seq', items: [ref] };
      this.refs[this.refs.length - 1].holder = holder;
      return holder;
    }
    this.pos -= 1;
    const code = this.charEscape(false);
    return this.literal(code);
  }

  /**
   * An escape that stands for one character, `pos` just after the backslash.
   * Shared by classes (inClass) and the rest of the pattern.
   */
  private charEscape(inClass: boolean): number {
    const e = this.src[this.pos++];
    if (CHAR_ESCAPES[e] !== undefined) return CHAR_ESCAPES[e];
    const rest = this.src.slice(this.pos);
    switch (e) {
      case 'x': {
        if (rest[0] === '{') return this.braced('\\x', 16);
        const m = /^[0-9A-Fa-f]{0,2}/.exec(rest)?.[0] ?? '';
        this.pos += m.length;
        return m ? parseInt(m, 16) : 0;
      }
      case 'o':
        if (rest[0] !== '{') throw new PerlSyntaxError('Missing braces on \\o{} in regex');
        return this.braced('\\o', 8);
      case 'N': {
        const m = /^\{U\+([0-9A-Fa-f]+)\}/.exec(rest);
        if (!m) throw construct('\\N{...} with a character name');
        this.pos += m[0].length;
        const code = parseInt(m[1], 16);
        this.unicodeReason ??= `\\N{U+${m[1]}}`;
        return code;
      }
      case 'c': {
        const c = rest[0];
        if (c === undefined || !/[A-Za-z@[\]^_?]/.test(c)) throw construct(`\\c${c ?? ''}`);
        this.pos++;
        return c === '?' ? 0x7f : c.toUpperCase().charCodeAt(0) ^ 0x40;
      }
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        // \0 is octal everywhere; in a class, so is \1..\7 (no backreferences there)
        const m = /^[0-7]{0,2}/.exec(rest)?.[0] ?? '';
        if (e !== '0' && !inClass) throw construct(`\\${e}${m}`);
        this.pos += m.length;
        const code = parseInt(e + m, 8);
        if (code > 0xff) this.unicodeReason ??= `the octal escape \\${e}${m}`;
        return code;
      }
      case 'b':
        if (inClass) return 0x08;
        break;
    }
    if (/[A-Za-z0-9]/.test(e)) throw construct(`\\${e}`);
    return e.charCodeAt(0);
  }

  /** \x{...} or \o{...}, `pos` at the '{'. */
  private braced(name: string, radix: 16 | 8): number {
    const end = this.src.indexOf('}', this.pos);
    if (end < 0) throw new PerlSyntaxError(`Missing right brace on ${name}{} in regex`);
    const digits = this.src.slice(this.pos + 1, end);
    if (digits === '' && radix === 8) throw new PerlSyntaxError('Empty \\o{} in regex');
    const valid = radix === 16 ? HEX.test(digits) : /^[0-7]+$/.test(digits);
    if (!valid || digits.length > 8) throw construct(`${name}{${digits}}`);
    this.pos = end + 1;
    const code = parseInt(digits, radix);
    if (code > 0xff) this.unicodeReason ??= `${name}{${digits}}`;
    return code;
  }

  private gReference(): Node {
    const m = /^(?:\{(-?[0-9]+|[A-Za-z_]\w*)\}|(-?[0-9]+))/.exec(this.src.slice(this.pos));
    if (!m) throw unsupported('\\g without a group');
    this.pos += m[0].length;
    const ref = m[1] ?? m[2];
    const text = `\\g${m[0]}`;
    if (!/^-?[0-9]+$/.test(ref)) return this.backref(ref, text);
    const n = Number(ref);
    if (n === 0) throw new PerlSyntaxError('Reference to invalid group 0 in regex');
    if (n > 0) return this.backref(n, text);
    const group = this.groupCount + 1 + n;
    if (group < 1) throw new PerlSyntaxError('Reference to nonexistent or unclosed group in regex');
    return this.backref(group, text);
  }

  private kReference(): Node {
    const m = /^(?:<([^>]*)>|'([^']*)'|\{([^}]*)\})/.exec(this.src.slice(this.pos));
    if (!m) throw new PerlSyntaxError('Sequence \\k... not terminated in regex');
    this.pos += m[0].length;
    const name = m[1] ?? m[2] ?? m[3];
    if (!new RegExp(`^${NAME.source}$`).test(name)) throw new PerlSyntaxError('Group name must start with a non-digit word character in regex');
    return this.backref(name, `\\k${m[0]}`);
  }

  private backref(ref: number | string, text: string): Node {
    const node: PendingRef['node'] = { kind: 'backref', group: 0, caseless: this.flags.i };
    this.refs.push({ node, ref, text });
    return node;
  }

  private resolveRefs(): void {
    for (const { node, ref, text, holder } of this.refs) {
      if (typeof ref === 'string') {
        const groups = this.names.get(ref);
        if (!groups) throw new PerlSyntaxError('Reference to nonexistent named group in regex');
        if (groups.length > 1) throw unsupported(`${text} naming several groups`);
        node.group = groups[0];
      } else {
        if (ref > this.groupCount && holder) {
          // \10 and up are octal when there are fewer groups: up to three octal digits, then literal digits
          const m = /^\\([0-7]{2,3})([0-9]*)$/.exec(text);
          if (!m) throw construct(text);
          const code = parseInt(m[1], 8);
          if (code > 0xff) this.unicodeReason ??= `the octal escape \\${m[1]}`;
          holder.items = [...(String.fromCharCode(code) + m[2])].map((c) => ({ kind: 'set', set: charSet(c.charCodeAt(0), node.caseless) }));
          continue;
        }
        if (ref > this.groupCount) throw new PerlSyntaxError('Reference to nonexistent group in regex');
        node.group = ref;
      }
    }
  }

  // ---- bracketed classes -----------------------------------------------

  /** A [...] class, `pos` just after the '['. */
  private charClass(): ByteSet {
    let set = emptySet();
    const negate = this.src[this.pos] === '^';
    if (negate) this.pos++;
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) throw new PerlSyntaxError('Unmatched [ in regex');
      if (this.flags.xx && /[ \t]/.test(this.src[this.pos])) {
        this.pos++;
        continue;
      }
      const c = this.src[this.pos];
      if (c === ']' && !first) break;
      first = false;
      const item = this.classItem();
      if (typeof item !== 'number') {
        addSet(set, item);
        continue;
      }
      // a range?
      const save = this.pos;
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const to = this.classItem();
        if (typeof to === 'number') {
          if (to < item) throw new PerlSyntaxError('Invalid [] range in regex');
          addRange(set, item, to);
          continue;
        }
        // [a-\d]: the '-' is a literal
        addRange(set, item, item);
        addRange(set, 0x2d, 0x2d);
        addSet(set, to);
        continue;
      }
      this.pos = save;
      addRange(set, item, item);
    }
    this.pos++;
    if (this.flags.i) {
      set = foldCase(set);
      this.byteRuleConstruct ??= 'case-insensitive matching';
    }
    return negate ? complement(set) : set;
  }

  /** One class member: a character code, or a set (\d, [:alpha:]). */
  private classItem(): number | ByteSet {
    const c = this.src[this.pos];
    if (c === '[') {
      const posix = /^\[([:=.])(\^?)([a-z]*)\1\]/.exec(this.src.slice(this.pos));
      if (posix) {
        if (posix[1] !== ':') throw new PerlSyntaxError(`POSIX syntax [${posix[1]} ${posix[1]}] is reserved for future extensions in regex`);
        const cls = Object.hasOwn(POSIX_CLASSES, posix[3]) ? POSIX_CLASSES[posix[3]] : undefined;
        if (!cls) throw new PerlSyntaxError(`POSIX class ${posix[0]} unknown in regex`);
        this.pos += posix[0].length;
        this.byteRuleConstruct ??= `[${posix[0]}]`;
        return posix[2] ? complement(cls) : cls;
      }
      if (/^\[[:=.]/.test(this.src.slice(this.pos))) throw unsupported("'[:' inside a class without its closing ':]'");
    }
    if (c !== '\\') {
      this.pos++;
      const code = c.charCodeAt(0);
      if (code > 0xff) this.unicodeReason ??= `the character U+${code.toString(16).toUpperCase()}`;
      return code;
    }
    const e = this.src[this.pos + 1];
    if (e === undefined) throw new PerlSyntaxError('Unmatched [ in regex');
    const cls = ESCAPE_CLASSES[e.toLowerCase()];
    if (cls) {
      this.pos += 2;
      if (!'hHvV'.includes(e)) this.byteRuleConstruct ??= `\\${e}`;
      return e === e.toLowerCase() ? cls : complement(cls);
    }
    if ('pPX'.includes(e)) throw construct(`\\${e} in a class`);
    if (e === 'N' && this.src[this.pos + 2] !== '{') throw construct('\\N in a class');
    this.pos++;
    return this.charEscape(true);
  }
}

/** Shortest and longest text a node can match (Infinity when unbounded). */
export function widthOf(node: Node): { min: number; max: number } {
  switch (node.kind) {
    case 'set':
      return { min: 1, max: 1 };
    case 'assert':
    case 'look':
      return { min: 0, max: 0 };
    case 'backref':
      return { min: 0, max: Infinity };
    case 'group':
    case 'atomic':
      return widthOf(node.body);
    case 'seq':
      return node.items.map(widthOf).reduce((a, b) => ({ min: a.min + b.min, max: a.max + b.max }), { min: 0, max: 0 });
    case 'alt': {
      const ws = node.branches.map(widthOf);
      return { min: Math.min(...ws.map((w) => w.min)), max: Math.max(...ws.map((w) => w.max)) };
    }
    case 'repeat': {
      const w = widthOf(node.body);
      return { min: w.min * node.min, max: node.max === 0 ? 0 : w.max * node.max };
    }
  }
}

export function containsKind(node: Node, kind: Node['kind']): boolean {
  if (node.kind === kind) return true;
  switch (node.kind) {
    case 'seq':
      return node.items.some((n) => containsKind(n, kind));
    case 'alt':
      return node.branches.some((n) => containsKind(n, kind));
    case 'group':
    case 'atomic':
    case 'look':
    case 'repeat':
      return containsKind(node.body, kind);
    default:
      return false;
  }
}

/** Parse a Perl pattern; throws PerlSyntaxError or UnsupportedPerlError. */
export function parsePerlRegex(src: string): ParsedRegex {
  return new Parser(src).parse();
}
