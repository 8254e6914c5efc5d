// A Pair's pattern2 with the first event's values in it is a pattern of its
// own for every operation (a session id, a message id), and translating
// each from Perl cost more than V8 compiling it. Where no value can change
// the pattern's shape (fillKeepingShape: values go in quoted, and only where
// they stay literals), the template is translated once, with a marker byte
// in each hole; an operation's pattern is then that translation with the
// value's bytes where its marker was, in the JavaScript source and in the
// literals every match holds. Only for patterns V8 runs in linear time, and
// only after a trial value gave exactly what translating the filled-in
// pattern gives (a hole under (?i), say, would not).
//
// Where the pattern starts with literal text holding every hole, an
// operation needs no regex of its own at all (literalHead.ts).
import { addRange, emptySet, setSource } from './byteSets.js';
import { fillKeepingShape } from './matchVars.js';
import { parsePerlRegex, type ParsedRegex } from './perlSyntax.js';
import { type HeadPlan, headPlan, literalHeaded } from './literalHead.js';
import { type CompiledRegex, compileRegex, jsCompiled, jsFormOf, linearSafeJs, quotemeta } from './regex.js';
import type { EmittedRegex } from './regexEmit.js';
import { alternativeLiterals, foldByte, MIN_LENGTH, requiredLiterals } from './requiredLiterals.js';

/** Marker bytes, one per hole: control characters that rule files hardly hold (a template that makes one of those in use itself is not made). */
const MARKERS = [1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15];
/**
 * A hole's marker is its byte this many times: as long as a short value, so
 * the literals around a hole are long enough to be worth looking for, as
 * they are once a value is in (requiredLiterals keeps none shorter).
 */
const MARKER_WIDTH = 3;
const markerOf = (hole: number): string => String.fromCharCode(MARKERS[hole]).repeat(MARKER_WIDTH);

/** Each byte as the JavaScript translation writes it as a literal. */
const LITERAL_SOURCE = Array.from({ length: 256 }, (_, c) => setSource(addRange(emptySet(), c, c)));

/** The value the template is tried with before it is used: letters of both cases, a digit, a quoted character. */
const TRIAL_VALUE = 'aZ.9';

export interface RegexTemplate {
  /** Whether fill makes no regex of its own (LiteralHeaded): a filled pattern then costs less to make again than to keep. */
  readonly compilesNothing: boolean;
  /** The compiled pattern with `values` (as matched, not quoted) in its holes, in order; null for a value with a character above 0xff. */
  fill(values: readonly string[]): CompiledRegex | null;
}

class MarkedTranslation implements RegexTemplate {
  /** The JavaScript source around the holes: pieces[0], hole holeAt[0], pieces[1], ... */
  private readonly pieces: string[] = [];
  /** The hole (value index) at each place in the source, in source order. */
  private readonly holeAt: number[] = [];
  /** How filled patterns are matched without a regex of their own (literalHead.ts); null when the pattern does not start with literal text holding every hole. */
  private readonly head: HeadPlan | null;
  readonly compilesNothing: boolean;

  constructor(
    private readonly emitted: EmittedRegex,
    private readonly parsed: ParsedRegex,
    private readonly holes: number,
    private readonly required: string[] | null,
    private readonly alternatives: string[] | null,
  ) {
    const places: { at: number; hole: number; length: number }[] = [];
    for (let hole = 0; hole < holes; hole++) {
      const byte = LITERAL_SOURCE[MARKERS[hole]];
      const written = byte.repeat(MARKER_WIDTH);
      const at = emitted.source.indexOf(written);
      // the marker's byte nowhere but in its hole: one the template makes itself (\x01, a class of
      // that byte alone) would be taken for a hole, here and in the literals
      if (at === -1 || occurrences(emitted.source, byte) !== MARKER_WIDTH) throw new Error('a marker byte outside its hole');
      places.push({ at, hole, length: written.length });
    }
    places.sort((a, b) => a.at - b.at);
    let from = 0;
    for (const { at, hole, length } of places) {
      this.pieces.push(emitted.source.slice(from, at));
      this.holeAt.push(hole);
      from = at + length;
    }
    this.pieces.push(emitted.source.slice(from));
    this.head = headPlan(this.pieces);
    this.compilesNothing = this.head !== null;
  }

