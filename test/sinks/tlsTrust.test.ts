import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import tls from 'node:tls';
import { defaultCa, defaultCaAnd, trustExtraCaCerts } from '../../src/sinks/tlsTrust.js';
import { scratchDir } from '../support/process.js';
import { makeCertificates } from '../support/tls.js';

test("node's defaults until extra certificates are given; then node's own and those", () => {
  assert.equal(defaultCa(), undefined);
  assert.deepEqual(defaultCaAnd('PEM'), [...tls.rootCertificates, 'PEM']);
  const { caFile } = makeCertificates(scratchDir(), 'trust');
  trustExtraCaCerts(caFile);
  const ca = defaultCa();
  assert.ok(ca);
  assert.deepEqual(ca.slice(0, -1), tls.rootCertificates);
  assert.equal(ca.at(-1), fs.readFileSync(caFile, 'latin1'));
  // a connection's own CA file comes on top
  assert.deepEqual(defaultCaAnd('PEM'), [...ca, 'PEM']);
});

test('a file that cannot be read is reported and trusted no more', (t) => {
  const written: string[] = [];
  t.mock.method(process.stderr, 'write', (text: string) => written.push(text) > 0);
  const missing = path.join(scratchDir(), 'none.pem');
  trustExtraCaCerts(missing);
  assert.equal(defaultCa(), undefined);
  assert.deepEqual(written, [`Warning: Ignoring extra certs from \`${missing}\`, load failed: No such file or directory\n`]);
});
