// Compiling the Perl regular expressions of SEC rule files.
//
// A pattern runs on an engine only where the translation has exactly Perl's
// meaning: RE2 (linear time) when it can, else JavaScript. perlSyntax.ts says
// what the pattern means (or that Perl refuses it, or that we cannot tell),
// regexEmit.ts writes it for an engine. A pattern neither engine can run
// exactly runs on the Perl interpreter (perlRegex.ts), never differently.
// Strings are latin1 throughout (one char per input byte), Perl's byte rules.
import v8 from 'node:v8';
import type RE2 from 're2';
import { onDemand } from '../modules/onDemand.js';
import { parsePerlRegex, PerlSyntaxError, UnsupportedPerlError, type ParsedRegex } from './perlSyntax.js';
import { compileOnPerl } from './perlRegex.js';
import { alternativeLiterals, requiredLiterals } from './requiredLiterals.js';
import { emitJs, emitRe2, tryEmit, type EmittedRegex } from './regexEmit.js';

export { PerlSyntaxError, UnsupportedPerlError };

/** The native RE2 module costs start-up time: loaded with the first pattern that needs it. */
const loadRE2 = onDemand<typeof RE2>('re2');

type Capture = string | Buffer | undefined;

/** A successful match, numbered as Perl numbers groups; `groups` when the pattern names any. */
export interface RegexMatch {
  readonly length: number;
  readonly [group: number]: Capture;
  groups?: Record<string, Capture>;
}

export interface MatchRegex {
  exec(input: string | Buffer): RegexMatch | null;
  test(input: string | Buffer): boolean;
}

export interface CompiledRegex {
  regex: MatchRegex;
  /** RE2 is given the event as a UTF-8 Buffer, JavaScript and Perl the latin1 string. */
  engine: 're2' | 'js' | 'perl';
  /** Literals one of which every match contains (case folded; see requiredLiterals.ts); null when unknown. */
  required: string[] | null;
  /**
   * The same literals when a line's toLowerCase() shows them as surely as
   * the scanner's ASCII folding does (every literal is unchanged by
   * toLowerCase), for a plain `includes` test; null otherwise.
   */
  lowerCaseRequired: string[] | null;
  /** A second set of literals every match contains, from an alternation (see alternativeLiterals); null when none. */
  alternatives: string[] | null;
  /** Engine 'perl': the construct that has no exact RE2 or JavaScript form, as a noun phrase. */
  perlReason?: string;
}

export interface EngineRegex {
  exec(input: string | Buffer): ArrayLike<Capture> | null;
  test(input: string | Buffer): boolean;
}

/** Engine groups renumbered as Perl's, and Perl's %+ (leftmost group of the name that is set). */
class PerlNumbered implements MatchRegex {
  constructor(
    readonly inner: EngineRegex,
    readonly groupMap: number[] | null,
    private readonly groupCount: number,
    private readonly names: Map<string, number[]>,
  ) {}

  test(input: string | Buffer): boolean {
    return this.inner.test(input);
  }

  exec(input: string | Buffer): RegexMatch | null {
    const m = this.inner.exec(input);
    if (!m) return null;
    const out: Capture[] & { groups?: Record<string, Capture> } = [m[0]];
    for (let i = 1; i <= this.groupCount; i++) out.push(m[this.groupMap ? this.groupMap[i] : i]);
    if (this.names.size) {
      const groups: Record<string, Capture> = Object.create(null);
      for (const [name, numbers] of this.names) groups[name] = numbers.map((n) => out[n]).find((v) => v !== undefined);
      out.groups = groups;
    }
    return out;
  }
}

function wrap(inner: EngineRegex, emitted: EmittedRegex, parsed: ParsedRegex): MatchRegex {
  if (!emitted.groupMap && !parsed.names.size) return inner as MatchRegex;
  return new PerlNumbered(inner, emitted.groupMap, parsed.groups, parsed.names);
}

/** The JavaScript source a pattern runs on V8 and its group numbers (null: Perl's); null for one on RE2 or Perl. */
export function jsFormOf(c: CompiledRegex): { source: string; groupMap: number[] | null } | null {
  if (c.engine !== 'js') return null;
  const { regex } = c;
  if (regex instanceof PerlNumbered) return { source: (regex.inner as RegExp).source, groupMap: regex.groupMap };
  return { source: (regex as RegExp).source, groupMap: null };
}

/** A pattern on V8's backtracking engine, from its JavaScript form `source` or a regex of that form (groups as in `emitted`). */
export function jsCompiled(
  source: string | EngineRegex,
  emitted: EmittedRegex,
  parsed: ParsedRegex,
  required: string[] | null,
  alternatives: string[] | null,
): CompiledRegex {
  const lowerCaseRequired = required?.every((lit) => lit === lit.toLowerCase()) ? required : null;
  const regex = typeof source === 'string' ? new RegExp(source) : source;
  return { regex: wrap(regex, emitted, parsed), engine: 'js', required, lowerCaseRequired, alternatives };
}

