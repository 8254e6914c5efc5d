// The Perl interpreter on a real perl: compile, the call kinds and their
// results, state between calls, and the ways perl can fail (die, exit, an
// endless loop, a kill from outside, no perl at all). Calls block the main
// thread, so a test timeout cannot interrupt a hung call; the keeper thread's
// deadline is what keeps these tests from hanging, and the guard below ends
// the process if even that fails.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { Logger } from '../../src/log/logger.js';
import { type PerlFunction, PerlInterpreter, type PerlKept } from '../../src/perl/interpreter.js';
import type { PerlHash } from '../../src/perl/codec.js';
import { VirtualClock } from '../../src/time/clock.js';

const guard = new Worker("setTimeout(() => { console.error('perl tests hung'); process.kill(process.pid, 'SIGKILL'); }, 120000);", { eval: true });
guard.unref();
after(() => guard.terminate());

const T = { timeout: 20_000 };

interface Perl {
  perl: PerlInterpreter;
  logs: string[];
  exits: number[];
}

function withPerl(body: (p: Perl) => void, options: { timeoutMs?: number; perl?: string } = {}): void {
  const logs: string[] = [];
  const exits: number[] = [];
  const log = new Logger(new VirtualClock(0), 6, false, (m) => logs.push(m));
  const perl = new PerlInterpreter({ timeoutMs: options.timeoutMs ?? 10_000, log, onExit: (s) => exits.push(s), perl: options.perl });
  try {
    body({ perl, logs, exits });
  } finally {
    perl.close();
  }
}

function compiled(perl: PerlInterpreter, code: string): PerlFunction {
  const f = perl.compile(code);
  if ('error' in f) assert.fail(`${code}: ${f.error}`);
  return f;
}

function values(r: ReturnType<PerlInterpreter['callKept']>): (string | undefined)[] {
  assert.ok(!('notCode' in r), 'a code reference');
  assert.ok(r.ok, `call failed: ${r.ok ? '' : r.error}`);
  assert.ok('values' in r && r.values, 'a list result');
  return r.values;
}

function kept(r: ReturnType<PerlInterpreter['evaluate']>): PerlKept {
  assert.ok(r.ok && 'kept' in r, 'a kept reference');
  return r.kept;
}

const pidOf = (perl: PerlInterpreter): number => {
  const r = perl.evaluate('$$', false);
  assert.ok(r.ok && 'values' in r);
  return Number(r.values[0]);
};

test('compile gives a function, or the error text, or what the code gave instead of a code reference', T, () => {
  withPerl(({ perl }) => {
    assert.equal(typeof compiled(perl, 'sub { 1 }').perlId, 'number');
    const bad = perl.compile('sub { 1 ');
    assert.ok('error' in bad && /Missing right curly/.test(bad.error), JSON.stringify(bad));
    assert.deepEqual(perl.compile('"str"'), { error: 'str' });
    assert.deepEqual(perl.compile('undef'), { error: 'undef' });
  });
});

test('callList: the values, an empty list, undef members, a hash reference', T, () => {
  withPerl(({ perl }) => {
    assert.deepEqual(values(perl.callList(compiled(perl, 'sub { (uc $_[0], $_[1] . "!") }'), ['ab', 'cd'])), ['AB', 'cd!']);
    assert.deepEqual(values(perl.callList(compiled(perl, 'sub { () }'), [])), []);
    assert.deepEqual(values(perl.callList(compiled(perl, 'sub { (undef, 1, undef) }'), [])), [undefined, '1', undefined]);
    // numbers and references as Perl prints them
    const [half, array] = values(perl.callList(compiled(perl, 'sub { (3 / 2, [1]) }'), []));
    assert.equal(half, '1.5');
    assert.match(array ?? '', /^ARRAY\(0x[0-9a-f]+\)$/);
    assert.deepEqual(perl.callList(compiled(perl, 'sub { { user => $_[0], none => undef } }'), ['bob']), {
      ok: true,
      hash: { user: 'bob', none: undefined },
    });
  });
});

test('die fails the call with the error text; the next call works', T, () => {
  withPerl(({ perl }) => {
    const f = compiled(perl, 'sub { die "no such user $_[0]\\n" if $_[0] ne "root"; 1 }');
    assert.deepEqual(perl.callList(f, ['bob']), { ok: false, error: 'no such user bob\n' });
    assert.deepEqual(perl.callScalar(f, ['bob']), { ok: false, error: 'no such user bob\n' });
    assert.deepEqual(values(perl.callList(f, ['root'])), ['1']);
  });
});

