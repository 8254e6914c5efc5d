import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileText, projectDir, scratchDir, startSec } from '../support/process.js';
import { type Server, smtpServer } from '../support/smtp.js';
import { makeCertificates } from '../support/tls.js';

// The mail action end to end: bin/sec reads a file to its end (--notail) and
// exits; every mail its rules sent is in the SMTP server by then, since the
// exit waits for the mail queue. A rule that uses mail without
// --mail-transport, or a transport that cannot work, stops sec at start-up.
// The example examples/mail/ runs against the same server.

let server: Server;
before(async () => {
  server = await smtpServer();
});
after(() => server.close());

/** The mails received since `from`, as recipients, subject and body. */
const mails = (from: number): { to: string[]; subject: string | undefined; text: string | undefined }[] =>
  server.received.slice(from).map((r) => ({ to: r.rcptTo, subject: r.mail.subject, text: r.mail.text }));

const RULE =
  'type=Single\nptype=RegExp\npattern=^(\\S+) fail (\\S+)\ndesc=fail $2\naction=mail ops@example.org,$2@example.org (login failure on $1) user $2: %s\n';

function ruleDir(rule = RULE): string {
  const dir = scratchDir('sec-mail-actions-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rule);
  return dir;
}

test('a batch run mails each match, and every mail is delivered before sec exits', async () => {
  const dir = ruleDir();
  fs.writeFileSync(path.join(dir, 'in.txt'), 'web1 fail bob\ndb2 fail eve\n');
  const from = server.received.length;
  const transport = `--mail-transport=smtp://127.0.0.1:${server.port}`;
  const sec = startSec(['--conf=r.conf', '--input=in.txt', '--notail', transport, '--mail-from=sec@example.org', '--log=sec.log'], dir);
  const { code } = await sec.exited;
  assert.equal(code, 0, fileText(path.join(dir, 'sec.log')));
  assert.deepEqual(mails(from), [
    { to: ['ops@example.org', 'bob@example.org'], subject: 'login failure on web1', text: 'user bob: fail bob\n' },
    { to: ['ops@example.org', 'eve@example.org'], subject: 'login failure on db2', text: 'user eve: fail eve\n' },
  ]);
  assert.equal(server.received[from].mail.from?.text, 'sec@example.org');
});

test('--mail-limit: past the limit per recipient, the rest comes as one digest, sent at exit at the latest', async () => {
  const dir = ruleDir('type=Single\nptype=RegExp\npattern=^alert (\\d+)\ndesc=alert $1\naction=mail ops@example.org (%s) body $1\n');
  fs.writeFileSync(path.join(dir, 'in.txt'), 'alert 1\nalert 2\nalert 3\nalert 4\n');
  const from = server.received.length;
  const args = ['--conf=r.conf', '--input=in.txt', '--notail', `--mail-transport=smtp://127.0.0.1:${server.port}`, '--mail-limit=2/3600', '--log=sec.log'];
  const sec = startSec(args, dir);
  const { code } = await sec.exited;
  assert.equal(code, 0, fileText(path.join(dir, 'sec.log')));
  const got = mails(from);
  assert.deepEqual(
    got.map((m) => m.subject),
    ['alert 1', 'alert 2', '2 more alerts (first: alert 3)'],
  );
  assert.match(got[2].text ?? '', /--- 1\/2: alert 3\nbody 3\n[\s\S]*--- 2\/2: alert 4\nbody 4\n/);
});

test('a rule with mail but no --mail-transport is a start-up error, with --testonly too', async () => {
  const dir = ruleDir();
  for (const extra of [['--testonly'], ['--input=-', '--notail']]) {
    const sec = startSec(['--conf=r.conf', '--log=sec.log', ...extra], dir, { stdin: 'web1 fail bob\n' });
    const { code } = await sec.exited;
    assert.equal(code, 1);
  }
  const log = fileText(path.join(dir, 'sec.log'));
  assert.equal(log.match(/Rule in r\.conf at line 1: action 'mail' needs the --mail-transport option, exiting!/g)?.length, 2, log);
});

// --debug=1 logs critical messages only: the message is logged at that level
test('a transport that cannot work is a start-up error, logged as critical, with --testonly too', async () => {
  const dir = ruleDir();
  const cases = [
    ['--mail-transport=ftp://mx.example.org', /Mail transport 'ftp:\/\/mx\.example\.org' is not smtp:\/\/host\[:port\].*, exiting!$/m],
    ['--mail-transport=smtp://sec@mx.example.org', /Mail transport 'smtp:\/\/sec@mx\.example\.org': user 'sec' needs a password.*, exiting!$/m],
  ] as const;
  for (const [transport, message] of cases) {
    for (const extra of [['--testonly'], ['--input=-', '--notail']]) {
      fs.rmSync(path.join(dir, 'sec.log'), { force: true });
      const sec = startSec(['--conf=r.conf', '--log=sec.log', '--debug=1', transport, '--mail-from=sec@example.org', ...extra], dir, {
        stdin: 'web1 fail bob\n',
      });
      const { code } = await sec.exited;
      assert.equal(code, 1, transport);
      const log = fileText(path.join(dir, 'sec.log'));
      assert.match(log, message);
    }
  }
});

test('the example examples/mail/ mails each SSH brute force once, after the third failure', async () => {
  const example = path.join(projectDir, 'examples', 'mail');
  const dir = scratchDir('sec-mail-example-');
  const from = server.received.length;
  const args = [
    `--conf=${path.join(example, 'ssh-brute-native.conf')}`,
    `--input=${path.join(example, 'auth.sample')}`,
    '--notail',
    `--mail-transport=smtp://127.0.0.1:${server.port}`,
    '--mail-from=sec@example.org',
    '--log=sec.log',
  ];
  const sec = startSec(args, dir);
  const { code } = await sec.exited;
  assert.equal(code, 0, fileText(path.join(dir, 'sec.log')));
  const got = mails(from);
  assert.deepEqual(
    got.map((m) => [m.to, m.subject]),
    [
      [['root@localhost'], 'SSH brute force on web1 from 198.51.100.23'],
      [['root@localhost'], 'SSH brute force on mail.example.org from 192.0.2.200'],
    ],
  );
  assert.match(
    got[0].text ?? '',
    /^3 failed SSH logins within 60 seconds, the first at .+: Nov 28 09:01:10 web1 sshd\[1300\]: Failed password for root from 198\.51\.100\.23/,
  );
});

test("NODE_EXTRA_CA_CERTS: the server's certificate from the CA it names is trusted, also when bin/sec keeps the file from node's start", async () => {
  const { caFile, certFile, keyFile } = makeCertificates(scratchDir(), 'smtp');
  const tlsServer = await smtpServer(0, { secure: true, key: fs.readFileSync(keyFile), cert: fs.readFileSync(certFile), disabledCommands: ['AUTH'] });
  try {
    // node reads the variable itself (node bin/sec), or the launcher hands it over (bin/sec through its #! line)
    for (const direct of [false, true]) {
      const dir = ruleDir();
      fs.writeFileSync(path.join(dir, 'in.txt'), 'web1 fail bob\n');
      const args = ['--conf=r.conf', '--input=in.txt', '--notail', `--mail-transport=smtps://127.0.0.1:${tlsServer.port}`, '--log=sec.log'];
      const from = tlsServer.received.length;
      const sec = startSec(args, dir, { direct, env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile } });
      const { code } = await sec.exited;
      assert.equal(code, 0, fileText(path.join(dir, 'sec.log')));
      assert.deepEqual(
        tlsServer.received.slice(from).map((r) => [r.mail.subject, r.secure]),
        [['login failure on web1', true]],
        `direct=${direct}: ${fileText(path.join(dir, 'sec.log'))}`,
      );
    }
  } finally {
    await tlsServer.close();
  }
});
