import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ChildProcesses, commandArgv } from '../../src/sinks/children.js';
import { OutputFiles } from '../../src/sinks/files.js';
import { Logger } from '../../src/log/logger.js';
import { VirtualClock } from '../../src/time/clock.js';
import { fileLines, scratchDir, waitFor } from '../support/process.js';

function children(limit = 0): { kids: ChildProcesses; logs: string[] } {
  const logs: string[] = [];
  const log = new Logger(new VirtualClock(1_800_000_000), 6, false, (m) => logs.push(m));
  return { kids: new ChildProcesses(log, limit), logs };
}

test('a command line goes to /bin/sh only when it needs a shell; argv lists never do', () => {
  assert.deepEqual(commandArgv('/bin/echo one  two'), ['/bin/echo', 'one', 'two']);
  assert.deepEqual(commandArgv('echo a > f'), ['/bin/sh', '-c', 'echo a > f']);
  assert.deepEqual(commandArgv('X=1 cmd'), ['/bin/sh', '-c', 'X=1 cmd']);
  assert.deepEqual(commandArgv(['echo', '$(x)']), ['echo', '$(x)']);
});

test('a child exists as soon as start returns (created synchronously, as SEC forks)', async () => {
  const { kids, logs } = children();
  kids.start('sleep 0.2', null);
  assert.equal(kids.count, 1);
  assert.match(logs[0], /^Child \d+ created for command 'sleep 0\.2'$/);
  await waitFor(() => kids.count === 0, 'the child to end');
});

test('a command that cannot be run ends with exit code 1, as Perl reports a failed exec', async () => {
  const { kids, logs } = children();
  let code: number | null = null;
  kids.start(['/nonexistent/command'], null, { onExit: (c) => (code = c) });
  await waitFor(() => code !== null, 'the exit');
  assert.equal(code, 1);
  kids.start('/nonexistent/other', null);
  await waitFor(
    () => logs.some((l) => /terminated with non-zero exitcode 1 \( \/nonexistent\/other \)$/.test(l)),
    () => logs.join('\n'),
  );
});

test('standard input is written whole; allFed resolves once it is', async () => {
  const dir = scratchDir('sec-children-');
  const { kids } = children();
  const lines = Array.from({ length: 50_000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
  kids.start(`cat > ${path.join(dir, 'in.txt')}`, lines);
  await kids.allFed();
  await waitFor(() => kids.count === 0, 'cat to end');
  assert.equal(fs.readFileSync(path.join(dir, 'in.txt'), 'latin1'), lines.map((l) => `${l}\n`).join(''));
});

test('with a limit, at most that many run; the rest start in order as slots free', async () => {
  const dir = scratchDir('sec-children-');
  const file = path.join(dir, 'order.txt');
  const { kids } = children(2);
  let most = 0;
  for (let i = 1; i <= 8; i++) {
    kids.start(`echo ${i} >> ${file}; sleep 0.05`, null);
    most = Math.max(most, kids.count);
  }
  assert.equal(kids.count, 2);
  assert.equal(kids.queued, 6);
  await kids.allStarted();
  await waitFor(() => kids.count === 0, 'the last children to end');
  assert.equal(most, 2);
  // child k starts once k - 2 earlier children have ended (and so written their line)
  const order = fileLines(file).map(Number);
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8],
  );
  for (let k = 1; k <= 8; k++) assert.ok(order.indexOf(k) >= k - 2, `order ${order}`);
});

test('a waiting command costs little memory; terminateAll drops what waits and says so', async () => {
  const { kids, logs } = children(1);
  kids.start('sleep 5', null);
  const before = process.memoryUsage().heapUsed;
  const waiting = 50_000;
  for (let i = 0; i < waiting; i++) kids.start(`/bin/true ${i}`, null);
  const perCommand = (process.memoryUsage().heapUsed - before) / waiting;
  assert.equal(kids.queued, waiting);
  assert.ok(perCommand < 1024, `${Math.round(perCommand)} bytes per waiting command`);
  kids.terminateAll();
  assert.equal(kids.queued, 0);
  assert.ok(logs.includes(`${waiting} command(s) waiting for a free child slot were not run`));
  assert.ok(
    logs.some((l) => /^Sending SIGTERM to process \d+$/.test(l)),
    'SEC says which children it terminates',
  );
  await waitFor(() => kids.count === 0, 'the running child to end on SIGTERM');
});

test('a command started after a write sees what was written', async () => {
  const dir = scratchDir('sec-children-');
  const file = path.join(dir, 'f');
  const copy = path.join(dir, 'g');
  const log = new Logger(new VirtualClock(), 6, false);
  const files = new OutputFiles(log);
  const children = new ChildProcesses(log);
  files.write(file, 'x', true);
  children.start(`cat ${file} > ${copy}`, null);
  await waitFor(() => fs.existsSync(copy) && fs.readFileSync(copy, 'latin1') === 'x\n', 'the copy made by the command');
  files.closeAll();
});
