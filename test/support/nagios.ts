// A real Nagios 4 as a test's own peer: a minimal configuration in a scratch
// folder (host web1 with the passive service "SSH logins", external
// commands read from a named pipe there), run in the foreground as a child
// of the test so it can be stopped and started again, and its status.dat
// read back.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after } from 'node:test';
import { fileText, scratchDir, waitFor } from './process.js';

export const NAGIOS_BIN = '/usr/sbin/nagios4';
export const nagiosInstalled = fs.existsSync(NAGIOS_BIN);

/** Objects: one host and one passive-only service; Nagios wants a command, a time period and a contact even when nothing is checked or notified. */
const OBJECTS = `define command {
    command_name do_nothing
    command_line /bin/true
}
define timeperiod {
    timeperiod_name always
    alias always
${['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'].map((d) => `    ${d} 00:00-24:00`).join('\n')}
}
define contact {
    contact_name nobody
    host_notifications_enabled 0
    service_notifications_enabled 0
    host_notification_period always
    service_notification_period always
    host_notification_options n
    service_notification_options n
    host_notification_commands do_nothing
    service_notification_commands do_nothing
}
define host {
    host_name web1
    address 127.0.0.1
    check_command do_nothing
    active_checks_enabled 0
    passive_checks_enabled 1
    check_freshness 0
    max_check_attempts 1
    check_period always
    contacts nobody
    notification_period always
}
define service {
    host_name web1
    service_description SSH logins
    check_command do_nothing
    active_checks_enabled 0
    passive_checks_enabled 1
    check_freshness 0
    max_check_attempts 1
    check_interval 1
    retry_interval 1
    check_period always
    contacts nobody
    notification_period always
}
`;

function mainConfig(dir: string): string {
  const settings: Record<string, string | number> = {
    log_file: `${dir}/nagios.log`,
    cfg_file: `${dir}/objects.cfg`,
    object_cache_file: `${dir}/objects.cache`,
    precached_object_file: `${dir}/objects.precache`,
    status_file: `${dir}/status.dat`,
    lock_file: `${dir}/nagios.lock`,
    // not the packaged /var/lib/nagios4/rw: only the nagios user (or root) may write there
    query_socket: `${dir}/nagios.qh`,
    temp_file: `${dir}/nagios.tmp`,
    temp_path: dir,
    check_result_path: `${dir}/checkresults`,
    state_retention_file: `${dir}/retention.dat`,
    retain_state_information: 0,
    // as root (CI) Nagios runs as root; otherwise as whoever runs the test
    nagios_user: process.getuid?.() === 0 ? 'root' : String(process.getuid?.()),
    nagios_group: process.getgid?.() === 0 ? 'root' : String(process.getgid?.()),
    check_external_commands: 1,
    command_file: `${dir}/rw/nagios.cmd`,
    log_external_commands: 1,
    log_passive_checks: 1,
    status_update_interval: 1,
    accept_passive_service_checks: 1,
    accept_passive_host_checks: 1,
    execute_service_checks: 0,
    execute_host_checks: 0,
    enable_notifications: 0,
  };
  return Object.entries(settings)
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');
}

/** One block of status.dat ("servicestatus {" ... "}"): its kind and its key=value lines. */
export interface StatusBlock {
  kind: string;
  fields: Record<string, string>;
}

export function parseStatus(text: string): StatusBlock[] {
  const blocks: StatusBlock[] = [];
  for (const m of text.matchAll(/^(\w+) \{\n([\s\S]*?)^\s*\}/gm)) {
    const fields: Record<string, string> = {};
    for (const line of m[2].split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) fields[line.slice(0, eq).trim()] = line.slice(eq + 1);
    }
    blocks.push({ kind: m[1], fields });
  }
  return blocks;
}

const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

export class Nagios {
  readonly dir: string;
  readonly commandFile: string;
  readonly statusFile: string;
  readonly logFile: string;
  private readonly configFile: string;
  private child: ChildProcess | null = null;

  constructor() {
    this.dir = scratchDir('sec-nagios4-');
    this.commandFile = path.join(this.dir, 'rw', 'nagios.cmd');
    this.statusFile = path.join(this.dir, 'status.dat');
    this.logFile = path.join(this.dir, 'nagios.log');
    this.configFile = path.join(this.dir, 'nagios.cfg');
    fs.mkdirSync(path.join(this.dir, 'rw'));
    fs.mkdirSync(path.join(this.dir, 'checkresults'));
    fs.writeFileSync(path.join(this.dir, 'objects.cfg'), OBJECTS);
    fs.writeFileSync(this.configFile, mainConfig(this.dir));
  }

  /** Start Nagios and wait until it reads its command file and has written status.dat. */
  async start(): Promise<void> {
    const launched = () => this.log().split('Successfully launched command file worker').length - 1;
    const before = launched();
    fs.rmSync(this.statusFile, { force: true });
    const child = spawn(NAGIOS_BIN, [this.configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('latin1').on('data', (d: string) => (stderr += d));
    running.add(child);
    child.on('exit', () => running.delete(child));
    this.child = child;
    await waitFor(
      () => child.exitCode === null && launched() > before && fs.existsSync(this.statusFile),
      () => `nagios4 to start (exit ${child.exitCode}; ${stderr}${this.log().slice(-2000)})`,
    );
  }

  /** Stop Nagios (TERM) and wait until it has exited. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child === null) return;
    child.kill('SIGTERM');
    await waitFor(() => !running.has(child), 'nagios4 to exit');
    this.child = null;
  }

  log(): string {
    return fileText(this.logFile);
  }

  /** The status.dat fields of a service, or undefined when it is not listed (yet). */
  serviceStatus(host: string, service: string): Record<string, string> | undefined {
    return parseStatus(fileText(this.statusFile)).find(
      (b) => b.kind === 'servicestatus' && b.fields.host_name === host && b.fields.service_description === service,
    )?.fields;
  }

  /** The status.dat fields of a host, or undefined when it is not listed (yet). */
  hostStatus(host: string): Record<string, string> | undefined {
    return parseStatus(fileText(this.statusFile)).find((b) => b.kind === 'hoststatus' && b.fields.host_name === host)?.fields;
  }

  /** The outputs of the passive service results Nagios logged, in the order it read them. */
  serviceResultsLogged(host: string, service: string): string[] {
    const prefix = `EXTERNAL COMMAND: PROCESS_SERVICE_CHECK_RESULT;${host};${service};`;
    return this.log()
      .split('\n')
      .filter((l) => l.includes(prefix))
      .map((l) => l.slice(l.indexOf(prefix) + prefix.length).replace(/^\d;/, ''));
  }
}
