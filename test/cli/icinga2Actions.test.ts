import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ICINGA2_HOST, ICINGA2_NODE, ICINGA2_SERVICE, icinga2Installed, icinga2Server } from '../support/icinga2.js';
import { fileText, projectDir, scratchDir, startSec } from '../support/process.js';
import { makeCertificates } from '../support/tls.js';

// The icinga2svc/icinga2host actions end to end: the example turns the
// service of a real Icinga 2 CRITICAL from a batch run, whose exit must wait
// for the API's answers; a rule that uses them without --icinga2-url, and
// Icinga 2 API options that cannot work, stop sec at start-up.

const exampleDir = path.join(projectDir, 'examples', 'icinga2');

const RULE = 'type=Single\nptype=RegExp\npattern=^(\\S+) fail (\\S+)\ndesc=fail $2\naction=icinga2svc $1 (SSH logins) CRITICAL login failure for $2\n';

/** Run sec with these extra options, once with --testonly and once reading input: both must exit 1 with nothing on stdout. */
async function startupFails(dir: string, extra: string[]): Promise<string> {
  fs.writeFileSync(path.join(dir, 'r.conf'), RULE);
  for (const mode of [['--testonly'], ['--input=-', '--notail']]) {
    const sec = startSec(['--conf=r.conf', '--log=sec.log', ...extra, ...mode], dir, { stdin: 'web1 fail bob\n' });
    const { code } = await sec.exited;
    assert.equal(code, 1, sec.stderr());
    assert.equal(sec.stdout(), '');
  }
  return fileText(path.join(dir, 'sec.log'));
}

test('a rule with icinga2svc but no --icinga2-url is a start-up error, with --testonly too', async () => {
  const dir = scratchDir('sec-icinga2-actions-');
  const log = await startupFails(dir, []);
  assert.equal(log.split("Rule in r.conf at line 1: action 'icinga2svc' needs the --icinga2-url option, exiting!").length, 3, log);
});

test('Icinga 2 API options that cannot work are a start-up error, each problem named, with --testonly too', async () => {
  const dir = scratchDir('sec-icinga2-actions-');
  const lacking = await startupFails(dir, ['--icinga2-url=https://127.0.0.1:5665']);
  assert.match(lacking, /The --icinga2-url option needs --icinga2-user and --icinga2-password-file, exiting!/);
  fs.rmSync(path.join(dir, 'sec.log'));
  const wrong = await startupFails(dir, ['--icinga2-url=http://127.0.0.1:5665', '--icinga2-user=sec', '--icinga2-password-file=no-such-file']);
  assert.match(wrong, /The Icinga 2 API URL 'http:\/\/127\.0\.0\.1:5665' must start with https:\/\/ .*, exiting!/);
  assert.match(wrong, /Can't read the Icinga 2 API password file 'no-such-file' \(No such file or directory\), exiting!/);
});

test('the example turns the service of a real Icinga 2 CRITICAL before a batch run exits', {
  skip: icinga2Installed ? false : 'skipped: icinga2 not installed',
}, async () => {
  const certs = makeCertificates(scratchDir('sec-icinga2-certs-'), ICINGA2_NODE);
  const icinga = await icinga2Server(certs);
  await icinga.start();
  try {
    const dir = scratchDir('sec-icinga2-example-');
    const sec = startSec(
      [
        `--conf=${path.join(exampleDir, 'ssh-failures-native.conf')}`,
        `--input=${path.join(exampleDir, 'auth.sample')}`,
        '--notail',
        `--icinga2-url=${icinga.url}`,
        `--icinga2-user=${icinga.user}`,
        `--icinga2-password-file=${icinga.passwordFile}`,
        `--icinga2-ca=${icinga.caFile}`,
        '--icinga2-check-source=sec-ts',
        '--log=sec.log',
      ],
      dir,
    );
    const { code } = await sec.exited;
    const log = fileText(path.join(dir, 'sec.log'));
    assert.equal(code, 0, log);
    // read at once, not waited for: sec exits only when the API has answered
    const service = await icinga.service(ICINGA2_HOST, ICINGA2_SERVICE);
    assert.equal(service?.state, 2, `${log}\n${icinga.console().slice(-2000)}`);
    // results for one object arrive in order: the last failure on web1 is what Icinga shows, as written in the log
    assert.match(service?.output ?? '', /^SSH login failure for \$\(>PWNED\) from 203\.0\.113\.9 at /);
    // hosts Icinga does not know: logged once each, not retried
    assert.equal(log.split("no object 'db2!SSH logins'").length, 2, log);
  } finally {
    await icinga.stop();
  }
});
