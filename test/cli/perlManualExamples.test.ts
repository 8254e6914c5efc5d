import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { realSecMissing, runSec, type Sec } from '../support/besideSec.js';
import { fileText, scratchDir } from '../support/process.js';

// The uses of Perl that SEC's manual shows (PerlFunc patterns, the ->, :>
// and = context operands, eval, call and lcall, egpattern, Perl variables
// shared between rules, a module of one's own), each as a small rule set of
// ours run end to end. What sec writes must be what we worked out from the
// manual, and, where the real SEC is installed, what SEC writes.

interface Example {
  /** Rule files by name, loaded in this order. */
  rules: Record<string, string>;
  /** Lines on standard input. */
  input?: string[];
  /** Files written in the scratch folder first (inputs, Perl modules). */
  files?: Record<string, string>;
  /** Inputs other than standard input. */
  inputs?: string[];
  options?: string[];
  /** Standard output, line by line. */
  expected: string[];
}

function runExample(sec: Sec, e: Example): { stdout: string; log: string } {
  const dir = scratchDir('sec-perl-manual-');
  try {
    for (const [name, text] of Object.entries({ ...e.files, ...e.rules })) fs.writeFileSync(path.join(dir, name), text, 'latin1');
    const inputs = e.inputs ?? ['-'];
    const args = [...Object.keys(e.rules).map((f) => `--conf=${f}`), ...inputs.map((i) => `--input=${i}`), '--notail', ...(e.options ?? [])];
    const run = runSec(sec, args, dir, e.input ? `${e.input.join('\n')}\n` : '');
    assert.equal(run.status, 0, `${sec}'s exit status\n${run.log}`);
    return run;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function example(name: string, e: Example): void {
  test(name, async (t) => {
    const ours = runExample('ours', e);
    assert.deepEqual(ours.stdout.split('\n').slice(0, -1), e.expected, `our output\n${ours.log}`);
    await t.test('SEC 2.9.1 writes the same', { skip: realSecMissing }, () => {
      const sec = runExample('SEC', e);
      assert.equal(ours.stdout, sec.stdout, `SEC's log:\n${sec.log}\nour log:\n${ours.log}`);
    });
  });
}

// --- PerlFunc patterns ------------------------------------------------------

example('a PerlFunc2 pattern compares the last two lines; what it returns is $1, both lines are $0', {
  rules: {
    'differ.sec': `# matches when a line differs from the one before it
type=Single
ptype=PerlFunc2
pattern=sub { return $_[0] cmp $_[1] }
desc=lines differ
action=write - [$1] [$0] from $+{_inputsrc}
`,
  },
  input: ['red', 'red', 'blue', 'green'],
  // the buffer starts with an empty line, which sorts before 'red'
  expected: ['[-1] [', 'red] from -', '[1] [red', 'blue] from -', '[-1] [blue', 'green] from -'],
});

example('a PerlFunc pattern that returns several values sets $1, $2, $3 for any line', {
  rules: {
    'constant.sec': `type=Single
ptype=PerlFunc
pattern=sub { return ('one', 'two', 'three') }
desc=constant
action=write - $1-$2-$3 for $0
`,
  },
  input: ['first', 'second'],
  expected: ['one-two-three for first', 'one-two-three for second'],
});

example('a PerlFunc pattern sees the input file name, undefined for synthetic events; a variable map and the cache keep its result', {
  rules: {
    'source.sec': `# lines with "abc" or "def" from a file (not made up by an event action)
type=Single
ptype=PerlFunc
pattern=sub { return defined($_[1]) && $_[0] =~ /abc|def/ ? $_[1] : 0 }
varmap=from_a_file; file=1
continue=TakeNext
desc=found in a file
action=write - $1 [$+{file}] [$+{_inputsrc}]

type=Single
ptype=Cached
pattern=from_a_file
desc=cached
action=write - cache has $+{file} for $0

type=Single
ptype=SubStr
pattern=make one up
desc=synthetic
action=event made-up abc event
`,
  },
  files: { 'events.log': 'xyz abc\nnothing\nmake one up\nlast def\n' },
  inputs: ['events.log'],
  expected: [
    'events.log [events.log] [events.log]',
    'cache has events.log for xyz abc',
    'events.log [events.log] [events.log]',
    'cache has events.log for last def',
  ],
});

example('a PerlFunc pattern returning a hash reference creates named match variables', {
  rules: {
    'hash.sec': `type=Single
ptype=PerlFunc
pattern=sub { return 0 unless $_[0] =~ /seven|eight/; \\
  my %named = (seven => 7, eight => 8); return \\%named; }
desc=named
action=write - $+{seven} and $+{eight} from $0
`,
  },
  input: ['six', 'eight'],
  expected: ['7 and 8 from eight'],
});

example('an NPerlFunc pattern matches when the function returns false', {
  rules: {
    'negated.sec': `type=Single
ptype=NPerlFunc
pattern=sub { $_[0] =~ /^#/ }
desc=not a comment
action=write - kept: $0
`,
  },
  input: ['# note', 'value=1'],
  expected: ['kept: value=1'],
});

// --- context operands ---------------------------------------------------------

const ssh = (user: string, port: number, how = 'Failed', invalid = false): string =>
  `Jan 10 08:00:00 gate sshd[4242]: ${how} password for ${invalid ? 'invalid user ' : ''}${user} from 192.0.2.9 port ${port} ssh2`;

example('-> passes match variables to a precompiled function: only logins from privileged ports', {
  rules: {
    'privport.sec': `type=Single
ptype=RegExp
pattern=sshd\\[\\d+\\]: Failed .+ for (\\S+) from [\\d.]+ port (\\d+) ssh2
context=$2 -> ( sub { $_[0] < 1024 } )
desc=privileged port
action=write - $1 failed from privileged port $2
`,
  },
  input: [ssh('carol', 50022), ssh('carol', 1021)],
  expected: ['carol failed from privileged port 1021'],
});

example('-> with no parameters calls the function with none', {
  rules: {
    'noparams.sec': `type=Single
ptype=SubStr
pattern=check
context= -> ( sub { return scalar(@_) == 0 && ! -e "no-such-file" } )
desc=no parameters
action=write - no parameters, no file
`,
  },
  input: ['check'],
  expected: ['no parameters, no file'],
});

const sshParser = `# parse every sshd login line into the cache entry SSH
type=Single
ptype=RegExp
pattern=sshd\\[\\d+\\]: (?<status>Accepted|Failed) .+ for (?<invuser>invalid user )?(?<user>\\S+) from (?<ip>[\\d.]+) port (?<port>\\d+) ssh2
varmap=SSH
continue=TakeNext
desc=parse
action=none
`;

example(':> hands the cached variables to the function: probes of unknown users from privileged ports', {
  rules: {
    'probe.sec': `${sshParser}
type=Single
ptype=Cached
pattern=SSH
context=SSH :> ( sub { my $v = $_[0]; \\
  $v->{status} eq 'Failed' && $v->{port} < 1024 && defined($v->{invuser}) } )
desc=probe
action=write - probe of $+{user} from $+{ip}:$+{port}
`,
  },
  input: [ssh('dave', 1000), ssh('ghost', 40000, 'Failed', true), ssh('ghost', 999, 'Failed', true), ssh('erin', 22, 'Accepted')],
  expected: ['probe of ghost from 192.0.2.9:999'],
});

example('varset, then :> on the same entry', {
  rules: {
    'varset.sec': `${sshParser}
type=Single
ptype=SubStr
pattern=sshd
context=varset SSH && SSH :> ( sub { $_[0]->{user} eq 'frank' } )
desc=frank
action=write - frank seen
`,
  },
  input: [ssh('frank', 2000, 'Accepted'), ssh('grace', 2000), 'sshd: a line the parser does not know'],
  expected: ['frank seen'],
});

example('= runs a miniprogram each time, only when the rest of the expression has not decided', {
  rules: {
    'mini.sec': `type=Single
ptype=RegExp
pattern=^login to (\\S+)
context=!(BUSY || LOCKED) && =("$1" eq "web1.example")
desc=web1
action=write - login to web1

type=Single
ptype=SubStr
pattern=lock
desc=lock
action=create LOCKED
`,
  },
  input: ['login to web1.example', 'login to db1.example', 'lock', 'login to web1.example'],
  expected: ['login to web1'],
});

// --- actions ------------------------------------------------------------------------

example('eval keeps its old value when the code fails; eval of a sub gives a code reference call can run', {
  rules: {
    'eval.sec': `type=Single
ptype=RegExp
pattern=^divide (\\d+) by (\\d+)
desc=divide
action=assign %q cannot divide; eval %q ( $1 / $2 ); write - $1/$2: %q

type=Single
ptype=RegExp
pattern=^add (\\d+) (\\d+)
desc=add
action=eval %adder ( sub { return $_[0] + $_[1] } ); call %total %adder $1 $2; write - total %total
`,
  },
  input: ['divide 12 by 4', 'divide 5 by 0', 'add 2 3', 'add 40 2'],
  expected: ['12/4: 3', '5/0: cannot divide', 'total 5', 'total 42'],
});

example('lcall runs a function compiled at load: with ->, values; with :>, cache entries it may change', {
  rules: {
    'lcall.sec': `type=Single
ptype=RegExp
pattern=^word (\\S+)
desc=length
action=lcall %n $1 -> ( sub { return length($_[0]) } ); write - $1 has %n letters

${sshParser}
type=Single
ptype=Cached
pattern=SSH
continue=TakeNext
desc=flag
action=lcall %o SSH :> ( sub { $_[0]->{flagged} = 'yes' } )

type=Single
ptype=Cached
pattern=SSH
desc=flagged
action=write - $+{user} flagged: $+{flagged}
`,
  },
  input: ['word perl', 'word correlator', ssh('heidi', 3000)],
  expected: ['perl has 4 letters', 'correlator has 10 letters', 'heidi flagged: yes'],
});

// --- PERL INTEGRATION ---------------------------------------------------------------

const firewall = (fields: string): string => `Mar  1 12:00:00 fw kernel: iptables: IN=eth0 OUT= ${fields}`;

example('a Jump rule parses firewall fields into a hash; rules of another file read it through the cache and :>', {
  rules: {
    'main.rules': `# every NAME=value field (or a lone NAME flag) becomes a match variable
type=Jump
ptype=PerlFunc
pattern=sub { my ($line, %field) = ($_[0]); \\
  return 0 unless $line =~ /kernel: iptables:/g; \\
  while ($line =~ /\\G\\s*([A-Z]+)(?:=(\\S*))?/g) { $field{$1} = defined($2) ? $2 : 1 } \\
  return \\%field; }
varmap=FW
desc=firewall event
cfset=firewall
`,
    'firewall.rules': `type=Options
procallin=no
joincfset=firewall

type=SingleWithThreshold
ptype=Cached
pattern=FW
context=FW :> ( sub { $_[0]->{PROTO} eq 'ICMP' } )
desc=ICMP type $+{TYPE} code $+{CODE} from $+{SRC}
action=write - flood: %s
window=10
thresh=3

type=SingleWithThreshold
ptype=Cached
pattern=FW
context=FW :> ( sub { exists($_[0]->{SYN}) && exists($_[0]->{FIN}) } )
desc=SYN and FIN from $+{SRC} to port $+{DPT}
action=write - odd flags: %s
window=10
thresh=2
`,
  },
  input: [
    firewall('SRC=198.51.100.7 DST=10.1.8.2 LEN=84 PROTO=ICMP TYPE=8 CODE=0 ID=1'),
    firewall('SRC=198.51.100.7 DST=10.1.8.2 LEN=52 DF PROTO=TCP SPT=5000 DPT=23 SYN FIN URGP=0'),
    firewall('SRC=198.51.100.7 DST=10.1.8.2 LEN=84 PROTO=ICMP TYPE=8 CODE=0 ID=2'),
    firewall('SRC=198.51.100.7 DST=10.1.8.2 LEN=52 DF PROTO=TCP SPT=5001 DPT=23 SYN FIN URGP=0'),
    firewall('SRC=198.51.100.7 DST=10.1.8.2 LEN=84 PROTO=ICMP TYPE=8 CODE=0 ID=3'),
    'a line for no rule file',
  ],
  expected: ['odd flags: SYN and FIN from 198.51.100.7 to port 23', 'flood: ICMP type 8 code 0 from 198.51.100.7'],
});

example('an egpattern function gets the event group tokens: failures from three different hosts', {
  rules: {
    'hosts.sec': `type=EventGroup
ptype=RegExp
pattern=sshd\\[\\d+\\]: Failed .+ for (\\S+) from ([\\d.]+) port \\d+ ssh2
egtoken=$2
egptype=PerlFunc
egpattern=sub { my %distinct = map { ($_ => 1) } @{$_[1]}; return keys(%distinct) >= 3 }
desc=user $1 failed from three hosts
action=write - %s
window=60
thresh=3
`,
  },
  input: [
    'Feb  2 09:00:00 gate sshd[1]: Failed password for ivan from 10.9.0.1 port 40001 ssh2',
    'Feb  2 09:00:01 gate sshd[2]: Failed password for ivan from 10.9.0.2 port 40002 ssh2',
    'Feb  2 09:00:02 gate sshd[3]: Failed password for ivan from 10.9.0.1 port 40003 ssh2',
    'Feb  2 09:00:03 gate sshd[4]: Failed password for ivan from 10.9.0.3 port 40004 ssh2',
    'Feb  2 09:00:04 gate sshd[5]: Failed password for judy from 10.9.0.1 port 40005 ssh2',
    'Feb  2 09:00:05 gate sshd[6]: Failed password for judy from 10.9.0.2 port 40006 ssh2',
    'Feb  2 09:00:06 gate sshd[7]: Failed password for judy from 10.9.0.2 port 40007 ssh2',
    'Feb  2 09:00:07 gate sshd[8]: Failed password for judy from 10.9.0.1 port 40008 ssh2',
  ],
  // judy failed four times, but from two hosts only
  expected: ['user ivan failed from three hosts'],
});

example('a Perl variable set by eval is seen by a later = operand (counting without contexts)', {
  rules: {
    'count.sec': `type=Single
ptype=SubStr
pattern=start counting
desc=start
action=eval %a ($seen = 1)

type=Single
ptype=SubStr
pattern=tick
context= =(++$seen > 3)
desc=enough
action=eval %n ($seen); write - tick number %n
`,
  },
  input: ['start counting', 'tick', 'tick', 'tick', 'tick'],
  expected: ['tick number 4', 'tick number 5'],
});

example('a module of our own, loaded at startup with require, used by a PerlFunc pattern', {
  rules: {
    'module.sec': `type=Single
ptype=SubStr
pattern=SEC_STARTUP
context=SEC_INTERNAL_EVENT
desc=load the module
action=eval %ok (require './DiskWatch.pm'); if %ok ( none ) else ( eval %o exit(1) )

type=Single
ptype=PerlFunc
pattern=sub { return DiskWatch::full($_[0]) }
desc=$1 is $2% full
action=write - %s
`,
  },
  files: {
    'DiskWatch.pm': `package DiskWatch;
# the mount point and its use when a disk is 90% full or more
sub full {
  my ($mount, $used) = $_[0] =~ m{^df: (\\S+) (\\d+)%$} or return 0;
  return $used >= 90 ? ($mount, $used) : 0;
}
1;
`,
  },
  options: ['--intevents'],
  input: ['df: /var 95%', 'df: /home 40%', 'df: / 90%'],
  expected: ['/var is 95% full', '/ is 90% full'],
});

// SEC's manual saves and restores contexts by reaching into SEC's own hash
// %main::context_list. Our engine does not keep its state in Perl: the code
// runs, and SEC's hashes are there but empty.
test('Perl code that reads SEC internal hashes runs and finds them empty', () => {
  const dir = scratchDir('sec-perl-manual-');
  try {
    fs.writeFileSync(
      path.join(dir, 'keep.sec'),
      `type=Single
ptype=SubStr
pattern=SEC_STARTUP
context=SEC_INTERNAL_EVENT
continue=TakeNext
desc=load Storable
action=eval %ok (require Storable); if %ok ( create MY_FIRST ) else ( eval %o exit(1) )

type=Single
ptype=SubStr
pattern=save
desc=save
action=lcall %n -> ( sub { my %mine = map { ($_ => $main::context_list{$_}) } \\
    grep { /^MY_/ } keys %main::context_list; \\
  Storable::store(\\%mine, 'contexts.bin'); return scalar(keys %mine) } ); \\
  write - saved %n contexts

type=Single
ptype=SubStr
pattern=restore
desc=restore
action=lcall %n -> ( sub { my $back = Storable::retrieve('contexts.bin'); return scalar(keys %$back) } ); \\
  write - restored %n contexts
`,
    );
    const run = runSec('ours', ['--conf=keep.sec', '--input=-', '--notail', '--intevents'], dir, 'save\nrestore\n');
    assert.equal(run.status, 0, run.log);
    assert.equal(run.stdout, 'saved 0 contexts\nrestored 0 contexts\n', run.log);
    assert.ok(fileText(path.join(dir, 'contexts.bin')).length > 0, 'Storable wrote its file');
    assert.match(run.log, /Creating context 'MY_FIRST'/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
