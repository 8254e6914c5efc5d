import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_START_MS, parseTestFile, TestFileError } from '../../src/ruleTests/parse.js';

const FILE = '/t/rules.test';

/** The file's lines joined, each ended by a newline. */
const text = (...lines: string[]): string => lines.map((l) => `${l}\n`).join('');

/** The error a faulty file gives: its line number and message. */
function errorOf(source: string): { line: number; message: string } {
  try {
    parseTestFile(source, FILE);
  } catch (e) {
    assert.ok(e instanceof TestFileError, String(e));
    assert.ok(e.message.startsWith(`${FILE}, line ${e.line}: `), e.message);
    return { line: e.line, message: e.message };
  }
  assert.fail('the file was accepted');
}

test('headers, steps with relative and absolute times, attributes and expectation lines are read as written', () => {
  const file = parseTestFile(
    text(
      '# a comment',
      'rules a.conf sub/b.conf',
      'start 2024-11-28T09:00:00Z',
      'timezone UTC',
      'option bufsize 2',
      'option nojointbuf',
      '',
      'test first one',
      '+1 | line one',
      '+2.5 input=/var/log/x context=CTX |  two spaces kept ',
      '+60',
      '2024-11-28T10:00:00Z|no space',
      'expect output -',
      '  | indented bar',
      '|',
      'expect events',
      'expect output udgram:/dev/log',
      '| x',
      'test second',
      'expect nothing',
    ),
    FILE,
  );
  assert.deepEqual(file.rules, [path.resolve('/t/a.conf'), path.resolve('/t/sub/b.conf')]);
  assert.equal(file.startMs, Date.UTC(2024, 10, 28, 9));
  assert.equal(file.timezone, 'UTC');
  // context= turns internal contexts on, as --input=FILE=CONTEXT does
  assert.deepEqual(file.options, ['--intcontexts', '--bufsize=2', '--no-jointbuf']);
  const [first, second] = file.tests;
  const start = file.startMs;
  assert.deepEqual(first.steps, [
    { atMs: start + 1000, input: '-', text: 'line one', line: 9 },
    { atMs: start + 3500, input: '/var/log/x', context: 'CTX', text: ' two spaces kept ', line: 10 },
    { atMs: start + 63500, input: '-', line: 11 },
    { atMs: Date.UTC(2024, 10, 28, 10), input: '-', text: 'no space', line: 12 },
  ]);
  assert.deepEqual(first.expectations, [
    { section: 'output', destination: '-', lines: ['indented bar', ''], line: 13 },
    { section: 'events', destination: '', lines: [], line: 16 },
    { section: 'output', destination: 'udgram:/dev/log', lines: ['x'], line: 17 },
  ]);
  assert.deepEqual(second, { name: 'second', line: 19, steps: [], expectations: [{ section: 'nothing', line: 20 }] });
});

test('without start, tests begin at 2000-01-01T00:00:00Z; each test starts its relative times from there', () => {
  const file = parseTestFile(text('rules r.conf', 'test a', '+5', 'expect contexts', 'test b', '+1', 'expect contexts'), FILE);
  assert.equal(file.startMs, DEFAULT_START_MS);
  assert.deepEqual(
    file.tests.map((t) => t.steps[0].atMs - DEFAULT_START_MS),
    [5000, 1000],
  );
});

test('CRLF line ends are read as plain ones', () => {
  const file = parseTestFile('rules r.conf\r\ntest a\r\n+1 | x\r\nexpect output -\r\n| x\r\n', FILE);
  assert.equal(file.tests[0].steps[0].text, 'x');
  assert.deepEqual(file.tests[0].expectations[0], { section: 'output', destination: '-', lines: ['x'], line: 4 });
});

/** A faulty file, the line the error names, and words its message holds. */
const FAULTS: [string, string, number, RegExp][] = [
  ['a test before any rules', text('test a', 'expect nothing'), 1, /no 'rules' line/],
  ['an unknown header', text('rules r.conf', 'rulez x.conf'), 2, /'rulez' is not a header line/],
  ['a start that is no ISO time', text('rules r.conf', 'start yesterday'), 2, /'start' needs an ISO 8601 time/],
  ['an unknown time zone', text('rules r.conf', 'timezone Mars/Olympus'), 2, /'timezone' needs one zone name/],
  ['an option a test file may not set', text('rules r.conf', 'option log /tmp/x'), 2, /option 'log' can't be set by a test file/],
  ['an unknown option', text('rules r.conf', 'option frobnicate'), 2, /Unknown option: frobnicate/],
  ['an option value of the wrong kind', text('rules r.conf', 'option bufsize many'), 2, /Value "many" invalid for option bufsize/],
  ['an option value out of range', text('rules r.conf', 'option compat 1.0'), 2, /'--compat' option requires one of/],
  ['a test without a name', text('rules r.conf', 'test'), 2, /'test' needs a name/],
  ['two tests of one name', text('rules r.conf', 'test a', 'expect nothing', 'test a'), 4, /a second test named 'a'/],
  ['a test that checks nothing', text('rules r.conf', 'test a', '+1 | x', 'test b', 'expect nothing'), 2, /test 'a' checks nothing/],
  ['an unknown statement in a test', text('rules r.conf', 'test a', 'feed x'), 3, /'feed' is neither a step/],
  ['a time going backwards', text('rules r.conf', 'start 2024-01-01T00:00:10Z', 'test a', '2024-01-01T00:00:05Z'), 4, /before the previous step/],
  ['a step after the expectations', text('rules r.conf', 'test a', 'expect contexts', '+1 | x'), 4, /steps come before the expectations/],
  ['an unknown attribute', text('rules r.conf', 'test a', '+1 file=x | line'), 3, /'file=x' is not input=NAME or context=NAME/],
  ['an attribute without a line', text('rules r.conf', 'test a', '+1 input=x'), 3, /belong to an input line/],
  ['an unknown section', text('rules r.conf', 'test a', 'expect logs'), 3, /the sections are output, events/],
  ['output without its destination', text('rules r.conf', 'test a', 'expect output'), 3, /needs one destination/],
  ['a section with words after it', text('rules r.conf', 'test a', 'expect mail root'), 3, /'expect mail' takes nothing more/],
  ['a section given twice', text('rules r.conf', 'test a', 'expect output -', 'expect output -'), 4, /given twice/],
  ['nothing beside another expectation', text('rules r.conf', 'test a', 'expect contexts', 'expect nothing'), 4, /given twice|leaves no room/],
  ['a bar line outside an expectation', text('rules r.conf', 'test a', '| x'), 3, /belongs after 'expect SECTION'/],
  ['a bar line after expect nothing', text('rules r.conf', 'test a', 'expect nothing', '| x'), 4, /belongs after 'expect SECTION'/],
  ['no test at all', text('rules r.conf', '# nothing else'), 2, /no test in the file/],
];

for (const [what, source, line, message] of FAULTS) {
  test(`grammar error: ${what}, named with its line`, () => {
    const error = errorOf(source);
    assert.equal(error.line, line, error.message);
    assert.match(error.message, message);
  });
}
