// Socket actions: udgram and ustream (to a Unix socket file), udpsock and
// tcpsock (to a host:port peer) and their close actions. The sockets sink
// keeps one socket per peer.
import type { SocketOutput } from '../sinks/index.js';
import { type ActionFamily, type ActionSpec, Flow, type KindOf } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens } from './syntax.js';

export type SocketAction =
  | { kind: 'udgram' | 'ustream'; file: string; text: string }
  | { kind: 'udpsock' | 'tcpsock'; peer: string; text: string }
  | { kind: 'closeudgr' | 'closeustr'; file: string }
  | { kind: 'closeudp' | 'closetcp'; peer: string };

type Sender = (s: SocketOutput, target: string, text: string) => void;
type Closer = (s: SocketOutput, target: string) => void;

const SENDERS: Record<'udgram' | 'ustream' | 'udpsock' | 'tcpsock', Sender> = {
  udgram: (s, target, text) => s.sendUdgram(target, text),
  ustream: (s, target, text) => s.sendUstream(target, text),
  udpsock: (s, target, text) => s.sendUdp(target, text),
  tcpsock: (s, target, text) => s.sendTcp(target, text),
};
const CLOSERS: Record<'closeudgr' | 'closeustr' | 'closeudp' | 'closetcp', Closer> = {
  closeudgr: (s, target) => s.closeUdgram(target),
  closeustr: (s, target) => s.closeUstream(target),
  closeudp: (s, target) => s.closeUdp(target),
  closetcp: (s, target) => s.closeTcp(target),
};

const sendToFile: ActionSpec<KindOf<SocketAction, 'udgram'>> = {
  syntax: pattern(/^(udgram|ustream)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => ({
    kind: kw as 'udgram',
    file: nonEmpty(stripParens(m[2]), 'filename', kw),
    text: orDesc(stripParens(m[3] ?? '')),
  })),
  substituted: ['file', 'text'],
  run(a, x) {
    const target = x.v(a.file);
    SENDERS[a.kind](x.host.sinks.sockets, target, x.v(a.text));
    return Flow.Next;
  },
};

const sendToPeer: ActionSpec<KindOf<SocketAction, 'udpsock'>> = {
  syntax: pattern(/^(udpsock|tcpsock)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => ({
    kind: kw as 'udpsock',
    peer: nonEmpty(stripParens(m[2]), 'peername', kw),
    text: orDesc(stripParens(m[3] ?? '')),
  })),
  substituted: ['peer', 'text'],
  run(a, x) {
    const target = x.v(a.peer);
    SENDERS[a.kind](x.host.sinks.sockets, target, x.v(a.text));
    return Flow.Next;
  },
};

const closeFile: ActionSpec<KindOf<SocketAction, 'closeudgr'>> = {
  syntax: pattern(/^(closeudgr|closeustr)\s+(\S+)$/is, (m, _c, kw) => ({ kind: kw as 'closeudgr', file: nonEmpty(stripParens(m[2]), 'filename', kw) })),
  substituted: ['file'],
  run(a, x) {
    CLOSERS[a.kind](x.host.sinks.sockets, x.v(a.file));
    return Flow.Next;
  },
};

const closePeer: ActionSpec<KindOf<SocketAction, 'closeudp'>> = {
  syntax: pattern(/^(closeudp|closetcp)\s+(\S+)$/is, (m, _c, kw) => ({ kind: kw as 'closeudp', peer: nonEmpty(stripParens(m[2]), 'peername', kw) })),
  substituted: ['peer'],
  run(a, x) {
    CLOSERS[a.kind](x.host.sinks.sockets, x.v(a.peer));
    return Flow.Next;
  },
};

export const socketActions: ActionFamily<SocketAction> = {
  udgram: sendToFile,
  ustream: sendToFile,
  udpsock: sendToPeer,
  tcpsock: sendToPeer,
  closeudgr: closeFile,
  closeustr: closeFile,
  closeudp: closePeer,
  closetcp: closePeer,
};
