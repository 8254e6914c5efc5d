// How mail leaves: the transport named in the configuration (an SMTP URL or
// the local sendmail), checked once at start-up so that every mistake is a
// clear message before any event is read. Secrets never travel in the URL:
// the password comes from a file or an environment variable, and is read
// here, once.
import fs from '../modules/nodeFs.js';
import type SendmailTransport from 'nodemailer/lib/sendmail-transport/index.js';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { errnoText } from '../log/strerror.js';
import { isMailAddress, quoted } from './mailText.js';
import { defaultCa, defaultCaAnd } from './tlsTrust.js';

export interface MailConfig {
  /**
   * `smtp://[user@]host[:port][?starttls=required]` (port 25; STARTTLS is used
   * whenever the server offers it, `required` refuses to send without it),
   * `smtps://[user@]host[:port]` (TLS from the start, port 465),
   * `sendmail:` (/usr/sbin/sendmail), `sendmail:<path>` or `<path>` (an absolute path).
   */
  transport: string;
  /** The sender address (From and envelope sender). */
  from: string;
  /** A file whose first line is the SMTP password. */
  passwordFile?: string;
  /** The name of an environment variable holding the SMTP password. */
  passwordEnv?: string;
  /** PEM certificates trusted for the server's TLS certificate, besides the system's. */
  caFile?: string;
}

/** A checked transport: what nodemailer is given, and how log lines name it. */
export type MailTransportPlan =
  | { kind: 'smtp'; description: string; from: string; options: SMTPTransport.Options }
  | { kind: 'sendmail'; description: string; from: string; options: SendmailTransport.Options };

const DEFAULT_SENDMAIL = '/usr/sbin/sendmail';

/** The URL schemes of SMTP: whether TLS starts at once, and the default port. */
const SMTP_SCHEMES: Record<string, { secure: boolean; port: number }> = {
  'smtp:': { secure: false, port: 25 },
  'smtps:': { secure: true, port: 465 },
};

/** The queries an smtp:// URL may carry, and what each sets. */
const SMTP_QUERIES: Record<string, Record<string, Partial<SMTPTransport.Options>>> = {
  starttls: { required: { requireTLS: true } },
};

/**
 * Check a mail configuration. Returns the transport to use, or the message
 * that explains what is wrong (for the start-up check, --testonly included).
 */
export function planMailTransport(config: MailConfig, env: NodeJS.ProcessEnv = process.env): MailTransportPlan | string {
  if (!isMailAddress(config.from)) return `Mail sender address ${quoted(config.from)} is not a valid address`;
  const transport = config.transport;
  if (transport.startsWith('sendmail:') || transport.startsWith('/')) return planSendmail(config);
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(transport)?.[0].toLowerCase();
  if (scheme !== undefined && scheme in SMTP_SCHEMES) return planSmtp(config, scheme, env);
  return `Mail transport ${quoted(transport)} is not smtp://host[:port], smtps://host[:port], sendmail:[path] or the absolute path of a sendmail program`;
}

function planSendmail(config: MailConfig): MailTransportPlan | string {
  const path = config.transport.startsWith('sendmail:') ? config.transport.slice('sendmail:'.length) || DEFAULT_SENDMAIL : config.transport;
  const unused = config.passwordFile !== undefined || config.passwordEnv !== undefined || config.caFile !== undefined;
  if (unused) return `Mail transport ${quoted(config.transport)}: a password or CA file applies to SMTP only`;
  if (!path.startsWith('/')) return `Mail transport ${quoted(config.transport)}: the sendmail program must be an absolute path`;
  try {
    fs.accessSync(path, fs.constants.X_OK);
    if (!fs.statSync(path).isFile()) return `Mail transport ${quoted(config.transport)}: ${path} is not a program`;
  } catch (e) {
    return `Mail transport ${quoted(config.transport)}: can't run ${path} (${errnoText(e)})`;
  }
  return { kind: 'sendmail', description: `sendmail ${path}`, from: config.from, options: { sendmail: true, path, newline: 'unix' } };
}

function planSmtp(config: MailConfig, scheme: string, env: NodeJS.ProcessEnv): MailTransportPlan | string {
  const { secure, port: defaultPort } = SMTP_SCHEMES[scheme];
  const what = `Mail transport ${quoted(withoutPassword(config.transport))}`;
  let url: URL;
  try {
    url = new URL(config.transport);
  } catch {
    return `${what} is not a valid URL`;
  }
  if (url.password !== '') return `${what}: the password must not be in the URL (give a password file or an environment variable)`;
  if (url.hostname === '') return `${what} names no host`;
  if (url.pathname !== '' && url.pathname !== '/') return `${what}: a path (${quoted(url.pathname)}) means nothing to SMTP`;
  const options: SMTPTransport.Options = {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? defaultPort : Number(url.port),
    secure,
  };
  for (const [name, value] of url.searchParams) {
    const set = SMTP_QUERIES[name]?.[value];
    if (set === undefined || secure) return `${what}: ${quoted(`${name}=${value}`)} is not understood${secure ? ' (smtps:// is TLS from the start)' : ''}`;
    Object.assign(options, set);
  }
  const user = decodeURIComponent(url.username);
  const password = readPassword(config, env);
  if (typeof password === 'object') return password.error;
  if (user !== '' && password === undefined) return `${what}: user ${quoted(user)} needs a password (from a file or an environment variable)`;
  if (user === '' && password !== undefined) return `${what}: a password is given but the URL names no user (smtp://user@host)`;
  if (user !== '' && password !== undefined) options.auth = { user, pass: password };
  if (config.caFile !== undefined) {
    try {
      options.tls = { ca: defaultCaAnd(fs.readFileSync(config.caFile, 'latin1')) };
    } catch (e) {
      return `Mail CA file ${config.caFile}: can't read it (${errnoText(e)})`;
    }
  } else {
    const ca = defaultCa();
    if (ca !== undefined) options.tls = { ca };
  }
  const description = `${scheme}//${user === '' ? '' : `${url.username}@`}${url.host}`;
  return { kind: 'smtp', description, from: config.from, options };
}

/** The password from its file (first line) or variable; undefined when none is configured. */
function readPassword(config: MailConfig, env: NodeJS.ProcessEnv): string | undefined | { error: string } {
  if (config.passwordFile !== undefined && config.passwordEnv !== undefined)
    return { error: 'Mail password: give a password file or an environment variable, not both' };
  if (config.passwordFile !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(config.passwordFile, 'utf8');
    } catch (e) {
      return { error: `Mail password file ${config.passwordFile}: can't read it (${errnoText(e)})` };
    }
    const password = text.split(/\r?\n/)[0];
    return password === '' ? { error: `Mail password file ${config.passwordFile} is empty` } : password;
  }
  if (config.passwordEnv !== undefined) {
    const password = env[config.passwordEnv];
    return password === undefined || password === '' ? { error: `Mail password variable ${config.passwordEnv} is not set` } : password;
  }
  return undefined;
}

/** The URL as it may be shown: a password someone put there anyway replaced by '***'. */
function withoutPassword(transport: string): string {
  return transport.replace(/^([a-z]+:\/\/[^:@/]*):.*@/i, '$1:***@');
}
