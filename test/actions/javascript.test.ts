import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActions } from '../../src/actions/parse.js';
import { ActionParseError } from '../../src/actions/syntax.js';
import type { Action } from '../../src/actions/types.js';
import { harness } from '../support/harness.js';

const one = (text: string): Action => {
  const list = parseActions(text, { ruleFile: 'rules.conf', ruleIndex: 0 });
  assert.equal(list.length, 1);
  return list[0];
};

/** A Single rule for lines starting with `go`; $1 is the rest of the line. */
const single = (action: string, extra = ''): string => `type=Single
ptype=RegExp
pattern=^go ?(.*)$
desc=$0
${extra}action=${action}
`;

test('jscall parses like lcall: the variable, the parameters, -> or :>, the function compiled at load', () => {
  const a = one('jscall %o a  b -> ((x, y) => x + y)');
  assert.ok(a.kind === 'jscall');
  assert.deepEqual({ ...a, func: a.func.code }, { kind: 'jscall', variable: 'o', params: ['a', 'b'], func: '(x, y) => x + y', withCache: false });
  const b = one('jscall %o :> ( (e) => e )');
  assert.ok(b.kind === 'jscall');
  assert.deepEqual({ ...b, func: b.func.code }, { kind: 'jscall', variable: 'o', params: [], func: '(e) => e', withCache: true });
  assert.throws(() => one('jscall o -> (() => 1)'), /^Error: Variable o does not have the form/);
  assert.throws(
    () => one('jscall %o -> (() => {)'),
    (e: unknown) =>
      e instanceof ActionParseError && /^Invalid function '\(\) => \{', it did not evaluate to a JavaScript function: Unexpected token/.test(e.message),
  );
  assert.throws(() => one('jscall %o'), /^Error: Invalid action 'jscall %o'$/);
});

test('jscall: an array is stored joined with newlines (null and undefined as empty lines), another value as its string', () => {
  const h = harness(
    single(
      'jscall %a -> (() => ["x", null, 3, undefined, "y"]); jscall %b -> (() => 42); jscall %c -> (() => ({})); jscall %d -> (() => false); write - %a|%b|%c|%d',
    ),
  );
  h.feed('go');
  assert.equal(h.output(), 'x\n\n3\n\ny|42|[object Object]|false\n');
});

test('jscall: undefined, null or an empty array leaves the variable undefined', () => {
  const h = harness(
    single('assign %a A; assign %b B; assign %c C; jscall %a -> (() => {}); jscall %b -> (() => null); jscall %c -> (() => []); write - [%a%b%c]'),
  );
  h.feed('go');
  assert.deepEqual(h.lines(), ['[]']);
  assert.ok(h.logs.some((l) => l.endsWith("No value received for variable '%a', set to undef")));
});

test('jscall: a throw keeps the old value and is logged with the code', () => {
  const h = harness(single('assign %o old; jscall %o -> (() => { throw new Error("no luck"); }); write - %o'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['old']);
  assert.ok(
    h.logs.some((l) => l.endsWith(`Code '() => { throw new Error("no luck"); }' runtime error: no luck`)),
    h.logs.join('\n'),
  );
});

test('jscall: a value whose toString throws counts as a throw', () => {
  const h = harness(single('assign %o old; jscall %o -> (() => [{ toString() { throw new Error("not text"); } }]); write - %o'));
  h.feed('go');
  assert.deepEqual(h.lines(), ['old']);
  assert.ok(
    h.logs.some((l) => l.endsWith('runtime error: not text')),
    h.logs.join('\n'),
  );
});

test('jscall: parameters are split before match variables are put in, then action-list variables are put in', () => {
  const h = harness(single('assign %v hello; jscall %o $1 x %v -> ((...a) => a.length + ":" + a.join("|")); write - %o'));
  h.feed('go a b');
  assert.deepEqual(h.lines(), ['3:a b|x|hello']);
});

test('jscall with :> gets the named cache entries as objects (undefined when missing) and their changes are kept', () => {
  const h = harness(
    single(
      'jscall %o SEEN NONE :> ((e, none) => { e.user = e.user.toUpperCase(); e.added = 1; return none === undefined; }); jscall %p SEEN :> ((e) => [e.user, e.added]); write - %o %p $+{user}',
      'varmap=SEEN; user=1\n',
    ),
  );
  h.feed('go bob');
  assert.deepEqual(h.lines(), ['true BOB', '1 bob']);
});

test('functions compiled by jscall share globals with JsFunc patterns', () => {
  const h = harness(`${single('jscall %o $1 -> ((w) => { globalThis.watched = w; })')}
type=Single
ptype=JsFunc
pattern=(line) => globalThis.watched !== undefined && line.includes(globalThis.watched) ? [globalThis.watched] : null
desc=watch
action=write - seen $1
`);
  h.feed('quiet', 'go needle', 'a needle here', 'nothing');
  assert.deepEqual(h.lines(), ['seen needle']);
});
