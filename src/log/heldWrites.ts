// Writes held back to be batched (sinks/files.ts) must reach their files
// before anything could look at them: a child process, Perl or JavaScript
// code, a socket peer, another action, or the end of the process. Places
// that start such effects call flushHeldWrites(); a holder registers the
// function that writes out what it holds.

import fs from '../modules/nodeFs.js';

const holders = new Set<() => void>();

/** Register `flush`, which writes out what a holder keeps back; returns the function that unregisters it. */
export function holdWrites(flush: () => void): () => void {
  holders.add(flush);
  return () => holders.delete(flush);
}

/** Write out every held write now, in the order the writes were asked for. */
export function flushHeldWrites(): void {
  for (const flush of holders) flush();
}

// every way out of the process (process.exit anywhere, the end of the event loop) passes here
process.on('exit', flushHeldWrites);

/** What identifies the file open on `fd` (device and i-node), null when it is not open. */
export function fileIdentity(fd: number): string | null {
  try {
    return identityOf(fs.fstatSync(fd));
  } catch {
    return null;
  }
}

/** The identity (as fileIdentity) of the file at `path`, null where there is none. */
export function pathIdentity(path: string): string | null {
  try {
    return identityOf(fs.statSync(path));
  } catch {
    return null;
  }
}

const identityOf = (st: { dev: number; ino: number }): string => `${st.dev}:${st.ino}`;
