// The times of the events a counting operation (SingleWithThreshold,
// SingleWith2Thresholds) holds in its window, oldest first, kept compact:
// such operations can be hundreds of thousands, most of them never count a
// second event, and an array costs 56 bytes beyond its times. So one time is
// a bare number, two are an array of exactly two; more grow by push, in
// place (copying each time into an array of the exact length saved little
// memory and cost the garbage collector more: every copy of a long-lived
// operation's list survives a scavenge). Saved state and dumps show every
// form as a list.

export type CountedTimes = number | number[];

export function countOf(times: CountedTimes): number {
  return typeof times === 'number' ? 1 : times.length;
}

/** The oldest time; undefined when there is none. */
export function oldestOf(times: CountedTimes): number | undefined {
  return typeof times === 'number' ? times : times[0];
}

/** `times` with `time` added after the last one (an array of two or more is changed in place). */
export function withTime(times: CountedTimes, time: number): CountedTimes {
  if (typeof times === 'number') return [times, time];
  if (times.length === 0) return time;
  times.push(time);
  return times;
}

/** `times` without the `count` oldest ones. */
export function withoutOldest(times: CountedTimes, count: number): CountedTimes {
  if (count <= 0) return times;
  if (typeof times === 'number') return [];
  const left = times.length - count;
  if (left === 1) return times[times.length - 1];
  if (left <= 0) return [];
  return times.slice(count);
}

/** How many of the oldest times are before `from`. */
export function countBefore(times: CountedTimes, from: number): number {
  if (typeof times === 'number') return times < from ? 1 : 0;
  let n = 0;
  while (n < times.length && times[n] < from) n++;
  return n;
}

/** The times as a list (a new array only for a bare number). */
export function listOf(times: CountedTimes): number[] {
  return typeof times === 'number' ? [times] : times;
}
