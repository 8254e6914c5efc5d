import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { listCases, play } from './play.js';

// The project's own conformance cases, recorded from the real SEC 2.9.1
// (test/conformance/record.ts), played through bin/sec in real time. The
// team's larger shared suite runs in CI (.ci/run); these need nothing outside
// the repository.

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const casesDir = path.join(root, 'test', 'conformance', 'cases');
const secCommand = [process.execPath, path.join(root, 'bin', 'sec')];

/** Cases mostly wait on the clock, so a few run side by side even on two cores. */
const CASES_AT_ONCE = 4;

const sortedLines = (text: string): string => text.split('\n').filter(Boolean).sort().join('\n');

describe('conformance with SEC 2.9.1 (recorded cases)', { concurrency: CASES_AT_ONCE }, () => {
  for (const c of listCases(casesDir)) {
    test(c.name, { timeout: 120_000 }, async () => {
      const played = await play(c, secCommand);
      const context = `\nstderr:\n${played.stderr.slice(-2000)}`;
      assert.equal(played.signal, null, `bin/sec did not exit at the end of input${context}`);
      const same = c.unordered ? sortedLines : (text: string): string => text;
      const expected = fs.readFileSync(path.join(c.dir, 'expected'), 'utf8');
      assert.equal(same(played.stdout), same(expected), `standard output${context}`);
      for (const [name, content] of played.files) {
        const want = fs.readFileSync(path.join(c.dir, 'files', name), 'utf8');
        assert.equal(same(content ?? '<missing>'), same(want), `file ${name}${context}`);
      }
    });
  }
});
