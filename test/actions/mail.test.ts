import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActions } from '../../src/actions/parse.js';
import { ActionParseError } from '../../src/actions/syntax.js';

// mail (extension): how it is written.

const origin = { ruleFile: 'r.conf', ruleIndex: 0 };

test('mail: recipients split on commas, subject (in parentheses when it has spaces), body the rest', () => {
  assert.deepEqual(parseActions('mail root@localhost,$2@example.org (SSH attack from $1) $3 failed logins: %s', origin), [
    { kind: 'mail', to: ['root@localhost', '$2@example.org'], subject: 'SSH attack from $1', body: '$3 failed logins: %s' },
  ]);
  assert.deepEqual(parseActions('MAIL %admin alert', origin), [{ kind: 'mail', to: ['%admin'], subject: 'alert', body: '%s' }]);
  assert.deepEqual(parseActions('mail ops@example.org alert (a; b); write - done', origin)[0], {
    kind: 'mail',
    to: ['ops@example.org'],
    subject: 'alert',
    body: 'a; b',
  });
});

test('a recipient without variables is checked when the rule loads; subject and recipients are required', () => {
  assert.throws(
    () => parseActions('mail root@localhost,,ops@example.org alert', origin),
    (e: Error) => e instanceof ActionParseError && /recipient '' is not a mail address/.test(e.message),
  );
  assert.throws(() => parseActions('mail (Root <root@localhost>) alert', origin), ActionParseError);
  assert.throws(() => parseActions('mail root@localhost', origin), ActionParseError);
  assert.equal(parseActions('mail $1 alert', origin)[0].kind, 'mail');
});
