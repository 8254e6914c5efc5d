#!/usr/bin/env node
// Benchmark: the cost of one call to the Perl interpreter. A PerlFunc-like
// function is called in list context on a 100-byte line, N times. Prints
// the wall time per call and the CPU time per call of each side (node and
// perl), which a busy machine disturbs less. Run after a build:
//
//   node bench/perl-roundtrip.mjs [--calls N]
import fs from 'node:fs';
import { PerlInterpreter } from '../dist/src/perl/interpreter.js';

const i = process.argv.indexOf('--calls');
const CALLS = i >= 0 ? Number(process.argv[i + 1]) : 200_000;
const line = `${'x'.repeat(40)} user=alice from=10.1.2.3 port=22 ${'y'.repeat(100)}`.slice(0, 100);

const perl = new PerlInterpreter({ timeoutMs: 30_000, log: null, onExit: () => undefined });
const f = perl.compile('sub { $_[0] =~ /user=(\\S+) from=(\\S+)/ }');
if ('error' in f) throw new Error(f.error);
const pid = perl.evaluate('$$', false).values[0];
/** CPU milliseconds perl has used (utime + stime, in clock ticks of 10 ms). */
const perlCpuMs = () => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
for (let n = 0; n < 2000; n++) perl.callList(f, [line]); // warm up
const perlBefore = perlCpuMs();
const cpuBefore = process.cpuUsage();
const start = process.hrtime.bigint();
for (let n = 0; n < CALLS; n++) {
  const r = perl.callList(f, [line]);
  if (!r.ok) throw new Error(r.error);
}
const wallUs = Number(process.hrtime.bigint() - start) / 1000 / CALLS;
const cpu = process.cpuUsage(cpuBefore);
const nodeUs = (cpu.user + cpu.system) / CALLS;
const perlUs = ((perlCpuMs() - perlBefore) * 1000) / CALLS;
console.log(
  `${CALLS} list-context calls on a 100-byte line, per call: ${wallUs.toFixed(2)} µs wall, CPU ${nodeUs.toFixed(2)} µs node + ${perlUs.toFixed(2)} µs perl`,
);
perl.close();
