// The socket actions udgram, ustream, udpsock, tcpsock and their close
// actions, as SEC 2.9.1 runs them (execute_udgram_action ..
// execute_closetcp_action, send_to_socket, check_new_conn and
// check_established_conns). One socket is kept open per peer; a failed send
// on it closes it and the event is tried once more on a new socket. Stream
// connections are made without blocking: events given while a connection is
// being set up wait in a buffer and go out once it is up, or are dropped when
// it fails or has not come up within --socket-timeout seconds. The text is
// sent as given (no newline is added). Errors are logged in SEC's words, at
// SEC's levels, and never stop the engine.
//
// SEC makes these calls synchronously; Node's sockets (other than Unix
// datagram sockets, which come from the unix-dgram package) report
// connections and send errors a little later, so:
// - a connection's outcome is acted on when Node reports it (SEC looks at
//   the next tcpsock/ustream action for the peer or at its once-a-second
//   sweep); the timeout is checked at both, as in SEC;
// - a UDP peer (its address looked up and its socket connected) also
//   buffers the events given before its socket is ready;
// - a send error reported after the send gets the same log lines and the
//   same one retry as when SEC's send(2) returns it; an error that a UDP
//   socket reports between sends (ICMP port unreachable) is given to the
//   next send on it, as the kernel does to SEC's send(2);
// - when a stream socket's send buffer is full, the event is dropped with
//   EAGAIN's message, as SEC's non-blocking send(2) does.
import type dgram from 'node:dgram';
import fs from '../modules/nodeFs.js';
import type net from 'node:net';
import type { Logger } from '../log/logger.js';
import { builtin } from '../modules/onDemand.js';
import type { Clock } from '../time/clock.js';
import { ERRNO_TEXT, errnoText, errorCode, GAI_TEXT, type SysError } from '../log/strerror.js';
import { loadUnixDgram, type UnixDgramSocket } from '../log/unixDgram.js';
import type { Sink } from './types.js';

const loadDgram = builtin<typeof dgram>('node:dgram');
const loadDns = builtin<typeof import('node:dns')>('node:dns');
const loadNet = builtin<typeof net>('node:net');

/** Errors after which SEC's send_to_socket keeps the socket (the event is lost). */
const SOFT_SEND_ERRORS = new Set(['EAGAIN', 'EWOULDBLOCK', 'EMSGSIZE']);

/** Connect errors that a non-blocking TCP connect(2) returns at once (the rest come later, on the first send). */
const IMMEDIATE_CONNECT_ERRORS = new Set(['ENETUNREACH', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'EAFNOSUPPORT', 'EINVAL', 'EMFILE', 'ENFILE', 'ENOBUFS']);

/** SEC's peer syntax: /^(.+):([0-9]+)$/ (the host is everything before the last colon). */
function parsePeer(peer: string): { host: string; port: string } | null {
  const m = /^([^\n]+):([0-9]+)\n?$/.exec(peer);
  return m ? { host: m[1], port: m[2] } : null;
}

/** The port getaddrinfo(3) makes of a decimal service: strtoul, then 16 bits. */
function portNumber(port: string): number {
  const n = BigInt(port);
  const max = (1n << 64n) - 1n;
  return Number((n > max ? max : n) & 0xffffn);
}

/** Perl's -S: is there a socket at this path (following symbolic links)? */
function isSocket(file: string): boolean {
  try {
    return fs.statSync(file).isSocket();
  } catch {
    return false;
  }
}

const bytes = (text: string): Buffer => Buffer.from(text, 'latin1');

type StreamKind = 'tcp' | 'ustream';

interface StreamPeer {
  socket: net.Socket;
  /** Connected: events are written at once; else they wait in `buffer`. */
  open: boolean;
  buffer: string[];
  /** clock seconds when the connection was started */
  time: number;
}

interface UdpPeer {
  socket: dgram.Socket | null;
  /** Connected: events are sent at once; else they wait in `buffer`. */
  open: boolean;
  buffer: string[];
  /** An error the socket reported between sends; the next send gets it. */
  pendingError: SysError | null;
}

export class SocketOutputs implements Sink {
  private readonly udgram = new Map<string, UnixDgramSocket>();
  private readonly udp = new Map<string, UdpPeer>();
  private readonly streams: Record<StreamKind, Map<string, StreamPeer>> = { tcp: new Map(), ustream: new Map() };

  constructor(
    private readonly log: Logger,
    private readonly clock: Clock,
    /** --socket-timeout, read at each check (a restart may change it). */
    private readonly socketTimeout: () => number,
  ) {}

