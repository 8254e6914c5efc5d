import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { projectDir, scratchDir, startSec } from '../support/process.js';

// `sec --ruletest` as a process: the example rule files' own tests pass,
// a failing test exits 1 with a diff, a malformed test file exits 2 naming
// its line, and nothing the rules ask for happens on the machine.

/** Run sec with `args` in `cwd` to its end. */
async function runSec(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const run = startSec(args, cwd);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}

/** Every rule file under examples/, relative to the project. */
function exampleRuleFiles(dir = 'examples'): string[] {
  return fs
    .readdirSync(path.join(projectDir, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? exampleRuleFiles(path.join(dir, e.name)) : e.name.endsWith('.conf') ? [path.join(dir, e.name)] : []));
}

test('every rule file in examples/ has a test file beside it, and they all pass', async () => {
  const confs = exampleRuleFiles();
  assert.ok(confs.length >= 5, confs.join(' '));
  const tests = confs.map((conf) => conf.replace(/\.conf$/, '.test'));
  for (const t of tests) assert.ok(fs.existsSync(path.join(projectDir, t)), `${t} is missing`);
  const junit = path.join(scratchDir(), 'junit.xml');
  const { code, stdout, stderr } = await runSec([...tests.map((t) => `--ruletest=${t}`), `--ruletest-junit=${junit}`], projectDir);
  assert.equal(code, 0, `${stdout}${stderr}`);
  for (const t of tests) assert.ok(stdout.includes(`${t}\n`), `${t} is in the report:\n${stdout}`);
  assert.doesNotMatch(stdout, /FAIL/);
  assert.match(stdout, /\d+ test\(s\): (\d+) passed, 0 failed\n$/);
  const xml = fs.readFileSync(junit, 'utf8');
  assert.equal(xml.match(/<testsuite /g)?.length, tests.length);
  assert.doesNotMatch(xml, /<failure/);
});

/** A scratch folder with a rule file and a test file `rules.test` for it. */
function scratchTests(testText: string): string {
  const dir = scratchDir('sec-ruletest-');
  fs.writeFileSync(
    path.join(dir, 'rules.conf'),
    `type=Single\nptype=RegExp\npattern=^login (\\S+)\ndesc=login of $1\naction=write - %s; write ${dir}/out.log %s; shellcmd touch ${dir}/ran; create SEEN_$1 60\n`,
  );
  fs.writeFileSync(path.join(dir, 'rules.test'), testText);
  return dir;
}

test('a failing test exits 1 with a line diff of expected and actual, and a failure in the JUnit report', async () => {
  const dir = scratchTests(
    [
      'rules rules.conf',
      'test right',
      '+1 | login alice',
      'expect output -',
      '| login of alice',
      'test wrong',
      '+1 | login bob',
      '+70',
      'expect output -',
      '| login of robert',
      'expect contexts',
      '| SEEN_bob',
      '',
    ].join('\n'),
  );
  const { code, stdout } = await runSec(['--ruletest=rules.test', '--ruletest-junit=junit.xml'], dir);
  assert.equal(code, 1, stdout);
  assert.match(stdout, /^rules\.test\n {2}ok {4}right\n {2}FAIL {2}wrong \(line 6\)\n/);
  assert.match(stdout, /output -: \(- expected, \+ actual\)\n {10}- login of robert\n {10}\+ login of bob\n/);
  assert.match(stdout, /contexts: \(- expected, \+ actual\)\n {10}- SEEN_bob\n/);
  assert.match(stdout, /2 test\(s\): 1 passed, 1 failed\n$/);
  const xml = fs.readFileSync(path.join(dir, 'junit.xml'), 'utf8');
  assert.match(xml, /<testcase name="wrong" classname="rules.test" time="[\d.]+">\n\s*<failure message="output -, contexts not as expected">/);
});

test('nothing the rules ask for happens: no file written, no command run', async () => {
  const dir = scratchTests(['rules rules.conf', 'test t', '+1 | login alice', 'expect commands', `| touch DIR/ran`, ''].join('\n'));
  fs.writeFileSync(path.join(dir, 'rules.test'), fs.readFileSync(path.join(dir, 'rules.test'), 'utf8').replace('DIR', dir));
  const { code, stdout } = await runSec(['--ruletest=rules.test'], dir);
  assert.equal(code, 0, stdout);
  // the write would have happened before sec exited; the command would have been started by then
  assert.equal(fs.existsSync(path.join(dir, 'out.log')), false, 'out.log was not written');
  assert.equal(fs.existsSync(path.join(dir, 'ran')), false, 'touch did not run');
});

test('a malformed test file exits 2 naming its file and line, before any test runs', async () => {
  const dir = scratchTests(['rules rules.conf', 'test t', '+1 | login alice', 'expect output', '| login of alice', ''].join('\n'));
  const { code, stdout, stderr } = await runSec(['--ruletest=rules.test'], dir);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^rules\.test, line 4: 'expect output' needs one destination/);
});

test('a test file that is not there, or a pattern matching none, exits 2', async () => {
  const dir = scratchDir('sec-ruletest-');
  const missing = await runSec(['--ruletest=nosuch.test'], dir);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^Can't read rule test file nosuch\.test \(No such file or directory\)/);
  const none = await runSec(['--ruletest=*.test'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^No rule test file matches \*\.test/);
});

test("the README's rule test example is a test file that passes, with the output the README shows", async () => {
  const readme = fs.readFileSync(path.join(projectDir, 'README.md'), 'utf8');
  const section = /^## Rule tests \(extension\)\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const blocks = [...section.matchAll(/^```\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const example = blocks.find((b) => /^rules /m.test(b));
  const shown = blocks.find((b) => b.startsWith('$ sec --ruletest='));
  assert.ok(example && shown, 'the section shows a test file and a run of it');
  const [command, ...output] = shown.split('\n');
  const dir = scratchDir('sec-ruletest-');
  fs.mkdirSync(path.join(dir, 'examples'));
  fs.copyFileSync(path.join(projectDir, 'examples/ssh-failures.conf'), path.join(dir, 'examples/ssh-failures.conf'));
  const testFile = command.replace('$ sec --ruletest=', '');
  fs.writeFileSync(path.join(dir, testFile), example);
  const { code, stdout } = await runSec([`--ruletest=${testFile}`], dir);
  assert.equal(code, 0, stdout);
  assert.equal(stdout, output.join('\n'));
});
