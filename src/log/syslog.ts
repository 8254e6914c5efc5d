// --syslog=FACILITY: log messages also go to the system logger, as SEC's
// Sys::Syslog does: "<PRI>Mmm dd hh:mm:ss sec[PID]: message" datagrams on
// /dev/log. A missing or dead syslog daemon loses messages, never the process.
import path from 'node:path';
import { MONTHS } from '../time/localtime.js';
import { loadUnixDgram, type UnixDgramSocket } from './unixDgram.js';

// a Map, so a name like `constructor` from the command line finds nothing
const FACILITIES = new Map(
  Object.entries({
    kern: 0,
    user: 1,
    mail: 2,
    daemon: 3,
    auth: 4,
    syslog: 5,
    lpr: 6,
    news: 7,
    uucp: 8,
    cron: 9,
    authpriv: 10,
    ftp: 11,
    local0: 16,
    local1: 17,
    local2: 18,
    local3: 19,
    local4: 20,
    local5: 21,
    local6: 22,
    local7: 23,
  }),
);

/** SEC's log levels (index) → syslog severities: notice, crit, err, warning, notice, info, debug. */
const SEVERITY = [5, 2, 3, 4, 5, 6, 7];

export class SyslogWriter {
  private socket: UnixDgramSocket | null = null;
  private readonly tag = `${path.basename(process.argv[1] ?? 'sec')}[${process.pid}]`;

  constructor(
    private readonly facility: number,
    private readonly device = '/dev/log',
  ) {}

  /** A writer for a facility name; null (and a message) when the name is unknown. */
  static open(name: string): SyslogWriter | string {
    const facility = FACILITIES.get(name.toLowerCase().replace(/^log_/, ''));
    if (facility === undefined) return `Can't connect to syslog (syslog: invalid facility '${name}')`;
    return new SyslogWriter(facility);
  }

  private connect(): UnixDgramSocket | null {
    if (this.socket) return this.socket;
    const mod = loadUnixDgram();
    if (!mod) return null;
    try {
      const s = mod.createSocket('unix_dgram');
      s.on('error', () => this.close());
      s.connect(this.device);
      this.socket = s;
    } catch {
      this.socket = null;
    }
    return this.socket;
  }

  send(level: number, msg: string, now: Date): void {
    const s = this.connect();
    if (!s) return;
    const day = now.getDate();
    const stamp = `${MONTHS[now.getMonth()]} ${day < 10 ? ` ${day}` : day} ${now.toTimeString().slice(0, 8)}`;
    const pri = this.facility * 8 + (SEVERITY[level] ?? 5);
    try {
      s.send(Buffer.from(`<${pri}>${stamp} ${this.tag}: ${msg}`, 'latin1'), () => undefined);
    } catch {
      this.close();
    }
  }

  close(): void {
    try {
      this.socket?.close();
    } catch {
      // already closed
    }
    this.socket = null;
  }
}
