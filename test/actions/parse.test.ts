import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseActionList, parseActions } from '../../src/actions/parse.js';
import { ActionParseError, maskParens, stripParens } from '../../src/actions/syntax.js';
import type { Action } from '../../src/actions/types.js';

const origin = { ruleFile: 'rules.conf', ruleIndex: 3 };
const parse = (text: string): Action[] => parseActions(text, origin);
const one = (text: string): Action => {
  const list = parse(text);
  assert.equal(list.length, 1, `expected one action from ${JSON.stringify(text)}`);
  return list[0];
};
const fails = (text: string, message: string | RegExp): void => {
  assert.throws(
    () => parse(text),
    (e: unknown) => {
      assert.ok(e instanceof ActionParseError, `not an ActionParseError: ${String(e)}`);
      if (typeof message === 'string') assert.equal(e.message, message);
      else assert.match(e.message, message);
      return true;
    },
  );
};
const VARFORM = (v: string): string => `Variable ${v} does not have the form %<letter>[<letter>|<digit>|<underscore>]...`;

// ---- splitting ---------------------------------------------------------

test('the list is split on ; with whitespace around each action trimmed', () => {
  assert.deepEqual(parse('  write - a  ;   write - b  '), [
    { kind: 'write', file: '-', text: 'a' },
    { kind: 'write', file: '-', text: 'b' },
  ]);
  assert.deepEqual(
    parse('none;none;none').map((a) => a.kind),
    ['none', 'none', 'none'],
  );
});

test('whitespace inside the text is kept, trailing whitespace is dropped', () => {
  assert.deepEqual(one('write -    x   y   '), { kind: 'write', file: '-', text: 'x   y' });
});

test('a trailing ; adds no action, an empty middle action is invalid', () => {
  assert.deepEqual(parse('write - a;'), [{ kind: 'write', file: '-', text: 'a' }]);
  assert.deepEqual(parse('write - a ; ; '), [{ kind: 'write', file: '-', text: 'a' }]);
  fails('write - a;; write - b', "Invalid action ''");
  fails('; write - a', "Invalid action ''");
});

test('\\; is not an escape: the list is split there', () => {
  fails('write - semi\\;colon', "Invalid action 'colon'");
});

test('parentheses protect semicolons', () => {
  assert.deepEqual(parse('write - (a; b); write - c'), [
    { kind: 'write', file: '-', text: 'a; b' },
    { kind: 'write', file: '-', text: 'c' },
  ]);
  assert.deepEqual(one('write - x (a; (b; c)) y'), { kind: 'write', file: '-', text: 'x (a; (b; c)) y' });
});

test('outer parentheses and the whitespace inside them are removed', () => {
  assert.equal((one('write - (  p; q  )') as { text: string }).text, 'p; q');
  assert.equal((one('write - ((n))') as { text: string }).text, '(n)');
  assert.equal((one('write - f(x)') as { text: string }).text, 'f(x)');
  assert.equal((one('write (-) x') as { file: string }).file, '-');
});

test('the (a) and (b) quirk: the first ( and the last ) are taken as outer parentheses', () => {
  assert.equal((one('write - (a) and (b)') as { text: string }).text, 'a) and (b');
  assert.equal((one('write - (a) (b)') as { text: string }).text, 'a) (b');
});

test('\\( and \\) are unescaped and do not count as parentheses', () => {
  assert.equal((one('write - \\(q') as { text: string }).text, '(q');
  assert.equal((one('write - a\\)') as { text: string }).text, 'a)');
  // escaped parentheses do not protect a semicolon
  assert.deepEqual(parse('write - \\(a; write - b\\)'), [
    { kind: 'write', file: '-', text: '(a' },
    { kind: 'write', file: '-', text: 'b)' },
  ]);
});

test('\\n, \\t and \\\\ are not escapes in action text', () => {
  assert.equal((one('write - a\\nb\\tc\\\\d') as { text: string }).text, 'a\\nb\\tc\\\\d');
});

