// Action-list variables (%name): user variables set by assign/copy/pop...,
// and the built-ins: %s (the operation's desc), %t and %u (now), %.year and
// the other time pieces, %.nl %.tab %.sp %.cr %.chr0..%.chr31 (with
// --compat=2.9.3 or later up to %.chr255, as SEC 2.9.3 added them: each is
// the byte as a latin1 character), and %%.
import type { PerlKept } from '../perl/interpreter.js';
import type { Clock } from '../time/clock.js';
import { perlLocaltime, timeParts, tzName } from '../time/localtime.js';

/** The one time piece that is made only when read. */
const ZONE_NAME = '.tzname';

const VAR_RE = /%(?:(\.?[A-Za-z]\w*|%)|\{(\.?[A-Za-z]\w*)\})/g;

/** Texts split at their %variables, by text: texts come from rule files and actions, so there are few. */
const percentTemplates = new Map<string, string[]>();
/** A table past this size is dropped: texts made at run time (values put in by $ substitution) must not pile up. */
const MAX_PERCENT_TEMPLATES = 50_000;

/** `text` as literal pieces with the names of its variables between them (always an odd count). */
function percentTemplate(text: string): string[] {
  let parts = percentTemplates.get(text);
  if (parts !== undefined) return parts;
  parts = [];
  let last = 0;
  VAR_RE.lastIndex = 0;
  for (let m = VAR_RE.exec(text); m; m = VAR_RE.exec(text)) {
    parts.push(text.slice(last, m.index), m[1] ?? m[2]);
    last = m.index + m[0].length;
  }
  VAR_RE.lastIndex = 0;
  parts.push(text.slice(last));
  if (percentTemplates.size >= MAX_PERCENT_TEMPLATES) percentTemplates.clear();
  percentTemplates.set(text, parts);
  return parts;
}

function charVariables(allChars: boolean): Map<string, string> {
  const m = new Map<string, string>([
    ['%', '%'],
    ['.nl', '\n'],
    ['.cr', '\r'],
    ['.tab', '\t'],
    ['.sp', ' '],
  ]);
  for (let i = 0; i < (allChars ? 256 : 32); i++) m.set(`.chr${i}`, String.fromCharCode(i));
  return m;
}

export class ActionVariables {
  /** Every variable by name (without %); undefined = set but undefined (empty). */
  readonly values: Map<string, string | undefined>;
  /**
   * Variables that eval left holding a Perl reference (a code reference for
   * call): the reference stays in perl; `values` has how it prints.
   */
  private readonly perlRefs = new Map<string, PerlKept>();
  private timeSecond = -1;
  /** %.tzname is out of date: it is asked for (it may start date(1)) only when read. */
  private zoneStale = false;
  /** %u and %t of timeSecond, made once a second. */
  private secondsText = '';
  private localTimeText = '';

  /** @param allChars %.chr32..%.chr255 are defined too (SEC 2.9.3 and later) */
  constructor(
    private readonly clock: Clock,
    private readonly allChars = false,
  ) {
    this.values = new Map(charVariables(allChars));
  }

  /** Forget user variables (full restart); the built-ins stay. */
  clear(): void {
    this.values.clear();
    this.perlRefs.clear();
    for (const [k, v] of charVariables(this.allChars)) this.values.set(k, v);
    this.timeSecond = -1;
    this.zoneStale = false;
  }

  get(name: string): string | undefined {
    if (name === ZONE_NAME && this.zoneStale) {
      this.zoneStale = false;
      this.values.set(ZONE_NAME, tzName(new Date(this.timeSecond * 1000)));
    }
    return this.values.get(name);
  }

  set(name: string, value: string | undefined): void {
    this.values.set(name, value);
    if (this.perlRefs.size) this.perlRefs.delete(name);
  }

  /** Make the variable hold a reference kept in perl (eval's single reference result). */
  setPerlRef(name: string, kept: PerlKept): void {
    this.values.set(name, kept.text);
    this.perlRefs.set(name, kept);
  }

  /** The Perl reference the variable holds, if it holds one. */
  perlRef(name: string): PerlKept | undefined {
    return this.perlRefs.get(name);
  }

  delete(name: string): void {
    this.values.delete(name);
    this.perlRefs.delete(name);
  }

  /** Perl truth: defined, not empty and not "0". */
  isTrue(name: string): boolean {
    const v = this.get(name);
    return v !== undefined && v !== '' && v !== '0';
  }

  private refreshTime(): void {
    const now = this.clock.seconds();
    if (now !== this.timeSecond) {
      this.timeSecond = now;
      for (const [k, v] of Object.entries(timeParts(now))) this.values.set(`.${k}`, v);
      this.zoneStale = true;
      this.secondsText = String(now);
      this.localTimeText = perlLocaltime(now);
    }
    // %u and %t can be overwritten by actions, so they are set before each use
    this.values.set('u', this.secondsText);
    this.values.set('t', this.localTimeText);
  }

  /** Put in every %variable of `text`; `desc` is the value of %s. */
  substitute(text: string, desc: string): string {
    if (text.indexOf('%') === -1) return text;
    this.refreshTime();
    const values = this.values;
    values.set('s', desc);
    const parts = percentTemplate(text);
    // literal, name, literal, ..., literal
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) {
      const name = parts[i];
      out += ((name === ZONE_NAME ? this.get(name) : values.get(name)) ?? '') + parts[i + 1];
    }
    return out;
  }

  /** User variables as plain data (for dumps and saved state). */
  toJSON(): Record<string, string | null> {
    const out: Record<string, string | null> = {};
    for (const [k, v] of this.values) if (!k.startsWith('.') && k !== '%') out[k] = v ?? null;
    return out;
  }
}
