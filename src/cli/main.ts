// `sec`: read the command line, answer --help and --version, start the
// daemon of --detach, and only then set up the engine and everything a run
// needs (run.ts): what only prints or hands over does not pay for it. This
// is the entry of the bundle bin/sec starts (cli/launch.cts); the run's
// modules are all loaded here, before run() may give up root with --user
// (see modules/onDemand.ts).
import fs from '../modules/nodeFs.js';
import { isDetachedChild, startDaemon } from './daemon.js';
import { eventTimeSetting } from '../time/eventTime/spec.js';
import { helpText, parseCommandLine, readsStandardInput } from './options.js';
import { trustExtraCaCerts } from '../sinks/tlsTrust.js';
import { VERSION_LINE } from './version.js';

export { VERSION_LINE };

/** What bin/sec's launcher found before node started. */
export interface Startup {
  /** NODE_EXTRA_CA_CERTS, which node itself did not read (see sinks/tlsTrust.ts). */
  extraCaCerts?: string;
}

export async function main(argv: string[], startup: Startup = {}): Promise<void> {
  if (startup.extraCaCerts !== undefined) trustExtraCaCerts(startup.extraCaCerts);
  const { options: o, complaints } = parseCommandLine(argv);
  for (const c of complaints) process.stderr.write(`${c}\n`);
  // straight to the descriptor: process.stdout would load Node's streams library first
  if (o.help) {
    fs.writeSync(1, helpText());
    process.exit(0);
  }
  if (o.version) {
    fs.writeSync(1, `${VERSION_LINE}\n`);
    process.exit(0);
  }
  // rule tests (an extension) correlate nothing live: no daemon, no inputs
  if (o.ruletest.length) {
    const { runRuleTests } = await import('../ruleTests/command.js');
    process.exit(runRuleTests(o, argv));
  }
  // a replay that cannot read its times would run on the wrong clock: refuse it before anything starts
  const eventTime = eventTimeSetting(o);
  if (typeof eventTime === 'string') {
    process.stderr.write(`${eventTime}\n`);
    process.exit(1);
  }
  // with standard input among the inputs, SEC refuses to detach only after it has
  // opened its log, read the rules and opened the inputs (run.ts)
  if (o.detach && !o.testonly && !isDetachedChild() && !readsStandardInput(o)) {
    startDaemon(argv);
    return;
  }
  const { run } = await import('./run.js');
  run(o, argv);
}
