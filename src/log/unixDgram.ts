// Unix datagram sockets come from the unix-dgram package (Node has none).
// The loader lives here, at the bottom layer, because both the syslog
// writer and the udgram sink use it, and log/ imports nothing above it.
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

/** The part of unix-dgram's socket used here (its calls are synchronous). */
export interface UnixDgramSocket extends EventEmitter {
  connect(path: string): void;
  send(buf: Buffer, callback: (err?: Error & { errno?: number; code?: unknown }) => void): void;
  close(): void;
}

interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

let unixDgram: UnixDgramModule | null | undefined;

/** unix-dgram, loaded on first use (null if it cannot be loaded here). */
export function loadUnixDgram(): UnixDgramModule | null {
  if (unixDgram === undefined) {
    try {
      unixDgram = createRequire(import.meta.url)('unix-dgram') as UnixDgramModule;
    } catch {
      unixDgram = null;
    }
  }
  return unixDgram;
}
