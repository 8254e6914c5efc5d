// Saved reading positions of input files: the same file goes on at its
// offset with its partial line; a file rotated while sec was stopped is
// finished from its rotated name, then the new file is read from its start.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEFAULT_INPUT_OPTIONS, FileSource } from '../../src/input/sources.js';
import { Logger } from '../../src/log/logger.js';
import { inputsState, restoreInputs, type SavedInput } from '../../src/state/inputState.js';
import { VirtualClock } from '../../src/time/clock.js';
import { scratchDir } from '../support/process.js';

function setup(): { dir: string; file: string; logs: string[]; open: (fpos: number) => FileSource } {
  const dir = scratchDir();
  const file = path.join(dir, 'in.log');
  const logs: string[] = [];
  const log = new Logger(new VirtualClock(), 6, false, (m) => logs.push(m));
  return { dir, file, logs, open: (fpos) => new FileSource(file, '_FILE_EVENT', fpos, { ...DEFAULT_INPUT_OPTIONS, log }) };
}

/** Every line the source has now. */
function drain(src: FileSource): string[] {
  const lines: string[] = [];
  for (;;) {
    const r = src.poll(0);
    if (r.line !== null) lines.push(r.line);
    else if (!r.newData) return lines;
  }
}

/** Read what `file` holds with a first sec, and save where it stopped (as at TERM). */
function readAndSave(s: ReturnType<typeof setup>): SavedInput[] {
  const first = s.open(0);
  assert.deepEqual(drain(first), ['l1', 'l2']);
  const saved = inputsState([first]);
  first.close();
  return JSON.parse(JSON.stringify(saved)) as SavedInput[];
}

test('the same file: reading goes on at the saved offset, the partial line first', () => {
  const s = setup();
  fs.writeFileSync(s.file, 'l1\nl2\npar');
  const saved = readAndSave(s);
  assert.equal(saved[0].offset, 9);
  assert.equal(saved[0].unread, 'par');
  fs.appendFileSync(s.file, 'tial\nl3\n');
  // a new sec opens the file at its end (tail mode); the saved position wins
  const second = s.open(-1);
  restoreInputs([second], saved, new Logger(new VirtualClock(), 6, false, (m) => s.logs.push(m)));
  assert.deepEqual(drain(second), ['partial', 'l3']);
});

test('rotated while stopped: the rest of <file>.1 is read, then the new file from its start', () => {
  const s = setup();
  fs.writeFileSync(s.file, 'l1\nl2\npar');
  const saved = readAndSave(s);
  fs.appendFileSync(s.file, 'tial\nold3\n');
  fs.renameSync(s.file, `${s.file}.1`);
  fs.writeFileSync(s.file, 'new1\nnew2\n');
  const second = s.open(-1);
  restoreInputs([second], saved, new Logger(new VirtualClock(), 6, false, (m) => s.logs.push(m)));
  assert.deepEqual(drain(second), ['partial', 'old3', 'new1', 'new2']);
  assert.ok(
    s.logs.some((m) => m.includes(`reading the rest of ${s.file}.1 from offset 9`)),
    s.logs.join('\n'),
  );
});

test('rotated to <file>-<date> while stopped is found too', () => {
  const s = setup();
  fs.writeFileSync(s.file, 'l1\nl2\n');
  const saved = readAndSave(s);
  fs.appendFileSync(s.file, 'old3\n');
  fs.renameSync(s.file, `${s.file}-20261204`);
  fs.writeFileSync(`${s.file}.1`, 'an older rotation\n');
  fs.writeFileSync(s.file, 'new1\n');
  const second = s.open(-1);
  restoreInputs([second], saved, new Logger(new VirtualClock(), 6, false, (m) => s.logs.push(m)));
  assert.deepEqual(drain(second), ['old3', 'new1']);
});

test('replaced while stopped and the old file is gone: the new file from its start, and a warning', () => {
  const s = setup();
  fs.writeFileSync(s.file, 'l1\nl2\n');
  const saved = readAndSave(s);
  // the new file is made while the old one exists, so it cannot get the old i-node back
  fs.writeFileSync(`${s.file}.new`, 'new1\n');
  fs.unlinkSync(s.file);
  fs.renameSync(`${s.file}.new`, s.file);
  const second = s.open(-1);
  restoreInputs([second], saved, new Logger(new VirtualClock(), 6, false, (m) => s.logs.push(m)));
  assert.deepEqual(drain(second), ['new1']);
  assert.ok(s.logs.some((m) => m.includes('lines may have been missed')));
});
