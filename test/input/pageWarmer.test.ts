import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_INPUT_OPTIONS, FileSource } from '../../src/input/sources.js';
import { Logger } from '../../src/log/logger.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from '../support/process.js';

// The page warmer only reads ahead into a buffer nobody looks at: what an
// input hands out must not change, whatever its reads are doing.

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

test('a file read with a backlog while its pages are read ahead: every line, in order, and none twice', async () => {
  const dir = scratchDir('sec-warm-');
  const f = path.join(dir, 'big.log');
  const lines = Array.from({ length: 300_000 }, (_, k) => `line ${k} ${'x'.repeat(k % 97)}`);
  fs.writeFileSync(f, `${lines.join('\n')}\n`);
  const messages: string[] = [];
  const opts = { ...DEFAULT_INPUT_OPTIONS, tail: false, log: new Logger(new VirtualClock(), 6, false, (m) => messages.push(m)) };
  const src = new FileSource(f, 'ctx', 0, opts);
  const seen: string[] = [];
  for (let turn = 0; turn < 1000 && !src.ended; turn++) {
    // a turn of the loop, then the thread pool's reads come back, as in a run
    for (let k = 0; k < 2000; k++) {
      const r = src.poll(0);
      if (r.line !== null) seen.push(r.line);
      else if (!r.newData) break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(seen.length, lines.length);
  assert.ok(
    seen.every((line, k) => line === lines[k]),
    'lines in order',
  );
  assert.deepEqual(
    messages.filter((m) => /error/i.test(m)),
    [],
  );
});

test('a file rotated while its pages are read ahead: the rest of the old file, then the new one, every line once', async () => {
  const dir = scratchDir('sec-warm-');
  const f = path.join(dir, 'log');
  const old = Array.from({ length: 200_000 }, (_, k) => `old ${k} ${'y'.repeat(k % 61)}`);
  fs.writeFileSync(f, `${old.join('\n')}\n`);
  const opts = { ...DEFAULT_INPUT_OPTIONS, tail: true, log: new Logger(new VirtualClock(), 6, false, () => undefined) };
  const src = new FileSource(f, 'ctx', 0, opts);
  const seen: string[] = [];
  const take = async (): Promise<void> => {
    for (let idle = 0, turn = 0; idle < 2 && turn < 10_000; turn++) {
      const r = src.poll(0);
      if (r.line !== null) seen.push(r.line);
      idle = r.line === null && !r.newData ? idle + 1 : 0;
      if (turn % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await take();
  // the old file is replaced: its reads ahead end with it, the new one is read from its start
  fs.renameSync(f, `${f}.1`);
  fs.appendFileSync(`${f}.1`, 'old last\n');
  fs.writeFileSync(f, 'new 1\nnew 2\n');
  for (let k = 0; k < 200 && seen.at(-1) !== 'new 2'; k++) await take();
  assert.equal(seen.length, old.length + 3);
  assert.ok(
    old.every((line, k) => seen[k] === line),
    'the old lines in order',
  );
  assert.deepEqual(seen.slice(old.length), ['old last', 'new 1', 'new 2']);
  src.close();
  await settle();
});
