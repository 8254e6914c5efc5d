import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { PageWarmer } from '../../src/input/pageWarmer.js';
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

test('reads on their way when the file is closed are forgotten, and a reset starts again', async () => {
  const dir = scratchDir('sec-warm-');
  const f = path.join(dir, 'log');
  fs.writeFileSync(f, 'a\n'.repeat(1 << 20));
  const warmer = new PageWarmer();
  const fd = fs.openSync(f, 'r');
  warmer.ahead(fd, 8192);
  warmer.reset();
  fs.closeSync(fd);
  await settle();
  const again = fs.openSync(f, 'r');
  warmer.ahead(again, 0);
  await settle();
  warmer.reset();
  fs.closeSync(again);
  await settle();
});
