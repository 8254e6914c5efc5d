// The bytes of the Perl bridge protocol (perl/bridge.pl describes them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AnswerReader, RequestWriter } from '../../src/perl/codec.js';

const u32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const str = (s: string): Buffer => Buffer.concat([Buffer.from('s'), u32(s.length), Buffer.from(s, 'latin1')]);

test('a request: its length, the operation, then tagged values (strings as latin1 bytes)', () => {
  const frame = new RequestWriter()
    .begin('l')
    .u32(7)
    .value('h\xe9')
    .value(undefined)
    .value({ array: ['a', undefined] })
    .value({ entries: { k: 'v', n: undefined } })
    .frame();
  const body = Buffer.concat([
    Buffer.from('l'),
    u32(7),
    str('h\xe9'),
    Buffer.from('u'),
    Buffer.concat([Buffer.from('a'), u32(2), str('a'), Buffer.from('u')]),
    Buffer.concat([Buffer.from('h'), u32(2), u32(1), Buffer.from('k'), str('v'), u32(1), Buffer.from('n'), Buffer.from('u')]),
  ]);
  assert.deepEqual(frame, Buffer.concat([u32(body.length), body]));
});

test('the writer grows for a large value and starts afresh with each request', () => {
  const w = new RequestWriter();
  const big = 'x'.repeat(100_000);
  const first = w.begin('c').value(big).frame();
  assert.equal(first.length, 4 + 1 + 5 + big.length);
  assert.equal(first.toString('latin1', 10), big);
  const second = w.begin('v').value('1').frame();
  assert.deepEqual(second, Buffer.concat([u32(7), Buffer.from('v'), str('1')]));
});

test('an answer: its operation, a list with undef members, a hash', () => {
  const list = new AnswerReader(Buffer.concat([Buffer.from('R'), u32(3), str('a\xff'), Buffer.from('u'), str('')]));
  assert.equal(list.op, 'R');
  assert.deepEqual(list.list(), ['a\xff', undefined, '']);
  assert.ok(list.done);
  const hash = new AnswerReader(Buffer.concat([Buffer.from('H'), u32(2), u32(1), Buffer.from('x'), str('1'), u32(1), Buffer.from('y'), Buffer.from('u')]));
  assert.equal(hash.op, 'H');
  assert.deepEqual(hash.hash(), { x: '1', y: undefined });
});
