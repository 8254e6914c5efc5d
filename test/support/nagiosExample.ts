// The Nagios example (examples/nagios/) in tests. Its rule file keeps a
// record under /var/log; tests run a copy that keeps it in a scratch folder
// and is otherwise the example as shipped.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { projectDir } from './process.js';

export const nagiosDir = path.join(projectDir, 'examples', 'nagios');

const RECORD = '/var/log/sec-sshd-failures.log';

/** Copy an example rule file (the script one by default) into `dir`, its record file moved there too. */
export function nagiosRules(dir: string, name = 'sshd-failures.conf'): { conf: string; record: string } {
  const text = fs.readFileSync(path.join(nagiosDir, name), 'latin1');
  assert.equal(text.split(RECORD).length, 3, `the example names ${RECORD} in its comment and in its action`);
  const record = path.join(dir, 'sshd-failures.log');
  const conf = path.join(dir, name);
  fs.writeFileSync(conf, text.replace(`write ${RECORD}`, `write ${record}`), 'latin1');
  return { conf, record };
}