test('unbalanced parentheses make the list invalid', () => {
  fails('write - (x', "Unbalanced parentheses found in action list 'write - (x'");
  fails('  write - x) ', "Unbalanced parentheses found in action list 'write - x)'");
  fails('write - )(', "Unbalanced parentheses found in action list 'write - )('");
  fails('create C 5 (write - (x)', /^Unbalanced parentheses found in action list/);
});

test('maskParens masks each top-level group and keeps escaped parentheses', () => {
  assert.deepEqual(maskParens('a (b; (c)) d (e)'), { masked: 'a \0 d \0', parts: ['b; (c)', 'e'] });
  assert.deepEqual(maskParens('x \\(y'), { masked: 'x \\(y', parts: [] });
  assert.equal(maskParens('(a'), null);
  assert.equal(maskParens('a)'), null);
});

test('stripParens removes one outer pair and unescapes', () => {
  assert.equal(stripParens('  ( a b )  '), 'a b');
  assert.equal(stripParens('((a))'), '(a)');
  assert.equal(stripParens('\\(a\\)'), '(a)');
  assert.equal(stripParens('()'), '');
  assert.equal(stripParens('a'), 'a');
});

// ---- nested lists --------------------------------------------------------

test('create takes a nested action list in parentheses', () => {
  assert.deepEqual(one('create C 10 (write - a; write - (b; c))'), {
    kind: 'create',
    context: 'C',
    lifetime: '10',
    actions: [
      { kind: 'write', file: '-', text: 'a' },
      { kind: 'write', file: '-', text: 'b; c' },
    ],
  });
});

test('nested lists keep their escapes until their own actions are parsed', () => {
  assert.deepEqual(one('create C 10 (write - \\(x)'), {
    kind: 'create',
    context: 'C',
    lifetime: '10',
    actions: [{ kind: 'write', file: '-', text: '(x' }],
  });
});

test('create defaults: no name means %s, no lifetime means 0, no list means none', () => {
  assert.deepEqual(one('create'), { kind: 'create', context: '%s', lifetime: '0', actions: [] });
  assert.deepEqual(one('create X'), { kind: 'create', context: 'X', lifetime: '0', actions: [] });
  assert.deepEqual(one('create (X) (5)'), { kind: 'create', context: 'X', lifetime: '5', actions: [] });
  assert.deepEqual(one('CREATE X 5 ()'), { kind: 'create', context: 'X', lifetime: '5', actions: [] });
});

test('create without a lifetime before the list is rejected (the list is read as lifetime)', () => {
  fails('create N (write - N expired)', "Unbalanced parentheses found in action list '- N expired)'");
});

test('if/else with nested lists, including lists inside lists', () => {
  assert.deepEqual(one('if %x (write - a; write - b) else (create C 5 (if %y (write - y)))'), {
    kind: 'if',
    variable: 'x',
    then: [
      { kind: 'write', file: '-', text: 'a' },
      { kind: 'write', file: '-', text: 'b' },
    ],
    else: [
      {
        kind: 'create',
        context: 'C',
        lifetime: '5',
        actions: [{ kind: 'if', variable: 'y', then: [{ kind: 'write', file: '-', text: 'y' }], else: [] }],
      },
    ],
  });
  assert.deepEqual(one('if %x ( ) else (none)'), { kind: 'if', variable: 'x', then: [], else: [{ kind: 'none' }] });
  assert.deepEqual(one('IF %x (none)'), { kind: 'if', variable: 'x', then: [{ kind: 'none' }], else: [] });
});

test('while with a nested list, break and continue', () => {
  assert.deepEqual(one('while %n (pop C %n; if %n (continue) else (break))'), {
    kind: 'while',
    variable: 'n',
    body: [
      { kind: 'pop', context: 'C', variable: 'n' },
      { kind: 'if', variable: 'n', then: [{ kind: 'continue' }], else: [{ kind: 'break' }] },
    ],
  });
});

