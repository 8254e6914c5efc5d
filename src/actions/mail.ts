// The mail action (an extension; SEC has none):
//   mail <to>[,<to>...] <subject> [<body>]
// The recipients are one parameter, split on commas when the rule loads:
// each piece names one address (after substitution too; the sink leaves out,
// and logs, a piece that is not exactly one address). A subject with spaces
// is written in parentheses, as in SEC's other actions; the body is the rest
// of the action (default %s). The mail sink queues, retries and limits floods.
import { isMailAddress, quoted } from '../sinks/mailText.js';
import { type ActionFamily, type ActionSpec, Flow } from './family.js';
import { ActionParseError, orDesc, parameters } from './syntax.js';

export type MailAction = { kind: 'mail'; to: string[]; subject: string; body: string };

/** The recipient list; a piece written without variables is checked when the rule loads. */
function recipients(list: string): string[] {
  const to = list.split(',');
  for (const address of to) {
    if (!/[$%]/.test(address) && !isMailAddress(address))
      throw new ActionParseError(`Invalid action 'mail': recipient ${quoted(address)} is not a mail address`);
  }
  return to;
}

const mail: ActionSpec<MailAction> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 2);
    return { kind: 'mail', to: recipients(args[0]), subject: args[1], body: orDesc(rest) };
  },
  substituted: ['to', 'subject', 'body'],
  run(a, x) {
    const sink = x.host.sinks.mail;
    if (!sink) {
      x.host.log.warn("Action 'mail' needs --mail-transport, mail dropped");
      return Flow.Next;
    }
    const message = { to: a.to.map((address) => x.v(address)), subject: x.v(a.subject), body: x.v(a.body) };
    x.host.log.debug(`Mailing ${quoted(message.subject)} to ${message.to.map(quoted).join(', ')}`);
    sink.send(message);
    return Flow.Next;
  },
};

export const mailActions: ActionFamily<MailAction> = { mail };
