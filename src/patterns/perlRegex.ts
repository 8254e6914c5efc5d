// Regular expressions that neither RE2 nor JavaScript runs with Perl's exact
// meaning (\K, branch reset, conditionals, recursion, ...) run on the Perl
// interpreter, compiled as SEC compiles them (qr/$pattern/ on bytes). One
// Perl matcher serves all of them: it keeps each pattern compiled, keyed by
// its text, so Pair patterns built per operation add no Perl code. One call
// per match; the answer is
//   (COUNT, $&, $1 .. $N, NAME, VALUE, ...)
// where COUNT = N + 1 and the pairs are Perl's %+ (named groups that took
// part, each the leftmost defined group of its name); groups that did not
// take part come back undef.
import { perlSettings, sharedPerl, type PerlFunction } from '../perl/interpreter.js';
import type { MatchRegex, RegexMatch } from './regex.js';

/** Compiled patterns kept in Perl; past this many (Pair patterns of many values) they are dropped and compiled again when used. */
const KEPT_PATTERNS = 10_000;

const MATCHER = `my %compiled;
sub {
  my ($source) = @_;
  my $re = $compiled{$source};
  if (!defined $re) {
    $re = qr/$source/;
    %compiled = () if keys(%compiled) >= ${KEPT_PATTERNS};
    $compiled{$source} = $re;
  }
  return 1 if @_ < 2;
  return unless $_[1] =~ $re;
  return 1 unless wantarray;
  return ($#+ + 1, (map { defined $-[$_] ? substr($_[1], $-[$_], $+[$_] - $-[$_]) : undef } 0 .. $#+), %+);
}`;

let matcher: PerlFunction | null = null;

/** The matcher in the shared interpreter, or why there is none (perl could not be started). */
function perlMatcher(): PerlFunction | { unavailable: string } {
  if (matcher) return matcher;
  const f = sharedPerl().compile(MATCHER);
  if ('error' in f) return { unavailable: f.error };
  matcher = f;
  return f;
}

/** Perl's compile error without the position marker and the place in our code. */
function perlReason(error: string): string {
  return error.replace(/; marked by <-- HERE .*$/s, '').replace(/ at \(eval \d+\) line \d+\.?\s*$/, '');
}

/** A Buffer here is the UTF-8 of the latin1 event text (what RE2 is given): Perl wants the bytes back. */
const latin1Text = (input: string | Buffer): string => (typeof input === 'string' ? input : input.toString('utf8'));

class PerlEngineRegex implements MatchRegex {
  constructor(
    private readonly source: string,
    private readonly fn: PerlFunction,
  ) {}

  private failed(error: string): void {
    perlSettings.log?.error(`Regular expression '${this.source}' failed on the Perl interpreter: ${perlReason(error)}`);
  }

  test(input: string | Buffer): boolean {
    const r = sharedPerl().callScalar(this.fn, [this.source, latin1Text(input)]);
    if (!r.ok) this.failed(r.error);
    return r.ok && r.truth;
  }

  exec(input: string | Buffer): RegexMatch | null {
    const r = sharedPerl().callList(this.fn, [this.source, latin1Text(input)]);
    if (!r.ok) {
      this.failed(r.error);
      return null;
    }
    const values = 'values' in r ? r.values : [];
    if (!values.length) return null;
    const count = Number(values[0]);
    const m: (string | undefined)[] & { groups?: Record<string, string | undefined> } = values.slice(1, count + 1);
    if (values.length > count + 1) {
      m.groups = Object.create(null) as Record<string, string | undefined>;
      for (let i = count + 1; i + 1 < values.length; i += 2) m.groups[values[i] as string] = values[i + 1];
    }
    return m;
  }
}

/**
 * Compile `source` on the Perl interpreter: a regex numbered as Perl numbers
 * groups, Perl's reason when it refuses the pattern, or why perl is not there.
 */
export function compileOnPerl(source: string): MatchRegex | { refused: string } | { unavailable: string } {
  const fn = perlMatcher();
  if ('unavailable' in fn) return fn;
  const compiled = sharedPerl().callScalar(fn, [source]);
  if (!compiled.ok) return { refused: perlReason(compiled.error) };
  return new PerlEngineRegex(source, fn);
}