  /** 'open', 'connecting' or undefined: what is kept for a peer (tests, dumps). */
  state(kind: 'udgram' | 'ustream' | 'udp' | 'tcp', peer: string): 'open' | 'connecting' | undefined {
    if (kind === 'udgram') return this.udgram.has(peer) ? 'open' : undefined;
    const entry = kind === 'udp' ? this.udp.get(peer) : this.streams[kind].get(peer);
    return entry ? (entry.open ? 'open' : 'connecting') : undefined;
  }

  // ---- udgram ------------------------------------------------------------

  sendUdgram(file: string, event: string): void {
    this.log.debug(`Sending event '${event}' to unix datagram socket '${file}'`);
    const existing = this.udgram.get(file);
    if (existing) {
      if (this.udgramSend(file, existing, event)) return;
      this.log.debug(`Retrying to send event '${event}' to socket '${file}'`);
      this.udgram.delete(file);
      closeQuietly(existing);
    }
    if (!isSocket(file)) {
      this.log.debug(`Can't send event '${event}' to socket '${file}' (socket does not exist)`);
      return;
    }
    const lib = loadUnixDgram();
    let sock: UnixDgramSocket;
    try {
      if (!lib) throw Object.assign(new Error('unix-dgram is not available'), { code: 'EAFNOSUPPORT' });
      sock = lib.createSocket('unix_dgram');
    } catch (e) {
      this.log.error(`Can't create socket for sending event '${event}' (${errnoText(e as SysError)})`);
      return;
    }
    let connectError: SysError | null = null;
    sock.on('error', (e: SysError) => {
      connectError = e;
    });
    sock.connect(file);
    if (connectError) {
      this.log.debug(`Can't connect to socket '${file}' for sending event '${event}' (${errnoText(connectError)})`);
      closeQuietly(sock);
      return;
    }
    this.udgram.set(file, sock);
    if (!this.udgramSend(file, sock, event)) {
      this.udgram.delete(file);
      closeQuietly(sock);
    }
  }

  /** send_to_socket for a Unix datagram socket: 0 hard error, 1 event lost, 2 sent. */
  private udgramSend(file: string, sock: UnixDgramSocket, event: string): number {
    let error: SysError | null = null;
    try {
      sock.send(bytes(event), (e) => {
        if (e) error = e;
      });
    } catch (e) {
      error = e as SysError;
    }
    if (!error) return 2;
    const err: SysError = error;
    // unix-dgram says 'congestion' (code 1) for EAGAIN, EWOULDBLOCK and ENOBUFS
    const congestion = err.code === 1 || err.message === 'congestion';
    const text = congestion ? ERRNO_TEXT.EAGAIN : errnoText(err);
    this.log.debug(`Error when sending event '${event}' to socket '${file}' (${text})`);
    return congestion || SOFT_SEND_ERRORS.has(errorCode(err)) ? 1 : 0;
  }

  closeUdgram(file: string): void {
    this.log.debug(`Closing unix datagram socket '${file}'`);
    const sock = this.udgram.get(file);
    if (!sock) {
      this.log.debug(`Socket '${file}' is not open, can't close`);
      return;
    }
    this.udgram.delete(file);
    try {
      sock.close();
    } catch (e) {
      this.log.warn(`Error when closing socket '${file}' (${errnoText(e as SysError)})`);
    }
  }

  // ---- udpsock -----------------------------------------------------------

  sendUdp(peer: string, event: string): void {
    this.log.debug(`Sending event '${event}' to UDP peer '${peer}'`);
    const entry = this.udp.get(peer);
    if (entry && !entry.open) {
      entry.buffer.push(event);
      return;
    }
    if (entry) {
      if (this.udpSend(peer, entry, event)) return;
      this.log.debug(`Retrying to send event '${event}' to UDP peer '${peer}'`);
      this.dropUdp(peer, entry);
    }
    this.openUdp(peer, event);
  }