test('if and while errors', () => {
  fails('if %x ()', 'empty action lists given for if-else');
  fails('if %x ( ) else (  )', 'empty action lists given for if-else');
  fails('while %x ( )', 'empty action list given for while');
  fails('if x (none)', VARFORM('x'));
  fails('while %1 (none)', VARFORM('%1'));
  fails('if %x write - a', "Invalid action 'if %x write - a'");
  fails('if %x (none) else', "Invalid action 'if %x (none) else'");
  fails('while %x (none) (none)', "Invalid action 'while %x (none) (none)'");
  fails('if %x (print - a)', "Invalid action 'print - a'");
});

// ---- every action ----------------------------------------------------------

test('none, break, continue (any case)', () => {
  assert.deepEqual(parse('none; BREAK; Continue'), [{ kind: 'none' }, { kind: 'break' }, { kind: 'continue' }]);
  fails('none x', "Invalid action 'none x'");
});

test('logonly', () => {
  assert.deepEqual(one('logonly'), { kind: 'logonly', text: '%s' });
  assert.deepEqual(one('logonly some text'), { kind: 'logonly', text: 'some text' });
});

test('write, writen, owritecl, udgram, ustream: file and text, text defaults to %s', () => {
  assert.deepEqual(one('write -'), { kind: 'write', file: '-', text: '%s' });
  assert.deepEqual(one('writen /tmp/f a b'), { kind: 'writen', file: '/tmp/f', text: 'a b' });
  assert.deepEqual(one('owritecl out.txt x'), { kind: 'owritecl', file: 'out.txt', text: 'x' });
  assert.deepEqual(one('udgram /s x'), { kind: 'udgram', file: '/s', text: 'x' });
  assert.deepEqual(one('ustream /s'), { kind: 'ustream', file: '/s', text: '%s' });
  assert.deepEqual(one('WRITE - x'), { kind: 'write', file: '-', text: 'x' });
  fails('write', "Invalid action 'write'");
  fails('write () x', 'Empty filename given for write action');
});

test('closef, closeudgr, closeustr, dropinput', () => {
  assert.deepEqual(one('closef out.txt'), { kind: 'closef', file: 'out.txt' });
  assert.deepEqual(one('closeudgr /s'), { kind: 'closeudgr', file: '/s' });
  assert.deepEqual(one('closeustr /s'), { kind: 'closeustr', file: '/s' });
  assert.deepEqual(one('dropinput /var/log/x'), { kind: 'dropinput', file: '/var/log/x' });
  fails('closef a b', "Invalid action 'closef a b'");
  fails('closef ()', 'Empty filename given for closef action');
});

test('udpsock, tcpsock, closeudp, closetcp', () => {
  assert.deepEqual(one('udpsock host:514 msg'), { kind: 'udpsock', peer: 'host:514', text: 'msg' });
  assert.deepEqual(one('tcpsock host:1'), { kind: 'tcpsock', peer: 'host:1', text: '%s' });
  assert.deepEqual(one('closeudp host:514'), { kind: 'closeudp', peer: 'host:514' });
  assert.deepEqual(one('closetcp host:1'), { kind: 'closetcp', peer: 'host:1' });
  fails('tcpsock () x', 'Empty peername given for tcpsock action');
});

test('shellcmd, spawn keep the command line; cmdexec, spawnexec split it', () => {
  assert.deepEqual(one('shellcmd /bin/echo a  b'), { kind: 'shellcmd', command: '/bin/echo a  b' });
  assert.deepEqual(one('spawn (echo x; echo y)'), { kind: 'spawn', command: 'echo x; echo y' });
  assert.deepEqual(one('cmdexec /bin/echo  a   b'), { kind: 'cmdexec', argv: ['/bin/echo', 'a', 'b'] });
  assert.deepEqual(one('spawnexec /bin/true'), { kind: 'spawnexec', argv: ['/bin/true'] });
  fails('shellcmd', "Invalid action 'shellcmd'");
  fails('shellcmd ()', 'Empty commandline given for shellcmd action');
});

