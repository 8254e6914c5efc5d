// A run of sec once the command line is read: wire the logger, the rule
// files, the engine and the inputs together, with SEC's start-up order and
// exit codes. main.ts loads this module (and with it the whole engine) only
// when the command line asks for a run.
import os from 'node:os';
import { actionsUsed } from '../config/actionsUsed.js';
import { loadConfig, type LoadedConfig } from '../config/loadConfig.js';
import { Engine, type EngineOptions } from '../engine/engine.js';
import { MainLoop } from '../engine/mainLoop.js';
import { InputSet } from '../input/inputs.js';
import { jsSettings } from '../javascript/runtime.js';
import { Logger, LogLevel } from '../log/logger.js';
import { closeSharedPerl, perlSettings } from '../perl/interpreter.js';
import { checkIcinga2ApiConfig, type Icinga2ApiConfig } from '../sinks/icinga2Config.js';
import { Sinks } from '../sinks/index.js';
import { ScanThread } from '../scanThread/scanThread.js';
import { StateKeeper } from '../state/stateKeeper.js';
import { EventTimeDriver } from '../engine/eventTimeDriver.js';
import { type Clock, processClock, VirtualClock } from '../time/clock.js';
import { eventTimeSetting, type EventTimeSetting } from '../time/eventTime/spec.js';
import { isDetachedChild, reportReady, switchUser, writePidFile } from './daemon.js';
import { mailSinkOptions } from './mailSetup.js';
import { foregroundAtTerminal, isTerminal } from './terminal.js';
import { readsStandardInput, type SecOptions } from './options.js';
import { engineOptions as engineOptionsFor, Runtime, settleBufsize } from './runtime.js';
import { VERSION_LINE } from './version.js';

/**
 * The input patterns, opened later as SEC's open_input does (at firstOffset).
 * FILE=CONTEXT names the internal context of the file's events; when a file
 * is named twice, the later context wins.
 */
function inputSet(o: SecOptions, log: Logger, wake: () => void, runCommand: (argv: string[]) => void, scanThread: ScanThread | undefined): InputSet {
  return new InputSet(
    o.input,
    {
      tail: o.tail,
      blocksize: o.blocksize,
      rwfifo: o.rwfifo,
      reopenTimeout: o.reopenTimeout,
      checkTimeout: o.checkTimeout,
      inputTimeout: o.inputTimeout,
      timeoutScript: o.timeoutScript,
      runCommand,
      log,
      scanThread,
    },
    wake,
  );
}

/** Where the inputs are first read from: their start with --fromstart or --notail, else their end. */
const firstOffset = (o: SecOptions): number => (o.fromstart || !o.tail ? 0 : -1);

/** Actions (extensions) that deliver to a place only the command line names, and the option that names it. */
const DESTINATION_OPTIONS: { kinds: string[]; option: keyof SecOptions; flag: string }[] = [
  { kinds: ['nagiossvc', 'nagioshost'], option: 'nagiosCmdFile', flag: '--nagios-cmd-file' },
  { kinds: ['mail'], option: 'mailTransport', flag: '--mail-transport' },
  { kinds: ['icinga2svc', 'icinga2host'], option: 'icinga2Url', flag: '--icinga2-url' },
];

/** A start-up error for each action used without the option that says where it delivers. */
function missingDestinations(config: LoadedConfig, o: SecOptions): string[] {
  const used = actionsUsed(config.files);
  const out: string[] = [];
  for (const { kinds, option, flag } of DESTINATION_OPTIONS) {
    if (o[option] !== undefined) continue;
    for (const kind of kinds) {
      const where = used.get(kind);
      if (where) out.push(`Rule in ${where.file} at line ${where.line}: action '${kind}' needs the ${flag} option, exiting!`);
    }
  }
  return out;
}

/** The Icinga 2 API the command line names (none without --icinga2-url), and what is wrong with it. */
function icinga2Api(o: SecOptions): { config?: Icinga2ApiConfig; problems: string[] } {
  if (o.icinga2Url === undefined) return { problems: [] };
  const { icinga2User: user, icinga2PasswordFile: passwordFile } = o;
  if (user === undefined || passwordFile === undefined) {
    const lacking = [user === undefined && '--icinga2-user', passwordFile === undefined && '--icinga2-password-file'].filter((flag) => flag !== false);
    return { problems: [`The --icinga2-url option needs ${lacking.join(' and ')}`] };
  }
  const config = { url: o.icinga2Url, user, passwordFile, caFile: o.icinga2Ca, checkSource: o.icinga2CheckSource };
  return { config, problems: checkIcinga2ApiConfig(config) };
}

/**
 * The engine's clock: the process's, or, replaying on event time, a clock
 * only the input lines move (main has refused options it cannot use).
 */
function engineClock(o: SecOptions, real: Clock): { clock: Clock; replay?: { clock: VirtualClock; setting: EventTimeSetting } } {
  const setting = eventTimeSetting(o);
  if (setting === null || typeof setting === 'string') return { clock: real };
  const clock = new VirtualClock();
  clock.setMs(real.nowMs());
  return { clock, replay: { clock, setting } };
}

