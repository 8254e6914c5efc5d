// `sec`: read the command line, answer --help and --version, start the
// daemon of --detach, and only then load the engine and everything a run
// needs (run.ts): what only prints or hands over starts at node's own speed.
// The run's modules are all loaded here, before run() may give up root
// with --user (see modules/onDemand.ts).
import fs from '../modules/nodeFs.js';
import { isDetachedChild, startDaemon } from './daemon.js';
import { eventTimeSetting } from '../time/eventTime/spec.js';
import { helpText, parseCommandLine, readsStandardInput } from './options.js';
import { VERSION_LINE } from './version.js';

export { VERSION_LINE };

export async function main(argv: string[]): Promise<void> {
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
