// Output actions: logonly, and write, writen, owritecl, closef on files
// (the files sink keeps them open between actions).
import { type ActionFamily, type ActionSpec, Flow, type KindOf } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens } from './syntax.js';

export type OutputAction =
  | { kind: 'logonly'; text: string }
  | { kind: 'write' | 'writen' | 'owritecl'; file: string; text: string }
  | { kind: 'closef'; file: string };

const write: ActionSpec<KindOf<OutputAction, 'write'>> = {
  syntax: pattern(/^(write|writen|owritecl)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => ({
    kind: kw as 'write',
    file: nonEmpty(stripParens(m[2]), 'filename', kw),
    text: orDesc(stripParens(m[3] ?? '')),
  })),
  substituted: ['file', 'text'],
  run(a, x) {
    const file = x.v(a.file);
    const text = x.v(a.text);
    x.host.log.debug(`Writing event '${text}' to file '${file}'`);
    if (a.kind === 'owritecl') x.host.sinks.files.writeAndClose(file, text);
    else x.host.sinks.files.write(file, text, a.kind === 'write');
    return Flow.Next;
  },
};

export const outputActions: ActionFamily<OutputAction> = {
  logonly: {
    syntax: pattern(/^(logonly)(?:\s+(.*\S))?$/is, (m) => ({ kind: 'logonly', text: orDesc(stripParens(m[2] ?? '')) })),
    substituted: ['text'],
    run(a, x) {
      x.host.log.notice(x.v(a.text));
      return Flow.Next;
    },
  },
  write,
  writen: write,
  owritecl: write,
  closef: {
    syntax: pattern(/^(closef)\s+(\S+)$/is, (m, _c, kw) => ({ kind: 'closef', file: nonEmpty(stripParens(m[2]), 'filename', kw) })),
    substituted: ['file'],
    run(a, x) {
      const file = x.v(a.file);
      x.host.log.debug(`Closing file '${file}'`);
      if (!x.host.sinks.files.close(file)) x.host.log.debug(`File '${file}' is not open, can't close`);
      return Flow.Next;
    },
  },
};
