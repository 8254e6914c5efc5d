#!/usr/bin/perl -w
#
# The Perl side of sec-ts: one long-lived interpreter that compiles and runs
# the Perl code of SEC rule files (PerlFunc patterns, the ->, :> and =
# context operands, eval, call and lcall) for the TypeScript engine.
#
# Usage: perl bridge.pl REQUEST_FIFO RESPONSE_FIFO [SPIN_SECONDS]
# (SPIN_SECONDS: how long to poll for the next request before sleeping)
#
# Framing, both ways: a 32-bit big-endian length, then that many bytes.
# The engine sends one request and waits for its answer before the next.
# LEN, COUNT and ID are 32-bit big-endian numbers too.
# A request is one operation letter followed by values; a value is
#   'u'                          undef
#   's' LEN BYTES                a string (bytes, as read from the log; in
#                                answers a string with wide characters is
#                                sent as its UTF-8 bytes, as print writes it)
#   'a' COUNT VALUE...           a reference to an array of values
#   'h' COUNT (LEN KEY VALUE)... a reference to a hash; sent back after the
#                                call, since the code may change it
# Operations (answers in brackets):
#   'c' CODE                 compile: eval CODE, which must give a code
#                            reference ['f' ID TEXT (how it prints) | 'e' TEXT]
#   'l' ID ARGS              call function ID in list context; a single hash
#                            reference comes back as its pairs
#                            ['R' COUNT VALUE... | 'H' COUNT (LEN KEY VALUE)...
#                            | 'd' ERROR]
#   'L' ID ARGS              the same, every value as it prints ['R' | 'd']
#   's' ID ARGS              call function ID in scalar context, keep only
#                            its truth ['T' 0|1 | 'd' ERROR]
#   'v' CODE LIST SLOT       eval CODE in list (LIST true) or scalar context;
#                            a single reference result is kept under SLOT
#                            ['R' ... | 'K' TEXT | 'e' ERROR]
#   'k' SLOT ARGS            call the code reference kept under SLOT in list
#                            context ['R' ... | 'n' (not a code reference)
#                            | 'd' ERROR]
# Every answer to a call ends with the hashes it was given, as they are now.
# A call of exit() from user code answers 'X' VALUE (its status) and ends
# the process.

# User code runs in package main::SEC, before any "use strict" (as in SEC),
# with warnings on. @_ holds only the code, so the user sees no lexicals.
package main::SEC;

sub run_code { eval $_[0] }

package SecTs::Bridge;

use strict;
use warnings;
use Errno qw(EAGAIN EINTR);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use Time::HiRes ();

my @functions;    # compiled code references by id
my %slots;        # references kept by eval, by action-list variable name
my ($in, $out);

# Requests arrive one at a time (the engine waits for each answer), so one
# buffer holds at most the request being read: a frame usually comes whole
# in one sysread, and is parsed in place.
my $buf = '';    # the request frame, its length included
my $pos;         # where take_* read next in $buf
my $end;         # the end of the frame in $buf

# With SPIN_SECONDS, the request pipe is read without blocking: the next
# request often comes within microseconds, and polling for it a little while
# costs less than being woken from a sleep (much less on a virtual machine).
# After that, sleep until it is readable.
my $spin_seconds = $ARGV[2] || 0;
my $spin_until = 0;
my $rin = '';

sub wait_readable {
  my $now = Time::HiRes::time();
  if ($spin_until == 0) { $spin_until = $now + $spin_seconds; return }
  return if $now < $spin_until;
  $spin_until = 0;
  select(my $r = $rin, undef, undef, undef);
}

# Read until $buf holds a whole frame; the engine closing its end ends perl.
sub read_frame {
  $buf = '';
  my $want = 4;
  for (;;) {
    $want = 4 + unpack('N', $buf) if length($buf) >= 4;
    last if length($buf) >= $want;
    my $missing = $want - length($buf);
    my $got = sysread($in, $buf, $missing > 65536 ? $missing : 65536, length($buf));
    if (!defined $got) {
      next if $! == EINTR;    # a signal handler of user code ran
      if ($! == EAGAIN) { wait_readable(); next }
      die "read: $!\n";
    }
    exit 0 if $got == 0;
    $spin_until = 0;
  }
  ($pos, $end) = (5, $want);
}

sub send_frame {
  my $frame = pack('N/a*', $_[0]);
  my $off = 0;
  while ($off < length($frame)) {
    my $put = syswrite($out, $frame, length($frame) - $off, $off);
    if (!defined $put) {
      next if $! == EINTR;
      exit 0;
    }
    $off += $put;
  }
}

# --- values ---------------------------------------------------------------

sub take_u32 { my $v = unpack('N', substr($buf, $pos, 4)); $pos += 4; return $v }
sub take_bytes { my $n = take_u32(); my $s = substr($buf, $pos, $n); $pos += $n; return $s }

# Decode one value; hashes are also listed in @$hashes for the answer.
sub take_value {
  my $tag = substr($buf, $pos, 1);
  if ($tag eq 's') {    # the usual value, taken without further calls
    my $n = unpack('N', substr($buf, $pos + 1, 4));
    $pos += 5 + $n;
    return substr($buf, $pos - $n, $n);
  }
  my ($hashes) = @_;
  $pos++;
  return undef if $tag eq 'u';
  if ($tag eq 'a') {
    my $n = take_u32();
    return [ map { take_value($hashes) } 1 .. $n ];
  }
  if ($tag eq 'h') {
    my $n = take_u32();
    my %h;
    for (1 .. $n) { my $k = take_bytes(); $h{$k} = take_value($hashes) }
    push @$hashes, \%h;
    return \%h;
  }
  die "bad value tag '$tag'\n";
}

