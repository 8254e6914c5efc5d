// A real Icinga 2 as a test's own short-lived peer: a minimal configuration
// in a scratch folder (its API on a free loopback port with certificates
// from openssl, an API user allowed to submit and read check results, host
// web1 with the passive service "SSH logins"), run in the foreground as the
// test's child in a process group of its own, so that the end of the test
// file can kill its worker processes too, whatever happened.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { fileText, scratchDir, waitFor, waitForAsync } from './process.js';
import type { TestCertificates } from './tls.js';

/** Whether Icinga 2 can be run here (tests skip plainly when not). */
export const icinga2Installed = spawnSync('icinga2', ['--version'], { stdio: 'ignore' }).status === 0;

export const ICINGA2_HOST = 'web1';
export const ICINGA2_SERVICE = 'SSH logins';
/** The node's name: its certificate's common name. */
export const ICINGA2_NODE = 'sec-test-icinga';
const API_USER = 'sec';
const API_PASSWORD = 'not-a-secret-test-password';
/** Icinga 2 runs as whoever runs the tests: only root may switch to another user. */
const RUN_AS = {
  user: os.userInfo().username,
  group: spawnSync('id', ['-gn'], { encoding: 'utf8' }).stdout.trim(),
};

export interface Icinga2Server {
  url: string;
  user: string;
  passwordFile: string;
  caFile: string;
  /** Start the daemon (once) and wait until the service object answers through the API. */
  start(): Promise<void>;
  /** Stop the daemon and wait until its process group is gone. */
  stop(): Promise<void>;
  /** A service as the API shows it now; null when the API does not answer with it. */
  service(host: string, service: string): Promise<{ state: number; output: string | undefined } | null>;
  /** What the daemon wrote on its standard output and error (for failure messages). */
  console(): string;
}

const groups = new Set<ChildProcess>();
after(() => {
  for (const child of groups) killGroup(child, 'SIGKILL');
});

/** A configured Icinga 2, not started yet, with its API on a free loopback port; `certs` must be made for ICINGA2_NODE. */
export async function icinga2Server(certs: TestCertificates): Promise<Icinga2Server> {
  const dir = scratchDir('sec-icinga2-');
  for (const sub of ['lib', 'log/icinga2', 'cache', 'spool', 'run']) fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, 'icinga2.conf');
  fs.writeFileSync(conf, configText(port, certs));
  const passwordFile = path.join(dir, 'api-password');
  fs.writeFileSync(passwordFile, `${API_PASSWORD}\n`, { mode: 0o600 });
  const url = `https://127.0.0.1:${port}`;
  const ca = fs.readFileSync(certs.caFile);
  let child: ChildProcess | null = null;
  let output = '';

  const get = (apiPath: string): Promise<{ status: number; body: string } | null> =>
    new Promise((resolve) => {
      const request = https.get(`${url}${apiPath}`, { ca, auth: `${API_USER}:${API_PASSWORD}`, headers: { Accept: 'application/json' } }, (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (d: string) => (body += d));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        response.on('error', () => resolve(null));
      });
      request.on('error', () => resolve(null));
    });

  const service = async (host: string, name: string): Promise<{ state: number; output: string | undefined } | null> => {
    const answer = await get(`/v1/objects/services/${encodeURIComponent(`${host}!${name}`)}?attrs=state&attrs=last_check_result`);
    if (answer?.status !== 200) return null;
    const attrs = (JSON.parse(answer.body) as { results: { attrs: { state: number; last_check_result: { output: string } | null } }[] }).results[0]?.attrs;
    return attrs === undefined ? null : { state: attrs.state, output: attrs.last_check_result?.output };
  };

  return {
    url,
    user: API_USER,
    passwordFile,
    caFile: certs.caFile,
    service,
    console: () => output,
    async start() {
      if (child !== null) throw new Error('Icinga 2 already started');
      const args = ['daemon', '-c', conf, `-DNodeName=${ICINGA2_NODE}`, `-DRunAsUser=${RUN_AS.user}`, `-DRunAsGroup=${RUN_AS.group}`];
      for (const [name, sub] of Object.entries({ DataDir: 'lib', LogDir: 'log', CacheDir: 'cache', SpoolDir: 'spool', InitRunDir: 'run' })) {
        args.push(`-D${name}=${path.join(dir, sub)}`);
      }
      const started = spawn('icinga2', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
      child = started;
      groups.add(started);
      started.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
      started.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
      let ready = false;
      await waitForAsync(
        async () => {
          ready = (await service(ICINGA2_HOST, ICINGA2_SERVICE)) !== null;
          return ready || started.exitCode !== null;
        },
        () => `Icinga 2 to answer on ${url}:\n${output}`,
      );
      if (!ready) throw new Error(`Icinga 2 exited with status ${started.exitCode}:\n${output}`);
    },
    async stop() {
      if (child === null) return;
      const stopping = child;
      // the umbrella process alone: its worker obeys a TERM only when the umbrella forwards it
      stopping.kill('SIGTERM');
      await waitFor(() => !groupAlive(stopping), 'Icinga 2 to stop');
      groups.delete(stopping);
    },
  };
}

function configText(port: number, certs: TestCertificates): string {
  const q = JSON.stringify;
  return `// written by the sec-ts tests
include <itl>
object Endpoint ${q(ICINGA2_NODE)} {}
object Zone ${q(ICINGA2_NODE)} { endpoints = [ ${q(ICINGA2_NODE)} ] }
object ApiListener "api" {
  bind_host = "127.0.0.1"
  bind_port = ${port}
  cert_path = ${q(certs.certFile)}
  key_path = ${q(certs.keyFile)}
  ca_path = ${q(certs.caFile)}
}
object ApiUser ${q(API_USER)} {
  password = ${q(API_PASSWORD)}
  permissions = [ "actions/process-check-result", "objects/query/*" ]
}
object Host ${q(ICINGA2_HOST)} {
  check_command = "dummy"
  enable_active_checks = false
}
object Service ${q(ICINGA2_SERVICE)} {
  host_name = ${q(ICINGA2_HOST)}
  check_command = "passive"
  enable_active_checks = false
}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

/**
 * Whether a process of the child's group still runs. Its worker process can
 * outlive the umbrella process as a zombie nobody reaps (a container's
 * init), so the group is read from /proc rather than probed with a signal.
 */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // after the command's closing parenthesis: state, parent, process group
    const [state, , group] = fileText(`/proc/${entry}/stat`)
      .replace(/^.*\) /s, '')
      .split(' ');
    if (Number(group) === child.pid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}
