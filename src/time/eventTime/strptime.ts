// A strptime-like format (--event-time-format) compiled once into a list of
// steps, each reading its part of the text by hand. Directives: %Y %y %m %d
// %e %H %M %S %b %f %z %s %%; white space in the format matches any run of
// white space (none included), anything else itself.
import { digitAt, type FieldScanner, MONTH_NAMES, scanFraction, scanZone, type TimeFields } from './fields.js';

/** Reads one part at `i`; the index after it, or -1. */
type Step = (text: string, i: number, out: TimeFields) => number;

/** The parts a number in the text sets. */
type NumberPart = 'year' | 'month' | 'day' | 'hour' | 'minute' | 'second';

/** Up to `max` digits (at least one, after a space where `padded`) at `i`, within [min, maxValue], into `part` (through `value`). */
function number(part: NumberPart, max: number, min: number, maxValue: number, padded = false, value = (n: number): number => n): Step {
  return (text, i, out) => {
    let j = padded && text.charCodeAt(i) === 32 ? i + 1 : i;
    const first = j;
    let n = 0;
    for (let d = digitAt(text, j); d >= 0 && j - first < max; d = digitAt(text, ++j)) n = n * 10 + d;
    if (j === first || n < min || n > maxValue) return -1;
    out[part] = value(n);
    return j;
  };
}

/** A month name at `i`, its three-letter abbreviation or in full, in any case. */
const monthName: Step = (text, i, out) => {
  const abbreviation = text.slice(i, i + 3).toLowerCase();
  const month = MONTH_NAMES.findIndex((name) => name.startsWith(abbreviation));
  if (abbreviation.length < 3 || month < 0) return -1;
  const full = MONTH_NAMES[month];
  out.month = month;
  return text.slice(i, i + full.length).toLowerCase() === full ? i + full.length : i + 3;
};

/** Epoch seconds (%s): the other parts then do not count, except a %f fraction. */
const epochSeconds: Step = (text, i, out) => {
  let j = i;
  let n = 0;
  for (let d = digitAt(text, j); d >= 0; d = digitAt(text, ++j)) n = n * 10 + d;
  if (j === i) return -1;
  out.epochMs = n * 1000;
  return j;
};

const DIRECTIVES: Record<string, Step> = {
  Y: number('year', 4, 0, 9999),
  // POSIX: 69-99 are 1969-1999, 00-68 are 2000-2068
  y: number('year', 2, 0, 99, false, (n) => (n < 69 ? 2000 + n : 1900 + n)),
  m: number('month', 2, 1, 12, false, (n) => n - 1),
  d: number('day', 2, 1, 31, true),
  e: number('day', 2, 1, 31, true),
  H: number('hour', 2, 0, 23),
  M: number('minute', 2, 0, 59),
  S: number('second', 2, 0, 60),
  b: monthName,
  f: (text, i, out) => {
    const end = scanFraction(text, i, out);
    return end > i ? end : -1;
  },
  z: scanZone,
  s: epochSeconds,
};

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

const skipSpace: Step = (text, i) => {
  let j = i;
  while (isSpace(text.charCodeAt(j))) j++;
  return j;
};

const literal =
  (s: string): Step =>
  (text, i) =>
    text.startsWith(s, i) ? i + s.length : -1;

/** What a format must give, so that a time can be made of it. */
const NEEDED = 'a format needs %s, or a month (%m or %b), a day (%d or %e), an hour (%H) and minutes (%M)';

/** Compile `format`; a scanner that must read all of its text, or what is wrong with the format. */
export function compileStrptime(format: string): FieldScanner | string {
  const steps: Step[] = [];
  const used = new Set<string>();
  let text = '';
  const flush = (): void => {
    if (text) steps.push(literal(text));
    text = '';
  };
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (isSpace(format.charCodeAt(i))) {
      flush();
      while (isSpace(format.charCodeAt(i + 1))) i++;
      steps.push(skipSpace);
    } else if (c !== '%') text += c;
    else {
      const d = format[++i];
      if (d === '%') text += '%';
      else if (d !== undefined && Object.hasOwn(DIRECTIVES, d)) {
        flush();
        steps.push(DIRECTIVES[d]);
        used.add(d);
      } else return `unknown directive %${d ?? ''} in '${format}' (known: %Y %y %m %d %e %H %M %S %b %f %z %s %%)`;
    }
  }
  flush();
  const dated = (used.has('m') || used.has('b')) && (used.has('d') || used.has('e')) && used.has('H') && used.has('M');
  if (!used.has('s') && !dated) return `${NEEDED}: '${format}'`;
  return (text, start, out) => {
    let i = start;
    for (const step of steps) {
      i = step(text, i, out);
      if (i < 0) return -1;
    }
    // with %s, a %f fraction adds to the epoch seconds
    if (out.epochMs !== undefined) out.epochMs += out.ms;
    return i;
  };
}