test('cspawn, cspawnexec', () => {
  assert.deepEqual(one('cspawn CTX /bin/echo a'), { kind: 'cspawn', context: 'CTX', command: '/bin/echo a' });
  assert.deepEqual(one('cspawnexec CTX /bin/echo a'), { kind: 'cspawnexec', context: 'CTX', argv: ['/bin/echo', 'a'] });
  fails('cspawn () x', 'Empty context name given for cspawn action');
  fails('cspawn C ()', 'Empty commandline given for cspawn action');
});

test('pipe, pipeexec', () => {
  assert.deepEqual(one("pipe 'text here' /bin/cat -n"), { kind: 'pipe', text: 'text here', command: '/bin/cat -n' });
  assert.deepEqual(one("pipe ''"), { kind: 'pipe', text: '%s', command: '' });
  assert.deepEqual(one("pipeexec 'x' /bin/cat  -n"), { kind: 'pipeexec', text: 'x', argv: ['/bin/cat', '-n'] });
  assert.deepEqual(one("pipeexec 'x'"), { kind: 'pipeexec', text: 'x', argv: [] });
  fails('pipe x /bin/cat', "Invalid action 'pipe x /bin/cat'");
});

test('set: context, lifetime and optional expiry list', () => {
  assert.deepEqual(one('set C 10'), { kind: 'set', context: 'C', lifetime: '10', actions: [] });
  assert.deepEqual(one('set C - (write - x)'), { kind: 'set', context: 'C', lifetime: '-', actions: [{ kind: 'write', file: '-', text: 'x' }] });
  fails('set C', "Invalid action 'set C'");
  fails('set () 5', 'Empty context name given for set action');
  fails('set C ()', 'Empty lifetime given for set action');
});

test('delete, obsolete, unalias default to %s', () => {
  assert.deepEqual(parse('delete; obsolete; unalias'), [
    { kind: 'delete', context: '%s' },
    { kind: 'obsolete', context: '%s' },
    { kind: 'unalias', context: '%s' },
  ]);
  assert.deepEqual(parse('delete A; obsolete (B); unalias C'), [
    { kind: 'delete', context: 'A' },
    { kind: 'obsolete', context: 'B' },
    { kind: 'unalias', context: 'C' },
  ]);
  fails('delete A B', "Invalid action 'delete A B'");
});

test('alias: the alias name defaults to %s', () => {
  assert.deepEqual(one('alias C'), { kind: 'alias', context: 'C', alias: '%s' });
  assert.deepEqual(one('alias C C2'), { kind: 'alias', context: 'C', alias: 'C2' });
  fails('alias', "Invalid action 'alias'");
  fails('alias () X', 'Empty context name given for alias action');
});

test('add, prepend, fill: text defaults to %s', () => {
  assert.deepEqual(one('add C'), { kind: 'add', context: 'C', text: '%s' });
  assert.deepEqual(one('prepend C a b'), { kind: 'prepend', context: 'C', text: 'a b' });
  assert.deepEqual(one('fill C (x; y)'), { kind: 'fill', context: 'C', text: 'x; y' });
  fails('add', "Invalid action 'add'");
  fails('fill () x', 'Empty context name given for fill action');
});

test('report and reportexec', () => {
  assert.deepEqual(one('report C'), { kind: 'report', context: 'C', command: '' });
  assert.deepEqual(one('report C /bin/cat -n'), { kind: 'report', context: 'C', command: '/bin/cat -n' });
  assert.deepEqual(one('reportexec C /bin/cat  -n'), { kind: 'reportexec', context: 'C', argv: ['/bin/cat', '-n'] });
  fails('report () x', 'Empty context name given for report action');
});

