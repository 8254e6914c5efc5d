// The parts of a time as a parser reads them from a line, before the year
// (syslog lines have none) and the zone (none: local time) are settled.
// A parser fills one TimeFields object again and again: no allocation per line.

export interface TimeFields {
  /** Epoch milliseconds when the line gives them outright (epoch formats, %s): the other parts are then unused. */
  epochMs: number | undefined;
  /** Full year, or undefined when the line has none. */
  year: number | undefined;
  /** 0-11. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  /** Offset from UTC in minutes (east positive), or undefined for local time. */
  offsetMinutes: number | undefined;
}

export const newFields = (): TimeFields => ({
  epochMs: undefined,
  year: undefined,
  month: 0,
  day: 1,
  hour: 0,
  minute: 0,
  second: 0,
  ms: 0,
  offsetMinutes: undefined,
});

/** Back to "nothing read yet", before a parser fills it. */
export function clearFields(f: TimeFields): void {
  f.epochMs = undefined;
  f.year = undefined;
  f.month = 0;
  f.day = 1;
  f.hour = 0;
  f.minute = 0;
  f.second = 0;
  f.ms = 0;
  f.offsetMinutes = undefined;
}

/** Fills `out` from `text` at `start`; the index after the time, or -1 when there is no time there. */
export type FieldScanner = (text: string, start: number, out: TimeFields) => number;

export const MONTH_NAMES = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the clock parts are in range and the day exists in that month of `year`. */
export function validFields(f: TimeFields, year: number): boolean {
  if (f.month < 0 || f.month > 11 || f.day < 1 || f.hour > 23 || f.minute > 59 || f.second > 60) return false;
  return f.day <= (f.month === 1 && isLeap(year) ? 29 : MONTH_DAYS[f.month]);
}

/** The character code of the decimal digit at `i`, as a number 0-9, or -1. */
export function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** The number written by the `count` digits at `i`, or -1 unless all are digits. */
export function digitsAt(text: string, i: number, count: number): number {
  let n = 0;
  for (let k = 0; k < count; k++) {
    const d = digitAt(text, i + k);
    if (d < 0) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Fraction digits at `i` (after the dot) into `out.ms`, truncated to
 * milliseconds; the index after the last digit (i itself when there is none).
 */
export function scanFraction(text: string, i: number, out: TimeFields): number {
  let ms = 0;
  let scale = 100;
  let j = i;
  for (let d = digitAt(text, j); d >= 0; d = digitAt(text, ++j)) {
    ms += d * scale;
    scale /= 10;
  }
  out.ms = Math.floor(ms);
  return j;
}

/** A zone at `i`: Z, ±hh:mm, ±hhmm or ±hh into `out.offsetMinutes`; the index after it, or -1. */
export function scanZone(text: string, i: number, out: TimeFields): number {
  const c = text.charCodeAt(i);
  if (c === 90 || c === 122) {
    out.offsetMinutes = 0;
    return i + 1;
  }
  if (c !== 43 && c !== 45) return -1;
  const hours = digitsAt(text, i + 1, 2);
  if (hours < 0 || hours > 23) return -1;
  let j = i + 3;
  if (text.charCodeAt(j) === 58) j++;
  const minutes = digitsAt(text, j, 2);
  if (minutes > 59 || (minutes < 0 && j > i + 3)) return -1; // "+01:" must have its minutes
  const offset = hours * 60 + Math.max(minutes, 0);
  out.offsetMinutes = c === 45 ? -offset : offset;
  return minutes < 0 ? i + 3 : j + 2;
}
