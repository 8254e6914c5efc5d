// The event time options (--event-time, --event-time-regex,
// --event-time-format) checked and made into what reads each line's time.
import { BUILTIN_FORMATS, isBuiltinFormat } from './formats.js';
import { atLineStart, EventTimeReader, inRegexGroup, type TimeLocator } from './reader.js';
import { compileStrptime } from './strptime.js';

export interface EventTimeOptions {
  eventTime?: string;
  eventTimeRegex?: string;
  eventTimeFormat?: string;
}

/** Replay on event time as the options ask: how to find the time, and its name for the log and dumps. */
export interface EventTimeSetting {
  /** The format's name, or the regex and format given. */
  describe: string;
  /** A reader for one input, with the reference time for years a format leaves out. */
  reader(referenceMs: () => number): EventTimeReader;
}

const FORMAT_NAMES = Object.keys(BUILTIN_FORMATS).join(', ');

function setting(describe: string, locate: TimeLocator): EventTimeSetting {
  return { describe, reader: (referenceMs) => new EventTimeReader(locate, referenceMs) };
}

/** Replay on event time as the options ask, null when they do not, or what is wrong with them. */
export function eventTimeSetting(o: EventTimeOptions): EventTimeSetting | null | string {
  const { eventTime: format, eventTimeRegex: regex, eventTimeFormat: strptime } = o;
  if (regex === undefined && strptime === undefined) {
    if (format === undefined) return null;
    if (!isBuiltinFormat(format)) return `--event-time: unknown format '${format}' (known: ${FORMAT_NAMES}; or --event-time-regex with --event-time-format)`;
    return setting(format, atLineStart(BUILTIN_FORMATS[format]));
  }
  if (format !== undefined) return '--event-time cannot be given with --event-time-regex and --event-time-format';
  if (regex === undefined || strptime === undefined) return '--event-time-regex and --event-time-format need each other';
  let compiled: RegExp;
  try {
    compiled = new RegExp(regex);
  } catch (e) {
    return `--event-time-regex: ${(e as Error).message}`;
  }
  const groups = new RegExp(`${regex}|`).exec('') as RegExpExecArray;
  if (groups.length < 2) return `--event-time-regex: '${regex}' has no capture group for the time (the first group, or one named 'time')`;
  const scan = compileStrptime(strptime);
  if (typeof scan === 'string') return `--event-time-format: ${scan}`;
  return setting(`${strptime} in /${regex}/`, inRegexGroup(compiled, scan));
}