test('copy, pop, shift, empty', () => {
  assert.deepEqual(one('copy C %v'), { kind: 'copy', context: 'C', variable: 'v' });
  assert.deepEqual(one('pop C %v_1'), { kind: 'pop', context: 'C', variable: 'v_1' });
  assert.deepEqual(one('shift C %V2'), { kind: 'shift', context: 'C', variable: 'V2' });
  assert.deepEqual(one('empty C'), { kind: 'empty', context: 'C', variable: null });
  assert.deepEqual(one('empty C %all'), { kind: 'empty', context: 'C', variable: 'all' });
  fails('copy C v', VARFORM('v'));
  fails('pop C %_v', VARFORM('%_v'));
  fails('shift C %.nl', VARFORM('%.nl'));
  fails('empty C 1', VARFORM('1'));
  fails('copy C', "Invalid action 'copy C'");
  fails('copy () %v', 'Empty context name given for copy action');
});

test('trim <time> <name> [%var] (SEC 2.9.4), checked like SEC 2.9.4 checks it', () => {
  assert.deepEqual(one('trim -10 C'), { kind: 'trim', time: '-10', context: 'C', variable: null });
  assert.deepEqual(one('trim +15 C %data'), { kind: 'trim', time: '+15', context: 'C', variable: 'data' });
  assert.deepEqual(one('TRIM (%pos) ($1) %v'), { kind: 'trim', time: '%pos', context: '$1', variable: 'v' });
  fails('trim', "Invalid action 'trim'");
  fails('trim 5', "Invalid action 'trim 5'");
  fails('trim 5 C %v extra', "Invalid action 'trim 5 C %v extra'");
  fails('trim () C', 'Empty timestamp given for trim action');
  fails('trim 5 ()', 'Empty context name given for trim action');
  fails('trim 5 C v', VARFORM('v'));
  fails('trim 5 C (%v)', VARFORM('(%v)'));
});

test('exists, getsize, getaliases, getltime, getctime take the variable first', () => {
  for (const kw of ['exists', 'getsize', 'getaliases', 'getltime', 'getctime']) {
    assert.deepEqual(one(`${kw} %r CTX`), { kind: kw, variable: 'r', context: 'CTX' });
    fails(`${kw} CTX %r`, VARFORM('CTX'));
    fails(`${kw} %r ()`, `Empty context name given for ${kw} action`);
  }
});

test('setltime and setctime', () => {
  assert.deepEqual(one('setltime C'), { kind: 'setltime', context: 'C', lifetime: '0' });
  assert.deepEqual(one('setltime C 30'), { kind: 'setltime', context: 'C', lifetime: '30' });
  assert.deepEqual(one('setctime 1000 C'), { kind: 'setctime', time: '1000', context: 'C' });
  fails('setctime 1000', "Invalid action 'setctime 1000'");
  fails('setctime () C', 'Empty timestamp given for setctime action');
});

test('event: optional delay, text defaults to %s, a number glued to text is text', () => {
  assert.deepEqual(one('event'), { kind: 'event', delaySeconds: 0, text: '%s' });
  assert.deepEqual(one('event X'), { kind: 'event', delaySeconds: 0, text: 'X' });
  assert.deepEqual(one('event 2 X Y'), { kind: 'event', delaySeconds: 2, text: 'X Y' });
  assert.deepEqual(one('event 007 X'), { kind: 'event', delaySeconds: 7, text: 'X' });
  assert.deepEqual(one('event 5'), { kind: 'event', delaySeconds: 5, text: '%s' });
  assert.deepEqual(one('event 5abc'), { kind: 'event', delaySeconds: 0, text: '5abc' });
  assert.deepEqual(one('event 1 is not text'), { kind: 'event', delaySeconds: 1, text: 'is not text' });
});

