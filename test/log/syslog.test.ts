import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { loadUnixDgram } from '../../src/log/unixDgram.js';
import { SyslogWriter } from '../../src/log/syslog.js';
import { scratchDir, waitFor } from '../support/process.js';

test('syslog messages carry facility and severity as SEC sends them', async () => {
  const mod = loadUnixDgram();
  assert.ok(mod, 'unix-dgram loads');
  const dir = scratchDir('sec-syslog-');
  const device = path.join(dir, 'log');
  const server = mod.createSocket('unix_dgram') as unknown as { bind(p: string): void; on(e: string, f: (b: Buffer) => void): void; close(): void };
  const got: string[] = [];
  server.on('message', (b: Buffer) => got.push(b.toString('latin1')));
  server.bind(device);
  const writer = new SyslogWriter(16 /* local0 */, device);
  writer.send(2, 'an error', new Date(2026, 10, 5, 9, 8, 7));
  writer.send(6, 'a debug message', new Date(2026, 10, 5, 9, 8, 7));
  try {
    await waitFor(() => got.length >= 2, 'two messages');
  } finally {
    writer.close();
    server.close();
  }
  assert.equal(got.length, 2);
  assert.match(got[0], /^<131>Nov {2}5 09:08:07 \S+\[\d+\]: an error$/);
  assert.match(got[1], /^<135>Nov {2}5 09:08:07 \S+\[\d+\]: a debug message$/);
});

test('an unknown facility is refused with a message; a missing /dev/log loses messages quietly', () => {
  assert.match(String(SyslogWriter.open('nosuch')), /invalid facility 'nosuch'/);
  for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
    assert.match(String(SyslogWriter.open(name)), /invalid facility/, name);
  }
  const writer = new SyslogWriter(3, '/nonexistent/dev/log');
  assert.doesNotThrow(() => writer.send(4, 'lost', new Date()));
  writer.close();
});
