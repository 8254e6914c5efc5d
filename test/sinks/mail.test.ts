// The mail sink against real peers: an SMTP server (smtp-server) on a
// loopback port receives each message, mailparser reads it back; a fake
// sendmail program records its arguments and input. TLS uses a test CA and
// a certificate for 127.0.0.1 made by openssl in a scratch directory.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import tls from 'node:tls';
import { type ParsedMail, simpleParser } from 'mailparser';
import { Logger } from '../../src/log/logger.js';
import { MailSink, type MailSinkOptions } from '../../src/sinks/mail.js';
import { type Alert, FloodLimiter, MAX_DIGEST_CHARS } from '../../src/sinks/mailDigest.js';
import { type MailConfig, type MailTransportPlan, planMailTransport } from '../../src/sinks/mailTransport.js';
import { RealClock } from '../../src/time/clock.js';
import { fileText, scratchDir, waitFor } from '../support/process.js';
import { type Server, smtpServer } from '../support/smtp.js';
import { makeCertificates } from '../support/tls.js';

/** A loopback port nothing listens on (now). */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** A server certificate for 127.0.0.1 and the CA file that vouches for it. */
function certificate(): { key: Buffer; cert: Buffer; caFile: string } {
  const { caFile, certFile, keyFile } = makeCertificates(scratchDir(), 'smtp');
  return { key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), caFile };
}

const FAST: MailSinkOptions['timings'] = { retryMinMs: 50, retryMaxMs: 400, logIntervalMs: 60_000, smtpTimeoutMs: 5000 };

interface Setup {
  sink: MailSink;
  logs: string[];
}

function plan(config: MailConfig, env: NodeJS.ProcessEnv = {}): MailTransportPlan {
  const planned = planMailTransport(config, env);
  if (typeof planned === 'string') throw new Error(planned);
  return planned;
}

function sinkTo(config: MailConfig, options: MailSinkOptions = {}, env: NodeJS.ProcessEnv = {}): Setup {
  const logs: string[] = [];
  const log = new Logger(new RealClock(), 6, false, (m) => logs.push(m));
  const sink = new MailSink(plan(config, env), log, { timings: FAST, ...options });
  return { sink, logs };
}

const smtp = (port: number, from = 'sec@example.com'): MailConfig => ({ transport: `smtp://127.0.0.1:${port}`, from });
const hasLog = (logs: string[], re: RegExp): boolean => logs.some((l) => re.test(l));
const addresses = (mail: ParsedMail): string[] => [mail.to ?? []].flat().flatMap((group) => group.value.map((a) => a.address ?? ''));

test('a mail arrives with its recipients, subject and body; UTF-8 event bytes stay UTF-8', async () => {
  const server = await smtpServer();
  const { sink } = sinkTo(smtp(server.port));
  const utf8Bytes = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
  sink.send({ to: ['alice@example.com', 'bob@example.org'], subject: utf8Bytes('Grüße from web1'), body: 'line one\nline two' });
  await waitFor(() => server.received.length === 1, 'the mail');
  const [got] = server.received;
  assert.deepEqual(got.rcptTo, ['alice@example.com', 'bob@example.org']);
  assert.deepEqual(addresses(got.mail), ['alice@example.com', 'bob@example.org']);
  assert.equal(got.mail.from?.value[0].address, 'sec@example.com');
  assert.equal(got.mail.subject, 'Grüße from web1');
  assert.equal(got.mail.text?.trimEnd(), 'line one\nline two');
  assert.equal(await sink.drain(1000), 0);
  sink.close();
  await server.close();
});

test('CR/LF in the subject or an address cannot add a header or a recipient', async () => {
  const server = await smtpServer();
  const { sink, logs } = sinkTo(smtp(server.port));
  const hostile = 'x\r\nBcc: evil@example.com';
  sink.send({ to: ['alice@example.com', hostile, 'bob@example.com\nCc: evil@example.com', '-oQ/tmp@example.com'], subject: hostile, body: hostile });
  await waitFor(() => server.received.length === 1, 'the mail');
  const [got] = server.received;
  assert.deepEqual(got.rcptTo, ['alice@example.com']);
  assert.equal(got.mail.subject, 'x  Bcc: evil@example.com');
  assert.equal(got.mail.bcc, undefined);
  assert.equal(got.mail.cc, undefined);
  const header = got.raw.slice(0, got.raw.indexOf('\r\n\r\n'));
  assert.doesNotMatch(header, /^(Bcc|Cc):/im);
  assert.match(header, /^Subject: x {2}Bcc: evil@example\.com$/m);
  assert.ok(hasLog(logs, /^Mail recipient 'x\\x0d\\x0aBcc: evil@example\.com' is not a valid address, not sent to it/), logs.join('\n'));
  sink.send({ to: [hostile], subject: 's', body: 'b' });
  await waitFor(() => hasLog(logs, /^Mail 's' has no valid recipient, not sent/), 'the no-recipient log line');
  sink.close();
  await server.close();
});