test('tevent and cevent', () => {
  assert.deepEqual(one('tevent 3 X'), { kind: 'tevent', delay: '3', text: 'X' });
  assert.deepEqual(one('tevent %d'), { kind: 'tevent', delay: '%d', text: '%s' });
  assert.deepEqual(one('cevent CTX 0 hello there'), { kind: 'cevent', context: 'CTX', delay: '0', text: 'hello there' });
  assert.deepEqual(one('cevent CTX 4'), { kind: 'cevent', context: 'CTX', delay: '4', text: '%s' });
  fails('tevent', "Invalid action 'tevent'");
  fails('cevent CTX', "Invalid action 'cevent CTX'");
  fails('tevent () X', 'Empty time offset given for tevent action');
  fails('cevent () 1 X', 'Empty context name given for cevent action');
});

test('reset: rule numbers +N, -N, N (1-based), 0 (this rule), none (all rules)', () => {
  // origin.ruleIndex is 3 (the fourth rule)
  assert.deepEqual(one('reset'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: null, desc: '%s' });
  assert.deepEqual(one('reset +2 D'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 5, desc: 'D' });
  assert.deepEqual(one('reset -1 D'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 2, desc: 'D' });
  assert.deepEqual(one('reset 1 D'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 0, desc: 'D' });
  assert.deepEqual(one('reset 0 D'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 3, desc: 'D' });
  assert.deepEqual(one('reset 007'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 6, desc: '%s' });
  assert.deepEqual(one('reset +0'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: 3, desc: '%s' });
  assert.deepEqual(one('reset some desc'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: null, desc: 'some desc' });
  assert.deepEqual(one('reset 5abc'), { kind: 'reset', ruleFile: 'rules.conf', ruleIndex: null, desc: '5abc' });
});

test('getwpos and setwpos resolve rule numbers like reset and need one', () => {
  assert.deepEqual(one('getwpos %p 0'), { kind: 'getwpos', variable: 'p', ruleFile: 'rules.conf', ruleIndex: 3, desc: '%s' });
  assert.deepEqual(one('getwpos %p +1 D'), { kind: 'getwpos', variable: 'p', ruleFile: 'rules.conf', ruleIndex: 4, desc: 'D' });
  assert.deepEqual(one('getwpos %p -3 D'), { kind: 'getwpos', variable: 'p', ruleFile: 'rules.conf', ruleIndex: 0, desc: 'D' });
  assert.deepEqual(one('getwpos %p 2 D'), { kind: 'getwpos', variable: 'p', ruleFile: 'rules.conf', ruleIndex: 1, desc: 'D' });
  assert.deepEqual(one('setwpos 100 0'), { kind: 'setwpos', time: '100', ruleFile: 'rules.conf', ruleIndex: 3, desc: '%s' });
  assert.deepEqual(one('setwpos %t -2 D x'), { kind: 'setwpos', time: '%t', ruleFile: 'rules.conf', ruleIndex: 1, desc: 'D x' });
  assert.deepEqual(one('setwpos 100 +4 D'), { kind: 'setwpos', time: '100', ruleFile: 'rules.conf', ruleIndex: 7, desc: 'D' });
  assert.deepEqual(one('setwpos 100 3 D'), { kind: 'setwpos', time: '100', ruleFile: 'rules.conf', ruleIndex: 2, desc: 'D' });
  fails('getwpos %p D', "Invalid action 'getwpos %p D'");
  fails('getwpos p 1', VARFORM('p'));
  fails('setwpos 100', "Invalid action 'setwpos 100'");
  fails('setwpos () 1', 'Empty timestamp given for setwpos action');
});

test('rule numbers are relative to the origin rule', () => {
  const a = parseActions('reset +1 D', { ruleFile: 'other.conf', ruleIndex: 0 })[0];
  assert.deepEqual(a, { kind: 'reset', ruleFile: 'other.conf', ruleIndex: 1, desc: 'D' });
});

test('assign, assignsq, free', () => {
  assert.deepEqual(one('assign %x'), { kind: 'assign', variable: 'x', value: '%s' });
  assert.deepEqual(one('assign %x a b'), { kind: 'assign', variable: 'x', value: 'a b' });
  assert.deepEqual(one("assignsq %y it's"), { kind: 'assignsq', variable: 'y', value: "it's" });
  assert.deepEqual(one('free %x'), { kind: 'free', variable: 'x' });
  fails('assign x 1', VARFORM('x'));
  fails('assign %1x 1', VARFORM('%1x'));
  fails('assign %{x} 1', VARFORM('%{x}'));
  fails('free x', VARFORM('x'));
  fails('free %x y', "Invalid action 'free %x y'");
});

