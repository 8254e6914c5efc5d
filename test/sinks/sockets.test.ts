// udgram, ustream, udpsock, tcpsock and their close actions against real
// local sockets: a Unix datagram socket and a Unix stream server in a temp
// dir, a UDP socket and a TCP server on 127.0.0.1 (port 0).
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { test } from 'node:test';
import { harness, type Harness } from '../support/harness.js';
import { waitFor } from '../support/process.js';

interface UnixDgramServer extends EventEmitter {
  bind(path: string): void;
  close(): void;
}
const unixDgram = createRequire(import.meta.url)('unix-dgram') as { createSocket(type: 'unix_dgram', onMessage?: (buf: Buffer) => void): UnixDgramServer };

/** Input `<action> <peer> <text>` runs that action; `nl <action> <peer> <text>` adds %.nl; `<close> <peer>` closes. */
const RULES = ['udgram', 'ustream', 'udpsock', 'tcpsock']
  .map(
    (action) => `type=Single
ptype=RegExp
pattern=^${action} (\\S+) (.*)
desc=$2
action=${action} $1 $2

type=Single
ptype=RegExp
pattern=^nl ${action} (\\S+) (.*)
desc=$2
action=${action} $1 %s%.nl
`,
  )
  .concat(
    ['closeudgr', 'closeustr', 'closeudp', 'closetcp'].map(
      (close) => `type=Single
ptype=RegExp
pattern=^${close} (\\S+)$
desc=close
action=${close} $1
`,
    ),
  )
  .join('\n');

function setup(options: Parameters<typeof harness>[1] = {}): Harness {
  const h = harness(RULES, options);
  h.logs.length = 0;
  return h;
}

const hasLog = (h: Harness, line: string): boolean => h.logs.includes(line);

