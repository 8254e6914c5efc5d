// Actions that steer sec itself: addinput and dropinput change the input
// files, sigemul acts as if a signal had arrived.
import { type ActionFamily, Flow } from './family.js';
import { nonEmpty, pattern, stripParens } from './syntax.js';

export type ControlAction =
  | { kind: 'addinput'; file: string; offset: string; context: string }
  | { kind: 'dropinput'; file: string }
  | { kind: 'sigemul'; signal: string };

/** The signals sigemul can stand in for. */
const EMULATED_SIGNALS = ['HUP', 'ABRT', 'USR1', 'USR2', 'INT', 'TERM'];

export const controlActions: ActionFamily<ControlAction> = {
  addinput: {
    syntax: pattern(/^(addinput)\s+(\S+)(?:\s+(\S+)(?:\s+(\S+))?)?$/is, (m) => {
      const file = nonEmpty(stripParens(m[2]), 'filename', 'addinput');
      return {
        kind: 'addinput',
        file,
        offset: stripParens(m[3] ?? '') || '-',
        context: stripParens(m[4] ?? '') || `_FILE_EVENT_${file}`,
      };
    }),
    substituted: ['file', 'offset', 'context'],
    run(a, x) {
      x.host.addInput(x.v(a.file), x.v(a.offset), x.v(a.context));
      return Flow.Next;
    },
  },
  dropinput: {
    syntax: pattern(/^(dropinput)\s+(\S+)$/is, (m) => ({ kind: 'dropinput', file: nonEmpty(stripParens(m[2]), 'filename', 'dropinput') })),
    substituted: ['file'],
    run(a, x) {
      x.host.dropInput(x.v(a.file));
      return Flow.Next;
    },
  },
  sigemul: {
    syntax: pattern(/^(sigemul)\s+(\S+)$/is, (m) => ({ kind: 'sigemul', signal: nonEmpty(stripParens(m[2]), 'signal name', 'sigemul') })),
    substituted: ['signal'],
    run(a, x) {
      const name = x.v(a.signal).toUpperCase();
      x.host.log.debug(`Emulating the arrival of '${name}' signal`);
      if (EMULATED_SIGNALS.includes(name)) x.host.emulateSignal(name);
      else x.host.log.warn(`The arrival of '${name}' signal can't be emulated`);
      return Flow.Next;
    },
  },
};
