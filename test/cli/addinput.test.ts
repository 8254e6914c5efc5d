import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// addinput and dropinput end to end: a rule adds a file as an input (with a
// context its events carry), another drops it again.

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const secBin = path.join(root, 'bin', 'sec');

const RULES = `type=Single
ptype=RegExp
pattern=^watch (\\S+) (\\S+)
desc=watch
action=addinput $1 $2 EXTRA

type=Single
ptype=RegExp
pattern=^unwatch (\\S+)
desc=unwatch
action=dropinput $1

type=Single
ptype=RegExp
pattern=^x (.*)
context=EXTRA
desc=extra
action=write - from extra: $1
`;

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

test('addinput reads a file from the given offset with its context; dropinput stops it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-addinput-'));
  const extra = path.join(dir, 'extra.log');
  fs.writeFileSync(extra, 'x zero\nx one\n');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULES);
  // tail mode: the added file is followed as it grows
  const child = spawn(process.execPath, [secBin, '--conf=r.conf', '--input=-', '--intcontexts'], { cwd: dir });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  try {
    // offset 7 skips "x zero\n"
    child.stdin.write(`watch ${extra} 7\n`);
    await waitFor(() => out.includes('from extra: one'), 5000);
    child.stdin.write('x not from the file\n');
    fs.appendFileSync(extra, 'x two\n');
    await waitFor(() => out.includes('from extra: two'), 5000);
    child.stdin.write(`unwatch ${extra}\n`);
    await new Promise((r) => setTimeout(r, 500));
    fs.appendFileSync(extra, 'x three\n');
    await new Promise((r) => setTimeout(r, 700));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.on('close', r));
  }
  assert.equal(out, 'from extra: one\nfrom extra: two\n');
});
