// Passive check results as Nagios external command lines (Nagios 4, Naemon
// and Icinga 1 read the same format from their command file):
//   [<epoch>] PROCESS_SERVICE_CHECK_RESULT;<host>;<service>;<code>;<output>[|<perfdata>]
//   [<epoch>] PROCESS_HOST_CHECK_RESULT;<host>;<code>;<output>[|<perfdata>]
// Nagios splits host, service and code at ';' and takes the rest of the
// line as the output, so what a match variable brings in must never end the
// line early or move text into another field:
//   - host and service: a ';', a newline or any other control character is
//     refused (no Nagios object can be named so: ';' starts a comment in its
//     object files), since replacing it would report on some other object;
//   - output: '\' becomes '\\' and a line break (LF, CR or CR LF) becomes the
//     two characters '\n', which Nagios 4 reads back as a backslash and a
//     line break (multi-line plugin output); other control characters become
//     a space; '|' becomes '/' because Nagios reads what follows a '|' as
//     performance data; ';' stays (Nagios 4 shows it as ':');
//   - perfdata: line breaks, control characters and '|' become a space.
// Text is one byte per character (latin1), as everywhere in sec.

/** The longest command line, newline included: Linux's PIPE_BUF, the most one write(2) puts in a pipe at once. */
export const MAX_COMMAND_BYTES = 4096;

export type CheckKind = 'service' | 'host';

/** The ASCII control characters (a regular expression class's contents), tab apart where said. */
const CONTROL = '\\x00-\\x1f\\x7f';
const CONTROL_BUT_TAB = '\\x00-\\x08\\x0a-\\x1f\\x7f';
const PERFDATA_BREAKERS = new RegExp(`[|${CONTROL}]`, 'g');
const OUTPUT_SPECIALS = new RegExp(`\\r\\n|[\\\\|${CONTROL_BUT_TAB}]`, 'g');
const NAME_BREAKERS = new RegExp(`[;${CONTROL}]`);

/** State names by code, as Nagios names them. */
const STATE_NAMES: Record<CheckKind, readonly string[]> = {
  service: ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'],
  host: ['UP', 'DOWN', 'UNREACHABLE'],
};

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** A state code given as a number (service 0..3, host 0..2) or a state name (any case). */
export function parseStateCode(kind: CheckKind, given: string | number): Parsed<number> {
  const names = STATE_NAMES[kind];
  const text = String(given).trim();
  const code = /^\d$/.test(text) ? Number(text) : names.indexOf(text.toUpperCase());
  if (code >= 0 && code < names.length) return { ok: true, value: code };
  return { ok: false, error: `invalid ${kind} state ${shown(String(given))} (0..${names.length - 1} or ${names.join(', ')})` };
}

export interface ServiceResult {
  host: string;
  service: string;
  code: string | number;
  output: string;
  perfdata?: string;
}

export interface HostResult {
  host: string;
  code: string | number;
  output: string;
  perfdata?: string;
}

export interface CommandLine {
  /** The whole line, newline included. */
  text: string;
  /** Whether the output was cut to keep the line within MAX_COMMAND_BYTES. */
  truncated: boolean;
}

export function serviceResultLine(result: ServiceResult, epoch: number): Parsed<CommandLine> {
  const code = parseStateCode('service', result.code);
  if (!code.ok) return code;
  const host = objectName('host', result.host);
  if (!host.ok) return host;
  const service = objectName('service', result.service);
  if (!service.ok) return service;
  return commandLine(`[${epoch}] PROCESS_SERVICE_CHECK_RESULT;${host.value};${service.value};${code.value};`, result);
}

export function hostResultLine(result: HostResult, epoch: number): Parsed<CommandLine> {
  const code = parseStateCode('host', result.code);
  if (!code.ok) return code;
  const host = objectName('host', result.host);
  if (!host.ok) return host;
  return commandLine(`[${epoch}] PROCESS_HOST_CHECK_RESULT;${host.value};${code.value};`, result);
}

/** `head` followed by the escaped output and perfdata, the output cut if the line would not fit one write. */
function commandLine(head: string, result: { output: string; perfdata?: string }): Parsed<CommandLine> {
  const perfdata = result.perfdata ? `|${result.perfdata.replace(PERFDATA_BREAKERS, ' ')}` : '';
  const room = MAX_COMMAND_BYTES - head.length - perfdata.length - 1;
  if (room < 0) return { ok: false, error: `command line longer than ${MAX_COMMAND_BYTES} bytes without its output` };
  const output = escapeOutput(result.output);
  const cut = output.length > room ? withoutHalfEscape(output.slice(0, room)) : output;
  return { ok: true, value: { text: `${head}${cut}${perfdata}\n`, truncated: cut !== output } };
}

/** What an output character becomes (any other control character: a space). */
const OUTPUT_ESCAPES: Record<string, string> = { '\\': '\\\\', '\r\n': '\\n', '\r': '\\n', '\n': '\\n', '|': '/' };

function escapeOutput(output: string): string {
  return output.replace(OUTPUT_SPECIALS, (c) => OUTPUT_ESCAPES[c] ?? ' ');
}

/** Drop a lone backslash a cut left at the end: it would escape whatever Nagios finds next. */
function withoutHalfEscape(cut: string): string {
  const backslashes = cut.length - cut.replace(/\\+$/, '').length;
  return backslashes % 2 === 1 ? cut.slice(0, -1) : cut;
}

function objectName(what: string, name: string): Parsed<string> {
  if (name === '') return { ok: false, error: `empty ${what} name` };
  if (NAME_BREAKERS.test(name)) return { ok: false, error: `${what} name ${shown(name)} contains ';' or a control character, which no Nagios object name can` };
  return { ok: true, value: name };
}

/** A value quoted for a one-line log message (control characters escaped). */
function shown(value: string): string {
  return JSON.stringify(value);
}
