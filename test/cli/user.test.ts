import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadUnixDgram } from '../../src/log/unixDgram.js';
import { needsOtherUser, type OtherUser, otherUser, scratchDirFor } from '../support/otherUser.js';
import { fileText, projectDir, retryUntil, scratchDir, startSec, waitFor } from '../support/process.js';

// --user, --group and --umask: the process gives up root before it reads
// its rules, and files it creates get the umask. Everything the user reads
// or writes sits in a folder of its own, wherever this checkout is.

const user = otherUser as OtherUser;

test('--user/--group switch identity and --umask applies to created files', { skip: needsOtherUser }, async (t) => {
  const dir = scratchDirFor(user, 'sec-user-');
  if (dir === null) return t.skip(`skipped: no temporary folder that ${user.name} can reach`);
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
  fs.writeFileSync(path.join(dir, 'r.conf'), rules, { mode: 0o644 });
  // tail mode, so that the output of the spawned id comes back as an event
  const sec = startSec([`--conf=${dir}/r.conf`, '--input=-', `--user=${user.name}`, `--group=${user.group}`, '--umask=027'], dir, { stdin: 'who\n' });
  try {
    await waitFor(
      () => sec.stdout().includes('\n'),
      () => `the uid line; stderr:\n${sec.stderr()}`,
    );
  } finally {
    sec.child.kill('SIGTERM');
    await sec.exited;
  }
  assert.equal(sec.stdout(), `uid=${user.uid}\n`);
  const st = fs.statSync(path.join(dir, 'created.txt'));
  assert.equal(st.uid, user.uid);
  assert.equal(st.mode & 0o777, 0o640);
});

/**
 * This installation as seen through a folder only root can enter: links to
 * bin/, dist/, node_modules/, perl/ and package.json. Run with node's
 * --preserve-symlinks, every file of sec is read through that folder, as
 * from a clone in root's home.
 */
function privateInstallation(): string {
  const installation = path.join(scratchDir('sec-private-'), 'sec');
  fs.mkdirSync(installation);
  for (const entry of ['bin', 'dist', 'node_modules', 'package.json', 'perl']) fs.symlinkSync(path.join(projectDir, entry), path.join(installation, entry));
  return installation;
}

const ownInstallation = process.env.SEC_E2E_BIN === undefined ? false : "skipped: it is about this project's own installation";

test('after --user, sec reads nothing of its installation, Perl code included', { skip: needsOtherUser || ownInstallation }, async (t) => {
  const dir = scratchDirFor(user, 'sec-user-');
  if (dir === null) return t.skip(`skipped: no temporary folder that ${user.name} can reach`);
  const dgram = loadUnixDgram();
  assert.ok(dgram, 'unix-dgram loads');
  const socket = path.join(dir, 'listener.sock');
  const received: string[] = [];
  const listener = dgram.createSocket('unix_dgram') as ReturnType<typeof dgram.createSocket> & { bind(path: string): void };
  listener.on('message', (b: Buffer) => received.push(b.toString('latin1')));
  listener.bind(socket);
  fs.chmodSync(socket, 0o666);
  const input = path.join(dir, 'in.log');
  fs.writeFileSync(input, '', { mode: 0o644 });
  // the Perl rule starts perl, with its bridge and keeper read before the switch
  const rules = `type=Single\nptype=SubStr\npattern=ping\ncontinue=TakeNext\ndesc=ping\naction=udgram ${socket} pong\n\n\
type=Single\nptype=PerlFunc\npattern=sub { return $_[0] eq "ping" ? ("perl") : () }\ndesc=perl\naction=udgram ${socket} pong from $1\n`;
  fs.writeFileSync(path.join(dir, 'r.conf'), rules, { mode: 0o644 });
  const log = path.join(dir, 'sec.log');
  // a poll timeout far beyond the deadline: only the file watcher can wake sec for the line in time
  const args = [`--conf=${dir}/r.conf`, `--input=${input}`, `--log=${log}`, '--debug=6', '--poll-timeout=600', `--user=${user.name}`, `--group=${user.group}`];
  const sec = startSec(args, dir, {
    script: path.join(privateInstallation(), 'bin', 'sec'),
    nodeArgs: ['--preserve-symlinks', '--preserve-symlinks-main'],
  });
  try {
    await retryUntil(
      () => fs.appendFileSync(input, 'ping\n'),
      () => received.length >= 2,
      () => `a datagram from sec; its log:\n${fileText(log)}${sec.stderr()}`,
    );
  } finally {
    sec.child.kill('SIGTERM');
    await sec.exited;
    listener.close();
  }
  assert.deepEqual(received.slice(0, 2), ['pong', 'pong from perl']);
});
