// `sec`: wire the command line, the logger, the rule files, the engine and
// the inputs together, with SEC's start-up order and exit codes.
import { createRequire } from 'node:module';
import { largestPatternLines, loadConfig } from '../config/loadConfig.js';
import { expandGlob } from '../config/globs.js';
import { Engine } from '../engine/engine.js';
import { MainLoop } from '../engine/mainLoop.js';
import { FileSource, StdinSource, type InputSource } from '../input/sources.js';
import { Logger } from '../log/logger.js';
import { processClock } from '../time/clock.js';
import { helpText, parseCommandLine } from './options.js';

const require = createRequire(import.meta.url);
const pkg = require('../../../package.json') as { version: string };

export const VERSION_LINE = `sec-ts ${pkg.version} (SEC 2.9.1 compatible)`;

/**
 * Input patterns → sources. FILE=CONTEXT names the internal context of the
 * file's events; when a file is named twice, the later context wins.
 */
function openInputs(patterns: string[], opts: { tail: boolean; fromstart: boolean }, log: Logger, wake: () => void): { sources: InputSource[]; contextsGiven: boolean } {
  const contexts = new Map<string, string>();
  let contextsGiven = false;
  for (const pattern of patterns) {
    const m = /^(.+)=(\S+)$/s.exec(pattern);
    if (m) contextsGiven = true;
    for (const name of expandGlob(m ? m[1] : pattern)) contexts.set(name, m ? m[2] : `_FILE_EVENT_${name}`);
  }
  const sources = [...contexts].map(([name, context]) => name === '-'
    ? new StdinSource(context, wake)
    : new FileSource(name, context, opts.tail, opts.fromstart || !opts.tail, log));
  return { sources, contextsGiven };
}

export function main(argv: string[]): void {
  const { options: o, complaints } = parseCommandLine(argv);
  for (const c of complaints) process.stderr.write(c + '\n');
  if (o.help) {
    process.stdout.write(helpText());
    process.exit(0);
  }
  if (o.version) {
    process.stdout.write(VERSION_LINE + '\n');
    process.exit(0);
  }
  const clock = processClock();
  const log = new Logger(clock, o.debug);
  if (o.log !== undefined) log.openFile(o.log);
  log.notice(VERSION_LINE);
  for (const name of o.notYetSupported) {
    const msg = `Option --${name} is not supported yet, ignoring it`;
    process.stderr.write(msg + '\n');
    log.warn(msg);
  }

  const config = loadConfig(o.conf, o.bufsize, log);
  if (o.testonly) process.exit(config.ok ? 0 : 1);

  let bufsize = o.bufsize;
  let jointbuf = o.jointbuf;
  if (!bufsize) {
    bufsize = largestPatternLines(config.files);
    log.debug(`No --bufsize command line option or --bufsize=0, setting --bufsize to ${bufsize}`);
    if (bufsize === 1) jointbuf = true;
  }

  let loop: MainLoop | null = null;
  const { sources, contextsGiven } = openInputs(o.input, o, log, () => loop?.wake());
  const engine = new Engine(config, {
    bufsize, jointbuf, evstoresize: o.evstoresize, cleantime: o.cleantime, intcontexts: o.intcontexts || contextsGiven, quoting: o.quoting,
  }, clock, log);

  const finish = (): void => {
    const exit = (): void => {
      if (o.childterm) engine.children.terminateAll();
      engine.outputs.closeAll();
      process.exit(0);
    };
    if (o.intevents) {
      engine.processInternalEvent('SEC_SHUTDOWN');
      // SEC gives children TERMTIMEOUT (3 s) to finish before it exits
      if (o.childterm) {
        setTimeout(exit, 3000);
        return;
      }
    }
    exit();
  };

  engine.onAsyncWork = () => loop?.wake();
  loop = new MainLoop(engine, sources, { pollTimeout: o.pollTimeout, exitAtEnd: !o.tail, onEnd: finish });
  process.on('SIGTERM', () => {
    if (o.intevents) engine.processInternalEvent('SEC_SHUTDOWN');
    engine.outputs.closeAll();
    process.exit(0);
  });
  process.on('SIGPIPE', () => undefined);
  if (o.intevents) {
    engine.processInternalEvent('SEC_STARTUP');
    engine.drainQueue();
  }
  engine.sweep();
  engine.drainQueue();
  loop.start();
}