  /** Create and connect the socket for `peer`; `event` goes out once it is connected. */
  private openUdp(peer: string, event: string): void {
    const parsed = parsePeer(peer);
    if (!parsed) {
      this.log.warn(`Can't connect to UDP peer '${peer}' for sending event '${event}' (peer not in host:portnumber format)`);
      return;
    }
    const { host, port } = parsed;
    const portNum = portNumber(port);
    const entry: UdpPeer = { socket: null, open: false, buffer: [event], pendingError: null };
    this.udp.set(peer, entry);
    const failed = (message: (event: string) => void): void => {
      if (this.udp.get(peer) !== entry) return;
      this.dropUdp(peer, entry);
      for (const e of entry.buffer) message(e);
    };
    const connectTo = (address: string, family: number): void => {
      if (this.udp.get(peer) !== entry) return;
      let socket: dgram.Socket;
      try {
        socket = loadDgram().createSocket(family === 6 ? 'udp6' : 'udp4');
      } catch (e) {
        failed((ev) => {
          this.log.error(`Can't create socket for ${host}:${port}/udp (${errnoText(e as SysError)})`);
          this.log.debug(`Can't connect to UDP peer '${peer}' for sending event '${ev}'`);
        });
        return;
      }
      entry.socket = socket;
      socket.unref();
      socket.on('message', () => undefined);
      socket.on('error', (e: SysError) => {
        if (this.udp.get(peer) !== entry) return;
        if (entry.open) entry.pendingError = e;
        else failed((ev) => this.log.debug(`Can't connect to UDP peer '${peer}' for sending event '${ev}' (${errnoText(e)})`));
      });
      if (portNum === 0) {
        // connect(2) to port 0 succeeds and the datagrams go nowhere; Node refuses the port
        entry.open = true;
        entry.buffer = [];
        return;
      }
      socket.connect(portNum, address, (err?: SysError) => {
        if (this.udp.get(peer) !== entry) return;
        if (err) {
          failed((ev) => this.log.debug(`Can't connect to UDP peer '${peer}' for sending event '${ev}' (${errnoText(err)})`));
          return;
        }
        entry.open = true;
        const events = entry.buffer;
        entry.buffer = [];
        for (const ev of events) {
          if (this.udp.get(peer) !== entry) {
            this.sendUdpAgain(peer, ev, false);
          } else if (!this.udpSend(peer, entry, ev)) {
            this.log.debug(`Retrying to send event '${ev}' to UDP peer '${peer}'`);
            this.dropUdp(peer, entry);
            this.sendUdpAgain(peer, ev, false);
          }
        }
      });
    };
    const family = loadNet().isIP(host);
    if (family) {
      connectTo(host, family);
      return;
    }
    loadDns().lookup(host, (err, address, fam) => {
      if (err) {
        failed((ev) => {
          this.log.warn(`Can't create socket for ${host}:${port}/udp (${errnoText(err)})`);
          this.log.debug(`Can't connect to UDP peer '${peer}' for sending event '${ev}'`);
        });
        return;
      }
      connectTo(address, fam);
    });
  }

  /** A retry: the event goes to the peer's current socket, or to a new one. */
  private sendUdpAgain(peer: string, event: string, retryAgain: boolean): void {
    const entry = this.udp.get(peer);
    if (!entry) this.openUdp(peer, event);
    else if (!entry.open) entry.buffer.push(event);
    else if (!this.udpSend(peer, entry, event, retryAgain)) this.dropUdp(peer, entry);
  }

  /**
   * send_to_socket for a UDP peer: 0 hard error (known now), else 1/2. A
   * hard error reported later closes the socket and, when `retry`, sends
   * the event once more on a new socket, as SEC does on the spot.
   */
  private udpSend(peer: string, entry: UdpPeer, event: string, retry = true): number {
    const socket = entry.socket;
    if (!socket) return 2; // port 0
    const report = (err: SysError): boolean => {
      this.log.debug(`Error when sending event '${event}' to UDP peer '${peer}' (${errnoText(err)})`);
      return SOFT_SEND_ERRORS.has(errorCode(err));
    };
    if (entry.pendingError) {
      const err = entry.pendingError;
      entry.pendingError = null;
      return report(err) ? 1 : 0;
    }
    try {
      socket.send(bytes(event), (err: SysError | null) => {
        if (!err || report(err)) return;
        if (this.udp.get(peer) !== entry) return;
        this.dropUdp(peer, entry);
        if (retry) {
          this.log.debug(`Retrying to send event '${event}' to UDP peer '${peer}'`);
          this.sendUdpAgain(peer, event, false);
        }
      });
    } catch (e) {
      return report(e as SysError) ? 1 : 0;
    }
    return 2;
  }

  private dropUdp(peer: string, entry: UdpPeer): void {
    if (this.udp.get(peer) === entry) this.udp.delete(peer);
    try {
      entry.socket?.close();
    } catch {
      // already closed
    }
  }

  closeUdp(peer: string): void {
    this.log.debug(`Closing socket for UDP peer '${peer}'`);
    const entry = this.udp.get(peer);
    if (!entry) {
      this.log.debug(`No socket for UDP peer '${peer}', can't close`);
      return;
    }
    this.dropUdp(peer, entry);
  }

