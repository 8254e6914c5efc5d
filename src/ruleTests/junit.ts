// The outcome of a rule test run as JUnit XML (--ruletest-junit), the report
// CI systems read: one testsuite per test file, one testcase per test, a
// failure element with the diff for each failed test.
import { formatDiff } from './diff.js';
import type { FileOutcome } from './report.js';
import { passed, type TestOutcome } from './run.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Characters XML 1.0 cannot hold: most control characters, U+FFFE, U+FFFF and lone surrogates. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text safe in an attribute or element: markup characters as entities, and
 * what XML 1.0 cannot hold at all (most control characters, lone
 * surrogates) as a visible \xNN, so the file stays well-formed whatever a
 * log line brought in.
 */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(NOT_XML, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

const secondsOf = (outcomes: readonly TestOutcome[]): string => (outcomes.reduce((sum, o) => sum + o.ms, 0) / 1000).toFixed(3);

function testcase(file: string, outcome: TestOutcome): string {
  const open = `    <testcase name="${xmlEscape(outcome.test.name)}" classname="${xmlEscape(file)}" time="${secondsOf([outcome])}"`;
  if (passed(outcome)) return `${open}/>\n`;
  const message = outcome.error ?? `${outcome.mismatches.map((m) => m.title).join(', ')} not as expected`;
  const details = [
    ...(outcome.error === undefined ? [] : [`${outcome.error}\n`]),
    ...outcome.mismatches.map((m) => `${m.title}: (- expected, + actual)\n${formatDiff(m.diff, '  ')}`),
    ...(outcome.log.length ? ['log:\n', ...outcome.log.map((l) => `  ${l}\n`)] : []),
  ].join('');
  return `${open}>\n      <failure message="${xmlEscape(message)}">${xmlEscape(details)}</failure>\n    </testcase>\n`;
}

export function junitXml(files: readonly FileOutcome[]): string {
  const count = (outcomes: readonly TestOutcome[]): string =>
    `tests="${outcomes.length}" failures="${outcomes.filter((o) => !passed(o)).length}" errors="0" time="${secondsOf(outcomes)}"`;
  const suites = files.map(
    (f) => `  <testsuite name="${xmlEscape(f.file)}" ${count(f.outcomes)}>\n${f.outcomes.map((o) => testcase(f.file, o)).join('')}  </testsuite>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sec rule tests" ${count(files.flatMap((f) => f.outcomes))}>\n${suites.join('')}</testsuites>\n`;
}