test('eval, call, lcall', () => {
  assert.deepEqual(one('eval %o (return 1;)'), { kind: 'eval', variable: 'o', code: 'return 1;' });
  assert.deepEqual(one('call %o %f a  b'), { kind: 'call', variable: 'o', codeVariable: 'f', params: ['a', 'b'] });
  assert.deepEqual(one('call %o %f'), { kind: 'call', variable: 'o', codeVariable: 'f', params: [] });
  // lcall's function is compiled as the action is parsed
  const lcall = (text: string): Record<string, unknown> => {
    const a = one(text) as unknown as Record<string, unknown> & { func: { code: string } };
    return { ...a, func: a.func.code };
  };
  assert.deepEqual(lcall('lcall %o a b -> (sub { 1 })'), { kind: 'lcall', variable: 'o', params: ['a', 'b'], func: 'sub { 1 }', withCache: false });
  assert.deepEqual(lcall('lcall %o :> (sub { 1 })'), { kind: 'lcall', variable: 'o', params: [], func: 'sub { 1 }', withCache: true });
  fails('lcall %o -> (1 +)', /^Eval '1 \+' didn't return a code reference: syntax error/);
  fails('eval o (1)', VARFORM('o'));
  fails('call %o f', VARFORM('f'));
  fails('eval %o', "Invalid action 'eval %o'");
});

test('rewrite, addinput, sigemul, varset', () => {
  assert.deepEqual(one('rewrite 2 a%{.nl}b'), { kind: 'rewrite', count: '2', text: 'a%{.nl}b' });
  assert.deepEqual(one('rewrite 1'), { kind: 'rewrite', count: '1', text: '%s' });
  assert.deepEqual(one('addinput /f'), { kind: 'addinput', file: '/f', offset: '-', context: '_FILE_EVENT_/f' });
  assert.deepEqual(one('addinput /f 0 CTX'), { kind: 'addinput', file: '/f', offset: '0', context: 'CTX' });
  assert.deepEqual(one('sigemul HUP'), { kind: 'sigemul', signal: 'HUP' });
  assert.deepEqual(one('varset %v entry'), { kind: 'varset', variable: 'v', entry: 'entry' });
  fails('rewrite', "Invalid action 'rewrite'");
  fails('rewrite () x', 'Empty linecount given for rewrite action');
  fails('sigemul', "Invalid action 'sigemul'");
  fails('varset v e', VARFORM('v'));
  fails('varset %v ()', 'Empty pattern match cache entry name given for varset action');
});

test('unknown actions are invalid with their text in the message', () => {
  fails('print - x', "Invalid action 'print - x'");
  fails('write - a; print - (b; c)', "Invalid action 'print - (b; c)'");
  fails('writex - a', "Invalid action 'writex - a'");
});

test('parseActionList records its source and whether it mentions $ or % match variables', () => {
  const plain = parseActionList('write - %s', origin);
  assert.equal(plain.source, 'write - %s');
  assert.equal(plain.volatile, false);
  assert.equal(plain.volatileShadow, false);
  const dollar = parseActionList('write - $1', origin);
  assert.equal(dollar.volatile, true);
  assert.equal(dollar.volatileShadow, false);
  assert.equal(parseActionList('write - $+{name}', origin).volatile, true);
  assert.equal(parseActionList('write - cost $', origin).volatile, false);
  const shadow = parseActionList('write - %1', origin);
  assert.equal(shadow.volatile, false);
  assert.equal(shadow.volatileShadow, true);
  assert.deepEqual(dollar.actions, [{ kind: 'write', file: '-', text: '$1' }]);
});
