// `sec --ruletest=PATTERN... [--ruletest-junit=FILE]` (an extension): read
// every test file first (a malformed one stops the run before any test),
// run each test on its own engine, print the report, write JUnit XML when
// asked. Exit status: 0 all tests passed, 1 some failed, 2 the run could not
// be made (a test file missing or malformed, no file matched, the JUnit
// file not writable).
import fs from '../modules/nodeFs.js';
import { parseCommandLine, type SecOptions } from '../cli/options.js';
import { expandGlobs } from '../config/globs.js';
import { errnoText } from '../log/strerror.js';
import { junitXml } from './junit.js';
import { parseTestFile, type TestFile, TestFileError } from './parse.js';
import { type FileOutcome, textReport } from './report.js';
import { passed, runTest } from './run.js';

export const RULETEST_EXIT = { passed: 0, failed: 1, unusable: 2 } as const;

/** Every test file named, parsed, and the errors that stop the run (any at all). */
function readTestFiles(patterns: string[]): { files: TestFile[]; errors: string[] } {
  const names = expandGlobs(patterns);
  if (names.length === 0) return { files: [], errors: [`No rule test file matches ${patterns.join(' ')}`] };
  const errors: string[] = [];
  const files: TestFile[] = [];
  for (const name of names) {
    try {
      files.push(parseTestFile(fs.readFileSync(name, 'latin1'), name));
    } catch (e) {
      if (e instanceof TestFileError) errors.push(e.message);
      else errors.push(`Can't read rule test file ${name} (${errnoText(e)})`);
    }
  }
  return { files, errors };
}

/** Run the tests of one file, in its time zone when it names one. */
function runFile(file: TestFile, argv: string[]): FileOutcome {
  const zone = process.env.TZ;
  if (file.timezone !== undefined) process.env.TZ = file.timezone;
  try {
    // the file's options come after the command line's: they win
    const o = parseCommandLine([...argv, ...file.options]).options;
    return { file: file.path, outcomes: file.tests.map((test) => runTest(file, test, o)) };
  } finally {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  }
}

/** The whole run; returns the exit status. */
export function runRuleTests(o: SecOptions, argv: string[]): number {
  const { files, errors } = readTestFiles(o.ruletest);
  if (errors.length) {
    for (const error of errors) process.stderr.write(`${error}\n`);
    return RULETEST_EXIT.unusable;
  }
  const results = files.map((file) => runFile(file, argv));
  process.stdout.write(Buffer.from(textReport(results), 'latin1'));
  if (o.ruletestJunit !== undefined) {
    try {
      fs.writeFileSync(o.ruletestJunit, junitXml(results));
    } catch (e) {
      process.stderr.write(`Can't write JUnit report ${o.ruletestJunit} (${errnoText(e)})\n`);
      return RULETEST_EXIT.unusable;
    }
  }
  return results.every((r) => r.outcomes.every(passed)) ? RULETEST_EXIT.passed : RULETEST_EXIT.failed;
}
