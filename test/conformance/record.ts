// Records the expected output of the project's conformance cases from the
// reference SEC: writes each case's `expected` and the files named under its
// `files/`. Run after adding or changing a case:
//   npm run build && node dist/test/conformance/record.js [--cmd /usr/bin/sec] [--only REGEX]
// Record twice and compare (git diff): a case whose recording changes
// between runs depends on timing too finely to be kept.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { listCases, play } from './play.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const casesDir = path.join(root, 'test', 'conformance', 'cases');

const { values } = parseArgs({
  options: {
    cmd: { type: 'string', default: '/usr/bin/sec' },
    only: { type: 'string' },
  },
});
const only = values.only === undefined ? null : new RegExp(values.only);
const cases = listCases(casesDir).filter((c) => only === null || only.test(c.name));

// one at a time, so the reference is never short of CPU
for (const c of cases) {
  const played = await play(c, [values.cmd]);
  fs.writeFileSync(path.join(c.dir, 'expected'), played.stdout);
  for (const [name, content] of played.files) {
    fs.writeFileSync(path.join(c.dir, 'files', name), content ?? '');
  }
  const lines = played.stdout.split('\n').length - 1;
  const problem = played.signal !== null ? ` KILLED by ${played.signal}` : '';
  console.log(`${c.name}: ${lines} lines, exit ${played.exitCode}${problem}`);
}
