// The Icinga 2 API sink: against a real Icinga 2 started by the test (when
// installed), and against a local HTTPS server for what a real Icinga will
// not do on demand (503, a certificate from an unknown CA) and for the exact
// request.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Logger } from '../../src/log/logger.js';
import { type Icinga2ApiTuning, Icinga2ApiSink } from '../../src/sinks/icinga2Api.js';
import { checkIcinga2ApiConfig, type Icinga2ApiConfig } from '../../src/sinks/icinga2Config.js';
import { RealClock } from '../../src/time/clock.js';
import { ICINGA2_HOST, ICINGA2_NODE, ICINGA2_SERVICE, icinga2Installed, icinga2Server } from '../support/icinga2.js';
import { scratchDir, waitFor, waitForAsync } from '../support/process.js';
import { makeCertificates, type TestCertificates } from '../support/tls.js';

/** Quick retries: the tests wait on conditions, never on the default minute-long backoff. */
const QUICK: Partial<Icinga2ApiTuning> = { retryInitialMs: 20, retryMaxMs: 200, requestTimeoutMs: 10_000 };

interface Logged {
  log: Logger;
  logs: string[];
  /** Log messages containing `text`. */
  count(text: string): number;
}

function logged(): Logged {
  const logs: string[] = [];
  return { log: new Logger(new RealClock(), 6, false, (m) => logs.push(m)), logs, count: (text) => logs.filter((m) => m.includes(text)).length };
}

const sinks: Icinga2ApiSink[] = [];
function sink(config: Icinga2ApiConfig, log: Logger, tuning: Partial<Icinga2ApiTuning> = QUICK): Icinga2ApiSink {
  const made = new Icinga2ApiSink(config, log, tuning);
  sinks.push(made);
  return made;
}
after(() => {
  for (const s of sinks) s.close();
});

describe('Icinga 2 API sink against a real Icinga 2', { skip: icinga2Installed ? false : 'skipped: icinga2 not installed' }, () => {
  let certs: TestCertificates;
  before(() => {
    certs = makeCertificates(scratchDir('sec-icinga2-certs-'), ICINGA2_NODE);
  });

  test('a CRITICAL service result shows in the object read back through the API', async () => {
    const icinga = await icinga2Server(certs);
    await icinga.start();
    const { log, logs } = logged();
    const api = sink({ url: icinga.url, user: icinga.user, passwordFile: icinga.passwordFile, caFile: icinga.caFile, checkSource: 'sec-ts' }, log);
    api.serviceResult({ host: ICINGA2_HOST, service: ICINGA2_SERVICE, exitStatus: 2, output: '5 failed SSH logins from 192.0.2.7', perfdata: ['failures=5'] });
    assert.equal(await api.drain(30_000), 0, logs.join('\n'));
    assert.deepEqual(await icinga.service(ICINGA2_HOST, ICINGA2_SERVICE), { state: 2, output: '5 failed SSH logins from 192.0.2.7' });
    await icinga.stop();
  });

  test('results for an object Icinga does not know are logged once and dropped', async () => {
    const icinga = await icinga2Server(certs);
    await icinga.start();
    const { log, logs, count } = logged();
    const api = sink({ url: icinga.url, user: icinga.user, passwordFile: icinga.passwordFile, caFile: icinga.caFile }, log);
    for (let i = 0; i < 3; i++) api.serviceResult({ host: 'no-such-host', service: ICINGA2_SERVICE, exitStatus: 2, output: `attempt ${i}` });
    api.hostResult({ host: ICINGA2_HOST, exitStatus: 1, output: 'down' });
    assert.equal(await api.drain(30_000), 0, logs.join('\n'));
    assert.equal(count(`no object 'no-such-host!${ICINGA2_SERVICE}'`), 1, logs.join('\n'));
    assert.equal(count('No objects found'), 1, logs.join('\n'));
    await icinga.stop();
  });

  test('a result submitted before Icinga 2 runs arrives once it does', async () => {
    const icinga = await icinga2Server(certs);
    const { log, count } = logged();
    const api = sink({ url: icinga.url, user: icinga.user, passwordFile: icinga.passwordFile, caFile: icinga.caFile }, log);
    api.serviceResult({ host: ICINGA2_HOST, service: ICINGA2_SERVICE, exitStatus: 2, output: 'queued while Icinga was down' });
    await waitFor(() => count('unavailable (Connection refused); check results wait') === 1, 'the sink to find the API down');
    await icinga.start();
    let seen: { state: number; output: string | undefined } | null = null;
    await waitForAsync(
      async () => {
        seen = await icinga.service(ICINGA2_HOST, ICINGA2_SERVICE);
        return seen?.output === 'queued while Icinga was down';
      },
      () => `the result in Icinga (last seen ${JSON.stringify(seen)})`,
    );
    assert.deepEqual(seen, { state: 2, output: 'queued while Icinga was down' });
    assert.equal(await api.drain(30_000), 0);
    await icinga.stop();
  });
});

