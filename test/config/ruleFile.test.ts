import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readRuleEntries, type RawEntry } from '../../src/config/ruleFile.js';

type RuleEntry = Extract<RawEntry, { kind: 'rule' }>;

const rules = (text: string): RuleEntry[] => readRuleEntries(text).filter((e): e is RuleEntry => e.kind === 'rule');
const asObject = (e: RuleEntry): Record<string, string> => Object.fromEntries(e.fields);
const others = (text: string): RawEntry[] => readRuleEntries(text).filter((e) => e.kind !== 'rule');

test('a rule is a run of keyword=value lines, with its first line number', () => {
  const entries = readRuleEntries('type=Single\nptype=SubStr\npattern=x\ndesc=d\naction=none\n');
  assert.equal(entries.length, 1);
  const [e] = entries as RuleEntry[];
  assert.equal(e.kind, 'rule');
  assert.equal(e.line, 1);
  assert.deepEqual(asObject(e), { type: 'Single', ptype: 'SubStr', pattern: 'x', desc: 'd', action: 'none' });
  assert.deepEqual([...e.fields.keys()], ['type', 'ptype', 'pattern', 'desc', 'action']);
});

test('an empty file and a file of blank lines and comments give no entries', () => {
  assert.deepEqual(readRuleEntries(''), []);
  assert.deepEqual(readRuleEntries('\n\n   \n# only a comment\n\t\n'), []);
});

test('a blank line ends a rule and the next rule starts on the line after it', () => {
  const r = rules('type=A\ndesc=1\n\ntype=B\ndesc=2\n\n\n\ntype=C\n');
  assert.deepEqual(
    r.map((e) => [e.line, e.fields.get('type')]),
    [
      [1, 'A'],
      [4, 'B'],
      [9, 'C'],
    ],
  );
});

test('a whitespace-only line also ends a rule', () => {
  const r = rules('type=A\n \t \ntype=B\n');
  assert.deepEqual(
    r.map((e) => [e.line, e.fields.get('type')]),
    [
      [1, 'A'],
      [3, 'B'],
    ],
  );
});

test('a comment line ends a rule, even indented', () => {
  const r = rules('type=A\n# between\ntype=B\n   # indented comment\ntype=C\n');
  assert.deepEqual(
    r.map((e) => [e.line, e.fields.get('type')]),
    [
      [1, 'A'],
      [3, 'B'],
      [5, 'C'],
    ],
  );
});

test('a comment in the middle of a rule splits it into two rules', () => {
  const r = rules('type=Single\nptype=SubStr\npattern=x\n# comment\ndesc=d\naction=none\n');
  assert.equal(r.length, 2);
  assert.equal(r[0].line, 1);
  assert.deepEqual(asObject(r[0]), { type: 'Single', ptype: 'SubStr', pattern: 'x' });
  assert.equal(r[1].line, 5);
  assert.deepEqual(asObject(r[1]), { desc: 'd', action: 'none' });
});

test('a # inside a value is plain text', () => {
  const [r] = rules('type=Single\naction=write - a # b\npattern=#x\n');
  assert.equal(r.fields.get('action'), 'write - a # b');
  assert.equal(r.fields.get('pattern'), '#x');
});

test('lines are trimmed at both ends, including a CR (CRLF files work)', () => {
  const [r] = rules('  type=Single  \r\n\tptype=SubStr\t\r\npattern=  a b  \r\n');
  assert.deepEqual(asObject(r), { type: 'Single', ptype: 'SubStr', pattern: 'a b' });
});

test('a CRLF blank line ends a rule', () => {
  const r = rules('type=A\r\n\r\ntype=B\r\n');
  assert.deepEqual(
    r.map((e) => [e.line, e.fields.get('type')]),
    [
      [1, 'A'],
      [3, 'B'],
    ],
  );
});

test('whitespace around = and at the end of the value is removed, inside the value kept', () => {
  const [r] = rules('desc   =   several   words   here   \naction\t=\twrite -  x\n');
  assert.equal(r.fields.get('desc'), 'several   words   here');
  assert.equal(r.fields.get('action'), 'write -  x');
});

test('a no-break space (0xa0) is not whitespace, as with Perl on bytes', () => {
  const [r] = rules('desc=d\xa0\ncontinue=Next\xa0 \nrem=\xa0\naction=\xa0\n');
  assert.equal(r.fields.get('desc'), 'd\xa0');
  assert.equal(r.fields.get('continue'), 'Next\xa0');
  assert.equal(r.fields.get('action'), '\xa0');
  assert.deepEqual(others('desc=d\xa0\n'), []);
});

test('a vertical tab and a form feed are whitespace', () => {
  const [r] = rules('\fdesc=d\v\naction=x\f\n');
  assert.deepEqual(asObject(r), { desc: 'd', action: 'x' });
});

test('a line ending in a backslash continues on the next line, keeping its leading whitespace', () => {
  const [r] = rules('type=Single\naction=write - [lead] \\\n     cont   \\\n\tend\ndesc=d\n');
  assert.equal(r.fields.get('action'), 'write - [lead]      cont   \tend');
  assert.equal(r.fields.get('desc'), 'd');
  assert.equal(r.line, 1);
});

test('continuation works with CRLF line ends', () => {
  const [r] = rules('action=a \\\r\n  b\r\n');
  assert.equal(r.fields.get('action'), 'a   b');
});

test('the keyword itself may be split by a continuation', () => {
  const [r] = rules('ty\\\npe=Single\n');
  assert.deepEqual(asObject(r), { type: 'Single' });
});

