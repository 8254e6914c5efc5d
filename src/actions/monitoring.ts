// Monitoring actions (extensions; SEC has none of them): passive check
// results for Nagios, Naemon and Icinga through their external command file,
// and for Icinga 2 through its REST API.
//   nagiossvc <host> <service> <code> [<output>]
//   nagioshost <host> <code> [<output>]
//   icinga2svc <host> <service> <code> [<output>]
//   icinga2host <host> <code> [<output>]
// A parameter with spaces is written in parentheses, as in SEC's other
// actions; the output is the rest of the action (default %s), and a `|`
// written in the rule itself separates performance data. The sinks format,
// sanitise, queue and retry.
import { type Parsed, parseStateCode } from '../sinks/nagiosCommands.js';
import { type ActionFamily, type ActionSpec, Flow, type KindOf, type RunContext } from './family.js';
import { ActionParseError, orDesc, parameters } from './syntax.js';

type ServiceFields = { host: string; service: string; code: string; output: string; perfdata: string };
type HostFields = { host: string; code: string; output: string; perfdata: string };

export type MonitoringAction =
  | ({ kind: 'nagiossvc' } & ServiceFields)
  | ({ kind: 'nagioshost' } & HostFields)
  | ({ kind: 'icinga2svc' } & ServiceFields)
  | ({ kind: 'icinga2host' } & HostFields);

/** Output and performance data: a `|` written in the rule separates them. */
function outputAndPerfdata(rest: string): { output: string; perfdata: string } {
  const bar = rest.indexOf('|');
  return bar < 0 ? { output: orDesc(rest), perfdata: '' } : { output: orDesc(rest.slice(0, bar).trimEnd()), perfdata: rest.slice(bar + 1).trim() };
}

type StateCode = (given: string) => Parsed<number>;

const serviceState: StateCode = (given) => parseStateCode('service', given);
const nagiosHostState: StateCode = (given) => parseStateCode('host', given);

/** Icinga 2 takes host results UP (0) and DOWN (1) only: it works out UNREACHABLE itself, from host dependencies. */
const icinga2HostState: StateCode = (given) => {
  const parsed = parseStateCode('host', given);
  if (parsed.ok && parsed.value === 2) {
    return { ok: false, error: `host state ${JSON.stringify(given)} is not accepted by Icinga 2, which works out UNREACHABLE itself (0, 1, UP or DOWN)` };
  }
  return parsed.ok ? parsed : { ok: false, error: `invalid host state ${JSON.stringify(given)} (0, 1, UP or DOWN)` };
};

/** A code written without variables is checked when the rule loads. */
function checkCode(state: StateCode, code: string, keyword: string): string {
  if (!/[$%]/.test(code)) {
    const parsed = state(code);
    if (!parsed.ok) throw new ActionParseError(`Invalid action '${keyword}': ${parsed.error}`);
  }
  return code;
}

/** Hand a result to `sink` (null: its option was not given); `submit` says why it refused one, or null. */
function deliver<S>(x: RunContext, keyword: string, sink: S | null, flag: string, submit: (sink: S) => string | null): Flow {
  if (!sink) {
    x.host.log.warn(`Action '${keyword}' needs ${flag}, result dropped`);
    return Flow.Next;
  }
  const refused = submit(sink);
  if (refused !== null) x.host.log.warn(`Can't submit ${keyword} result: ${refused}`);
  return Flow.Next;
}

const nagiosService: ActionSpec<KindOf<MonitoringAction, 'nagiossvc'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 3);
    return { kind: 'nagiossvc', host: args[0], service: args[1], code: checkCode(serviceState, args[2], 'nagiossvc'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'service', 'code', 'output', 'perfdata'],
  run(a, x) {
    const result = { host: x.v(a.host), service: x.v(a.service), code: x.v(a.code), output: x.v(a.output), perfdata: x.v(a.perfdata) || undefined };
    x.host.log.debug(`Submitting service result '${result.code}' for '${result.host}' '${result.service}' to the command file`);
    return deliver(x, 'nagiossvc', x.host.sinks.commandFile, '--nagios-cmd-file', (sink) => sink.serviceResult(result));
  },
};

const nagiosHost: ActionSpec<KindOf<MonitoringAction, 'nagioshost'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 2);
    return { kind: 'nagioshost', host: args[0], code: checkCode(nagiosHostState, args[1], 'nagioshost'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'code', 'output', 'perfdata'],
  run(a, x) {
    const result = { host: x.v(a.host), code: x.v(a.code), output: x.v(a.output), perfdata: x.v(a.perfdata) || undefined };
    x.host.log.debug(`Submitting host result '${result.code}' for '${result.host}' to the command file`);
    return deliver(x, 'nagioshost', x.host.sinks.commandFile, '--nagios-cmd-file', (sink) => sink.hostResult(result));
  },
};

/** The API takes performance data as a list of items: the text is split at whitespace. */
const perfdataItems = (text: string): string[] => text.split(/\s+/).filter((item) => item !== '');

const icinga2Service: ActionSpec<KindOf<MonitoringAction, 'icinga2svc'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 3);
    return { kind: 'icinga2svc', host: args[0], service: args[1], code: checkCode(serviceState, args[2], 'icinga2svc'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'service', 'code', 'output', 'perfdata'],
  run(a, x) {
    const host = x.v(a.host);
    const service = x.v(a.service);
    const code = x.v(a.code);
    x.host.log.debug(`Submitting service result '${code}' for '${host}' '${service}' to the Icinga 2 API`);
    return deliver(x, 'icinga2svc', x.host.sinks.icinga2Api, '--icinga2-url', (sink) => {
      const state = serviceState(code);
      if (!state.ok) return state.error;
      sink.serviceResult({ host, service, exitStatus: state.value, output: x.v(a.output), perfdata: perfdataItems(x.v(a.perfdata)) });
      return null;
    });
  },
};

const icinga2Host: ActionSpec<KindOf<MonitoringAction, 'icinga2host'>> = {
  syntax: (input) => {
    const { args, rest } = parameters(input, 2);
    return { kind: 'icinga2host', host: args[0], code: checkCode(icinga2HostState, args[1], 'icinga2host'), ...outputAndPerfdata(rest) };
  },
  substituted: ['host', 'code', 'output', 'perfdata'],
  run(a, x) {
    const host = x.v(a.host);
    const code = x.v(a.code);
    x.host.log.debug(`Submitting host result '${code}' for '${host}' to the Icinga 2 API`);
    return deliver(x, 'icinga2host', x.host.sinks.icinga2Api, '--icinga2-url', (sink) => {
      const state = icinga2HostState(code);
      if (!state.ok) return state.error;
      sink.hostResult({ host, exitStatus: state.value, output: x.v(a.output), perfdata: perfdataItems(x.v(a.perfdata)) });
      return null;
    });
  },
};

export const monitoringActions: ActionFamily<MonitoringAction> = {
  nagiossvc: nagiosService,
  nagioshost: nagiosHost,
  icinga2svc: icinga2Service,
  icinga2host: icinga2Host,
};
