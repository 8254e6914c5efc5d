import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AhoCorasickScanner } from '../../src/patterns/ahoCorasick.js';
import { type LiteralScanner, literalScanner } from '../../src/patterns/literalScanner.js';
import { foldByte } from '../../src/patterns/requiredLiterals.js';
import { SkipScanner } from '../../src/patterns/skipScanner.js';

/** The literals (by index) the scanner finds in `text`, in order. */
function found(scanner: LiteralScanner, text: string): number[] {
  const result = scanner.scan(text);
  return [...result.list.subarray(0, result.count)].sort((a, b) => a - b);
}

/** The same found the slow way: every literal looked for in the case folded text. */
function foldedIncludes(literals: readonly string[], text: string): number[] {
  let folded = '';
  for (let i = 0; i < text.length; i++) folded += String.fromCharCode(foldByte(text.charCodeAt(i)));
  return literals.flatMap((lit, k) => (folded.includes(lit) ? [k] : []));
}

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

const LOG_LITERALS = [
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

const LOG_LINES = [
  'Jan  1 00:00:00 db01 sshd[40221]: Failed password for invalid user teamspeak12 from 212.235.40.229 port 64692 ssh2',
  'Jan  1 00:00:00 app02 CRON[16841]: pam_unix(cron:session): session opened for user root by (uid=0)',
  'Jan  1 00:00:02 web01 sshd[43120]: Accepted publickey for root from 159.23.176.225 port 35973 ssh2',
  'Jan  1 00:00:03 fw01 kernel: [12345.678] [UFW BLOCK] IN=eth0 OUT= MAC=00:11 SRC=1.2.3.4',
  "Jan  1 00:00:04 app01 systemd[1]: nginx.service: Failed with result 'exit-code'.",
  'Jan  1 00:00:05 app01 sudo:    alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice',
  'Jan  1 00:00:06 web02 nginx: 10.0.0.1 - - "GET / HTTP/1.1" 200',
  'Jan  1 00:00:07 web02 sshd[1]: failed passwor',
];

// every search is held to the same verdicts; the skip search takes literals of 2 characters or more
const searches: [string, (literals: readonly string[]) => LiteralScanner, number][] = [
  ['Aho-Corasick', (literals) => new AhoCorasickScanner(literals), 1],
  ['skip', (literals) => new SkipScanner(literals), 2],
];

for (const [search, makeScanner, shortest] of searches) {
  test(`${search}: every literal found, overlapping ones and ones inside others too`, () => {
    const scanner = makeScanner(['he', 'she', 'his', 'hers']);
    assert.deepEqual(found(scanner, 'ushers'), [0, 1, 3]);
    assert.deepEqual(found(scanner, 'this'), [2]);
    assert.deepEqual(found(scanner, 'nothing here'), [0]);
    assert.deepEqual(found(scanner, 'xyz'), []);
  });

  test(`${search}: ASCII letters are read case folded; other bytes and code points above latin1 are not confused`, () => {
    const scanner = makeScanner(['failed password', 'caf\xe9']);
    assert.deepEqual(found(scanner, 'sshd[1]: FAILED Password for x'), [0]);
    assert.deepEqual(found(scanner, 'CAF\xe9'), [1]);
    assert.deepEqual(found(scanner, 'CAF\xc9'), []); // Perl folds ASCII only on bytes
    assert.deepEqual(found(scanner, 'caf\u0100 failed passwor\u0164'), []);
  });

  test(`${search}: a literal at the very start or end of the text, and a text shorter than any literal`, () => {
    const scanner = makeScanner(['abc', 'xyz', 'a long literal: qxj here']);
    assert.deepEqual(found(scanner, 'abc--xyz'), [0, 1]);
    assert.deepEqual(found(scanner, 'ab'), []);
    assert.deepEqual(found(scanner, ''), []);
    assert.deepEqual(found(scanner, 'A LONG LITERAL: QXJ HERE'), [2]);
    assert.deepEqual(found(scanner, 'long literal: qxj here'), []);
    assert.deepEqual(found(scanner, 'a long literal: qxj her'), []);
  });

  test(`${search}: a literal found many times is listed once, and each scan starts afresh`, () => {
    const scanner = makeScanner(['session', 'xyz']);
    assert.deepEqual(found(scanner, 'session session Session'), [0]);
    assert.deepEqual(found(scanner, 'xyz'), [1]);
    assert.deepEqual(found(scanner, 'session'), [0]);
  });

  test(`${search}: the same literals found as by looking for each one, on random text over a small alphabet`, () => {
    const next = random(12345);
    const pick = (chars: string, length: number): string => {
      let s = '';
      for (let i = 0; i < length; i++) s += chars[Math.floor(next() * chars.length)];
      return s;
    };
    for (let round = 0; round < 300; round++) {
      const count = 1 + Math.floor(next() * 20);
      const literals = [...new Set(Array.from({ length: count }, () => pick('ab]: c\xe9', shortest + Math.floor(next() * 12))))];
      const scanner = makeScanner(literals);
      for (let line = 0; line < 50; line++) {
        const text = pick('aAbB]: cC\xe9\xc9\u0163', Math.floor(next() * 60));
        assert.deepEqual(found(scanner, text), foldedIncludes(literals, text), `${JSON.stringify(literals)} in ${JSON.stringify(text)}`);
      }
    }
  });

  test(`${search}: a scan of part of a text finds what a scan of that part alone finds`, () => {
    const scanner = makeScanner(LOG_LITERALS);
    const text = LOG_LINES.join('\n');
    let from = 0;
    for (const line of LOG_LINES) {
      const part = found(scanner, line);
      const result = scanner.scan(text, from, from + line.length);
      assert.deepEqual(
        [...result.list.subarray(0, result.count)].sort((a, b) => a - b),
        part,
        line,
      );
      from += line.length + 1;
    }
    // a literal across the part's edges is not in it
    const edge = scanner.scan('xx]: failed password for yy', 3, 20);
    assert.equal(edge.count, 0);
  });

  test(`${search}: the same literals found as by looking for each one, on log lines`, () => {
    const scanner = makeScanner(LOG_LITERALS);
    for (const line of LOG_LINES) assert.deepEqual(found(scanner, line), foldedIncludes(LOG_LITERALS, line), line);
  });
}

test('few long literals are skipped through, many or short ones read by the automaton', () => {
  assert.ok(literalScanner(LOG_LITERALS) instanceof SkipScanner);
  assert.ok(literalScanner([...LOG_LITERALS, 'sshd']) instanceof AhoCorasickScanner);
  assert.ok(literalScanner(Array.from({ length: 40 }, (_, k) => `literal number ${k}`)) instanceof AhoCorasickScanner);
});
