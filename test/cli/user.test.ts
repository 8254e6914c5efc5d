import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { scratchDir, startSec, waitFor } from '../support/process.js';

// --user, --group and --umask: the process gives up root before it reads
// its rules, and files it creates get the umask.

const isRoot = process.getuid?.() === 0;

test('--user/--group switch identity and --umask applies to created files', { skip: !isRoot && 'needs root' }, async () => {
  const dir = scratchDir('sec-user-');
  fs.chmodSync(dir, 0o777);
  const nobodyUid = execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim();
  const groupName = execFileSync('id', ['-gn', 'nobody'], { encoding: 'utf8' }).trim();
  const rules = `type=Single
ptype=SubStr
pattern=who
desc=who
action=spawn /usr/bin/id -u; write ${dir}/created.txt made

type=Single
ptype=RegExp
pattern=^(\\d+)$
desc=uid
action=write - uid=$1
`;
  fs.writeFileSync(path.join(dir, 'r.conf'), rules);
  fs.chmodSync(path.join(dir, 'r.conf'), 0o644);
  // tail mode, so that the output of the spawned id comes back as an event
  const sec = startSec([`--conf=${dir}/r.conf`, '--input=-', '--user=nobody', `--group=${groupName}`, '--umask=027'], dir, { stdin: 'who\n' });
  try {
    await waitFor(
      () => sec.stdout().includes('\n'),
      () => `the uid line; stderr:\n${sec.stderr()}`,
    );
  } finally {
    sec.child.kill('SIGTERM');
    await sec.exited;
  }
  assert.equal(sec.stdout(), `uid=${nobodyUid}\n`);
  const st = fs.statSync(path.join(dir, 'created.txt'));
  assert.equal(String(st.uid), nobodyUid);
  assert.equal(st.mode & 0o777, 0o640);
});
