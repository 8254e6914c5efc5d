// The built-in event time formats of --event-time, one scanner each, written
// by hand: they run on every line. Each reads the time at the start of the
// line (after a syslog <PRI>, where the format has one).
import { MONTHS } from '../localtime.js';
import { clearFields, digitAt, digitsAt, type FieldScanner, scanFraction, scanZone, type TimeFields } from './fields.js';

/** The index after a syslog priority `<N>` (1-3 digits) at `start`, or `start` when there is none. */
function afterPriority(line: string, start: number): number {
  if (line.charCodeAt(start) !== 60) return start;
  let i = start + 1;
  while (digitAt(line, i) >= 0) i++;
  return i > start + 1 && i <= start + 4 && line.charCodeAt(i) === 62 ? i + 1 : start;
}

/** Three character codes as one number: month abbreviations are looked up without cutting a string from the line. */
const codeKey = (text: string, i: number): number => text.charCodeAt(i) * 65536 + text.charCodeAt(i + 1) * 256 + text.charCodeAt(i + 2);

const MONTH_BY_ABBREVIATION = new Map(MONTHS.map((m, i) => [codeKey(m, 0), i]));

/** hh:mm:ss at `i` into `out`; the index after it, or -1. */
function scanClock(line: string, i: number, out: TimeFields): number {
  const hour = digitsAt(line, i, 2);
  const minute = digitsAt(line, i + 3, 2);
  const second = digitsAt(line, i + 6, 2);
  if (hour < 0 || minute < 0 || second < 0 || line.charCodeAt(i + 2) !== 58 || line.charCodeAt(i + 5) !== 58) return -1;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  return i + 8;
}

/** RFC 3164: "Mmm dd hh:mm:ss" (day padded with a space or a zero), no year, local time; a fraction may follow the seconds. */
const syslog: FieldScanner = (line, start, out) => {
  const i = afterPriority(line, start);
  const month = MONTH_BY_ABBREVIATION.get(codeKey(line, i));
  if (month === undefined || line.charCodeAt(i + 3) !== 32) return -1;
  let d = i + 4;
  if (line.charCodeAt(d) === 32) d++;
  const tens = digitAt(line, d);
  const units = digitAt(line, d + 1);
  if (tens < 0) return -1;
  out.month = month;
  out.day = units < 0 ? tens : tens * 10 + units;
  const c = units < 0 ? d + 1 : d + 2;
  if (line.charCodeAt(c) !== 32) return -1;
  let end = scanClock(line, c + 1, out);
  if (end > 0 && line.charCodeAt(end) === 46) end = scanFraction(line, end + 1, out);
  return end;
};

/** After an RFC 5424 header "<PRI>1 " at `start`, or `start` when there is none. */
function after5424Header(line: string, start: number): number {
  const p = afterPriority(line, start);
  return p > start && digitAt(line, p) >= 0 && line.charCodeAt(p + 1) === 32 ? p + 2 : p;
}

/** RFC 5424 / RFC 3339 / ISO 8601: YYYY-MM-DD[T ]hh:mm[:ss[.f]][Z|±hh[:mm]]; no zone: local time. */
const iso8601: FieldScanner = (line, start, out) => {
  const i = after5424Header(line, start);
  const year = digitsAt(line, i, 4);
  const month = digitsAt(line, i + 5, 2);
  const day = digitsAt(line, i + 8, 2);
  if (year < 0 || month < 0 || day < 0 || line.charCodeAt(i + 4) !== 45 || line.charCodeAt(i + 7) !== 45) return -1;
  const sep = line.charCodeAt(i + 10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return -1;
  const hour = digitsAt(line, i + 11, 2);
  const minute = digitsAt(line, i + 14, 2);
  if (hour < 0 || minute < 0 || line.charCodeAt(i + 13) !== 58) return -1;
  out.year = year;
  out.month = month - 1;
  out.day = day;
  out.hour = hour;
  out.minute = minute;
  let j = i + 16;
  if (line.charCodeAt(j) === 58) {
    const second = digitsAt(line, j + 1, 2);
    if (second < 0) return -1;
    out.second = second;
    j += 3;
    const dot = line.charCodeAt(j);
    if (dot === 46 || dot === 44) j = scanFraction(line, j + 1, out);
  }
  const zoned = scanZone(line, j, out);
  return zoned < 0 ? j : zoned;
};

/** What must not follow an epoch number: a letter or digit, or - : / that would make it part of a date or clock time. */
const continuesNumber = (c: number): boolean => c === 45 || (c >= 47 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Digits with an optional fraction at `start`, not followed by what continues a number, date or time; scale 1000 for seconds, 1 for milliseconds. */
function scanEpoch(line: string, start: number, out: TimeFields, scale: number, maxDigits: number): number {
  let n = 0;
  let i = start;
  for (let d = digitAt(line, i); d >= 0; d = digitAt(line, ++i)) n = n * 10 + d;
  if (i === start || i - start > maxDigits) return -1;
  let ms = n * scale;
  if (line.charCodeAt(i) === 46 && digitAt(line, i + 1) >= 0) {
    let frac = 0;
    let unit = scale / 10;
    for (let d = digitAt(line, ++i); d >= 0; d = digitAt(line, ++i)) {
      frac += d * unit;
      unit /= 10;
    }
    ms += frac;
  }
  if (continuesNumber(line.charCodeAt(i))) return -1;
  out.epochMs = Math.floor(ms);
  return i;
}

const epoch: FieldScanner = (line, start, out) => scanEpoch(line, start, out, 1000, 11);
const epochMs: FieldScanner = (line, start, out) => scanEpoch(line, start, out, 1, 16);

/** Each format in turn; an epoch number of 12 digits or more is taken as milliseconds. */
const AUTO_ORDER = [iso8601, syslog, epoch, epochMs];
const auto: FieldScanner = (line, start, out) => {
  for (const scan of AUTO_ORDER) {
    clearFields(out); // a format that failed half-way may have filled some parts
    const end = scan(line, start, out);
    if (end >= 0) return end;
  }
  return -1;
};

export const BUILTIN_FORMATS = { syslog, iso8601, epoch, 'epoch-ms': epochMs, auto } satisfies Record<string, FieldScanner>;

export type BuiltinFormat = keyof typeof BUILTIN_FORMATS;

export const isBuiltinFormat = (name: string): name is BuiltinFormat => Object.hasOwn(BUILTIN_FORMATS, name);