/** A TCP or Unix stream server that records what each connection sends. */
async function streamServer(
  listen: { port: 0; host: string } | { path: string },
): Promise<{ server: net.Server; conns: { data: string; ended: boolean; socket: net.Socket }[]; address: string; text: () => string }> {
  const conns: { data: string; ended: boolean; socket: net.Socket }[] = [];
  const server = net.createServer((socket) => {
    const c = { data: '', ended: false, socket };
    conns.push(c);
    socket.on('data', (d) => (c.data += d.toString('latin1')));
    socket.on('end', () => (c.ended = true));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(listen, resolve));
  const a = server.address();
  const address = typeof a === 'string' || a === null ? String(a) : `127.0.0.1:${a.port}`;
  return { server, conns, address, text: () => conns.map((c) => c.data).join('') };
}

async function closeServer(srv: { server: net.Server; conns: { socket: net.Socket }[] }): Promise<void> {
  for (const c of srv.conns) c.socket.destroy();
  await new Promise<void>((resolve) => srv.server.close(() => resolve()));
}

/** A port on 127.0.0.1 where nothing listens (TCP or UDP). */
async function freePort(type: 'tcp' | 'udp'): Promise<number> {
  if (type === 'tcp') {
    const s = net.createServer();
    await new Promise<void>((resolve) => s.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (s.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => s.close(() => resolve()));
    return port;
  }
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
  const port = s.address().port;
  await new Promise<void>((resolve) => s.close(resolve));
  return port;
}

async function udpServer(type: 'udp4' | 'udp6' = 'udp4'): Promise<{ socket: dgram.Socket; got: string[]; port: number }> {
  const socket = dgram.createSocket(type);
  const got: string[] = [];
  socket.on('message', (m) => got.push(m.toString('latin1')));
  await new Promise<void>((resolve) => socket.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', resolve));
  return { socket, got, port: socket.address().port };
}

// ---- udgram --------------------------------------------------------------

test('udgram sends the text as given (no newline added) over one kept-open socket', async () => {
  const h = setup();
  const sock = path.join(h.dir, 'dgram.sock');
  const got: string[] = [];
  const server = unixDgram.createSocket('unix_dgram', (buf) => got.push(buf.toString('latin1')));
  server.bind(sock);
  try {
    h.feed(`udgram ${sock} hello world`, `udgram ${sock} second`, `nl udgram ${sock} with newline`);
    await waitFor(() => got.length === 3, 'three datagrams');
    assert.deepEqual(got, ['hello world', 'second', 'with newline\n']);
    assert.equal(h.sinks.sockets.state('udgram', sock), 'open');
    assert.ok(hasLog(h, `Sending event 'hello world' to unix datagram socket '${sock}'`));
    h.feed(`closeudgr ${sock}`);
    assert.equal(h.sinks.sockets.state('udgram', sock), undefined);
    assert.ok(hasLog(h, `Closing unix datagram socket '${sock}'`));
    h.feed(`closeudgr ${sock}`);
    assert.ok(hasLog(h, `Socket '${sock}' is not open, can't close`));
  } finally {
    h.engine.closeOutputs();
    server.close();
  }
});

test('udgram to a missing or dead socket logs as SEC does and goes on', () => {
  const h = setup();
  const missing = path.join(h.dir, 'missing.sock');
  const stale = path.join(h.dir, 'stale.sock');
  const server = unixDgram.createSocket('unix_dgram');
  server.bind(stale);
  server.close(); // the file stays, nobody reads it
  try {
    assert.doesNotThrow(() => h.feed(`udgram ${missing} a`, `udgram ${stale} b`, `udgram ${h.dir}/rules.conf c`));
    assert.ok(hasLog(h, `Can't send event 'a' to socket '${missing}' (socket does not exist)`));
    assert.ok(hasLog(h, `Can't connect to socket '${stale}' for sending event 'b' (Connection refused)`));
    assert.ok(hasLog(h, `Can't send event 'c' to socket '${h.dir}/rules.conf' (socket does not exist)`));
    assert.equal(h.sinks.sockets.state('udgram', stale), undefined);
  } finally {
    h.engine.closeOutputs();
  }
});

test("udgram: a receiver that restarts gets the next event on a new socket, after SEC's error and retry lines", async () => {
  const h = setup();
  const sock = path.join(h.dir, 'restart.sock');
  const first: string[] = [];
  const second: string[] = [];
  const server1 = unixDgram.createSocket('unix_dgram', (buf) => first.push(buf.toString('latin1')));
  server1.bind(sock);
  let server2: UnixDgramServer | null = null;
  try {
    h.feed(`udgram ${sock} one`);
    await waitFor(() => first.length === 1, 'the first datagram');
    server1.close();
    fs.unlinkSync(sock);
    server2 = unixDgram.createSocket('unix_dgram', (buf) => second.push(buf.toString('latin1')));
    server2.bind(sock);
    h.feed(`udgram ${sock} two`);
    await waitFor(() => second.length === 1, 'the datagram to the new receiver');
    assert.deepEqual(second, ['two']);
    assert.ok(hasLog(h, `Error when sending event 'two' to socket '${sock}' (Connection refused)`));
    assert.ok(hasLog(h, `Retrying to send event 'two' to socket '${sock}'`));
  } finally {
    h.engine.closeOutputs();
    server2?.close();
  }
});

// ---- ustream -------------------------------------------------------------

test('ustream: events given while connecting go out once connected, in order, then on the same connection', async () => {
  const h = setup();
  const sock = path.join(h.dir, 'stream.sock');
  const srv = await streamServer({ path: sock });
  try {
    h.feed(`ustream ${sock} one`, `ustream ${sock} two`, `nl ustream ${sock} three`);
    assert.equal(h.sinks.sockets.state('ustream', sock), 'connecting');
    await waitFor(() => srv.text() === 'onetwothree\n', 'the buffered events');
    assert.equal(h.sinks.sockets.state('ustream', sock), 'open');
    h.feed(`ustream ${sock} four`);
    await waitFor(() => srv.text() === 'onetwothree\nfour', 'the fourth event');
    assert.equal(srv.conns.length, 1);
    h.feed(`closeustr ${sock}`);
    assert.ok(hasLog(h, `Closing unix stream socket '${sock}'`));
    assert.equal(h.sinks.sockets.state('ustream', sock), undefined);
    await waitFor(() => srv.conns[0].ended, 'the server to see the connection end');
    h.feed(`closeustr ${sock}`);
    assert.ok(hasLog(h, `Socket '${sock}' is not open, can't close`));
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

test('ustream to a missing or refusing socket logs as SEC does', async () => {
  const h = setup();
  const missing = path.join(h.dir, 'missing.sock');
  const live = path.join(h.dir, 'live.sock');
  const stale = path.join(h.dir, 'stale.sock');
  const srv = await streamServer({ path: live });
  fs.renameSync(live, stale); // a socket file nobody listens on
  await closeServer(srv);
  try {
    assert.doesNotThrow(() => h.feed(`ustream ${missing} a`, `ustream ${stale} b`));
    assert.ok(hasLog(h, `Can't send event 'a' to socket '${missing}' (socket does not exist)`));
    await waitFor(() => hasLog(h, `Can't connect to socket '${stale}' for sending event 'b' (Connection refused)`), 'the refusal');
    assert.equal(h.sinks.sockets.state('ustream', stale), undefined);
  } finally {
    h.engine.closeOutputs();
  }
});

test('ustream: a peer that closes is noticed, and the next event makes a new connection', async () => {
  const h = setup();
  const sock = path.join(h.dir, 'peer.sock');
  const srv = await streamServer({ path: sock });
  try {
    h.feed(`ustream ${sock} one`);
    await waitFor(() => srv.text() === 'one', 'the first event');
    srv.conns[0].socket.end();
    await waitFor(() => hasLog(h, `Connection to socket '${sock}' closed by peer`), 'the close to be noticed');
    assert.equal(h.sinks.sockets.state('ustream', sock), undefined);
    h.feed(`ustream ${sock} two`);
    await waitFor(() => srv.conns.length === 2 && srv.conns[1].data === 'two', 'the event on a new connection');
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

// ---- udpsock -------------------------------------------------------------

test('udpsock sends each event as one datagram over a kept-open socket; closeudp closes it', async () => {
  const h = setup();
  const srv = await udpServer();
  const peer = `127.0.0.1:${srv.port}`;
  try {
    h.feed(`udpsock ${peer} hello world`, `udpsock ${peer} second`, `nl udpsock ${peer} third`);
    await waitFor(() => srv.got.length === 3, 'three datagrams');
    assert.deepEqual(srv.got, ['hello world', 'second', 'third\n']);
    assert.equal(h.sinks.sockets.state('udp', peer), 'open');
    assert.ok(hasLog(h, `Sending event 'hello world' to UDP peer '${peer}'`));
    h.feed(`closeudp ${peer}`);
    assert.ok(hasLog(h, `Closing socket for UDP peer '${peer}'`));
    assert.equal(h.sinks.sockets.state('udp', peer), undefined);
    h.feed(`closeudp ${peer}`);
    assert.ok(hasLog(h, `No socket for UDP peer '${peer}', can't close`));
  } finally {
    h.engine.closeOutputs();
    srv.socket.close();
  }
});

test('udpsock to a port nobody listens on: the refusal hits the next send, which is retried on a new socket', async () => {
  const h = setup();
  const port = await freePort('udp');
  const peer = `127.0.0.1:${port}`;
  try {
    h.feed(`udpsock ${peer} b1`);
    // b1 goes out as the socket is connected; on the loopback the kernel's
    // port unreachable answer is on the socket before that send returns
    await waitFor(() => h.sinks.sockets.state('udp', peer) === 'open', 'the socket to be connected and b1 sent');
    assert.doesNotThrow(() => h.feed(`udpsock ${peer} b2`));
    await waitFor(() => hasLog(h, `Retrying to send event 'b2' to UDP peer '${peer}'`), 'the retry');
    assert.ok(hasLog(h, `Error when sending event 'b2' to UDP peer '${peer}' (Connection refused)`));
    assert.ok(!h.logs.some((l) => l.includes("event 'b1'") && l.startsWith('Error')));
    // the peer comes up on that port: the next events get there
    const srv = dgram.createSocket('udp4');
    const got: string[] = [];
    srv.on('message', (m) => got.push(m.toString('latin1')));
    await new Promise<void>((resolve) => srv.bind(port, '127.0.0.1', resolve));
    try {
      h.feed(`udpsock ${peer} b3`, `udpsock ${peer} b4`);
      await waitFor(() => got.includes('b4'), 'delivery once the peer is up');
    } finally {
      srv.close();
    }
  } finally {
    h.engine.closeOutputs();
  }
});

test('udpsock/tcpsock peers: host:port with IPv6 as SEC splits it (last colon), bad forms logged', async (t) => {
  const h = setup();
  try {
    h.feed('udpsock nohost msg', 'tcpsock 127.0.0.1 msg2', 'udpsock [::1]:9 msg3');
    assert.ok(hasLog(h, "Can't connect to UDP peer 'nohost' for sending event 'msg' (peer not in host:portnumber format)"));
    assert.ok(hasLog(h, "Can't connect to TCP peer '127.0.0.1' for sending event 'msg2' (peer not in host:portnumber format)"));
    // SEC gives "[::1]" to getaddrinfo as it is, which fails
    await waitFor(() => hasLog(h, "Can't connect to UDP peer '[::1]:9' for sending event 'msg3'"), 'the lookup failure');
    assert.ok(h.logs.some((l) => /^Can't create socket for \[::1\]:9\/udp \(.+\)$/.test(l)));
    let srv: Awaited<ReturnType<typeof udpServer>>;
    try {
      srv = await udpServer('udp6');
    } catch {
      t.diagnostic('no IPv6 loopback here');
      return;
    }
    try {
      h.feed(`udpsock ::1:${srv.port} six`);
      await waitFor(() => srv.got.length === 1, 'the datagram over IPv6');
      assert.deepEqual(srv.got, ['six']);
    } finally {
      srv.socket.close();
    }
  } finally {
    h.engine.closeOutputs();
  }
});

// ---- tcpsock -------------------------------------------------------------

test('tcpsock: events given while the connection is pending are delivered once connected, then more on the same connection', async () => {
  const h = setup();
  const srv = await streamServer({ port: 0, host: '127.0.0.1' });
  const peer = srv.address;
  try {
    h.feed(`tcpsock ${peer} one`, `tcpsock ${peer} two`, `nl tcpsock ${peer} three`);
    assert.equal(h.sinks.sockets.state('tcp', peer), 'connecting');
    await waitFor(() => srv.text() === 'onetwothree\n', 'the buffered events');
    assert.equal(h.sinks.sockets.state('tcp', peer), 'open');
    h.feed(`tcpsock ${peer} four`);
    await waitFor(() => srv.text() === 'onetwothree\nfour', 'the fourth event');
    assert.equal(srv.conns.length, 1);
    h.feed(`closetcp ${peer}`);
    assert.ok(hasLog(h, `Closing socket for TCP peer '${peer}'`));
    assert.equal(h.sinks.sockets.state('tcp', peer), undefined);
    await waitFor(() => srv.conns[0].ended, 'the server to see the connection end');
    h.feed(`closetcp ${peer}`);
    assert.ok(hasLog(h, `No socket for TCP peer '${peer}', can't close`));
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

test("tcpsock to a refusing port: SEC's send error for the first waiting event, the connection dropped", async () => {
  const h = setup();
  const port = await freePort('tcp');
  const peer = `127.0.0.1:${port}`;
  try {
    assert.doesNotThrow(() => h.feed(`tcpsock ${peer} a1`, `tcpsock ${peer} a2`));
    await waitFor(() => hasLog(h, `Error when sending event 'a1' to TCP peer '${peer}' (Connection refused)`), 'the refusal');
    assert.equal(h.sinks.sockets.state('tcp', peer), undefined);
    assert.ok(!h.logs.some((l) => l.startsWith('Error') && l.includes("'a2'")));
  } finally {
    h.engine.closeOutputs();
  }
});

test('tcpsock: a peer that closes is noticed, and the next event makes a new connection', async () => {
  const h = setup();
  const srv = await streamServer({ port: 0, host: '127.0.0.1' });
  const peer = srv.address;
  try {
    h.feed(`tcpsock ${peer} one`);
    await waitFor(() => srv.text() === 'one', 'the first event');
    srv.conns[0].socket.end();
    await waitFor(() => hasLog(h, `Connection to TCP peer '${peer}' closed by peer`), 'the close to be noticed');
    assert.equal(h.sinks.sockets.state('tcp', peer), undefined);
    h.feed(`tcpsock ${peer} two`);
    await waitFor(() => srv.conns.length === 2 && srv.conns[1].data === 'two', 'the event on a new connection');
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

test('tcpsock: a connection not up after --socket-timeout seconds is given up at the sweep (strictly more than the timeout)', async () => {
  const h = setup({ socketTimeout: 5 });
  const srv = await streamServer({ port: 0, host: '127.0.0.1' });
  const peer = srv.address;
  const timeoutLine = `Can't connect to TCP peer '${peer}' (connection establishment timeout)`;
  try {
    // all synchronous: Node has no chance to report the connection meanwhile
    h.feed(`tcpsock ${peer} late`);
    h.advance(5);
    assert.equal(h.sinks.sockets.state('tcp', peer), 'connecting');
    assert.ok(!hasLog(h, timeoutLine));
    h.advance(1);
    assert.ok(hasLog(h, timeoutLine));
    assert.equal(h.sinks.sockets.state('tcp', peer), undefined);
    // a later event gets through on a new connection; the given-up one never sends
    h.feed(`tcpsock ${peer} after`);
    await waitFor(() => srv.text().includes('after'), 'the event on a new connection');
    assert.equal(srv.text(), 'after');
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

test('tcpsock: the timeout is also checked when an event is given for a pending connection (default 60 s)', async () => {
  const h = setup();
  const srv = await streamServer({ port: 0, host: '127.0.0.1' });
  const peer = srv.address;
  try {
    h.feed(`tcpsock ${peer} first`);
    h.clock.advance(61); // no sweep in between: the action itself finds the timeout
    h.feed(`tcpsock ${peer} second`);
    assert.ok(hasLog(h, `Can't connect to TCP peer '${peer}' (connection establishment timeout)`));
    assert.equal(h.sinks.sockets.state('tcp', peer), undefined);
    // a later event gets through on a fresh connection; the given-up one never sends
    h.feed(`tcpsock ${peer} third`);
    await waitFor(() => srv.text().includes('third'), 'a fresh connection');
    assert.equal(srv.text(), 'third');
  } finally {
    h.engine.closeOutputs();
    await closeServer(srv);
  }
});

test("closeOutputs closes every socket, as SEC's close_outputs", async () => {
  const h = setup();
  const tcp = await streamServer({ port: 0, host: '127.0.0.1' });
  const ustr = await streamServer({ path: path.join(h.dir, 's.sock') });
  const udp = await udpServer();
  const dsock = path.join(h.dir, 'd.sock');
  const dserver = unixDgram.createSocket('unix_dgram');
  dserver.bind(dsock);
  const upeer = `127.0.0.1:${udp.port}`;
  const spath = path.join(h.dir, 's.sock');
  try {
    h.feed(`tcpsock ${tcp.address} t`, `ustream ${spath} u`, `udpsock ${upeer} p`, `udgram ${dsock} d`);
    await waitFor(() => tcp.text() === 't' && ustr.text() === 'u' && udp.got.length === 1, 'all deliveries');
    h.engine.closeOutputs();
    for (const [kind, peer] of [
      ['tcp', tcp.address],
      ['ustream', spath],
      ['udp', upeer],
      ['udgram', dsock],
    ] as const) {
      assert.equal(h.sinks.sockets.state(kind, peer), undefined, kind);
    }
    await waitFor(() => tcp.conns[0].ended && ustr.conns[0].ended, 'the stream peers to see the end');
  } finally {
    h.engine.closeOutputs();
    await closeServer(tcp);
    await closeServer(ustr);
    udp.socket.close();
    dserver.close();
  }
});
