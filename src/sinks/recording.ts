// Sinks that deliver nothing: they record what each action would have
// delivered, for rule tests (--ruletest). No file is opened, no process
// started, no socket, mail or command-file line leaves the process. The
// actions run their own code unchanged up to the sink, so what is recorded
// is what the live sinks would have been handed; where a live sink shapes
// it further (the Nagios command line, a mail's subject and recipients),
// the same shaping functions are applied here. Text stays one char per
// byte, as the engine holds it, so it compares with test files byte for
// byte.
import type { ChildHooks } from './children.js';
import type { HostResult, ServiceResult } from './icinga2Api.js';
import type { SinkSet } from './index.js';
import type { MailMessage } from './mail.js';
import { isMailAddress, subjectLine } from './mailText.js';
import {
  hostResultLine,
  type HostResult as NagiosHostResult,
  type Parsed,
  type CommandLine,
  serviceResultLine,
  type ServiceResult as NagiosServiceResult,
} from './nagiosCommands.js';
import type { Clock } from '../time/clock.js';

/** A command that would have run: its command line (an argument vector joined by spaces) and the lines fed to it. */
export interface RecordedCommand {
  command: string;
  input: string[];
}

/** A passive check result for Icinga 2: the object (HOST or HOST!SERVICE) and what the API would get. */
export interface RecordedIcinga2Result {
  object: string;
  exitStatus: number;
  output: string;
  perfdata: string[];
}

/** Everything the recording sinks were handed, in order. */
export interface Recording {
  /** Text per destination: '-' (standard output), a file as the action named it, or a socket as KIND:TARGET (one line per message). */
  output: Map<string, string>;
  commands: RecordedCommand[];
  mail: MailMessage[];
  /** Nagios external command lines, without their newline. */
  nagios: string[];
  icinga2: RecordedIcinga2Result[];
}

export function emptyRecording(): Recording {
  return { output: new Map(), commands: [], mail: [], nagios: [], icinga2: [] };
}

export class RecordingSinks implements SinkSet {
  readonly recording = emptyRecording();
  readonly files;
  readonly sockets;
  readonly children;
  readonly commandFile;
  readonly mail;
  readonly icinga2Api;

  constructor(clock: Clock) {
    const r = this.recording;
    const append = (destination: string, text: string): void => {
      r.output.set(destination, (r.output.get(destination) ?? '') + text);
    };
    const message = (kind: string) => (target: string, text: string) => append(`${kind}:${target}`, `${text}\n`);
    const nothing = (): void => undefined;
    this.files = {
      write: (file: string, event: string, newline: boolean) => append(file, newline ? `${event}\n` : event),
      writeAndClose: (file: string, text: string) => append(file, text),
      close: (file: string) => file !== '-' && r.output.has(file),
      stdout: (text: string) => append('-', text),
      flush: nothing,
    };
    this.sockets = {
      sendUdgram: message('udgram'),
      sendUstream: message('ustream'),
      sendUdp: message('udp'),
      sendTcp: message('tcp'),
      closeUdgram: nothing,
      closeUstream: nothing,
      closeUdp: nothing,
      closeTcp: nothing,
    };
    this.children = {
      start: (command: string | string[], input: string[] | null, _hooks?: ChildHooks) => {
        r.commands.push({ command: Array.isArray(command) ? command.join(' ') : command, input: input ?? [] });
      },
      count: 0,
      terminateAll: nothing,
    };
    const nagiosLine = (line: Parsed<CommandLine>): string | null => {
      if (!line.ok) return line.error;
      r.nagios.push(line.value.text.replace(/\n$/, ''));
      return null;
    };
    this.commandFile = {
      serviceResult: (result: NagiosServiceResult) => nagiosLine(serviceResultLine(result, clock.seconds())),
      hostResult: (result: NagiosHostResult) => nagiosLine(hostResultLine(result, clock.seconds())),
    };
    this.mail = {
      send: (m: MailMessage) => {
        const to = [...new Set(m.to.filter(isMailAddress))];
        if (to.length) r.mail.push({ to, subject: subjectLine(m.subject), body: m.body });
      },
    };
    const icinga2 = (object: string, result: HostResult | ServiceResult): void => {
      r.icinga2.push({ object, exitStatus: result.exitStatus, output: result.output, perfdata: result.perfdata ?? [] });
    };
    this.icinga2Api = {
      serviceResult: (result: ServiceResult) => icinga2(`${result.host}!${result.service}`, result),
      hostResult: (result: HostResult) => icinga2(result.host, result),
    };
  }

  configure(): void {}
  sweep(): void {}
  closeAll(): void {}
  drain(): Promise<void> {
    return Promise.resolve();
  }
}