test('callScalar keeps the truth of the scalar-context value', T, () => {
  withPerl(({ perl }) => {
    const f = compiled(perl, 'sub { $_[0] }');
    for (const [arg, truth] of [
      ['1', true],
      ['0', false],
      ['', false],
      ['0.0', true],
      [undefined, false],
    ] as const) {
      assert.deepEqual(perl.callScalar(f, [arg]), { ok: true, truth }, String(arg));
    }
    // scalar context: a list's last element, an array's count
    assert.deepEqual(perl.callScalar(compiled(perl, 'sub { my @a = (0, 0); @a }'), []), { ok: true, truth: true });
  });
});

test('an array reference argument arrives as an array reference', T, () => {
  withPerl(({ perl }) => {
    const f = compiled(perl, 'sub { my ($a) = @_; (ref($a), scalar(@$a), map { defined ? $_ : "U" } @$a) }');
    assert.deepEqual(values(perl.callList(f, [{ array: ['x', undefined, 'z'] }])), ['ARRAY', '3', 'x', 'U', 'z']);
  });
});

test('a hash argument gets back what the code left in it', T, () => {
  withPerl(({ perl }) => {
    const f = compiled(perl, 'sub { my ($h) = grep { ref } @_; $h->{count}++; $h->{new} = "n"; delete $h->{gone}; $h->{undef} = undef; 1 }');
    const vars: PerlHash = { entries: { count: '4', gone: 'x' } };
    assert.deepEqual(values(perl.callList(f, ['line', vars])), ['1']);
    assert.deepEqual(vars.entries, { count: '5', new: 'n', undef: undefined });
    assert.deepEqual(perl.callScalar(f, [vars]), { ok: true, truth: true });
    assert.equal(vars.entries.count, '6');
    // also when the code dies after changing it
    const dies = compiled(perl, 'sub { $_[0]{seen} = 1; die "late\\n" }');
    assert.deepEqual(perl.callList(dies, [vars]), { ok: false, error: 'late\n' });
    assert.equal((vars as PerlHash).entries.seen, '1');
  });
});

test('evaluate in list and scalar context; a kept code reference is called by callKept', T, () => {
  withPerl(({ perl }) => {
    assert.deepEqual(perl.evaluate('(1, 2, 3)', true), { ok: true, values: ['1', '2', '3'] });
    assert.deepEqual(perl.evaluate('my @a = (5, 6, 7); @a', false), { ok: true, values: ['3'] });
    const bad = perl.evaluate('1 +', true);
    assert.ok(!bad.ok && /syntax error/.test(bad.error), JSON.stringify(bad));
    const ref = kept(perl.evaluate('sub { join ",", @_ }', false, 'o'));
    assert.match(ref.text, /^CODE\(0x[0-9a-f]+\)$/);
    assert.deepEqual(values(perl.callKept(ref, ['a', 'b'])), ['a,b']);
    assert.ok(perl.callKept(kept(perl.evaluate('[1, 2]', false, 'o')), []), 'kept');
    assert.deepEqual(perl.callKept({ ...ref, slot: 'o' }, []), { notCode: true }, 'slot o now holds an array reference');
    assert.deepEqual(perl.callKept({ ...ref, slot: 'never' }, []), { notCode: true });
  });
});

test('state lasts between calls: globals of main::SEC and closures', T, () => {
  withPerl(({ perl }) => {
    perl.evaluate('$counter = 10; %seen = ()', false);
    const count = compiled(perl, 'sub { $seen{$_[0]}++; ++$counter }');
    assert.deepEqual(values(perl.callList(count, ['a'])), ['11']);
    assert.deepEqual(values(perl.callList(count, ['a'])), ['12']);
    assert.deepEqual(perl.evaluate('$main::SEC::seen{a}', false), { ok: true, values: ['2'] });
    const closure = kept(perl.evaluate('my $n = 0; sub { $n += $_[0] }', false, 'acc'));
    perl.callKept(closure, ['5']);
    assert.deepEqual(values(perl.callKept(closure, ['2'])), ['7']);
  });
});