  fill(values: readonly string[]): CompiledRegex | null {
    if (values.length !== this.holes) return null;
    let source = this.pieces[0];
    // the values in the order of their places, for the literal head
    const byPlace: string[] = [];
    for (let k = 0; k < this.holeAt.length; k++) {
      const value = values[this.holeAt[k]];
      for (let i = 0; i < value.length; i++) {
        const c = value.charCodeAt(i);
        if (c > 0xff) return null;
        source += LITERAL_SOURCE[c];
      }
      source += this.pieces[k + 1];
      byPlace.push(value);
    }
    const folded = values.map(foldValue);
    const regex = this.head === null ? source : literalHeaded(this.head, byPlace, source);
    return jsCompiled(regex, this.emitted, this.parsed, withValues(this.required, folded), withValues(this.alternatives, folded));
  }
}

/** A value folded as required literals are (ASCII letters in lower case). */
function foldValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) out += String.fromCharCode(foldByte(value.charCodeAt(i)));
  return out;
}

const MARKER_HOLE = new Map(MARKERS.map((m, hole) => [String.fromCharCode(m), hole]));

function occurrences(text: string, piece: string): number {
  let n = 0;
  for (let at = text.indexOf(piece); at !== -1; at = text.indexOf(piece, at + piece.length)) n++;
  return n;
}

/**
 * Literals with each marker replaced by its hole's folded value: each is in
 * every match, as the marker was. Null when one comes out too short to be
 * worth looking for (an empty value).
 */
function withValues(literals: string[] | null, folded: readonly string[]): string[] | null {
  if (literals === null) return null;
  const out: string[] = [];
  for (const lit of literals) {
    let text = '';
    for (let i = 0; i < lit.length; i++) {
      const hole = MARKER_HOLE.get(lit[i]);
      // a byte of a marker not in use is the template's own
      if (hole === undefined || hole >= folded.length) text += lit[i];
      else {
        text += folded[hole];
        i += MARKER_WIDTH - 1;
      }
    }
    if (text.length < MIN_LENGTH) return null;
    out.push(text);
  }
  return out;
}

/**
 * The template of a pattern whose `$` variables get quoted values (Pair's
 * pattern2), translated once; null where that cannot be done exactly (see
 * the top of this file), and each operation's pattern is compiled whole.
 */
export function compileRegexTemplate(template: string, lines: number): RegexTemplate | null {
  let holes = 0;
  const marked = fillKeepingShape(template, (hole) => {
    holes = hole + 1;
    return hole < MARKERS.length ? markerOf(hole) : '';
  });
  if (marked === null || holes === 0 || holes > MARKERS.length) return null;
  try {
    const parsed = parsePerlRegex(marked);
    const emitted = linearSafeJs(parsed, lines);
    if (emitted === null) return null;
    const required = requiredLiterals(parsed.root);
    const translation = new MarkedTranslation(emitted, parsed, holes, required, alternativeLiterals(parsed.root, required));
    return agreesOnTrial(translation, template, holes, lines) ? translation : null;
  } catch {
    return null;
  }
}

/**
 * Whether the translation filled with TRIAL_VALUE is the JavaScript that
 * compiling the filled-in template gives (its literals may be others that
 * every match holds too: the ones around a marker are chosen by its length).
 */
function agreesOnTrial(translation: RegexTemplate, template: string, holes: number, lines: number): boolean {
  const filled = translation.fill(Array.from({ length: holes }, () => TRIAL_VALUE));
  const source = fillKeepingShape(template, quotemeta(TRIAL_VALUE));
  if (filled === null || source === null) return false;
  return JSON.stringify(jsFormOf(filled)) === JSON.stringify(jsFormOf(compileRegex(source, lines)));
}
