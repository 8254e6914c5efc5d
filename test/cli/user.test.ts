import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// --user, --group and --umask: the process gives up root before it reads
// its rules, and files it creates get the umask.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const secBin = path.join(root, 'bin', 'sec');
const isRoot = process.getuid?.() === 0;

test('--user/--group switch identity and --umask applies to created files', { skip: !isRoot && 'needs root' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-user-'));
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
  const run = spawnSync(process.execPath, [secBin, `--conf=${dir}/r.conf`, '--input=-', '--user=nobody', `--group=${groupName}`, '--umask=027'], {
    cwd: dir, input: 'who\n', timeout: 3000, killSignal: 'SIGTERM',
  });
  assert.equal(run.stdout.toString(), `uid=${nobodyUid}\n`);
  const st = fs.statSync(path.join(dir, 'created.txt'));
  assert.equal(String(st.uid), nobodyUid);
  assert.equal(st.mode & 0o777, 0o640);
});