test('exit(3) in user code calls onExit(3)', T, () => {
  withPerl(({ perl, exits }) => {
    perl.evaluate('exit(3)', false);
    assert.deepEqual(exits, [3]);
  });
});

test('an endless loop fails at the deadline; perl restarts with its functions compiled again and its globals gone', T, () => {
  withPerl(
    ({ perl, logs }) => {
      perl.evaluate('$kept = "before"', false);
      const upper = compiled(perl, 'sub { uc $_[0] }');
      const loop = compiled(perl, 'sub { 1 while 1 }');
      const generation = perl.generation;
      const started = Date.now();
      assert.deepEqual(perl.callList(loop, []), { ok: false, error: 'Perl code did not return within 0.3 seconds' });
      assert.ok(Date.now() - started < 5000, 'failed near the deadline');
      assert.ok(
        logs.some((m) => /did not return within 0\.3 seconds, restarting/.test(m)),
        logs.join('\n'),
      );
      assert.notEqual(perl.generation, generation);
      assert.deepEqual(values(perl.callList(upper, ['after'])), ['AFTER']);
      assert.deepEqual(perl.evaluate('defined $kept ? 1 : 0', false), { ok: true, values: ['0'] });
    },
    { timeoutMs: 300 },
  );
});

test('a code reference kept before a restart is no longer callable', T, () => {
  withPerl(
    ({ perl }) => {
      const ref = kept(perl.evaluate('sub { 1 }', false, 'o'));
      perl.evaluate('1 while 1', false);
      assert.deepEqual(perl.callKept(ref, []), { notCode: true });
    },
    { timeoutMs: 300 },
  );
});

test('perl killed from outside: the next call fails with the reason, the one after works', T, () => {
  withPerl(({ perl, logs }) => {
    const f = compiled(perl, 'sub { "ok" }');
    process.kill(pidOf(perl), 'SIGKILL');
    assert.deepEqual(perl.callList(f, []), { ok: false, error: 'the Perl interpreter was killed by signal 9' });
    assert.ok(
      logs.some((m) => m.startsWith('the Perl interpreter was killed by signal 9, restarting it')),
      logs.join('\n'),
    );
    assert.deepEqual(values(perl.callList(f, [])), ['ok']);
  });
});

test('a stopped perl that cannot take a large request is killed at the deadline; the writer is not left blocked', T, () => {
  withPerl(
    ({ perl }) => {
      const f = compiled(perl, 'sub { length $_[0] }');
      process.kill(pidOf(perl), 'SIGSTOP');
      assert.deepEqual(perl.callList(f, ['x'.repeat(1 << 20)]), { ok: false, error: 'Perl code did not return within 0.3 seconds' });
      assert.deepEqual(values(perl.callList(f, ['x'.repeat(1 << 20)])), [String(1 << 20)]);
    },
    { timeoutMs: 300 },
  );
});

test('a 1 MB argument and a 1 MB result make the round trip', T, () => {
  withPerl(({ perl }) => {
    const big = Array.from({ length: 1 << 20 }, (_, i) => String.fromCharCode(i % 256)).join('');
    const f = compiled(perl, 'sub { (scalar reverse($_[0]), length $_[0]) }');
    const [reversed, length] = values(perl.callList(f, [big]));
    assert.equal(length, String(1 << 20));
    assert.equal(reversed, [...big].reverse().join(''));
    assert.deepEqual(values(perl.callList(compiled(perl, 'sub { "y" x (1 << 20) }'), [])), ['y'.repeat(1 << 20)]);
  });
});

test('wide characters in a result come back as their UTF-8 bytes, as print writes them', T, () => {
  withPerl(({ perl }) => {
    assert.deepEqual(values(perl.callList(compiled(perl, 'sub { ("\\x{263a}", "\\x{e9}", substr("\\x{263a}\\x{e9}", 1)) }'), [])), [
      '\xe2\x98\xba',
      '\xe9',
      '\xe9',
    ]);
    assert.deepEqual(perl.callList(compiled(perl, 'sub { { "k\\x{263a}" => "\\x{263a}" } }'), []), {
      ok: true,
      hash: { 'k\xe2\x98\xba': '\xe2\x98\xba' },
    });
  });
});

