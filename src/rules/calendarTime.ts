// Calendar rule time specifications: crontab-style "minute hour day month
// weekday [year]" with lists, ranges (open-ended too), */step and range/step;
// day 0 means the last day of the month and weekday 7 is Sunday.
import type { CalendarTime } from './types.js';

/** Expand one crontab-style list; null when it is malformed or out of range. */
export function expandTimeList(spec: string, min: number, max: number, offset: number): Set<number> | null {
  const parts = spec.split(',');
  while (parts.length && parts[parts.length - 1] === '') parts.pop();
  if (!parts.length) return null;
  const out = new Set<number>();
  const bound = (s: string): number | null => {
    if (!/^[0-9]+$/.test(s)) return null;
    const n = Number(s);
    return n < min || n > max ? null : n;
  };
  for (let part of parts) {
    if (!part.length) continue;
    let step: number | null = null;
    const stepped = /^(.+)\/0*([0-9]+)$/.exec(part);
    if (stepped) {
      part = stepped[1];
      step = Number(stepped[2]);
      if (step === 0) return null;
    }
    let from: number;
    let to: number;
    if (part === '*') {
      from = min;
      to = max;
    } else {
      const dash = part.indexOf('-');
      if (dash === -1) {
        const n = bound(part);
        if (n === null || step !== null) return null;
        out.add(n + offset);
        continue;
      }
      const a = part.slice(0, dash);
      const b = part.slice(dash + 1);
      const lo = a.length ? bound(a) : min;
      const hi = b.length ? bound(b) : max;
      if (lo === null || hi === null) return null;
      from = lo;
      to = hi;
    }
    for (let i = from; i <= to; i += step ?? 1) out.add(i + offset);
  }
  return out;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59, offset: 0 },
  { name: 'hour', min: 0, max: 23, offset: 0 },
  { name: 'day', min: 0, max: 31, offset: 0 },
  { name: 'month', min: 1, max: 12, offset: -1 },
  { name: 'weekday', min: 0, max: 7, offset: 0 },
  { name: 'year', min: 0, max: 99, offset: 0 },
] as const;

/** Parse the time field; throws Error with SEC's reason. */
export function parseCalendarTime(spec: string): CalendarTime {
  const parts = spec.split(/\s+/).filter(Boolean);
  if (parts.length < 5 || parts.length > 6) throw new Error('Wrong number of elements in time specification');
  if (parts.length === 5) parts.push('*');
  const sets = FIELDS.map((f, i) => {
    const set = expandTimeList(parts[i], f.min, f.max, f.offset);
    if (!set) throw new Error(`Invalid ${f.name} specification '${parts[i]}'`);
    return set;
  });
  if (sets[4].has(7)) sets[4].add(0);
  return { minutes: sets[0], hours: sets[1], days: sets[2], months: sets[3], weekdays: sets[4], years: sets[5] };
}

/** Whether the calendar time covers this local time (minute resolution). */
export function calendarMatches(t: CalendarTime, d: Date): boolean {
  const tomorrow = new Date(d.getTime() + 86400_000);
  const lastDayOfMonth = tomorrow.getDate() === 1;
  return (
    t.minutes.has(d.getMinutes()) &&
    t.hours.has(d.getHours()) &&
    (t.days.has(d.getDate()) || (lastDayOfMonth && t.days.has(0))) &&
    t.months.has(d.getMonth()) &&
    t.weekdays.has(d.getDay()) &&
    t.years.has(d.getFullYear() % 100)
  );
}
