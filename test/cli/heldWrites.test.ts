import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileText, scratchDir, startSec, waitFor } from '../support/process.js';

// Writes to files are batched (sinks/files.ts): whatever way sec ends, every
// line written is in the file.

const LINES = 5000;
const rules = (out: string): string => `type=Single\nptype=RegExp\npattern=^line (\\d+)$\ndesc=$1\naction=write ${out} seen $1\n\n\
type=Single\nptype=SubStr\npattern=last\ndesc=last\naction=write - done\n`;
const expected = Array.from({ length: LINES }, (_, i) => `seen ${i}\n`).join('');
const input = `${Array.from({ length: LINES }, (_, i) => `line ${i}`).join('\n')}\nlast\n`;

test('a --notail run leaves every line written in the file', async () => {
  const dir = scratchDir('sec-held-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rules('out.txt'));
  fs.writeFileSync(path.join(dir, 'in.log'), input);
  const sec = startSec(['--conf=r.conf', '--input=in.log', '--notail'], dir);
  assert.equal((await sec.exited).code, 0);
  assert.equal(fileText(path.join(dir, 'out.txt')), expected);
});

test('a daemon ended by TERM leaves every line written in the file', async () => {
  const dir = scratchDir('sec-held-');
  fs.writeFileSync(path.join(dir, 'r.conf'), rules('out.txt'));
  const sec = startSec(['--conf=r.conf', '--input=-'], dir, { stdin: input });
  // standard output is written at once: once `done` is there, every line was processed
  await waitFor(
    () => sec.stdout().includes('done'),
    () => `the last line; stderr:\n${sec.stderr()}`,
  );
  sec.child.kill('SIGTERM');
  assert.equal((await sec.exited).code, 0);
  assert.equal(fileText(path.join(dir, 'out.txt')), expected);
});