// V8's backtracking engine is the fastest here (no crossing into native
// code, no UTF-8 copy of the event), but a pattern can make it backtrack
// for ages. With these flags V8 checks at compile time, through the 'l'
// flag, that its linear-time engine can run a pattern, and switches a
// running match to that engine after too many backtracks: V8 runs only
// patterns it can finish in linear time, and gets the rest to RE2.
// V8 first runs a new regex from bytecode and compiles it to machine code
// once it runs again; the bytecode's peephole pass costs more than the one
// run it serves, and Pair compiles a pattern2 per operation (a key each):
// without that pass, such operations start some 15% faster (patterns that
// run often get machine code all the same).
// (Loading node:v8 costs about a millisecond of every start; but given on
// bin/sec's #! line, the flags would take it past the 127 bytes that Linux
// kernels before 5.1 read of it.)
/** The V8 flags this module sets as it loads, without `--` (the code cache's training run undoes them: cli/codeCache.cts). */
export const REGEX_ENGINE_FLAGS = [
  'enable-experimental-regexp-engine',
  'enable-experimental-regexp-engine-on-excessive-backtracks',
  'no-regexp-peephole-optimization',
];
for (const flag of REGEX_ENGINE_FLAGS) v8.setFlagsFromString(`--${flag}`);

/** The setting that undoes `flag` (one of REGEX_ENGINE_FLAGS): V8's default. */
export function undoFlag(flag: string): string {
  return flag.startsWith('no-') ? flag.slice(3) : `no-${flag}`;
}

/**
 * The JavaScript form of a pattern V8 can also run in linear time; null for
 * the others. `linear` is the answer when the caller knows it (a pattern of
 * the same shape was asked already): V8 then parses the pattern once, not
 * twice.
 */
export function linearSafeJs(parsed: ParsedRegex, lines: number, linear?: boolean): EmittedRegex | null {
  if (linear === false) return null;
  const js = tryEmit(() => emitJs(parsed, lines));
  if (!('source' in js)) return null;
  if (linear === true) return js;
  try {
    new RegExp(js.source, 'l');
    return js;
  } catch {
    return null;
  }
}

/** Whether V8 runs the pattern in linear time (its JavaScript form takes the 'l' flag); undefined when Perl refuses it or only Perl runs it. */
export function runsInLinearTime(perlSource: string, lines = 1): boolean | undefined {
  try {
    return linearSafeJs(parsePerlRegex(perlSource), lines) !== null;
  } catch {
    return undefined;
  }
}

/** A pattern only Perl runs exactly, for the reason `why`: on the Perl interpreter, if it starts. */
function onPerl(perlSource: string, why: string): CompiledRegex {
  const regex = compileOnPerl(perlSource);
  if ('refused' in regex) throw new PerlSyntaxError(regex.refused);
  if ('unavailable' in regex) throw new UnsupportedPerlError(why, regex.unavailable);
  return { regex, engine: 'perl', perlReason: why, required: null, lowerCaseRequired: null, alternatives: null };
}

/**
 * Compile a Perl pattern for texts of `lines` lines (more than one: the text
 * holds newlines, and `$` may match before a final one). Throws
 * PerlSyntaxError when Perl refuses the pattern, UnsupportedPerlError when
 * only Perl runs it with its meaning and perl cannot be started. `linear`:
 * runsInLinearTime's answer for a pattern of the same shape, when known.
 */
export function compileRegex(perlSource: string, lines = 1, linear?: boolean): CompiledRegex {
  let parsed: ParsedRegex;
  try {
    parsed = parsePerlRegex(perlSource);
  } catch (e) {
    if (e instanceof UnsupportedPerlError) return onPerl(perlSource, e.what);
    throw e;
  }
  const required = requiredLiterals(parsed.root);
  const lowerCaseRequired = required?.every((lit) => lit === lit.toLowerCase()) ? required : null;
  const alternatives = alternativeLiterals(parsed.root, required);
  const fast = linearSafeJs(parsed, lines, linear);
  if (fast) return jsCompiled(fast.source, fast, parsed, required, alternatives);
  const re2 = tryEmit(() => emitRe2(parsed, lines));
  // the native module loads with the first pattern that needs it (null only in a broken install)
  const RE2Engine = 'source' in re2 ? loadRE2() : null;
  if ('source' in re2 && RE2Engine) {
    try {
      const regex = new RE2Engine(re2.source) as unknown as EngineRegex;
      return { regex: wrap(regex, re2, parsed), engine: 're2', required, lowerCaseRequired, alternatives };
    } catch {
      // too large for RE2 (a{2000}): JavaScript may do
    }
  }
  const js = tryEmit(() => emitJs(parsed));
  // the JavaScript reason names the construct; RE2's is the usual "no backtracking"
  if (!('source' in js)) return onPerl(perlSource, js.reason);
  return { regex: wrap(new RegExp(js.source), js, parsed), engine: 'js', required, lowerCaseRequired, alternatives };
}

/** What the log says, once, about a pattern that runs on the Perl interpreter; null for the others. */
export function perlEngineNote(perlSource: string, compiled: CompiledRegex): string | null {
  if (compiled.engine !== 'perl') return null;
  return `regular expression '${perlSource}' runs on the Perl interpreter (${compiled.perlReason} has no exact RE2 or JavaScript form)`;
}

/** Perl's quotemeta: backslash before every char that is not a word char. */
export function quotemeta(text: string): string {
  return text.replace(/[^A-Za-z0-9_\x80-\xff]/g, '\\$&');
}
