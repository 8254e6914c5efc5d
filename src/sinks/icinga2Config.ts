// Where and how to reach the Icinga 2 API: checked once at start-up (so a
// mistake is a clear message before any event is read) and turned into what
// a request needs. The password comes from a file, never from the command
// line, where every user of the machine could read it.
import fs from '../modules/nodeFs.js';
import { errnoText } from '../log/strerror.js';

export interface Icinga2ApiConfig {
  /** The API's base URL, e.g. https://icinga.example.org:5665 (a path prefix is kept, for a proxy). */
  url: string;
  /** An ApiUser with the actions/process-check-result permission. */
  user: string;
  /** A file whose content (one trailing newline aside) is the user's password. */
  passwordFile: string;
  /** PEM certificates that the API's certificate must chain to; the system's CAs when not given. */
  caFile?: string;
  /** The check_source of every result (Icinga 2 names its own node when not given). */
  checkSource?: string;
}

/** What requests are made with. */
export interface Icinga2ApiSettings {
  /** The process-check-result endpoint. */
  endpoint: URL;
  /** The value of the Authorization header (HTTP basic). */
  authorization: string;
  /** The CA certificates to verify the API against; undefined: the system's. */
  ca?: Buffer;
  checkSource?: string;
}

const ACTION_PATH = 'v1/actions/process-check-result';

/** Problems with the configuration, each a sentence for the start-up error; none when it is usable. */
export function checkIcinga2ApiConfig(config: Icinga2ApiConfig): string[] {
  const settings = readIcinga2ApiConfig(config);
  return Array.isArray(settings) ? settings : [];
}

/** The settings requests are made with, or the problems that prevent them. */
export function readIcinga2ApiConfig(config: Icinga2ApiConfig): Icinga2ApiSettings | string[] {
  const problems: string[] = [];
  const endpoint = endpointOf(config.url, problems);
  if (config.user === '') problems.push('The Icinga 2 API user is empty');
  // HTTP basic authentication cannot carry a colon in the user name
  if (config.user.includes(':')) problems.push(`The Icinga 2 API user '${config.user}' contains a colon, which HTTP basic authentication cannot carry`);
  const password = readPassword(config.passwordFile, problems);
  const ca = config.caFile === undefined ? undefined : readCa(config.caFile, problems);
  if (config.checkSource === '') problems.push('The Icinga 2 check source is empty');
  if (problems.length > 0 || endpoint === undefined || password === undefined) return problems;
  const authorization = `Basic ${Buffer.from(`${config.user}:${password}`, 'utf8').toString('base64')}`;
  return { endpoint, authorization, ca, checkSource: config.checkSource };
}

function endpointOf(url: string, problems: string[]): URL | undefined {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    problems.push(`The Icinga 2 API URL '${url}' is not a URL (expected e.g. https://icinga.example.org:5665)`);
    return undefined;
  }
  const before = problems.length;
  if (base.protocol !== 'https:') problems.push(`The Icinga 2 API URL '${url}' must start with https:// (the API speaks TLS only)`);
  if (base.username !== '' || base.password !== '') {
    problems.push(`The Icinga 2 API URL must not contain a user or password (give the user and a password file instead)`);
  }
  if (base.search !== '' || base.hash !== '') problems.push(`The Icinga 2 API URL '${url}' must not have a query or fragment`);
  if (problems.length > before) return undefined;
  if (!base.pathname.endsWith('/')) base.pathname += '/';
  return new URL(ACTION_PATH, base);
}

function readPassword(file: string, problems: string[]): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    problems.push(`Can't read the Icinga 2 API password file '${file}' (${errnoText(e)})`);
    return undefined;
  }
  // editors end a file with a newline that is no part of the password
  const password = text.replace(/\r?\n$/, '');
  if (password === '') problems.push(`The Icinga 2 API password file '${file}' is empty`);
  return password;
}

function readCa(file: string, problems: string[]): Buffer | undefined {
  let pem: Buffer;
  try {
    pem = fs.readFileSync(file);
  } catch (e) {
    problems.push(`Can't read the Icinga 2 API CA file '${file}' (${errnoText(e)})`);
    return undefined;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) problems.push(`The Icinga 2 API CA file '${file}' holds no PEM certificate`);
  return pem;
}
