// Every sink, built once per process and handed to the engine, so the
// engine and runtime never build or name a concrete sink themselves. The
// engine and actions see them through SinkSet: the live sinks (Sinks) and
// the recording ones of rule tests (recording.ts) both offer it, so a rule
// test runs every action's own code up to the point of delivery.
import type { Logger } from '../log/logger.js';
import type { Clock } from '../time/clock.js';
import { ChildProcesses } from './children.js';
import { CommandFileSink } from './commandFile.js';
import { OutputFiles, type StdoutWriter, writeToStdout } from './files.js';
import { MailSink } from './mail.js';
import type { FloodLimit } from './mailDigest.js';
import type { MailTransportPlan } from './mailTransport.js';
import { Icinga2ApiSink } from './icinga2Api.js';
import type { Icinga2ApiConfig } from './icinga2Config.js';
import { SocketOutputs } from './sockets.js';
import type { Sink } from './types.js';

/** What actions and the engine call on each sink: the live sink's own methods, so the two kinds cannot drift apart. */
export type FileOutput = Pick<OutputFiles, 'write' | 'writeAndClose' | 'close' | 'stdout' | 'flush'>;
export type SocketOutput = Pick<SocketOutputs, 'sendUdgram' | 'sendUstream' | 'sendUdp' | 'sendTcp' | 'closeUdgram' | 'closeUstream' | 'closeUdp' | 'closeTcp'>;
export type ChildStarter = Pick<ChildProcesses, 'start' | 'count' | 'terminateAll'>;
export type CommandFileOutput = Pick<CommandFileSink, 'serviceResult' | 'hostResult'>;
export type MailOutput = Pick<MailSink, 'send'>;
export type Icinga2ApiOutput = Pick<Icinga2ApiSink, 'serviceResult' | 'hostResult'>;

/** Every place actions deliver to, as the engine and actions see it. */
export interface SinkSet {
  readonly files: FileOutput;
  readonly sockets: SocketOutput;
  readonly children: ChildStarter;
  /** Extension: the Nagios/Naemon/Icinga external command file; null when not given. */
  readonly commandFile: CommandFileOutput | null;
  /** Extension: mail; null when no transport is given. */
  readonly mail: MailOutput | null;
  /** Extension: the Icinga 2 API; null when not given. */
  readonly icinga2Api: Icinga2ApiOutput | null;
  configure(settings: SinkSettings): void;
  /** SEC's once-a-second look at connections still being made. */
  sweep(): void;
  /** SEC's close_outputs: every sink lets go of what it has open. */
  closeAll(): void;
  /** At shutdown: every sink finishes what it accepted, within graceMs (children left out when they were terminated). */
  drain(graceMs: number, children?: boolean): Promise<void>;
}

/** The options sinks take from the engine's options (set again at each restart). */
export interface SinkSettings {
  /** --socket-timeout: seconds a tcpsock/ustream connection may take to come up. */
  socketTimeout: number;
  /** --max-children: most child processes at once (0: no limit). */
  maxChildren?: number;
}

/** Sinks that exist only when the command line names them (extensions). */
export interface SinkOptions {
  /** --nagios-cmd-file: the external command file of Nagios, Naemon or Icinga. */
  nagiosCommandFile?: string;
  /** --mail-transport and the options around it, checked at start-up. */
  mail?: { plan: MailTransportPlan; floodLimit?: FloodLimit };
  /** --icinga2-url and the options with it: the Icinga 2 API (checked with checkIcinga2ApiConfig first). */
  icinga2Api?: Icinga2ApiConfig;
  /** The clock connection timeouts run on, when not the engine's (replay on event time: real time). */
  timeoutClock?: Clock;
}

export class Sinks implements SinkSet {
  readonly files: OutputFiles;
  /** Sockets of udgram, ustream, udpsock and tcpsock, kept open per peer. */
  readonly sockets: SocketOutputs;
  readonly children: ChildProcesses;
  /** Extension: the Nagios/Naemon/Icinga external command file (--nagios-cmd-file); null when not given. */
  readonly commandFile: CommandFileSink | null;
  /** Extension: mail through the transport --mail-transport names; null when not given. */
  readonly mail: MailSink | null;
  /** Extension: the Icinga 2 API (--icinga2-url); null when not given. */
  readonly icinga2Api: Icinga2ApiSink | null;
  private socketTimeout = 0;

  constructor(log: Logger, clock: Clock, stdout: StdoutWriter = writeToStdout, options: SinkOptions = {}) {
    this.files = new OutputFiles(log, stdout);
    this.sockets = new SocketOutputs(log, options.timeoutClock ?? clock, () => this.socketTimeout);
    this.children = new ChildProcesses(log);
    this.commandFile = options.nagiosCommandFile ? new CommandFileSink({ path: options.nagiosCommandFile, log, clock }) : null;
    this.mail = options.mail ? new MailSink(options.mail.plan, log, { floodLimit: options.mail.floodLimit }) : null;
    this.icinga2Api = options.icinga2Api ? new Icinga2ApiSink(options.icinga2Api, log) : null;
  }

  /** In the order SEC's close_outputs closes them: files, then sockets; then the extensions' queues. */
  private get all(): Sink[] {
    const queues = [this.commandFile, this.mail, this.icinga2Api].filter((sink) => sink !== null);
    return [this.files, this.sockets, this.children, ...queues.map(queueAtExit)];
  }

  configure(settings: SinkSettings): void {
    this.socketTimeout = settings.socketTimeout;
    this.children.limit = settings.maxChildren ?? 0;
  }

  /** SEC's once-a-second look at connections still being made. */
  sweep(): void {
    this.sockets.sweep();
  }

  /** SEC's close_outputs: every sink lets go of what it has open. */
  closeAll(): void {
    for (const sink of this.all) sink.closeAll();
  }

  /** At shutdown: every sink finishes what it accepted, within graceMs (children left out when they were terminated). */
  async drain(graceMs: number, children = true): Promise<void> {
    await Promise.all(this.all.filter((sink) => children || sink !== this.children).map((sink) => sink.drain(graceMs)));
  }
}

/**
 * A sink with its own queue and retries (the command file reopens by
 * itself, API requests need no closing) has nothing to close between
 * events; at exit its queue gets the grace period, then close() logs what
 * is left.
 */
function queueAtExit(sink: { drain(graceMs: number): Promise<unknown>; close(): void }): Sink {
  return {
    closeAll: () => undefined,
    drain: async (graceMs) => {
      await sink.drain(graceMs);
      sink.close();
    },
  };
}
