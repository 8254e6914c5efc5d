import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiteralScanner } from '../../src/patterns/literalScanner.js';
import { foldByte } from '../../src/patterns/requiredLiterals.js';

/** The literals (by index) the scanner finds in `text`, in order. */
function found(scanner: LiteralScanner, text: string): number[] {
  return [...scanner.found.subarray(0, scanner.scan(text))].sort((a, b) => a - b);
}

/** The same found the slow way: every literal looked for in the case folded text. */
function foldedIncludes(literals: readonly string[], text: string): number[] {
  let folded = '';
  for (let i = 0; i < text.length; i++) folded += String.fromCharCode(foldByte(text.charCodeAt(i)));
  return literals.flatMap((lit, k) => (folded.includes(lit) ? [k] : []));
}

test('every literal found, overlapping ones and ones inside others too', () => {
  const scanner = new LiteralScanner(['he', 'she', 'his', 'hers']);
  assert.deepEqual(found(scanner, 'ushers'), [0, 1, 3]);
  assert.deepEqual(found(scanner, 'this'), [2]);
  assert.deepEqual(found(scanner, 'nothing here'), [0]);
  assert.deepEqual(found(scanner, 'xyz'), []);
});

test('ASCII letters are read case folded; other bytes and code points above latin1 are not confused', () => {
  const scanner = new LiteralScanner(['failed password', 'caf\xe9']);
  assert.deepEqual(found(scanner, 'sshd[1]: FAILED Password for x'), [0]);
  assert.deepEqual(found(scanner, 'CAF\xe9'), [1]);
  assert.deepEqual(found(scanner, 'CAF\xc9'), []); // Perl folds ASCII only on bytes
  assert.deepEqual(found(scanner, 'caf\u0100 failed passwor\u0164'), []);
});

test('a literal at the very start or end of the text, and a text shorter than any literal', () => {
  const scanner = new LiteralScanner(['abc', 'xyz', 'a long literal: qxj here']);
  assert.deepEqual(found(scanner, 'abc--xyz'), [0, 1]);
  assert.deepEqual(found(scanner, 'ab'), []);
  assert.deepEqual(found(scanner, ''), []);
  assert.deepEqual(found(scanner, 'A LONG LITERAL: QXJ HERE'), [2]);
  assert.deepEqual(found(scanner, 'long literal: qxj here'), []);
  assert.deepEqual(found(scanner, 'a long literal: qxj her'), []);
});

test('a literal found many times is reported once, and each scan starts afresh', () => {
  const scanner = new LiteralScanner(['session', 'xyz']);
  assert.deepEqual(found(scanner, 'session session Session'), [0]);
  assert.deepEqual(found(scanner, 'xyz'), [1]);
  assert.deepEqual(found(scanner, 'session'), [0]);
});

test('a text longer than any seen before', () => {
  const scanner = new LiteralScanner(['needle']);
  assert.deepEqual(found(scanner, `${'x'.repeat(100000)}NEEDLE`), [0]);
});

/** A deterministic pseudo-random generator (xorshift), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

test('the same literals found as by looking for each one, on random text over a small alphabet', () => {
  const next = random(12345);
  const pick = (chars: string, length: number): string => {
    let s = '';
    for (let i = 0; i < length; i++) s += chars[Math.floor(next() * chars.length)];
    return s;
  };
  for (let round = 0; round < 200; round++) {
    const literals = [...new Set(Array.from({ length: 1 + Math.floor(next() * 20) }, () => pick('ab]: c\xe9', 1 + Math.floor(next() * 12))))];
    const scanner = new LiteralScanner(literals);
    for (let line = 0; line < 50; line++) {
      const text = pick('aAbB]: cC\xe9\xc9\u0163', Math.floor(next() * 60));
      assert.deepEqual(found(scanner, text), foldedIncludes(literals, text), `${JSON.stringify(literals)} in ${JSON.stringify(text)}`);
    }
  }
});

test('the same literals found as by looking for each one, on log lines', () => {
  const literals = [
    ']: failed password for ',
    ']: accepted ',
    ' for root from ',
    '[ufw block] in=',
    ' session ',
    'systemd[1]:',
    ']: pam_unix(cron:session): session ',
    ".service: failed with result '",
    'nginx: ',
    ' : 3 incorrect password attempts ;',
  ];
  const lines = [
    'Jan  1 00:00:00 db01 sshd[40221]: Failed password for invalid user teamspeak12 from 212.235.40.229 port 64692 ssh2',
    'Jan  1 00:00:00 app02 CRON[16841]: pam_unix(cron:session): session opened for user root by (uid=0)',
    'Jan  1 00:00:02 web01 sshd[43120]: Accepted publickey for root from 159.23.176.225 port 35973 ssh2',
    'Jan  1 00:00:03 fw01 kernel: [12345.678] [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=1.2.3.4',
    "Jan  1 00:00:04 app01 systemd[1]: nginx.service: Failed with result 'exit-code'.",
    'Jan  1 00:00:05 app01 sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice',
    'Jan  1 00:00:06 web02 nginx: 10.0.0.1 - - "GET / HTTP/1.1" 200',
    'Jan  1 00:00:07 web02 sshd[1]: failed passwor',
  ];
  const scanner = new LiteralScanner(literals);
  for (const line of lines) assert.deepEqual(found(scanner, line), foldedIncludes(literals, line), line);
});
