// Local wall-clock time → epoch milliseconds, for event times written
// without a zone. Asking Date for the zone offset costs about a microsecond;
// on a log of a million lines nearly every line falls in the same hour as
// the one before, so the offset of the last wall-clock hour is kept (zone
// changes happen at whole hours, or half hours in a few zones: an hour with
// a change in it is not kept). TZ is taken to stay as it is for the process.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

let cachedHour = Number.NaN;
/** Offset of local time from UTC (ms) throughout `cachedHour`. */
let cachedOffsetMs = 0;

/** Offset from UTC (ms) of local time at the instant `utcMs`. */
const offsetAt = (utcMs: number): number => -new Date(utcMs).getTimezoneOffset() * 60_000;

/**
 * The instant of local wall-clock time `wallMs` (that wall time written as
 * if it were UTC), as mktime finds it: in an hour that occurs twice (clocks
 * go back) the first one; in an hour skipped (clocks go forward) the offset
 * from before the change, so 02:30 becomes 03:30.
 */
function resolveWall(wallMs: number): number {
  const before = offsetAt(wallMs - DAY_MS);
  const after = offsetAt(wallMs + DAY_MS);
  const early = wallMs - before;
  if (offsetAt(early) === before || before === after) return early;
  const late = wallMs - after;
  return offsetAt(late) === after ? late : early;
}

/** Local time given by its parts (month 0-11) → epoch milliseconds. */
export function localToEpochMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  const wallMs = Date.UTC(year, month, day, hour, minute, second, ms);
  const hourKey = Math.floor(wallMs / HOUR_MS);
  if (hourKey === cachedHour) return wallMs - cachedOffsetMs;
  const utc = resolveWall(wallMs);
  const offset = wallMs - utc;
  const start = hourKey * HOUR_MS - offset;
  if (offsetAt(start) === offset && offsetAt(start + HOUR_MS - 1) === offset) {
    cachedHour = hourKey;
    cachedOffsetMs = offset;
  }
  return utc;
}
