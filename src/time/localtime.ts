// Local-time formatting the way SEC's Perl prints it: `scalar localtime`
// for %t and log lines, and the strftime pieces behind %.monstr, %.tzoff...
import { builtin } from '../modules/onDemand.js';

const childProcess = builtin<typeof import('node:child_process')>('node:child_process');

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
/** English month abbreviations, as C's locale and syslog write them. */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Perl's `scalar localtime($sec)`: "Thu Jan  1 00:00:00 1970". */
export function perlLocaltime(seconds: number): string {
  const d = new Date(seconds * 1000);
  const day = d.getDate();
  return (
    `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${day < 10 ? ` ${day}` : day} ` +
    `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} ${d.getFullYear()}`
  );
}

/** Offset from UTC as strftime's %z: "+0200". */
export function tzOffset(d: Date): string {
  const off = -d.getTimezoneOffset();
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`;
}

const zoneNames = new Map<string, string>();

/**
 * Time zone abbreviation as strftime's %Z ("UTC", "JST", "EET"). The C
 * library knows abbreviations that JavaScript's Intl data lacks, so it is
 * asked once per zone and UTC offset (through date(1)); Intl is the fallback.
 */
export function tzName(d: Date): string {
  const key = `${process.env.TZ ?? ''}|${d.getTimezoneOffset()}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    try {
      name = childProcess()
        .execFileSync('date', ['-d', `@${Math.floor(d.getTime() / 1000)}`, '+%Z'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
        .trim();
    } catch {
      name = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
    }
    zoneNames.set(key, name);
  }
  return name;
}

export interface TimeParts {
  sec: string;
  min: string;
  hour: string;
  hmsstr: string;
  mday: string;
  mdaystr: string;
  mon: string;
  monstr: string;
  year: string;
  wday: string;
  wdaystr: string;
  tzoff: string;
  tzoff2: string;
}

/** The %.sec ... %.tzoff2 built-in action-list variables for one second, but %.tzname (tzName: it may start a process). */
export function timeParts(seconds: number): TimeParts {
  const d = new Date(seconds * 1000);
  const mdayNum = d.getDate();
  const tzoff = tzOffset(d);
  return {
    sec: pad2(d.getSeconds()),
    min: pad2(d.getMinutes()),
    hour: pad2(d.getHours()),
    hmsstr: `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`,
    mday: pad2(mdayNum),
    mdaystr: mdayNum < 10 ? ` ${mdayNum}` : String(mdayNum),
    mon: pad2(d.getMonth() + 1),
    monstr: MONTHS[d.getMonth()],
    year: String(d.getFullYear()),
    wday: String(d.getDay()),
    wdaystr: DAYS[d.getDay()],
    tzoff,
    tzoff2: `${tzoff.slice(0, 3)}:${tzoff.slice(3)}`,
  };
}