/** A request the local server received. */
interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: NodeJS.Dict<string | string[]>;
  body: string;
}

/** A local HTTPS server answering each request with the next of `statuses` (then 200). */
async function localApi(certs: TestCertificates, statuses: number[] = []): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = https.createServer({ cert: fs.readFileSync(certs.certFile), key: fs.readFileSync(certs.keyFile) }, (request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (d: string) => (body += d));
    request.on('end', () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const status = statuses.shift() ?? 200;
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify(status === 200 ? { results: [{ code: 200, status: 'Successfully processed check result.' }] } : { error: status, status: 'busy' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  after(() => {
    server.closeAllConnections();
    server.close();
  });
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

describe('Icinga 2 API sink against a local HTTPS server', () => {
  let dir: string;
  let certs: TestCertificates;
  let passwordFile: string;
  before(() => {
    dir = scratchDir('sec-icinga2-local-');
    certs = makeCertificates(path.join(dir, 'server'), 'localhost');
    passwordFile = path.join(dir, 'password');
    fs.writeFileSync(passwordFile, 'pa:ss"word\n');
  });

  test('sends the exact request: endpoint, headers, authentication and body', async () => {
    const server = await localApi(certs);
    const { log, logs } = logged();
    const api = sink({ url: server.url, user: 'sec', passwordFile, caFile: certs.caFile, checkSource: 'sec-ts' }, log);
    api.serviceResult({ host: 'web"1\\', service: 'SSH logins', exitStatus: 2, output: '3 failures', perfdata: ['failures=3', 'users=2'] });
    // text as the engine keeps it: bytes (UTF-8 for ü, then a byte that is no UTF-8)
    api.hostResult({ host: 'web2', exitStatus: 1, output: 'M\xc3\xbcller down \xff' });
    assert.equal(await api.drain(30_000), 0, logs.join('\n'));
    const bodies = server.received.map((r) => JSON.parse(r.body));
    assert.deepEqual(bodies, [
      {
        type: 'Service',
        service: 'web"1\\!SSH logins',
        exit_status: 2,
        plugin_output: '3 failures',
        performance_data: ['failures=3', 'users=2'],
        check_source: 'sec-ts',
      },
      { type: 'Host', host: 'web2', exit_status: 1, plugin_output: 'Müller down \ufffd', check_source: 'sec-ts' },
    ]);
    const [first] = server.received;
    assert.equal(first.method, 'POST');
    assert.equal(first.url, '/v1/actions/process-check-result');
    assert.equal(first.headers.accept, 'application/json');
    assert.equal(first.headers['content-type'], 'application/json');
    assert.equal(first.headers.authorization, `Basic ${Buffer.from('sec:pa:ss"word').toString('base64')}`);
  });

  test('a 503 is retried until the API takes the result', async () => {
    const server = await localApi(certs, [503, 503]);
    const { log, logs, count } = logged();
    const api = sink({ url: server.url, user: 'sec', passwordFile, caFile: certs.caFile }, log);
    api.serviceResult({ host: 'web1', service: 'SSH logins', exitStatus: 1, output: 'busy at first' });
    assert.equal(await api.drain(30_000), 0, logs.join('\n'));
    assert.equal(server.received.length, 3);
    assert.ok(server.received.every((r) => r.body === server.received[0].body));
    assert.equal(count('unavailable (503 busy); check results wait'), 1, logs.join('\n'));
    assert.equal(count('answers again'), 1, logs.join('\n'));
  });

  test('an API whose certificate is from an unknown CA gets nothing', async () => {
    const server = await localApi(certs);
    const stranger = makeCertificates(path.join(dir, 'stranger'), 'localhost');
    const { log, logs, count } = logged();
    const api = sink({ url: server.url, user: 'sec', passwordFile, caFile: stranger.caFile }, log);
    api.serviceResult({ host: 'web1', service: 'SSH logins', exitStatus: 2, output: 'secret' });
    await waitFor(
      () => count('; check results wait and are retried') === 1,
      () => `the TLS failure in the log:\n${logs.join('\n')}`,
    );
    assert.match(logs.join('\n'), /certificate/);
    assert.equal(server.received.length, 0);
    api.close();
    assert.equal(count('1 check result(s) not delivered'), 1, logs.join('\n'));
  });

  test('a full queue drops the oldest results and says how many', async () => {
    const server = await localApi(certs, [503]);
    const { log, logs, count } = logged();
    const api = sink({ url: server.url, user: 'sec', passwordFile, caFile: certs.caFile }, log, { ...QUICK, queueLimit: 2, concurrency: 1 });
    for (let i = 1; i <= 5; i++) api.serviceResult({ host: 'web1', service: 'SSH logins', exitStatus: 2, output: `result ${i}` });
    assert.equal(await api.drain(30_000), 0, logs.join('\n'));
    const outputs = server.received.map((r) => (JSON.parse(r.body) as { plugin_output: string }).plugin_output);
    // result 1 was in flight when the queue filled up, and its 503 put it first in line again
    assert.deepEqual(outputs, ['result 1', 'result 1', 'result 4', 'result 5']);
    assert.equal(count('queue full (2 check results)'), 1, logs.join('\n'));
    assert.equal(count('2 check result(s) dropped'), 1, logs.join('\n'));
  });
});

describe('Icinga 2 API configuration check', () => {
  test('names each problem', () => {
    const dir = scratchDir('sec-icinga2-config-');
    const empty = path.join(dir, 'empty');
    fs.writeFileSync(empty, '\n');
    const notPem = path.join(dir, 'not-pem');
    fs.writeFileSync(notPem, 'hello');
    assert.deepEqual(checkIcinga2ApiConfig({ url: 'http://icinga:5665', user: 'a:b', passwordFile: empty, caFile: notPem, checkSource: '' }), [
      "The Icinga 2 API URL 'http://icinga:5665' must start with https:// (the API speaks TLS only)",
      "The Icinga 2 API user 'a:b' contains a colon, which HTTP basic authentication cannot carry",
      `The Icinga 2 API password file '${empty}' is empty`,
      `The Icinga 2 API CA file '${notPem}' holds no PEM certificate`,
      'The Icinga 2 check source is empty',
    ]);
    assert.deepEqual(checkIcinga2ApiConfig({ url: 'icinga 5665', user: '', passwordFile: path.join(dir, 'missing') }), [
      "The Icinga 2 API URL 'icinga 5665' is not a URL (expected e.g. https://icinga.example.org:5665)",
      'The Icinga 2 API user is empty',
      `Can't read the Icinga 2 API password file '${path.join(dir, 'missing')}' (No such file or directory)`,
    ]);
    fs.writeFileSync(empty, 'secret\n');
    assert.deepEqual(checkIcinga2ApiConfig({ url: 'https://icinga.example.org:5665/proxy', user: 'sec', passwordFile: empty }), []);
  });
});