test('past the per-recipient limit, the alerts of a window come as one digest when it ends', async () => {
  const server = await smtpServer();
  const { sink } = sinkTo(smtp(server.port), { floodLimit: { count: 2, seconds: 1 } });
  for (let i = 1; i <= 5; i++) sink.send({ to: ['alice@example.com'], subject: `alert ${i}`, body: `body ${i}` });
  sink.send({ to: ['alice@example.com', 'bob@example.com'], subject: 'alert 6', body: 'body 6' });
  await waitFor(
    () => server.received.length === 4,
    () => `2 mails to alice, 1 to bob, the digest; got ${server.received.length}`,
  );
  const subjects = server.received.map((r) => `${r.rcptTo.join(',')}: ${r.mail.subject}`);
  assert.deepEqual(subjects, [
    'alice@example.com: alert 1',
    'alice@example.com: alert 2',
    'bob@example.com: alert 6',
    'alice@example.com: 4 more alerts (first: alert 3)',
  ]);
  const digest = server.received[3].mail.text ?? '';
  assert.match(digest, /^Over the limit of 2 mails in 1 seconds to alice@example\.com, 4 more alerts came:/);
  for (const i of [3, 4, 5, 6]) assert.match(digest, new RegExp(`--- ${i - 2}/4: alert ${i}\\nbody ${i}\\n`));
  assert.equal(await sink.drain(1000), 0);
  assert.equal(server.received.length, 4);
  sink.close();
  await server.close();
});

test('held alerts go out as a digest at drain, without waiting for the window to end', async () => {
  const server = await smtpServer();
  const { sink } = sinkTo(smtp(server.port), { floodLimit: { count: 1, seconds: 3600 } });
  sink.send({ to: ['alice@example.com'], subject: 'first', body: 'b' });
  sink.send({ to: ['alice@example.com'], subject: 'second', body: 'b' });
  assert.equal(await sink.drain(30_000), 0);
  assert.deepEqual(
    server.received.map((r) => r.mail.subject),
    ['first', '1 more alert (first: second)'],
  );
  sink.close();
  await server.close();
});

