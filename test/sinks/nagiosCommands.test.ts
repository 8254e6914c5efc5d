import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostResultLine, MAX_COMMAND_BYTES, parseStateCode, serviceResultLine } from '../../src/sinks/nagiosCommands.js';

const EPOCH = 1_800_000_000;

function line(result: Parameters<typeof serviceResultLine>[0]): string {
  const made = serviceResultLine(result, EPOCH);
  assert.ok(made.ok, made.ok ? '' : made.error);
  return made.value.text;
}

test('state codes: numbers or names in any case; services 0..3, hosts 0..2', () => {
  const cases: [Parameters<typeof parseStateCode>[0], string | number, number][] = [
    ['service', 0, 0],
    ['service', '3', 3],
    ['service', 'critical', 2],
    ['service', 'Warning', 1],
    ['service', ' UNKNOWN ', 3],
    ['host', 'up', 0],
    ['host', 'DOWN', 1],
    ['host', '2', 2],
    ['host', 'Unreachable', 2],
  ];
  for (const [kind, given, code] of cases) assert.deepEqual(parseStateCode(kind, given), { ok: true, value: code }, `${kind} ${given}`);
  for (const [kind, given] of [
    ['service', '4'],
    ['service', 'UP'],
    ['service', ''],
    ['service', '-1'],
    ['service', '02'],
    ['host', '3'],
    ['host', 'CRITICAL'],
    ['host', 'toString'],
  ] as const) {
    const parsed = parseStateCode(kind, given);
    assert.equal(parsed.ok, false, `${kind} ${given}`);
  }
  assert.deepEqual(parseStateCode('service', 'CRIT'), { ok: false, error: 'invalid service state "CRIT" (0..3 or OK, WARNING, CRITICAL, UNKNOWN)' });
  assert.deepEqual(parseStateCode('host', 'OK'), { ok: false, error: 'invalid host state "OK" (0..2 or UP, DOWN, UNREACHABLE)' });
});

test('a service result: one line with the epoch given, the code as a number, perfdata after a |', () => {
  assert.equal(
    line({ host: 'web1', service: 'SSH logins', code: 'CRITICAL', output: '3 failures', perfdata: 'failures=3;2;5' }),
    `[${EPOCH}] PROCESS_SERVICE_CHECK_RESULT;web1;SSH logins;2;3 failures|failures=3;2;5\n`,
  );
  assert.equal(line({ host: 'web1', service: 'SSH logins', code: 0, output: '' }), `[${EPOCH}] PROCESS_SERVICE_CHECK_RESULT;web1;SSH logins;0;\n`);
});

test('a host result', () => {
  const made = hostResultLine({ host: 'web1', code: 'down', output: 'gone', perfdata: 'rta=0' }, EPOCH);
  assert.deepEqual(made, { ok: true, value: { text: `[${EPOCH}] PROCESS_HOST_CHECK_RESULT;web1;1;gone|rta=0\n`, truncated: false } });
  assert.deepEqual(hostResultLine({ host: 'web1', code: 'WARNING', output: '' }, EPOCH), {
    ok: false,
    error: 'invalid host state "WARNING" (0..2 or UP, DOWN, UNREACHABLE)',
  });
});

test("output: line breaks become Nagios's \\n escape, \\ doubled, | turned into /, other control characters a space, ; kept", () => {
  assert.equal(
    line({ host: 'h', service: 's', code: 2, output: 'a\nb\r\nc\rd \\n e|f; g\x00h\ti\x1bj' }),
    `[${EPOCH}] PROCESS_SERVICE_CHECK_RESULT;h;s;2;a\\nb\\nc\\nd \\\\n e/f; g h\ti j\n`,
  );
});

test('perfdata: line breaks, control characters and | become spaces', () => {
  assert.equal(
    line({ host: 'h', service: 's', code: 0, output: 'x', perfdata: 'a=1\nb=2|c=3\r' }),
    `[${EPOCH}] PROCESS_SERVICE_CHECK_RESULT;h;s;0;x|a=1 b=2 c=3 \n`,
  );
});

test('host and service names with ; or a control character are refused, as is an empty one', () => {
  for (const [host, service] of [
    ['web;1', 's'],
    ['web1', 'SSH;logins'],
    ['web1\n[0] SHUTDOWN_PROGRAM', 's'],
    ['web1', 'SSH\rlogins'],
    ['', 's'],
    ['web1', ''],
  ]) {
    const made = serviceResultLine({ host, service, code: 2, output: 'x' }, EPOCH);
    assert.equal(made.ok, false, JSON.stringify([host, service]));
  }
  assert.deepEqual(serviceResultLine({ host: 'web1\n', service: 's', code: 2, output: '' }, EPOCH), {
    ok: false,
    error: `host name "web1\\n" contains ';' or a control character, which no Nagios object name can`,
  });
  assert.equal(hostResultLine({ host: 'a;b', code: 0, output: '' }, EPOCH).ok, false);
});

test('an output too long for one atomic write is cut, never inside an escape; a line too long without it is refused', () => {
  const head = `[${EPOCH}] PROCESS_SERVICE_CHECK_RESULT;h;s;2;`;
  const long = serviceResultLine({ host: 'h', service: 's', code: 2, output: 'x'.repeat(5000) }, EPOCH);
  assert.ok(long.ok);
  assert.equal(long.value.truncated, true);
  assert.equal(long.value.text.length, MAX_COMMAND_BYTES);
  assert.equal(long.value.text, `${head}${'x'.repeat(MAX_COMMAND_BYTES - head.length - 1)}\n`);

  // the cut falls between the two characters of an escaped backslash: both go
  const room = MAX_COMMAND_BYTES - head.length - 1;
  const escaped = serviceResultLine({ host: 'h', service: 's', code: 2, output: `${'x'.repeat(room - 1)}\\tail` }, EPOCH);
  assert.ok(escaped.ok);
  assert.equal(escaped.value.text, `${head}${'x'.repeat(room - 1)}\n`);

  const fits = serviceResultLine({ host: 'h', service: 's', code: 2, output: 'x'.repeat(room) }, EPOCH);
  assert.ok(fits.ok);
  assert.equal(fits.value.truncated, false);

  assert.equal(serviceResultLine({ host: 'h', service: 's', code: 2, output: 'x', perfdata: 'p'.repeat(MAX_COMMAND_BYTES) }, EPOCH).ok, false);
});
