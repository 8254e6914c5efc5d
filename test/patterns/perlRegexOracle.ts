// Asking `perl` itself what SEC's Perl makes of patterns: one perl process
// for a whole batch. Each pattern is compiled as SEC does (qr/$pattern/ in an
// eval, byte strings) and matched against each of its lines; the answer per
// line is the match and the captures, numbered and named.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface PerlCase {
  pattern: string;
  lines: string[];
}

/**
 * Perl's verdict on one pattern: an error, or per line null (no match; also
 * a die while matching, such as infinite recursion) or the captures.
 */
export type PerlAnswer = { ok: false; error: string } | { ok: true; matches: ({ groups: (string | undefined)[]; named: Record<string, string> } | null)[] };

const SCRIPT = String.raw`
use strict; use warnings; no warnings;
binmode STDIN; binmode STDOUT;
sub enc { my $s = shift; return defined $s ? unpack("H*", $s) : "-" }
while (my $rec = <STDIN>) {
  chomp $rec;
  my ($p, @lines) = map { pack("H*", $_) } split / /, $rec, -1;
  my $re = eval { qr/$p/ };
  if (!defined $re) { my $e = $@; $e =~ s/\s+/ /g; print "E ", unpack("H*", $e), "\n"; next }
  my @out;
  for my $l (@lines) {
    my $answer = eval {
      if ($l =~ $re) {
        my @g = map { enc(defined $-[$_] ? substr($l, $-[$_], $+[$_] - $-[$_]) : undef) } 1 .. $#+;
        my @n = map { unpack("H*", $_) . "=" . enc($+{$_}) } sort keys %+;
        join(",", "m", @g) . ";" . join(",", @n);
      } else { "n" }
    };
    push @out, defined $answer ? $answer : "d";
  }
  print join(" ", "O", @out), "\n";
}
`;

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
const unhex = (h: string): string | undefined => (h === '-' ? undefined : Buffer.from(h, 'hex').toString('latin1'));

/** Whether a `perl` can be run here. */
export function perlAvailable(): boolean {
  return !spawnSync('perl', ['-e', '1']).error;
}

export function askPerl(cases: PerlCase[]): PerlAnswer[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perl-oracle-'));
  try {
    const script = path.join(dir, 'oracle.pl');
    fs.writeFileSync(script, SCRIPT);
    const input = `${cases.map((c) => [c.pattern, ...c.lines].map(hex).join(' ')).join('\n')}\n`;
    const r = spawnSync('perl', [script], { input: Buffer.from(input, 'latin1'), maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`perl failed: ${r.stderr.toString()}`);
    const answers = r.stdout.toString('latin1').split('\n').slice(0, cases.length);
    return answers.map((a): PerlAnswer => {
      const [kind, ...rest] = a.split(' ');
      if (kind === 'E') return { ok: false, error: unhex(rest[0]) ?? '' };
      return {
        ok: true,
        matches: rest.map((m) => {
          if (m === 'n' || m === 'd') return null;
          const [groups, named] = m.split(';');
          return {
            groups: groups.split(',').slice(1).map(unhex),
            named: Object.fromEntries(
              named
                ? named.split(',').map((kv) => {
                    const [k, v] = kv.split('=');
                    return [unhex(k), unhex(v)];
                  })
                : [],
            ),
          };
        }),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