  // ---- ustream and tcpsock ---------------------------------------------------

  sendUstream(file: string, event: string): void {
    this.log.debug(`Sending event '${event}' to unix stream socket '${file}'`);
    this.sendStream('ustream', file, event);
  }

  sendTcp(peer: string, event: string): void {
    this.log.debug(`Sending event '${event}' to TCP peer '${peer}'`);
    this.sendStream('tcp', peer, event);
  }

  private sendStream(kind: StreamKind, key: string, event: string): void {
    const entry = this.streams[kind].get(key);
    if (entry?.open) {
      if (this.streamSend(kind, key, entry, event, true)) return;
      this.log.debug(`Retrying to send event '${event}' to ${dest(kind, key)}`);
      this.dropStream(kind, key, entry);
    } else if (entry) {
      entry.buffer.push(event);
      this.checkTimeout(kind, key, entry);
      return;
    }
    this.openStream(kind, key, event);
  }

  /** Start a non-blocking connection to `key`, with `event` waiting for it. */
  private openStream(kind: StreamKind, key: string, event: string): void {
    if (kind === 'ustream' && !isSocket(key)) {
      this.log.debug(`Can't send event '${event}' to socket '${key}' (socket does not exist)`);
      return;
    }
    const parsed = kind === 'tcp' ? parsePeer(key) : null;
    if (kind === 'tcp' && !parsed) {
      this.log.warn(`Can't connect to TCP peer '${key}' for sending event '${event}' (peer not in host:portnumber format)`);
      return;
    }
    const socket = new (loadNet().Socket)();
    const entry: StreamPeer = { socket, open: false, buffer: [event], time: this.clock.seconds() };
    const map = this.streams[kind];
    map.set(key, entry);
    const current = (): boolean => map.get(key) === entry;
    socket.unref();
    socket.on('data', () => undefined); // what the peer says is read and dropped, as SEC does
    socket.on('connect', () => {
      if (!current()) return;
      entry.open = true;
      const events = entry.buffer;
      entry.buffer = [];
      for (const ev of events) {
        if (!this.streamSend(kind, key, entry, ev, false)) {
          this.dropStream(kind, key, entry);
          return;
        }
      }
    });
    socket.on('end', () => {
      if (!current()) return;
      this.log.debug(`Connection to ${dest(kind, key)} closed by peer`);
      this.dropStream(kind, key, entry);
    });
    socket.on('error', (err: SysError) => {
      if (!current()) return;
      this.dropStream(kind, key, entry);
      if (entry.open) this.log.debug(`Connection error to ${dest(kind, key)} (${errnoText(err)})`);
      else this.connectFailed(kind, key, entry.buffer, err);
    });
    socket.on('close', () => {
      if (current()) this.dropStream(kind, key, entry);
    });
    try {
      if (parsed) socket.connect({ host: parsed.host, port: portNumber(parsed.port), autoSelectFamily: false });
      else socket.connect({ path: key });
    } catch (e) {
      this.dropStream(kind, key, entry);
      this.log.debug(`Can't connect to ${dest(kind, key)} for sending event '${event}' (${errnoText(e as SysError)})`);
    }
  }

  /** The log lines SEC gives when a connection cannot be made, for the events that waited for it. */
  private connectFailed(kind: StreamKind, key: string, events: string[], err: SysError): void {
    const code = errorCode(err);
    if (kind === 'ustream') {
      // connect(2) on a Unix stream socket fails at once, at each action
      for (const ev of events) this.log.debug(`Can't connect to socket '${key}' for sending event '${ev}' (${errnoText(err)})`);
    } else if (err.syscall === 'getaddrinfo' || code in GAI_TEXT) {
      // a tcp peer got this far only because its key parsed
      const { host, port } = parsePeer(key) ?? { host: key, port: '' };
      for (const ev of events) {
        this.log.warn(`Can't create socket for ${host}:${port}/tcp (${errnoText(err)})`);
        this.log.debug(`Can't connect to TCP peer '${key}' for sending event '${ev}'`);
      }
    } else if (IMMEDIATE_CONNECT_ERRORS.has(code)) {
      for (const ev of events) this.log.debug(`Can't connect to TCP peer '${key}' for sending event '${ev}' (${errnoText(err)})`);
    } else if (events.length) {
      // connect(2) said EINPROGRESS; sending the first waiting event then fails and all are dropped
      this.log.debug(`Error when sending event '${events[0]}' to TCP peer '${key}' (${errnoText(err)})`);
    }
  }

