import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { OutputFiles } from '../../src/sinks/files.js';
import { flushHeldWrites } from '../../src/log/heldWrites.js';
import { Logger } from '../../src/log/logger.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from '../support/process.js';

function setup(): { dir: string; out: OutputFiles; logs: string[] } {
  const dir = scratchDir('sec-outputs-');
  const logs: string[] = [];
  const out = new OutputFiles(new Logger(new VirtualClock(), 6, false, (m) => logs.push(m)));
  return { dir, out, logs };
}

test("a named pipe without a reader is skipped with SEC's message and reason, not waited for", () => {
  const { dir, out, logs } = setup();
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  out.write(fifo, 'nobody reads this', true);
  assert.deepEqual(logs, [`Can't open '${fifo}' for writing event 'nobody reads this' (No such device or address)`]);
});

test('a full named pipe drops what does not fit instead of blocking', () => {
  const { dir, out, logs } = setup();
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  // a reader that never reads: the pipe fills up (64 KiB on Linux)
  const reader = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const line = 'x'.repeat(1023);
    for (let i = 0; i < 200; i++) out.write(fifo, line, true);
    // one line, with SEC's reason; the file is then forgotten and opened again for the next write
    const overflow = logs.filter((m) => m.startsWith('Error when writing event'));
    assert.ok(overflow.length > 0, 'the overflow is logged');
    assert.equal(overflow[0], `Error when writing event '${line}' to '${fifo}' (Resource temporarily unavailable)`);
    // what did fit arrived whole, line by line
    const buf = Buffer.alloc(1 << 20);
    const n = fs.readSync(reader, buf, 0, buf.length, null);
    assert.ok(n >= 1024 && n <= 200 * 1024);
  } finally {
    fs.closeSync(reader);
    out.closeAll();
  }
});

test('regular files are appended to and kept open between writes', () => {
  const { dir, out } = setup();
  const file = path.join(dir, 'out.log');
  fs.writeFileSync(file, 'before\n');
  out.write(file, 'one', true);
  out.write(file, 'two', false);
  out.write(file, '\n', false);
  assert.equal(out.close(file), true);
  assert.equal(fs.readFileSync(file, 'utf8'), 'before\none\ntwo\n');
  assert.equal(out.close(file), false);
});

test('writes to a regular file are held back and written out together, in the order asked, under every name of the file', () => {
  const { dir, out } = setup();
  const file = path.join(dir, 'out.log');
  const alias = path.join(dir, 'alias.log');
  fs.writeFileSync(file, '');
  fs.symlinkSync(file, alias);
  out.write(file, 'one', true);
  out.write(alias, 'two', true);
  out.write(file, 'three', true);
  assert.equal(fs.readFileSync(file, 'latin1'), '', 'held until flushed');
  flushHeldWrites();
  assert.equal(fs.readFileSync(file, 'latin1'), 'one\ntwo\nthree\n');
  out.closeAll();
});

test('held writes go out at the end of the turn of the event loop', async () => {
  const { dir, out } = setup();
  const file = path.join(dir, 'out.log');
  out.write(file, '\xe9t\xe9', true);
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(fs.readFileSync(file), Buffer.from([0xe9, 0x74, 0xe9, 0x0a]));
  out.closeAll();
});

test('held writes go out once they reach 64 KB', () => {
  const { dir, out } = setup();
  const file = path.join(dir, 'out.log');
  const line = 'x'.repeat(1023);
  for (let i = 0; i < 64; i++) out.write(file, line, true);
  assert.equal(fs.statSync(file).size, 64 * 1024);
  out.closeAll();
});

test('a file that is also the log is written at once, after the log lines held before it: lines stay in order', () => {
  const dir = scratchDir('sec-outputs-');
  const file = path.join(dir, 'both.log');
  const log = new Logger(new VirtualClock(), 6, false);
  log.openFile(file);
  const out = new OutputFiles(log);
  log.notice('first');
  out.write(file, 'written', true);
  log.notice('logged');
  assert.match(fs.readFileSync(file, 'latin1'), /^.*: first\nwritten\n$/);
  flushHeldWrites();
  assert.match(fs.readFileSync(file, 'latin1'), /^.*: first\nwritten\n.*: logged\n$/);
  out.closeAll();
  log.close();
});
