// Monitoring actions (extensions; SEC has none of them): passive check
// results for Nagios, Naemon and Icinga through their external command file.
//   nagiossvc <host> <service> <code> [<output>]
//   nagioshost <host> <code> [<output>]
// A parameter with spaces is written in parentheses, as in SEC's other
// actions; the output is the rest of the action (default %s), and a `|`
// written in the rule itself separates performance data. The command-file
// sink formats, sanitises, queues and retries.
import { parseStateCode } from '../sinks/nagiosCommands.js';
import { type ActionFamily, type ActionSpec, Flow, type KindOf } from './family.js';
import { ActionParseError, orDesc, parameters } from './syntax.js';

export type MonitoringAction =
  | { kind: 'nagiossvc'; host: string; service: string; code: string; output: string; perfdata: string }
  | { kind: 'nagioshost'; host: string; code: string; output: string; perfdata: string };

/** Output and performance data: a `|` written in the rule separates them. */
function outputAndPerfdata(rest: string): { output: string; perfdata: string } {
  const bar = rest.indexOf('|');
  return bar < 0 ? { output: orDesc(rest), perfdata: '' } : { output: orDesc(rest.slice(0, bar).trimEnd()), perfdata: rest.slice(bar + 1).trim() };
}

/** A code written without variables is checked when the rule loads. */
function checkCode(kind: 'service' | 'host', code: string, keyword: string): string {
  if (!/[$%]/.test(code)) {
    const parsed = parseStateCode(kind, code);
    if (!parsed.ok) throw new ActionParseError(`Invalid action '${keyword}': ${parsed.error}`);
  }
  return code;
}

function deliver(
  x: Parameters<ActionSpec<MonitoringAction>['run']>[1],
  keyword: string,
  submit: (sink: NonNullable<typeof x.host.sinks.commandFile>) => string | null,
): Flow {
  const sink = x.host.sinks.commandFile;
  if (!sink) {
    x.host.log.warn(`Action '${keyword}' needs --nagios-cmd-file, result dropped`);
    return Flow.Next;
  }
  const refused = submit(sink);
  if (refused !== null) x.host.log.warn(`Can't submit ${keyword} result: ${refused}`);
  return Flow.Next;
}

const service: ActionSpec<KindOf<MonitoringAction, 'nagiossvc'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 3);
    return { kind: 'nagiossvc', host: args[0], service: args[1], code: checkCode('service', args[2], 'nagiossvc'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'service', 'code', 'output', 'perfdata'],
  run(a, x) {
    const result = { host: x.v(a.host), service: x.v(a.service), code: x.v(a.code), output: x.v(a.output), perfdata: x.v(a.perfdata) || undefined };
    x.host.log.debug(`Submitting service result '${result.code}' for '${result.host}' '${result.service}' to the command file`);
    return deliver(x, 'nagiossvc', (sink) => sink.serviceResult(result));
  },
};

const host: ActionSpec<KindOf<MonitoringAction, 'nagioshost'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 2);
    return { kind: 'nagioshost', host: args[0], code: checkCode('host', args[1], 'nagioshost'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'code', 'output', 'perfdata'],
  run(a, x) {
    const result = { host: x.v(a.host), code: x.v(a.code), output: x.v(a.output), perfdata: x.v(a.perfdata) || undefined };
    x.host.log.debug(`Submitting host result '${result.code}' for '${result.host}' to the command file`);
    return deliver(x, 'nagioshost', (sink) => sink.hostResult(result));
  },
};

export const monitoringActions: ActionFamily<MonitoringAction> = { nagiossvc: service, nagioshost: host };
