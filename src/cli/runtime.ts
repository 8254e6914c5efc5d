// The life of a running sec process after start-up: the signals SEC answers
// (HUP full restart, ABRT soft restart, USR1 dump, USR2 reopen outputs and
// log, INT cycle the debug level, TERM shut down), the sigemul action that
// emulates them, and the end of input under --notail. Signal handlers run
// between events, as SEC checks its signal flags after each line.
import fs from '../modules/nodeFs.js';
import { largestPatternLines, loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import type { RuleFile } from '../rules/types.js';
import { writeDump, type DumpInfo } from '../engine/dump.js';
import type { Engine, EngineOptions } from '../engine/engine.js';
import type { EventTimeStatus } from '../engine/eventTimeDriver.js';
import { writeAll, type Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import { closeSharedPerl } from '../perl/interpreter.js';
import type { StateKeeper } from '../state/stateKeeper.js';
import { type SecOptions, versionAtLeast } from './options.js';

/** SEC waits this long for children after SEC_SHUTDOWN before terminating them. */
const TERM_TIMEOUT_MS = 3000;
/** How long an exiting sec (--nochildterm) gives sinks to deliver what they accepted (children that do not read their input). */
const FEED_GRACE_MS = 5000;

export interface RuntimeParts {
  options: SecOptions;
  /** The command line as given, for dumps. */
  argv: string[];
  log: Logger;
  engine: Engine;
  version: string;
  /** Engine options for a configuration (bufsize defaults to the rules' largest N). */
  engineOptions(config: LoadedConfig): EngineOptions;
  /** Reopen the inputs, reading new lines only; keepOpen leaves open files as they are (soft restart with --keepopen). */
  reopenInputs(keepOpen: boolean): void;
  /** --state-file: saves state at TERM and carries it across a HUP restart. */
  state?: StateKeeper;
  /** Replay on event time (extension): start-up waits for the first dated line. */
  eventTime?: EventTimeStatus;
}

/** A rule file's modification time (-1 when it is gone). */
function mtimeOf(path: string): number {
  try {
    return fs.statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** Rule files and their modification times, to see what a soft restart must reload. */
function mtimes(config: LoadedConfig): Map<string, number> {
  return new Map(config.files.map((f) => [f.path, mtimeOf(f.path)]));
}

export class Runtime {
  private startedAt: number;
  private configLoadedAt: number;
  private ruleTimes: Map<string, number>;
  private stopping = false;

  constructor(private readonly parts: RuntimeParts) {
    this.startedAt = parts.engine.clock.seconds();
    this.configLoadedAt = this.startedAt;
    this.ruleTimes = mtimes(parts.engine.config);
    parts.engine.onSignal = (name) => setImmediate(() => this.handle(name));
  }

  private get engine(): Engine {
    return this.parts.engine;
  }

  /** Listen for the signals SEC answers. */
  installSignalHandlers(interactive: boolean): void {
    for (const name of ['HUP', 'ABRT', 'USR1', 'USR2', 'TERM'] as const) process.on(`SIG${name}`, () => this.handle(name));
    // at a terminal, Ctrl-C stops sec as usual; a daemon cycles its debug level on INT
    if (!interactive) process.on('SIGINT', () => this.handle('INT'));
    else this.parts.log.notice("Interactive process, SIGINT can't be used for changing the logging level");
    process.on('SIGPIPE', () => undefined);
  }

  handle(name: string): void {
    switch (name) {
      case 'HUP':
        this.fullRestart();
        break;
      case 'ABRT':
        this.softRestart();
        break;
      case 'USR1':
        this.dump();
        break;
      case 'USR2':
        this.reopenOutputs();
        break;
      case 'INT':
        this.cycleDebugLevel();
        break;
      case 'TERM':
        this.shutdown('SIGTERM received: shutting down SEC');
        break;
    }
  }

  private internalEvent(text: string): void {
    if (this.parts.options.intevents) this.engine.processInternalEvent(text);
  }

  /** A restart reads the command line again (SEC's read_options): a debug level that INT changed goes back to --debug. */
  private rereadOptions(): void {
    this.parts.log.level = this.parts.options.debug;
  }

  private reopenLog(): void {
    const o = this.parts.options;
    this.parts.log.close();
    if (o.log !== undefined) this.parts.log.openFile(o.log);
    if (o.syslog !== undefined) this.parts.log.openSyslog(o.syslog);
  }

  private reload(unchanged?: (path: string) => RuleFile | undefined): LoadedConfig {
    const config = loadConfig(this.parts.options.conf, this.parts.options.bufsize, this.parts.log, unchanged);
    this.configLoadedAt = this.engine.clock.seconds();
    return config;
  }

  fullRestart(): void {
    const { log, options: o } = this.parts;
    log.notice('SIGHUP received: full restart of SEC');
    this.internalEvent('SEC_PRE_RESTART');
    // with --state-file the restart keeps the state; without it, as in SEC, everything is dropped
    const saved = this.parts.state?.save();
    this.engine.closeOutputs();
    if (o.childterm) this.engine.sinks.children.terminateAll();
    this.rereadOptions();
    this.reopenLog();
    const config = this.reload();
    this.ruleTimes = mtimes(config);
    this.engine.restart(config, this.parts.engineOptions(config));
    this.parts.reopenInputs(false);
    if (saved) this.parts.state?.restore(saved);
    this.internalEvent('SEC_RESTART');
    this.engine.drainQueue();
  }

  softRestart(): void {
    const { log } = this.parts;
    log.notice('SIGABRT received: soft restart of SEC');
    this.internalEvent('SEC_PRE_SOFTRESTART');
    this.engine.closeOutputs();
    this.rereadOptions();
    this.reopenLog();
    // as SEC, only new and modified rule files are read again
    const before = this.ruleTimes;
    const loaded = new Map(this.engine.config.files.map((f) => [f.path, f]));
    const config = this.reload((path) => (before.get(path) === mtimeOf(path) ? loaded.get(path) : undefined));
    const after = mtimes(config);
    const changed = [
      ...config.files.filter((f) => before.has(f.path) && before.get(f.path) !== after.get(f.path)).map((f) => f.path),
      ...[...before.keys()].filter((file) => !after.has(file)),
    ];
    this.ruleTimes = after;
    this.engine.reload(config, this.parts.engineOptions(config), changed);
    this.parts.reopenInputs(this.parts.options.keepopen);
    this.internalEvent('SEC_SOFTRESTART');
    this.engine.drainQueue();
  }

  dump(): void {
    const { log, options: o } = this.parts;
    log.notice('SIGUSR1 received: dumping performance and debug data');
    const info: DumpInfo = {
      version: this.parts.version,
      startedAt: this.startedAt,
      configLoadedAt: this.configLoadedAt,
      options: this.parts.argv.join(' '),
      eventTime: this.parts.eventTime,
    };
    const outcome = writeDump(this.engine, info, o.dump, { json: o.dumpfjson, timestamp: o.dumpfts });
    log.log(outcome.level, outcome.message);
  }

  reopenOutputs(): void {
    this.parts.log.notice('SIGUSR2 received: closing outputs and restarting logging');
    this.internalEvent('SEC_PRE_LOGROTATE');
    this.engine.closeOutputs();
    this.reopenLog();
    this.internalEvent('SEC_LOGROTATE');
    this.engine.drainQueue();
  }

  cycleDebugLevel(): void {
    const log = this.parts.log;
    const next = (log.level % 6) + 1;
    log.log(0, `1 SIGINT signal(s) received: setting debuglevel from ${log.level} to ${next}`);
    log.level = next;
  }

  /**
   * Stop: SEC_SHUTDOWN (with --childterm, children get 3 s to finish), then
   * terminate children and exit 0. With --nochildterm, every command asked
   * for is started first and given its input (SEC forks them before it
   * exits), and left to finish.
   */
  shutdown(message?: string): void {
    if (this.stopping) return;
    this.stopping = true;
    const o = this.parts.options;
    if (message) this.parts.log.notice(message);
    const replay = this.parts.eventTime;
    if (replay) {
      replay.startIfWaiting();
      this.parts.log.notice(`Event time (${replay.describe}): ${replay.heldBack} line(s) dated before the clock, processed at the clock's time`);
    }
    const exit = (): void => {
      this.parts.state?.save();
      if (o.rulestats !== undefined) this.writeRuleStats(o.rulestats);
      this.engine.closeOutputs();
      if (o.childterm) this.engine.sinks.children.terminateAll();
      void this.engine.sinks.drain(FEED_GRACE_MS, !o.childterm).then(() => {
        closeSharedPerl(); // perl ends first, so what Perl code printed is out when we exit
        process.exit(0);
      });
    };
    if (o.intevents) {
      this.engine.processInternalEvent('SEC_SHUTDOWN');
      if (o.childterm) {
        setTimeout(exit, TERM_TIMEOUT_MS);
        return;
      }
    }
    exit();
  }

  /** --rulestats: the per-rule statistics table, to a file or standard output. */
  private writeRuleStats(file: string): void {
    const text = this.engine.ruleStats.table(this.engine.config.files, this.engine.processedEvents);
    try {
      if (file === '-') writeAll(1, text);
      else fs.writeFileSync(file, text, 'latin1');
    } catch (e) {
      this.parts.log.error(`Can't write rule statistics to ${file} (${errnoText(e)})`);
    }
  }

  /** Start-up events and the first sweep, as SEC runs them before reading input (on event time: at the first dated line). */
  startUp(): void {
    this.startedAt = this.engine.clock.seconds();
    this.configLoadedAt = this.startedAt;
    this.internalEvent('SEC_STARTUP');
    this.engine.sweep();
    this.engine.drainQueue();
  }
}

/** Bufsize and jointbuf as SEC settles them for a configuration. */
export function settleBufsize(o: SecOptions, config: LoadedConfig, log: Logger): { bufsize: number; jointbuf: boolean } {
  if (o.bufsize) return { bufsize: o.bufsize, jointbuf: o.jointbuf };
  const bufsize = largestPatternLines(config.files);
  log.debug(`No --bufsize command line option or --bufsize=0, setting --bufsize to ${bufsize}`);
  return { bufsize, jointbuf: bufsize === 1 ? true : o.jointbuf };
}

/** The engine's options for a command line, with bufsize and jointbuf as settled; `intcontexts` also when an input names a context. */
export function engineOptions(o: SecOptions, buffers: { bufsize: number; jointbuf: boolean }, intcontexts: boolean): EngineOptions {
  return {
    ...buffers,
    evstoresize: o.evstoresize,
    cleantime: o.cleantime,
    intcontexts: o.intcontexts || intcontexts,
    quoting: o.quoting,
    socketTimeout: o.socketTimeout,
    maxChildren: o.maxChildren,
    allCharVariables: versionAtLeast(o.compat, '2.9.3'),
    eventGroupTimes: versionAtLeast(o.compat, '2.9.2'),
  };
}
