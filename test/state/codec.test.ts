// The state's JSON text: compiled functions (lcall, jscall, Perl and
// JavaScript context operands) are saved as their code and compiled again;
// everything else comes back as it was.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActions } from '../../src/actions/parse.js';
import { callJs, type JsFunction } from '../../src/javascript/runtime.js';
import { type PerlFunction, sharedPerl } from '../../src/perl/interpreter.js';
import { decodeState, encodeState } from '../../src/state/codec.js';

test('functions compiled from rule-file code are saved as their code and work again when read', () => {
  const list = parseActions("lcall %p -> ( sub { 'perl' . $_[0] } ); jscall %j -> ((x) => 'js' + x)", { ruleFile: 'rules.conf', ruleIndex: 0 });
  const text = encodeState({ actions: list });
  assert.match(text, /"\$code":"perl","source":"sub \{ 'perl' \. \$_\[0\] \}"/);
  const back = decodeState(text) as { actions: [{ func: PerlFunction }, { func: JsFunction }] };
  const perl = sharedPerl().callList(back.actions[0].func, ['1'], false);
  assert.deepEqual(perl, { ok: true, values: ['perl1'] });
  assert.deepEqual(callJs(back.actions[1].func, ['2']), { ok: true, value: 'js2' });
});

test('plain data that looks a little like saved code stays data', () => {
  const state = { variables: { perlCode: 'x', source: 'y' }, other: { $code: 'perl' }, list: [{ $code: 'sh', source: 'z' }] };
  assert.deepEqual(decodeState(encodeState(state)), state);
});

test('saved code that no longer compiles makes the state unreadable', () => {
  assert.throws(() => decodeState('{"f": {"$code": "js", "source": "not a function"}}'), /does not compile/);
});
