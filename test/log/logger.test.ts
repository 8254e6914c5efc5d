import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { flushHeldWrites } from '../../src/log/heldWrites.js';
import { Logger } from '../../src/log/logger.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from '../support/process.js';

const lines = (file: string): string[] => fs.readFileSync(file, 'latin1').split('\n').filter(Boolean);

test('log file lines are held back and written out in order at the end of the turn', async () => {
  const file = path.join(scratchDir('sec-log-'), 'sec.log');
  const log = new Logger(new VirtualClock(1_700_000_000), 6, false);
  log.openFile(file);
  log.notice('one');
  log.debug('two');
  assert.deepEqual(lines(file), []);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(
    lines(file).map((l) => l.replace(/^.*?: /, '')),
    ['one', 'two'],
  );
  log.close();
});

test('held log lines are written by flushHeldWrites (before a child starts, at exit) and by close', () => {
  const file = path.join(scratchDir('sec-log-'), 'sec.log');
  const log = new Logger(new VirtualClock(1_700_000_000), 6, false);
  log.openFile(file);
  log.notice('before a child');
  flushHeldWrites();
  assert.equal(lines(file).length, 1);
  log.notice('before close');
  log.close();
  assert.equal(lines(file).length, 2);
});

test('64 KB of held lines go out at once', () => {
  const file = path.join(scratchDir('sec-log-'), 'sec.log');
  const log = new Logger(new VirtualClock(1_700_000_000), 6, false);
  log.openFile(file);
  for (let i = 0; i < 1000; i++) log.notice('x'.repeat(100));
  assert.ok(lines(file).length > 0);
  log.close();
  assert.equal(lines(file).length, 1000);
});

test('a --log of /dev/null is no destination: messages for it alone are not even made, other destinations still get theirs', () => {
  const alone = new Logger(new VirtualClock(1_700_000_000), 6, false);
  alone.openFile('/dev/null');
  assert.equal(alone.enabled(6), false);
  alone.notice('gone');
  alone.close();
  const kept: string[] = [];
  const withSink = new Logger(new VirtualClock(1_700_000_000), 6, false, (m) => kept.push(m));
  withSink.openFile('/dev/null');
  assert.equal(withSink.enabled(6), true);
  withSink.notice('seen');
  assert.deepEqual(kept, ['seen']);
  withSink.close();
  // a real file after it (USR2 reopens the log) is written again
  const file = path.join(scratchDir('sec-log-'), 'sec.log');
  alone.openFile(file);
  assert.equal(alone.enabled(6), true);
  alone.notice('back');
  alone.close();
  assert.equal(lines(file).length, 1);
});
