// The report of a rule test run on standard output: per test file, each
// test passed or failed; for a failed one, each expectation that did not
// hold as a line diff (- expected, + actual) and the log of its run.
import { formatDiff } from './diff.js';
import { passed, type TestOutcome } from './run.js';

export interface FileOutcome {
  /** The test file as the command line named it. */
  file: string;
  outcomes: TestOutcome[];
}

const INDENT = '        ';

function testReport(outcome: TestOutcome): string {
  if (passed(outcome)) return `  ok    ${outcome.test.name}\n`;
  const out = [`  FAIL  ${outcome.test.name} (line ${outcome.test.line})\n`];
  if (outcome.error !== undefined) out.push(`${INDENT}${outcome.error}\n`);
  for (const m of outcome.mismatches) out.push(`${INDENT}${m.title}: (- expected, + actual)\n`, formatDiff(m.diff, `${INDENT}  `));
  if (outcome.log.length) out.push(`${INDENT}log:\n`, ...outcome.log.map((l) => `${INDENT}  ${l}\n`));
  return out.join('');
}

export function textReport(files: readonly FileOutcome[]): string {
  const all = files.flatMap((f) => f.outcomes);
  const failed = all.filter((o) => !passed(o)).length;
  const body = files.map((f) => `${f.file}\n${f.outcomes.map(testReport).join('')}`).join('');
  return `${body}${all.length} test(s): ${all.length - failed} passed, ${failed} failed\n`;
}
