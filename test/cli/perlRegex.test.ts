import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileText, scratchDir, startSec } from '../support/process.js';

// A regular expression only Perl runs exactly, end to end: it runs on the
// Perl interpreter, and where perl cannot be started the rule is faulty and
// the log says why. (Our own messages: not run against another sec.)

const RULE = 'type=Single\nptype=RegExp\npattern=^(?|a(\\d)|b(\\d))x\ndesc=d\naction=write - got $1\n';
const ours = { skip: process.env.SEC_E2E_BIN !== undefined && 'our own messages' };

test('a branch reset runs on Perl: $1 is set, and the log says so once', ours, async () => {
  const dir = scratchDir('sec-perl-regex-');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULE);
  const sec = startSec(['--conf=r.conf', '--log=sec.log', '--input=-', '--notail'], dir, { stdin: 'b7x\nc1x\na3x\n' });
  const { code } = await sec.exited;
  assert.equal(code, 0, sec.stderr());
  assert.equal(sec.stdout(), 'got 7\ngot 3\n');
  const log = fileText(path.join(dir, 'sec.log'));
  assert.equal(log.split('runs on the Perl interpreter (the Perl construct (?| has no exact RE2 or JavaScript form)').length, 2, log);
});

test('without perl the rule is faulty, and the log says perl could not be started', ours, async () => {
  const dir = scratchDir('sec-perl-regex-');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULE);
  // a PATH with mkfifo (the Perl bridge needs it) but no perl
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(execFileSync('sh', ['-c', 'command -v mkfifo']).toString().trim(), path.join(bin, 'mkfifo'));
  const sec = startSec(['--conf=r.conf', '--log=sec.log', '--testonly'], dir, { env: { ...process.env, PATH: bin } });
  const { code } = await sec.exited;
  assert.equal(code, 1, sec.stderr());
  assert.match(
    fileText(path.join(dir, 'sec.log')),
    /Rule in r\.conf at line 1: Unsupported regular expression '\^\(\?\|a\(\\d\)\|b\(\\d\)\)x': the Perl construct \(\?\| runs only on the Perl interpreter, which is not available \(cannot start perl: .*\)\n/,
  );
});