test('a continued line followed by a blank line does not end the rule', () => {
  const r = rules('type=Single\ndesc=d\\\n\naction=none\n');
  assert.equal(r.length, 1);
  assert.deepEqual(asObject(r[0]), { type: 'Single', desc: 'd', action: 'none' });
});

test('a comment continued with a backslash swallows the next line', () => {
  const r = rules('type=A\n# comment \\\ntype=lost\ntype=B\n');
  assert.deepEqual(
    r.map((e) => [e.line, asObject(e)]),
    [
      [1, { type: 'A' }],
      [4, { type: 'B' }],
    ],
  );
});

test('a continuation on the last line of the file is dropped', () => {
  const r = rules('type=Single\ndesc=d\ncontinue=Next\\');
  assert.equal(r.length, 1);
  assert.deepEqual(asObject(r[0]), { type: 'Single', desc: 'd' });
});

test('the last line needs no newline', () => {
  const [r] = rules('type=Single\ndesc=last');
  assert.equal(r.fields.get('desc'), 'last');
});

test('rem lines are ignored anywhere, even between rules without ending them', () => {
  const r = rules('rem=first\ntype=A\nrem=inside\ndesc=1\nrem = spaced\n');
  assert.equal(r.length, 1);
  assert.deepEqual(asObject(r[0]), { type: 'A', desc: '1' });
  assert.deepEqual(others('rem=first\ntype=A\n'), []);
});

test('label lines give label entries in file order, before the rule they sit in', () => {
  const entries = readRuleEntries('label=top\ntype=A\n\ntype=B\nlabel=inside\ndesc=2\n\nlabel=end\n');
  assert.deepEqual(
    entries.map((e) => (e.kind === 'label' ? `label:${e.name}` : e.kind === 'rule' ? `rule@${e.line}` : e.kind)),
    ['label:top', 'rule@1', 'label:inside', 'rule@4', 'label:end'],
  );
  const [, b] = rules('type=A\n\ntype=B\nlabel=inside\ndesc=2\n');
  assert.equal(b.fields.has('label'), false);
});

test('label values are trimmed and keep inner whitespace', () => {
  const entries = readRuleEntries('label =  my label  \ntype=A\n');
  assert.deepEqual(entries[0], { kind: 'label', name: 'my label' });
});

test('a line that is not keyword=value is a format error with its line number and trimmed text', () => {
  const entries = readRuleEntries('type=Single\nptype=SubStr\n  this is junk  \ndesc=d\n');
  assert.deepEqual(entries, [
    { kind: 'formatError', line: 3, text: 'this is junk' },
    {
      kind: 'rule',
      line: 1,
      fields: new Map([
        ['type', 'Single'],
        ['ptype', 'SubStr'],
        ['desc', 'd'],
      ]),
    },
  ]);
});

test('a format error does not end the rule', () => {
  const r = rules('type=A\njunk\ndesc=1\n');
  assert.equal(r.length, 1);
  assert.deepEqual(asObject(r[0]), { type: 'A', desc: '1' });
});

test('an empty value is a format error', () => {
  assert.deepEqual(others('type=Single\npattern=\n'), [{ kind: 'formatError', line: 2, text: 'pattern=' }]);
  assert.deepEqual(others('pattern=   \n'), [{ kind: 'formatError', line: 1, text: 'pattern=' }]);
});

test('a keyword with a non-alphanumeric character is a format error', () => {
  assert.deepEqual(others('my-key=1\nmy_key=2\n=3\nkey 2=4\n'), [
    { kind: 'formatError', line: 1, text: 'my-key=1' },
    { kind: 'formatError', line: 2, text: 'my_key=2' },
    { kind: 'formatError', line: 3, text: '=3' },
    { kind: 'formatError', line: 4, text: 'key 2=4' },
  ]);
});

test('a non-ASCII letter in a keyword is a format error', () => {
  assert.deepEqual(others('d\xe9sc=1\n'), [{ kind: 'formatError', line: 1, text: 'd\xe9sc=1' }]);
});

test('a format error on a continued line reports the last physical line and the joined text', () => {
  assert.deepEqual(others('type=A\nbad \\\n  line\n'), [{ kind: 'formatError', line: 3, text: 'bad   line' }]);
});

test('keywords keep their case (Type is not type)', () => {
  const [r] = rules('Type=Single\nTYPE=x\n');
  assert.deepEqual(asObject(r), { Type: 'Single', TYPE: 'x' });
  assert.equal(r.fields.has('type'), false);
});

test('a keyword may have digits; the value may contain = signs', () => {
  const [r] = rules('pattern2=a=b\naction2 = x = y\n');
  assert.deepEqual(asObject(r), { pattern2: 'a=b', action2: 'x = y' });
});

test('a repeated keyword gives a duplicate entry and the last value wins', () => {
  const entries = readRuleEntries('type=Single\naction=write - a\naction=write - b\naction=write - c\n');
  assert.deepEqual(
    entries.filter((e) => e.kind === 'duplicate'),
    [
      { kind: 'duplicate', keyword: 'action', previous: 'write - a', value: 'write - b' },
      { kind: 'duplicate', keyword: 'action', previous: 'write - b', value: 'write - c' },
    ],
  );
  assert.equal(rules('type=Single\naction=write - a\naction=write - b\n')[0].fields.get('action'), 'write - b');
});

test('the same keyword in two different rules is not a duplicate', () => {
  assert.deepEqual(others('type=A\n\ntype=B\n'), []);
});

test('repeated rem and label lines are not duplicates', () => {
  const entries = readRuleEntries('type=A\nrem=1\nrem=2\nlabel=x\nlabel=y\n');
  assert.deepEqual(
    entries.map((e) => e.kind),
    ['label', 'label', 'rule'],
  );
});