test('a server that is down at first gets the mail once it is up, exactly once', async () => {
  const port = await freePort();
  const { sink, logs } = sinkTo(smtp(port));
  sink.send({ to: ['alice@example.com'], subject: 'late', body: 'b' });
  await waitFor(
    () => hasLog(logs, /^Can't send mail through smtp:\/\/127\.0\.0\.1:\d+ \(.*ECONNREFUSED.*\), 1 mails waiting, next try in/),
    'the failure log line',
  );
  assert.equal(sink.pending, 1);
  const server = await smtpServer(port);
  await waitFor(() => server.received.length === 1, 'the mail after the server came up');
  assert.equal(await sink.drain(1000), 0);
  assert.equal(server.received.length, 1);
  assert.equal(server.received[0].mail.subject, 'late');
  assert.ok(hasLog(logs, /^Mail through smtp:\/\/127\.0\.0\.1:\d+ delivered again after \d+ failed attempts$/), logs.join('\n'));
  assert.equal(logs.filter((l) => l.startsWith("Can't send mail")).length, 1, 'retries within the interval are not logged again');
  sink.close();
  await server.close();
});

test('a server that accepts but never answers times out, is logged and retried', async () => {
  const conns: net.Socket[] = [];
  const silent = net.createServer((conn) => conns.push(conn));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as net.AddressInfo;
  const { sink, logs } = sinkTo(smtp(port), { timings: { ...FAST, smtpTimeoutMs: 200 } });
  sink.send({ to: ['alice@example.com'], subject: 'slow', body: 'b' });
  await waitFor(
    () => hasLog(logs, /^Can't send mail through smtp:\/\/127\.0\.0\.1:\d+ \((Timeout|Greeting never received)\), 1 mails waiting, next try in 0\.05 s$/),
    () => `the timeout; logs: ${logs.join('\n')}`,
  );
  await waitFor(() => conns.length >= 2, 'a second try');
  assert.equal(sink.pending, 1);
  sink.close();
  silent.close();
  for (const conn of conns) conn.destroy();
});

test('at shutdown, what a dead server left is counted and logged; a full queue drops and counts', async () => {
  const port = await freePort();
  const { sink, logs } = sinkTo(smtp(port), { queueLimit: 3 });
  for (let i = 1; i <= 5; i++) sink.send({ to: ['alice@example.com'], subject: `m${i}`, body: 'b' });
  assert.equal(sink.pending, 3);
  assert.ok(hasLog(logs, /^Mail queue full \(3 mails\), mail to alice@example\.com \('m4'\) dropped \(1 dropped so far\)$/), logs.join('\n'));
  assert.equal(await sink.drain(200), 3);
  assert.ok(hasLog(logs, /^3 mails not sent at shutdown: mail to alice@example\.com \('m1'\); .*\('m2'\); .*\('m3'\)$/), logs.join('\n'));
  sink.close();
  assert.equal(sink.pending, 0);
});

test('a recipient the server refuses is logged; a mail it refuses entirely is dropped, not retried', async () => {
  const refuse = (address: string): Error | null => (address.startsWith('nobody@') ? Object.assign(new Error('No such user'), { responseCode: 550 }) : null);
  const server = await smtpServer(0, { disabledCommands: ['STARTTLS', 'AUTH'], onRcptTo: (a, _s, cb) => cb(refuse(a.address)) });
  const { sink, logs } = sinkTo(smtp(server.port));
  sink.send({ to: ['alice@example.com', 'nobody@example.com'], subject: 'partly', body: 'b' });
  sink.send({ to: ['nobody@example.com'], subject: 'refused', body: 'b' });
  sink.send({ to: ['bob@example.com'], subject: 'after', body: 'b' });
  await waitFor(() => server.received.length === 2, 'the two deliverable mails');
  assert.deepEqual(
    server.received.map((r) => `${r.rcptTo.join(',')}: ${r.mail.subject}`),
    ['alice@example.com: partly', 'bob@example.com: after'],
  );
  assert.ok(
    hasLog(logs, /^Mail server refused recipients 'nobody@example\.com' of mail to alice@example\.com, nobody@example\.com \('partly'\)$/),
    logs.join('\n'),
  );
  assert.ok(hasLog(logs, /^Mail server refused mail to nobody@example\.com \('refused'\): .*550.*; dropped$/), logs.join('\n'));
  assert.equal(await sink.drain(1000), 0);
  sink.close();
  await server.close();
});

/** An SMTP server that offers STARTTLS with a certificate from a test CA and wants user alice, password s3cret. */
async function tlsAuthServer(key: Buffer, cert: Buffer, secure = false): Promise<Server> {
  return smtpServer(0, {
    secure,
    key,
    cert,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      if (auth.username === 'alice' && auth.password === 's3cret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
  });
}

test('STARTTLS with a CA file and a password from a file', async () => {
  const { key, cert, caFile } = certificate();
  const server = await tlsAuthServer(key, cert);
  const passwordFile = path.join(scratchDir(), 'password');
  fs.writeFileSync(passwordFile, 's3cret\n');
  const config: MailConfig = { transport: `smtp://alice@127.0.0.1:${server.port}?starttls=required`, from: 'sec@example.com', passwordFile, caFile };
  const { sink } = sinkTo(config);
  sink.send({ to: ['bob@example.com'], subject: 'over TLS', body: 'b' });
  await waitFor(() => server.received.length === 1, 'the mail over STARTTLS');
  assert.equal(server.received[0].user, 'alice');
  assert.equal(server.received[0].secure, true);
  sink.close();
  await server.close();
});

test('smtps:// with a password from an environment variable', async () => {
  const { key, cert, caFile } = certificate();
  const server = await tlsAuthServer(key, cert, true);
  const config: MailConfig = {
    transport: `smtps://alice@127.0.0.1:${server.port}`,
    from: 'sec@example.com',
    passwordEnv: 'SEC_MAIL_PASSWORD',
    caFile,
  };
  const { sink } = sinkTo(config, {}, { SEC_MAIL_PASSWORD: 's3cret' });
  sink.send({ to: ['bob@example.com'], subject: 'over TLS', body: 'b' });
  await waitFor(() => server.received.length === 1, 'the mail over smtps');
  assert.equal(server.received[0].user, 'alice');
  assert.equal(server.received[0].secure, true);
  sink.close();
  await server.close();
});

test('the server certificate is verified by default: an unknown one is a logged failure, the mail waits', async () => {
  const { key, cert } = certificate();
  const server = await tlsAuthServer(key, cert);
  const { sink, logs } = sinkTo({ transport: `smtp://alice@127.0.0.1:${server.port}`, from: 'sec@example.com', passwordEnv: 'P' }, {}, { P: 's3cret' });
  sink.send({ to: ['bob@example.com'], subject: 's', body: 'b' });
  await waitFor(
    () => hasLog(logs, /^Can't send mail through smtp:\/\/alice@127\.0\.0\.1:\d+ \(unable to verify the first certificate\)/),
    () => `the certificate failure; logs: ${logs.join('\n')}`,
  );
  assert.equal(server.received.length, 0);
  assert.equal(sink.pending, 1);
  sink.close();
  await server.close();
});

test('sendmail: the program gets -i, the sender and the recipients as arguments, the message on its input', async () => {
  const dir = scratchDir();
  const program = path.join(dir, 'fake-sendmail');
  fs.writeFileSync(program, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/args.tmp"\ncat > "${dir}/message"\nmv "${dir}/args.tmp" "${dir}/args"\n`, {
    mode: 0o755,
  });
  const { sink } = sinkTo({ transport: `sendmail:${program}`, from: 'sec@example.com' });
  sink.send({ to: ['alice@example.com', 'bob@example.com'], subject: 'x\r\nBcc: evil@example.com', body: 'the event' });
  await waitFor(() => fileText(path.join(dir, 'args')) !== '', 'the fake sendmail run');
  assert.equal(fileText(path.join(dir, 'args')), '-i\n-f\nsec@example.com\nalice@example.com\nbob@example.com\n');
  const mail = await simpleParser(fs.readFileSync(path.join(dir, 'message')));
  assert.equal(mail.subject, 'x  Bcc: evil@example.com');
  assert.equal(mail.bcc, undefined);
  assert.equal(mail.text?.trimEnd(), 'the event');
  assert.equal(await sink.drain(1000), 0);
  sink.close();
});

test('the start-up check explains each configuration mistake, and never shows a password', () => {
  const dir = scratchDir();
  const notProgram = path.join(dir, 'plain');
  fs.writeFileSync(notProgram, '', { mode: 0o644 });
  const from = 'sec@example.com';
  const cases: [MailConfig, NodeJS.ProcessEnv, RegExp][] = [
    [
      { transport: 'smtp://alice:hunter2@mail.example.com', from },
      {},
      /^Mail transport 'smtp:\/\/alice:\*\*\*@mail\.example\.com': the password must not be in the URL/,
    ],
    [{ transport: 'smtp://alice@mail.example.com', from }, {}, /^Mail transport 'smtp:\/\/alice@mail\.example\.com': user 'alice' needs a password/],
    [{ transport: 'smtp://mail.example.com', from, passwordEnv: 'P' }, { P: 'x' }, /a password is given but the URL names no user/],
    [{ transport: 'smtp://alice@mail.example.com', from, passwordEnv: 'P' }, {}, /^Mail password variable P is not set$/],
    [
      { transport: 'smtp://alice@mail.example.com', from, passwordFile: path.join(dir, 'none') },
      {},
      /^Mail password file .*none: can't read it \(No such file or directory\)$/,
    ],
    [{ transport: 'smtp://alice@mail.example.com', from, passwordFile: notProgram }, {}, /^Mail password file .*plain is empty$/],
    [{ transport: 'smtp://alice@mail.example.com', from, passwordFile: notProgram, passwordEnv: 'P' }, { P: 'x' }, /not both/],
    [{ transport: 'smtp://mail.example.com?starttls=maybe', from }, {}, /'starttls=maybe' is not understood/],
    [{ transport: 'smtps://mail.example.com?starttls=required', from }, {}, /is not understood \(smtps:\/\/ is TLS from the start\)/],
    [{ transport: 'smtp://mail.example.com/x', from }, {}, /a path \('\/x'\) means nothing to SMTP/],
    [{ transport: 'smtp://mail.example.com', from, caFile: path.join(dir, 'none') }, {}, /^Mail CA file .*none: can't read it/],
    [{ transport: 'ftp://mail.example.com', from }, {}, /^Mail transport 'ftp:\/\/mail\.example\.com' is not smtp:\/\/host/],
    [{ transport: 'sendmail:relative/path', from }, {}, /must be an absolute path/],
    [{ transport: `sendmail:${notProgram}`, from }, {}, /can't run .*plain \(Permission denied\)/],
    [{ transport: 'sendmail:', from, passwordEnv: 'P' }, { P: 'x' }, /a password or CA file applies to SMTP only/],
    [
      { transport: 'smtp://mail.example.com', from: 'sec@example.com\r\nBcc: x@y' },
      {},
      /^Mail sender address 'sec@example\.com\\x0d\\x0aBcc: x@y' is not a valid address$/,
    ],
  ];
  for (const [config, env, message] of cases) {
    const planned = planMailTransport(config, env);
    assert.equal(typeof planned, 'string', `${config.transport} should be refused`);
    assert.match(planned as string, message);
    assert.doesNotMatch(planned as string, /hunter2/);
  }
});

test('the start-up check gives nodemailer the host, port, TLS mode and credentials', () => {
  const from = 'sec@example.com';
  const options = (transport: string, extra: Partial<MailConfig> = {}, env: NodeJS.ProcessEnv = {}): unknown =>
    plan({ transport, from, ...extra }, env).options;
  assert.deepEqual(options('smtp://mail.example.com'), { host: 'mail.example.com', port: 25, secure: false });
  assert.deepEqual(options('smtp://[::1]:2525?starttls=required'), { host: '::1', port: 2525, secure: false, requireTLS: true });
  // a CA file is trusted besides the system's CAs
  const caFile = path.join(scratchDir(), 'ca.pem');
  fs.writeFileSync(caFile, 'PEM TEXT');
  assert.deepEqual(options('smtp://mail.example.com', { caFile }), {
    host: 'mail.example.com',
    port: 25,
    secure: false,
    tls: { ca: [...tls.rootCertificates, 'PEM TEXT'] },
  });
  assert.deepEqual(options('smtps://bob%40corp@mail.example.com', { passwordEnv: 'P' }, { P: 'pw' }), {
    host: 'mail.example.com',
    port: 465,
    secure: true,
    auth: { user: 'bob@corp', pass: 'pw' },
  });
  assert.equal(
    plan({ transport: 'smtps://bob%40corp@mail.example.com:465', from, passwordEnv: 'P' }, { P: 'pw' }).description,
    'smtps://bob%40corp@mail.example.com:465',
  );
  const sendmail = plan({ transport: '/bin/true', from });
  assert.deepEqual([sendmail.kind, sendmail.options], ['sendmail', { sendmail: true, path: '/bin/true', newline: 'unix' }]);
});

test('a digest stays bounded however many alerts a flood holds back', () => {
  const digests: { to: string; digest: Alert }[] = [];
  const limiter = new FloodLimiter(
    { count: 1, seconds: 60 },
    (to, digest) => digests.push({ to, digest }),
    () => 0,
  );
  const big = 'y'.repeat(10_000);
  for (let i = 0; i < 200; i++) assert.deepEqual(limiter.admit(['alice@example.com'], { subject: `s${i}`, body: big }), i === 0 ? ['alice@example.com'] : []);
  assert.equal(limiter.held, 199);
  limiter.flush();
  assert.equal(digests.length, 1);
  const { subject, body } = digests[0].digest;
  assert.equal(subject, '199 more alerts (first: s1)');
  assert.ok(body.length < MAX_DIGEST_CHARS + 2000, `digest of ${body.length} characters`);
  assert.match(body, /\n--- 1\/199: s1\ny{4096} \[\.\.\.\]\n/);
  assert.match(body, /\(\d+ of them not shown: a digest holds at most 65536 characters\)$/);
  limiter.close();
});
