// Local time is Central European for this whole file and for the sec
// processes it starts: set before any Date is used.
process.env.TZ = 'Europe/Berlin';

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { harness } from '../support/harness.js';
import { scratchDir, startSec } from '../support/process.js';

// Replay on event time (extension): a generated day of log lines run by
// bin/sec with --event-time must write exactly what the engine writes when
// the test harness moves its virtual clock to each line's time and feeds
// the line there, as if the lines had come live at their times.

/** Every timed thing of SEC, each writing what it does with the second (%u) or local time (%t) it happens at. */
const RULES = `type=SingleWithThreshold
ptype=RegExp
pattern=sshd\\[\\d+\\]: Failed password for (\\S+)
desc=failures of $1
action=write - %u threshold $1
window=600
thresh=3

type=PairWithWindow
ptype=RegExp
pattern=session opened for user (\\S+)
desc=session of $1
action=write - %u session of $1 not closed within the window
ptype2=RegExp
pattern2=session closed for user $1
desc2=session of %1 closed
action2=write - %u %s
window=1800

type=Pair
ptype=RegExp
pattern=link down on (\\S+)
desc=link $1
action=write - %u down $1
ptype2=RegExp
pattern2=link up on $1
desc2=link %1 up
action2=write - %u %s
window=0

type=EventGroup2
ptype=RegExp
pattern=disk error on (\\S+)
ptype2=RegExp
pattern2=fan failure on (\\S+)
desc=hardware
action=write - %u disk and fan trouble together
window=900

type=SingleWithSuppress
ptype=RegExp
pattern=queue full on (\\S+)
desc=queue $1
action=write - %u queue full on $1
window=3600

type=Single
ptype=RegExp
pattern=login of (\\S+)
desc=login $1
action=create USER_$1 1200 (write - %t user $1 logged in 20 minutes ago); write - %u user $1 in

type=Single
ptype=RegExp
pattern=job (\\d+) started
desc=job $1
action=event 30 DELAYED job $1; tevent 45 TDELAYED job $1; cevent JOBS 90 CDELAYED job $1

type=Single
ptype=RegExp
pattern=^(\\w+) job (\\d+)$
desc=delayed $1 $2
action=write - %u %t $1 job $2

type=Calendar
time=*/15 * * * *
desc=quarter
action=write - %t quarter of an hour
`;

/** mulberry32: the same lines on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MESSAGES = [
  (u: string) => `sshd[4242]: Failed password for ${u} from 10.0.0.1 port 22 ssh2`,
  (u: string) => `sshd[4242]: Failed password for ${u} from 10.0.0.1 port 22 ssh2`,
  (u: string) => `pam: session opened for user ${u}`,
  (u: string) => `pam: session closed for user ${u}`,
  (u: string) => `kernel: link down on eth-${u}`,
  (u: string) => `kernel: link up on eth-${u}`,
  (u: string) => `smartd: disk error on ${u}`,
  (u: string) => `ipmi: fan failure on ${u}`,
  (u: string) => `mta: queue full on ${u}`,
  (u: string) => `app: login of ${u}`,
  (_u: string, n: number) => `cron: job ${n} started`,
];
const USERS = ['alice', 'bob', 'carol', 'dave'];

interface LogLine {
  /** Epoch seconds. */
  at: number;
  /** The text after the time, or the whole line for one without a time. */
  text: string;
  dated: boolean;
}

