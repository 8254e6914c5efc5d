// Tests of --user run sec as root and let it switch to `nobody`. Such a
// test needs root and that user, and it must give the user folders it can
// reach: the checkout may sit in a folder only its owner can enter (root's
// home, `mktemp -d`), and so may $TMPDIR. Without root or `nobody` the
// tests skip and say why.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OtherUser {
  name: string;
  uid: number;
  gid: number;
  /** The name of its primary group. */
  group: string;
}

const NAME = 'nobody';

function idOf(flag: string): string | null {
  const run = spawnSync('id', [flag, NAME], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : null;
}

function lookUp(): OtherUser | string {
  if (process.getuid?.() !== 0) return 'skipped: switching to another user needs root';
  const [uid, gid, group] = [idOf('-u'), idOf('-g'), idOf('-gn')];
  if (uid === null || gid === null || group === null) return `skipped: this machine has no user '${NAME}'`;
  return { name: NAME, uid: Number(uid), gid: Number(gid), group };
}

/** The user tests switch to, or why they skip. */
export const otherUser: OtherUser | string = lookUp();

/** The `skip` option of a test that switches user. */
export const needsOtherUser: string | false = typeof otherUser === 'string' ? otherUser : false;

/** Whether `user` can enter `dir` and create files in it (asked as that user). */
function writableBy(user: OtherUser, dir: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'cd "$1" && test -w .', 'sh', dir], { uid: user.uid, gid: user.gid }).status === 0;
}

/**
 * A fresh folder owned by `user`, in the first temporary folder it can reach
 * ($TMPDIR, else /tmp); null when there is none.
 */
export function scratchDirFor(user: OtherUser, prefix: string): string | null {
  for (const parent of new Set([os.tmpdir(), '/tmp'])) {
    let dir: string;
    try {
      dir = fs.mkdtempSync(path.join(parent, prefix));
    } catch {
      continue;
    }
    fs.chownSync(dir, user.uid, user.gid);
    if (writableBy(user, dir)) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return null;
}
