// The state file on disk: written whole and atomically (FILE.tmp, fsync,
// rename over FILE, fsync of the directory), so a crash at any moment
// leaves either the previous state or the new one, never half of one. A
// file that cannot be used is renamed aside (FILE.bad-<epoch seconds>) so
// that it is kept for a look and never read again.
import fs from '../modules/nodeFs.js';
import path from 'node:path';

/** Write `text` to `file` atomically; throws on failure (the previous file is left as it was). */
export function writeStateFile(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text, 'utf8');
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDirectory(path.dirname(file));
}

/** fsync the directory so the rename itself survives a crash; where that cannot be done, the rename stands as it is. */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse fsync on a directory
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The text of the state file, or null when there is none; throws when it exists but cannot be read. */
export function readStateFile(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** Rename an unusable state file aside; returns the new name. */
export function setAside(file: string, now: number): string {
  const aside = `${file}.bad-${now}`;
  fs.renameSync(file, aside);
  return aside;
}