/** About a day from 1 June 2026 00:00 (local): gaps mostly of seconds, some of minutes, a few of hours; a few lines without a time. */
function generate(count: number): LogLine[] {
  const rnd = prng(20261204);
  let at = new Date(2026, 5, 1, 0, 0, 0).getTime() / 1000;
  const lines: LogLine[] = [];
  for (let i = 0; i < count; i++) {
    const r = rnd();
    at += r < 0.9 ? Math.floor(rnd() * 10) : r < 0.997 ? 30 + Math.floor(rnd() * 270) : 3600 + Math.floor(rnd() * 3600);
    if (rnd() < 0.005) lines.push({ at, text: '-- MARK --', dated: false });
    else lines.push({ at, text: `host ${MESSAGES[Math.floor(rnd() * MESSAGES.length)](USERS[Math.floor(rnd() * USERS.length)], i)}`, dated: true });
  }
  return lines;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

const syslogLine = (l: LogLine): string => {
  if (!l.dated) return l.text;
  const d = new Date(l.at * 1000);
  return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${l.text}`;
};

const isoLine = (l: LogLine): string => (l.dated ? `${new Date(l.at * 1000).toISOString().replace('Z', '+00:00')} ${l.text}` : l.text);

/** What the engine writes when its clock is moved to each line's time and the line is fed there. */
function onVirtualClock(lines: LogLine[]): string {
  const h = harness(RULES, {}, lines[0].at);
  for (const l of lines) {
    if (l.at > h.clock.seconds() && l.dated) h.advance(l.at - h.clock.seconds());
    h.feed(syslogLine(l));
  }
  return h.output();
}

const LINES = generate(3000);
const expected = onVirtualClock(LINES);

/** Runs bin/sec on event time over `input` (a file name or '-' with `stdin`) and resolves to its standard output. */
async function replay(dir: string, format: string, input: string, stdin?: string): Promise<string> {
  const sec = startSec(['--conf=r.conf', `--input=${input}`, '--notail', `--event-time=${format}`, '--log=sec.log'], dir, {
    stdin,
    env: { ...process.env, TZ: 'Europe/Berlin' },
  });
  const { code } = await sec.exited;
  assert.equal(code, 0, sec.stderr());
  return sec.stdout();
}

function setUp(): string {
  const dir = scratchDir('sec-event-time-');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULES);
  return dir;
}

test('the generated day sets every rule off (the comparison below is not of empty outputs)', () => {
  for (const what of [
    'threshold',
    'not closed',
    'closed',
    'down',
    'up',
    'together',
    'queue full',
    'logged in 20 minutes ago',
    ' DELAYED',
    'TDELAYED',
    'CDELAYED',
    'quarter',
  ])
    assert.ok(expected.includes(what), what);
  const span = (LINES.at(-1) as LogLine).at - LINES[0].at;
  assert.ok(span > 80_000 && span < 200_000, `${span} s`);
});

test('--notail --event-time=syslog over a file writes what the engine writes on a clock moved to each line', async () => {
  const dir = setUp();
  const log = path.join(dir, 'day.log');
  fs.writeFileSync(log, `${LINES.map(syslogLine).join('\n')}\n`);
  // the year of syslog lines comes from the file's modification time
  const modified = new Date(2026, 5, 20);
  fs.utimesSync(log, modified, modified);
  const out = await replay(dir, 'syslog', 'day.log');
  assert.equal(out, expected);
  assert.match(fs.readFileSync(path.join(dir, 'sec.log'), 'latin1'), /Event time \(syslog\): 0 line\(s\) dated before the clock/);
});

test('the same lines in ISO 8601 through a pipe into --input=- give the same output', async () => {
  const dir = setUp();
  const out = await replay(dir, 'iso8601', '-', `${LINES.map(isoLine).join('\n')}\n`);
  assert.equal(out, expected);
});

test('event time options that cannot work stop sec at start with the reason on standard error and exit 1', async () => {
  const dir = setUp();
  for (const [args, reason] of [
    [['--event-time=rfc822'], /^--event-time: unknown format 'rfc822'/],
    [['--event-time-regex=([', '--event-time-format=%s'], /^--event-time-regex: Invalid regular expression/],
    [['--event-time-regex=(\\d+)', '--event-time-format=%H:%M'], /^--event-time-format: a format needs/],
  ] as const) {
    const sec = startSec(['--conf=r.conf', '--input=-', '--notail', ...args], dir, { stdin: '' });
    const { code } = await sec.exited;
    assert.equal(code, 1, args.join(' '));
    assert.match(sec.stderr(), reason);
  }
});