  /**
   * send_to_socket on a connected stream: 0 hard error (known now), 1 the
   * event is lost (send buffer full), 2 sent. A hard error reported later
   * closes the connection and, when `retry`, sends the event once more on a
   * new connection, as SEC does on the spot.
   */
  private streamSend(kind: StreamKind, key: string, entry: StreamPeer, event: string, retry: boolean): number {
    const socket = entry.socket;
    const to = dest(kind, key);
    if (socket.destroyed || !socket.writable) {
      this.log.debug(`Error when sending event '${event}' to ${to} (${ERRNO_TEXT.EPIPE})`);
      return 0;
    }
    if (socket.writableLength > 0) {
      this.log.debug(`Error when sending event '${event}' to ${to} (${ERRNO_TEXT.EAGAIN})`);
      return 1;
    }
    socket.write(bytes(event), (err?: SysError | null) => {
      if (!err) return;
      this.log.debug(`Error when sending event '${event}' to ${to} (${errnoText(err)})`);
      if (this.streams[kind].get(key) !== entry) return;
      this.dropStream(kind, key, entry);
      if (retry) {
        this.log.debug(`Retrying to send event '${event}' to ${to}`);
        this.sendStreamAgain(kind, key, event);
      }
    });
    return 2;
  }

  /** A retry: the event goes to the peer's current connection, or to a new one. */
  private sendStreamAgain(kind: StreamKind, key: string, event: string): void {
    const entry = this.streams[kind].get(key);
    if (!entry) this.openStream(kind, key, event);
    else if (!entry.open) entry.buffer.push(event);
    else if (!this.streamSend(kind, key, entry, event, false)) this.dropStream(kind, key, entry);
  }

  /** check_new_conn's timeout: a connection not up after --socket-timeout seconds is given up. */
  private checkTimeout(kind: StreamKind, key: string, entry: StreamPeer): void {
    if (entry.open || this.clock.seconds() - entry.time <= this.socketTimeout()) return;
    this.log.debug(`Can't connect to ${kind === 'tcp' ? 'TCP peer' : 'socket'} '${key}' (connection establishment timeout)`);
    this.dropStream(kind, key, entry);
  }

  private dropStream(kind: StreamKind, key: string, entry: StreamPeer): void {
    const map = this.streams[kind];
    if (map.get(key) === entry) map.delete(key);
    entry.socket.destroy();
  }

  closeUstream(file: string): void {
    this.log.debug(`Closing unix stream socket '${file}'`);
    const entry = this.streams.ustream.get(file);
    if (!entry) this.log.debug(`Socket '${file}' is not open, can't close`);
    else this.closeStream('ustream', file, entry);
  }

  closeTcp(peer: string): void {
    this.log.debug(`Closing socket for TCP peer '${peer}'`);
    const entry = this.streams.tcp.get(peer);
    if (!entry) this.log.debug(`No socket for TCP peer '${peer}', can't close`);
    else this.closeStream('tcp', peer, entry);
  }

  /** close(2): what was written goes out before the connection ends. */
  private closeStream(kind: StreamKind, key: string, entry: StreamPeer): void {
    this.streams[kind].delete(key);
    if (entry.open) entry.socket.end();
    else entry.socket.destroy();
  }

  // ---- housekeeping ------------------------------------------------------

  /** SEC's once-a-second look at connections still being made (the timeout). */
  sweep(): void {
    for (const kind of ['tcp', 'ustream'] as const) {
      for (const [key, entry] of [...this.streams[kind]]) this.checkTimeout(kind, key, entry);
    }
  }

  /** close_outputs: every socket closed, nothing kept (restart, log rotation, exit). */
  closeAll(): void {
    for (const [file, sock] of [...this.udgram]) {
      this.udgram.delete(file);
      closeQuietly(sock);
    }
    for (const [peer, entry] of [...this.udp]) this.dropUdp(peer, entry);
    for (const kind of ['tcp', 'ustream'] as const) {
      for (const [key, entry] of [...this.streams[kind]]) this.closeStream(kind, key, entry);
    }
  }

  /** Shutdown comes after closeAll(), as in SEC: what waited for a connection is gone then. */
  drain(): Promise<void> {
    return Promise.resolve();
  }
}

/** How SEC names a stream peer in its messages. */
function dest(kind: StreamKind, key: string): string {
  return kind === 'tcp' ? `TCP peer '${key}'` : `socket '${key}'`;
}

function closeQuietly(sock: UnixDgramSocket): void {
  try {
    sock.close();
  } catch {
    // already closed
  }
}
