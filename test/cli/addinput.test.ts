import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { scratchDir, startSec, waitFor } from '../support/process.js';

// addinput and dropinput end to end: a rule adds a file as an input (with a
// context its events carry), another drops it again.

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

type=Single
ptype=RegExp
pattern=^ping (\\S+)
desc=ping
action=write - pong $1
`;

test('addinput reads a file from the given offset with its context; dropinput stops it', async () => {
  const dir = scratchDir('sec-addinput-');
  const extra = path.join(dir, 'extra.log');
  fs.writeFileSync(extra, 'x zero\nx one\n');
  fs.writeFileSync(path.join(dir, 'r.conf'), RULES);
  // tail mode: the added file is followed as it grows
  const sec = startSec(['--conf=r.conf', '--input=-', '--intcontexts'], dir);
  const said = (text: string): Promise<void> =>
    waitFor(
      () => sec.stdout().includes(`${text}\n`),
      () => `"${text}"; output:\n${sec.stdout()}`,
    );
  const type = (text: string): void => void sec.child.stdin?.write(text);
  try {
    // offset 7 skips "x zero\n"
    type(`watch ${extra} 7\n`);
    await said('from extra: one');
    type('x not from the file\n');
    fs.appendFileSync(extra, 'x two\n');
    await said('from extra: two');
    type(`unwatch ${extra}\nping 1\n`);
    await said('pong 1');
    fs.appendFileSync(extra, 'x three\n');
    // each round reads a line from every input, standard input first: the
    // round that reads "ping 2" would read "x three" too, before "ping 3"
    type('ping 2\nping 3\n');
    await said('pong 3');
  } finally {
    sec.child.kill('SIGTERM');
    await sec.exited;
  }
  assert.equal(sec.stdout(), 'from extra: one\nfrom extra: two\npong 1\npong 2\npong 3\n');
});