test('no perl: compile says perl cannot start, at once and on every later use', T, () => {
  withPerl(
    ({ perl }) => {
      const first = perl.compile('sub { 1 }');
      assert.deepEqual(first, { error: 'cannot start perl: /nonexistent/perl: No such file or directory' });
      assert.deepEqual(perl.evaluate('1', false), { ok: false, error: 'cannot start perl: /nonexistent/perl: No such file or directory' });
    },
    { perl: '/nonexistent/perl' },
  );
});

test('an answer perl finished just before it exited is not lost, however large', T, () => {
  // a 300 KB exit status: perl exits while the answer is still being read
  for (let i = 0; i < 20; i++) {
    withPerl(({ perl, exits }) => {
      assert.deepEqual(perl.evaluate('exit("3" . (" " x 300000))', false), { ok: false, error: 'Perl code called exit(3)' });
      assert.deepEqual(exits, [3]);
    });
  }
});

/** Run a script that uses the shared interpreter in its own node process. */
function runScript(body: string): Promise<{ stdout: string; code: number | null; ms: number }> {
  const url = new URL('../../src/perl/interpreter.js', import.meta.url).href;
  const script = `import { sharedPerl, closeSharedPerl } from '${url}';\n${body}`;
  const started = Date.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 15_000 }, (err, stdout) => {
      if (err?.killed) reject(new Error('the script did not end'));
      else resolve({ stdout, code: err ? (err.code as number) : 0, ms: Date.now() - started });
    });
  });
}

test('closing lets perl flush what user code printed before it returns; the process then ends at once', T, async () => {
  const r = await runScript(`
    sharedPerl().evaluate('print "printed by perl\\\\n"; 1', false);
    closeSharedPerl();
    process.stdout.write('after close\\n');`);
  assert.equal(r.stdout, 'printed by perl\nafter close\n');
  assert.equal(r.code, 0);
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
});

test('a process that never closes the shared interpreter still ends at once', T, async () => {
  const r = await runScript(`
    const f = sharedPerl().compile('sub { 1 }');
    sharedPerl().callList(f, []);
    process.stdout.write('done\\n');`);
  assert.equal(r.stdout, 'done\n');
  assert.ok(r.ms < 10_000, `${r.ms} ms`);
});

test('used again after close, perl starts again and the functions compiled before still work', T, () => {
  withPerl(({ perl }) => {
    const first = compiled(perl, 'sub { "first" }');
    const second = compiled(perl, 'sub { "second" }');
    const ref = kept(perl.evaluate('sub { "kept" }', false, 'o'));
    perl.close();
    const third = compiled(perl, 'sub { "third" }');
    assert.deepEqual(values(perl.callList(first, [])), ['first']);
    assert.deepEqual(values(perl.callList(second, [])), ['second']);
    assert.deepEqual(values(perl.callList(third, [])), ['third']);
    perl.evaluate('sub { "new" }', false, 'o');
    assert.deepEqual(perl.callKept(ref, []), { notCode: true }, 'a reference of the closed perl');
  });
});

test('a perl that never gets ready is killed at the deadline: perl cannot start, without a hang', T, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sec-perl-test-'));
  const stuck = path.join(dir, 'perl');
  fs.writeFileSync(stuck, '#!/bin/sh\nexec sleep 100\n', { mode: 0o755 });
  try {
    withPerl(
      ({ perl }) => {
        assert.deepEqual(perl.compile('sub { 1 }'), { error: 'cannot start perl: it was not ready within 0.3 seconds' });
      },
      { perl: stuck, timeoutMs: 300 },
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("SEC's signals sent to perl too (a process group's Ctrl-C or stop) leave it running", T, () => {
  withPerl(({ perl, logs }) => {
    const f = compiled(perl, 'sub { "alive" }');
    const pid = pidOf(perl);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGABRT'] as const) process.kill(pid, signal);
    assert.deepEqual(values(perl.callList(f, [])), ['alive']);
    assert.equal(pidOf(perl), pid);
    assert.deepEqual(logs, []);
  });
});

test('no room for the named pipes: perl cannot start, and says why', T, () => {
  const tmpdir = process.env.TMPDIR;
  process.env.TMPDIR = '/nonexistent';
  try {
    withPerl(({ perl }) => {
      const r = perl.compile('sub { 1 }');
      assert.ok('error' in r && r.error.startsWith('cannot start perl: '), JSON.stringify(r));
    });
  } finally {
    if (tmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmpdir;
  }
});
