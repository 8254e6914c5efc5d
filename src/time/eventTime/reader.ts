// An input's event times: the format's scanner on each line, then the
// parts it read turned into epoch milliseconds, with the year of a format
// that has none followed from line to line.
import { clearFields, type FieldScanner, newFields, type TimeFields, validFields } from './fields.js';
import { localToEpochMs } from './localTime.js';

/** Epoch milliseconds of the parts, in the year `year`. */
function epochOf(f: TimeFields, year: number): number {
  if (f.offsetMinutes === undefined) return localToEpochMs(year, f.month, f.day, f.hour, f.minute, f.second, f.ms);
  return Date.UTC(year, f.month, f.day, f.hour, f.minute, f.second, f.ms) - f.offsetMinutes * 60_000;
}

/**
 * The year of lines that carry none (syslog). The first such line gets the
 * year of `referenceMs` (the input file's modification time), or the year
 * before when that would put the line after the reference (a file begun in
 * December and written to in January). After that the year follows the
 * months: a month more than half a year before the last line's is in the
 * next year (December, then January), one more than half a year after it in
 * the year before (a late December line just after New Year).
 */
export class YearFollower {
  private year: number | undefined;
  private lastMonth = 0;

  constructor(private readonly referenceMs: number) {}

  yearOf(f: TimeFields): number {
    if (this.year === undefined) {
      const year = new Date(this.referenceMs).getFullYear();
      this.year = epochOf(f, year) > this.referenceMs ? year - 1 : year;
    } else if (f.month < this.lastMonth - 6) this.year++;
    else if (f.month > this.lastMonth + 6) this.year--;
    this.lastMonth = f.month;
    return this.year;
  }
}

/** Reads the event time of each line of one input. */
export class EventTimeReader {
  private readonly fields = newFields();
  private years: YearFollower | undefined;

  constructor(
    private readonly locate: TimeLocator,
    /** When the input was last written (epoch ms): the reference for years a format leaves out. Asked only when needed. */
    private readonly referenceMs: () => number,
  ) {}

  /** The line's time in epoch milliseconds, or null when it has none (or an impossible one: 31 April). */
  read(line: string): number | null {
    const f = this.fields;
    clearFields(f);
    if (!this.locate(line, f)) return null;
    if (f.epochMs !== undefined) return f.epochMs;
    let year = f.year;
    if (year === undefined) {
      this.years ??= new YearFollower(this.referenceMs());
      year = this.years.yearOf(f);
    }
    return validFields(f, year) ? epochOf(f, year) : null;
  }
}

/** Finds the time in a line and fills the parts; false when the line has none. */
export type TimeLocator = (line: string, out: TimeFields) => boolean;

/** A scanner at the start of the line. */
export const atLineStart =
  (scan: FieldScanner): TimeLocator =>
  (line, out) =>
    scan(line, 0, out) >= 0;

/** The time is what `regex`'s group `time` (else its first group) caught; `scan` must read all of it. */
export const inRegexGroup =
  (regex: RegExp, scan: FieldScanner): TimeLocator =>
  (line, out) => {
    const m = regex.exec(line);
    const text = m?.groups?.time ?? m?.[1];
    return text !== undefined && scan(text, 0, out) === text.length;
  };
