// Unix datagram sockets come from the unix-dgram package (Node has none).
// The loader lives here, at the bottom layer, because both the syslog
// writer and the udgram sink use it, and log/ imports nothing above it.
import type { EventEmitter } from 'node:events';
import { onDemand } from '../modules/onDemand.js';

/** The part of unix-dgram's socket used here (its calls are synchronous). */
export interface UnixDgramSocket extends EventEmitter {
  connect(path: string): void;
  send(buf: Buffer, callback: (err?: Error & { errno?: number; code?: unknown }) => void): void;
  close(): void;
}

interface UnixDgramModule {
  createSocket(type: 'unix_dgram'): UnixDgramSocket;
}

/** unix-dgram, loaded on first use (null if it cannot be loaded here). */
export const loadUnixDgram = onDemand<UnixDgramModule>('unix-dgram');
