// The mail options (extensions) turned into what the mail sink is built
// from, checked once at start-up so a wrong transport, sender or password
// stops sec before any event is read.
import os from 'node:os';
import type { SinkOptions } from '../sinks/index.js';
import type { FloodLimit } from '../sinks/mailDigest.js';
import { planMailTransport } from '../sinks/mailTransport.js';
import type { SecOptions } from './options.js';

/** --mail-limit=COUNT/SECONDS, both positive integers; null when malformed. */
export function parseMailLimit(text: string): FloodLimit | null {
  const m = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text);
  return m ? { count: Number(m[1]), seconds: Number(m[2]) } : null;
}

/** The sender when --mail-from is not given: sec at this host, as local mailers name a sender. */
export const defaultMailFrom = (): string => `sec@${os.hostname()}`;

/** The mail sink's settings, undefined without --mail-transport, or what is wrong with them. */
export function mailSinkOptions(o: SecOptions, env: NodeJS.ProcessEnv = process.env): SinkOptions['mail'] | string {
  if (o.mailTransport === undefined) return undefined;
  const plan = planMailTransport(
    {
      transport: o.mailTransport,
      from: o.mailFrom ?? defaultMailFrom(),
      passwordFile: o.mailPasswordFile,
      passwordEnv: o.mailPasswordEnv,
      caFile: o.mailCaFile,
    },
    env,
  );
  if (typeof plan === 'string') return plan;
  return { plan, floodLimit: o.mailLimit === undefined ? undefined : (parseMailLimit(o.mailLimit) ?? undefined) };
}