# Perl strings as bytes: a string with wide characters goes as its UTF-8
# bytes (what print writes for it), any other as one byte per character.
sub put_bytes {
  my $s = "$_[0]";
  utf8::encode($s) unless utf8::downgrade($s, 1);
  return pack('N/a*', $s);
}

sub put_value { return defined($_[0]) ? 's' . put_bytes($_[0]) : 'u' }

sub put_hash {
  my ($h) = @_;
  my $a = pack('N', scalar(keys %$h));
  while (my ($k, $v) = each %$h) { $a .= put_bytes($k) . (defined($v) ? 's' . put_bytes($v) : 'u') }
  return $a;
}

sub put_list {
  my $a = 'R' . pack('N', scalar(@_));
  # a plain string (the usual value) is packed as it is, with no further call
  for (@_) { $a .= !defined($_) ? 'u' : ref($_) || utf8::is_utf8($_) ? 's' . put_bytes($_) : pack('a N/a*', 's', $_) }
  return $a;
}

sub put_hashes { return join('', map { 'h' . put_hash($_) } @{ $_[0] }) }

# Compile and eval errors lose their final newline, as SEC chomps them; the
# error of a call that died is logged by SEC as Perl left it (a die message
# ends with a newline, so SEC's log shows an empty line after it).
sub error_text { my $e = "$_[0]"; chomp $e; return $e }

# --- operations -----------------------------------------------------------

sub compile_function {
  my ($code) = @_;
  my $ref = main::SEC::run_code($code);
  return 'e' . put_value(error_text($@)) if $@;
  return 'e' . put_value(defined($ref) ? "$ref" : 'undef') if ref($ref) ne 'CODE';
  push @functions, $ref;
  return 'f' . pack('N', $#functions) . put_value($ref);
}

sub call_list {
  my ($func, $args, $hashes, $pairs) = @_;
  my @r = eval { $func->(@$args) };
  return 'd' . put_value("$@") . put_hashes($hashes) if $@;
  return 'H' . put_hash($r[0]) . put_hashes($hashes) if $pairs && @r == 1 && ref($r[0]) eq 'HASH';
  return put_list(@r) . put_hashes($hashes);
}

sub call_scalar {
  my ($func, $args, $hashes) = @_;
  my $r = eval { $func->(@$args) };
  return 'd' . put_value("$@") . put_hashes($hashes) if $@;
  return 'T' . ($r ? '1' : '0') . put_hashes($hashes);
}

sub eval_code {
  my ($code, $list, $slot) = @_;
  my @r;
  if ($list) { @r = main::SEC::run_code($code) } else { $r[0] = main::SEC::run_code($code) }
  return 'e' . put_value(error_text($@)) if $@;
  if (defined($slot) && @r == 1 && ref($r[0])) {
    $slots{$slot} = $r[0];
    return 'K' . put_value($r[0]);
  }
  return put_list(@r);
}

sub handle {
  my $op = substr($buf, 4, 1);
  my @hashes;
  if ($op eq 'c') { return compile_function(take_value()) }
  if ($op eq 'v') { return eval_code(take_value(), take_value(), take_value()) }
  if ($op eq 'l' || $op eq 'L' || $op eq 's') {
    my $func = $functions[take_u32()];
    my @args;
    push @args, take_value(\@hashes) while $pos < $end;
    return call_scalar($func, \@args, \@hashes) if $op eq 's';
    return call_list($func, \@args, \@hashes, $op eq 'l');
  }
  if ($op eq 'k') {
    my $ref = $slots{ take_value() };
    return 'n' if ref($ref) ne 'CODE';
    my @args;
    push @args, take_value(\@hashes) while $pos < $end;
    return call_list($ref, \@args, \@hashes, 0);
  }
  die "bad operation '$op'\n";
}

# exit() in user code ends SEC with that status; tell the engine first.
# (The bridge's own calls of exit, compiled above, stay the built-in one.)
BEGIN {
  *CORE::GLOBAL::exit = sub {
    my $status = @_ ? $_[0] : 0;
    send_frame('X' . put_value($status)) if $out;
    CORE::exit($status);
  };
}

# The engine owns this process and answers SEC's signals itself; one sent to
# the whole process group (Ctrl-C, a service manager's stop) must not end
# perl under it. Empty handlers, not 'IGNORE', so that programs run by user
# code get the usual dispositions.
$SIG{$_} = sub { } for qw(INT TERM HUP ABRT USR1 USR2);

open($in, '<:raw', $ARGV[0]) or die "cannot open $ARGV[0]: $!\n";
if ($spin_seconds > 0) {
  fcntl($in, F_SETFL, fcntl($in, F_GETFL, 0) | O_NONBLOCK) or die "fcntl: $!\n";
  vec($rin, fileno($in), 1) = 1;
}
open($out, '>:raw', $ARGV[1]) or die "cannot open $ARGV[1]: $!\n";
@ARGV = ();    # as in SEC, whose options are all taken by then
send_frame('ready');

for (;;) {
  read_frame();
  send_frame(handle());
}