/** Run with the options `argv` gave (--help, --version and the parent of --detach are done by main). */
export function run(o: SecOptions, argv: string[]): void {
  if (o.user !== undefined) switchUser(o.user, o.group);
  if (o.umask !== undefined) process.umask(o.umask);
  // the log, input timeouts and connection timeouts keep real time; only the engine's clock may be the events'
  const realClock = processClock();
  const { clock, replay } = engineClock(o, realClock);
  const log = new Logger(realClock, o.debug, isTerminal(2) && !isDetachedChild());
  if (o.log !== undefined) log.openFile(o.log);
  if (o.syslog !== undefined) log.openSyslog(o.syslog);
  // runtime errors of Perl and JavaScript code in rule files go to this log
  perlSettings.log = log;
  jsSettings.log = log;
  perlSettings.timeoutMs = o.perlTimeout * 1000;
  log.notice(VERSION_LINE);
  if (o.detach) {
    log.notice('Changing working directory to /');
    process.chdir('/');
  }

  let loop: MainLoop | null = null;
  let engineRef: Engine | null = null;
  const scanThread =
    o.scanthread && !o.testonly && os.availableParallelism() > 1
      ? new ScanThread((why) => log.debug(`No scan thread (${why}): lines are scanned on the main thread`))
      : undefined;
  const inputs = inputSet(
    o,
    log,
    () => loop?.wake(),
    (argv) => engineRef?.sinks.children.start(argv, null),
    scanThread,
  );
  // a large file read from its start: the thread starts while the rules load
  if (scanThread && inputs.hasBacklog(firstOffset(o))) scanThread.boot();

  const config = loadConfig(o.conf, o.bufsize, log);
  const mail = mailSinkOptions(o);
  const api = icinga2Api(o);
  const startupErrors = [...missingDestinations(config, o), ...api.problems.map((p) => `${p}, exiting!`)];
  if (typeof mail === 'string') startupErrors.push(`${mail}, exiting!`);
  for (const m of startupErrors) log.log(LogLevel.CRIT, m);
  if (o.testonly) {
    closeSharedPerl();
    process.exit(config.ok && !startupErrors.length ? 0 : 1);
  }
  if (startupErrors.length || typeof mail === 'string') process.exit(1);

  // SEC settles --bufsize (and logs it) before it opens the inputs
  const firstBuffers = settleBufsize(o, config, log);
  const sources = inputs.open(firstOffset(o));
  const contextsGiven = inputs.contextsGiven;
  if (o.detach && !isDetachedChild() && readsStandardInput(o)) {
    log.log(LogLevel.CRIT, "Can't become a daemon (stdin is specified as input), exiting!");
    process.exit(1);
  }
  const optionsWith = (buffers: { bufsize: number; jointbuf: boolean }): EngineOptions => engineOptionsFor(o, buffers, contextsGiven);
  const engineOptions = (cfg: LoadedConfig): EngineOptions => optionsWith(settleBufsize(o, cfg, log));
  const sinkOptions = { nagiosCommandFile: o.nagiosCmdFile, mail, icinga2Api: api.config, timeoutClock: realClock };
  const engine = new Engine(config, optionsWith(firstBuffers), clock, log, new Sinks(log, clock, undefined, sinkOptions), scanThread);
  engineRef = engine;
  if (o.ruleperf) engine.rulePerf = new Map();
  if (o.rulestats !== undefined) engine.ruleStats.timed = true;

  // --state-file: the saved state is read back before the first sweep, so what fell due while sec was stopped is done then
  const state = o.stateFile === undefined ? undefined : new StateKeeper(o.stateFile, engine, () => inputs.sources, log, VERSION_LINE);
  state?.load();
  // replaying on event time, the driver runs start-up at the first dated line
  const driver = replay && new EventTimeDriver(engine, replay.clock, realClock, replay.setting, () => runtime.startUp());
  const runtime = new Runtime({
    options: o,
    state,
    argv,
    log,
    engine,
    version: VERSION_LINE,
    engineOptions,
    reopenInputs: (keepOpen) => {
      if (!keepOpen) inputs.closeAll();
      loop?.setSources(inputs.open(-1, keepOpen));
    },
    eventTime: driver,
  });
  engine.onAsyncWork = () => loop?.wake();
  engine.inputs = {
    add: (file, offset, context) => {
      if (inputs.addDynamic(file, offset, context)) loop?.setSources(inputs.sources);
    },
    drop: (file) => {
      if (inputs.dropDynamic(file)) loop?.setSources(inputs.sources);
    },
  };
  loop = new MainLoop(engine, sources, {
    pollTimeout: o.pollTimeout,
    exitAtEnd: !o.tail,
    onEnd: () => runtime.shutdown(),
    watchFiles: o.tail ? () => inputs.fileNames : undefined,
    feeder: driver,
  });
  // the last resort: a failure outside event processing is logged, and sec goes on
  process.on('uncaughtException', (e) => engine.internalError('running', e));
  process.on('unhandledRejection', (e) => engine.internalError('running', e));
  if (isDetachedChild()) log.debug('Daemonization complete');
  if (o.pid !== undefined) writePidFile(o.pid, log);
  if (isDetachedChild()) reportReady();
  runtime.installSignalHandlers(!o.detach && foregroundAtTerminal());
  if (!driver) runtime.startUp();
  state?.startTimer(o.stateInterval);
  loop.start();
}
