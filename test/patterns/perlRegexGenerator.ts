// Seeded random Perl patterns over Perl's regex syntax, and random lines to
// match them against: the generated half of the differential test.

/** Mulberry32: a small seeded generator, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, items: readonly T[]): T => items[Math.floor(r() * items.length)];

const LITERALS = ['a', 'b', 'A', 'B', '0', '1', ' ', '-', '.', ':', '_', '\xe9', '\xc9', '\t', '{', '}', ']', ',', '#'];
const ESCAPES = [
  '\\d',
  '\\D',
  '\\w',
  '\\W',
  '\\s',
  '\\S',
  '\\h',
  '\\H',
  '\\v',
  '\\V',
  '\\N',
  '\\t',
  '\\n',
  '\\e',
  '\\x41',
  '\\x{e9}',
  '\\101',
  '\\0',
  '\\o{101}',
  '\\N{U+41}',
  '\\cA',
  '\\.',
  '\\-',
  '\\/',
  '\\ ',
  '\\#',
  '\\{',
  '\\x',
  '\\xg',
  '\\12',
  '\\8',
  '\\y',
  '\\Q',
  '\\x{100}',
];
const ANCHORS = ['^', '$', '\\A', '\\z', '\\Z', '\\b', '\\B', '\\G'];
const POSIX = ['alpha', 'digit', 'alnum', 'upper', 'lower', 'space', 'blank', 'punct', 'xdigit', 'word', 'print', 'graph', 'cntrl', 'ascii', 'foo'];
const QUANTIFIERS = ['*', '+', '?', '{2}', '{1,3}', '{,2}', '{2,}', '{0}', '{3,1}', '{ 1 , 2 }', '{,}', '{x}'];
/** Constructs only Perl runs exactly (they run on the Perl interpreter). */
const PERL_ONLY = ['\\K', '\\X', '\\R', '(*FAIL)', '(*ACCEPT)', '\\p{L}', '\\P{Lu}', '\\b{wb}', '(?1)', '(?a)', '\\G'];
const BROKEN = ['(', ')', '[', '*', '\\', '(?', '(?z)', '[z-a]', 'x{99999}', '(?<1>a)'];
const FLAGS = ['i', 'm', 's', 'x', 'n', '^', 'i-m', '-i', 'xx', 'ix', 'mi'];

function charClass(r: Rand): string {
  let out = r() < 0.3 ? '[^' : '[';
  if (r() < 0.1) out += ']';
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.3) out += pick(r, ['a', 'B', '0', '.', ' ', '\xe9', '^', '$', '|', '(', '[']);
    else if (k < 0.5) out += pick(r, ['a-c', 'A-Z', '0-5', '\\x00-\\x1f', '\xc0-\xff', '!-/', 'Z-a']);
    else if (k < 0.7) out += pick(r, ['\\d', '\\w', '\\s', '\\W', '\\h', '\\b', '\\n', '\\-', '\\]', '\\1', '\\x41', '\\N{U+e9}']);
    else if (k < 0.9) out += `[:${r() < 0.2 ? '^' : ''}${pick(r, POSIX)}:]`;
    else out += pick(r, ['-', 'a-', '\\d-z']);
  }
  return `${out}]`;
}

function atom(r: Rand, depth: number, state: { groups: number; names: string[] }): string {
  const k = r();
  if (k < 0.3) return pick(r, LITERALS);
  if (k < 0.42) return pick(r, ESCAPES);
  if (k < 0.5) return '.';
  if (k < 0.58) return charClass(r);
  if (k < 0.64) return pick(r, ANCHORS);
  if (k < 0.7) {
    const refs = [`\\${1 + Math.floor(r() * 3)}`, '\\g{-1}', '\\g1', '\\k<n1>', '(?P=n1)', '\\g{n1}'];
    return pick(r, refs);
  }
  if (k < 0.72) return pick(r, PERL_ONLY);
  if (k < 0.73) return pick(r, BROKEN);
  if (depth > 2) return pick(r, LITERALS);
  const body = (): string => alternation(r, depth + 1, state);
  if (k < 0.76) return perlOnlyGroup(r, body, state);
  const g = r();
  if (g < 0.35) {
    state.groups++;
    return `(${body()})`;
  }
  if (g < 0.45) return `(?:${body()})`;
  if (g < 0.52) {
    state.groups++;
    const n = pick(r, ['n1', 'n2']);
    state.names.push(n);
    return `(?${pick(r, ['<n>', "'n'", 'P<n>']).replace('n', n)}${body()})`;
  }
  if (g < 0.6) return `(?${pick(r, FLAGS)}:${body()})`;
  if (g < 0.65) return `(?${pick(r, FLAGS)})`;
  if (g < 0.75) return `(?${pick(r, ['=', '!'])}${body()})`;
  if (g < 0.82) return `(?${pick(r, ['<=', '<!'])}${pick(r, ['a', 'ab', 'a|b', '\\d', 'a|bc', 'a+', '(a)', '^', '\\b'])})`;
  if (g < 0.9) return `(?>${body()})`;
  if (g < 0.95) return `(?#${pick(r, ['note', 'a(b'])})`;
  return `(?x: ${body()} # c\n )`;
}

/** Branch reset, conditionals and recursion, around random bodies. */
function perlOnlyGroup(r: Rand, body: () => string, state: { groups: number; names: string[] }): string {
  const g = r();
  if (g < 0.3) return `(?|${body()}|${body()})`;
  if (g < 0.5) return `(?(${1 + Math.floor(r() * 2)})${body()}|${body()})`;
  if (g < 0.6) return `(?(<n1>)${body()})`;
  if (g < 0.75) return `(?(?${pick(r, ['=', '!', '<='])}${pick(r, LITERALS)})${body()}|${body()})`;
  // recursion into the group itself, after a character: never infinite
  state.groups++;
  return `(${pick(r, LITERALS)}(?-1)?${pick(r, LITERALS)})`;
}

function sequence(r: Rand, depth: number, state: { groups: number; names: string[] }): string {
  const n = Math.floor(r() * 4) + (depth === 0 ? 1 : 0);
  let out = '';
  for (let i = 0; i < n; i++) {
    out += atom(r, depth, state);
    if (r() < 0.3) out += pick(r, QUANTIFIERS) + (r() < 0.3 ? pick(r, ['?', '+']) : '');
  }
  return out;
}

function alternation(r: Rand, depth: number, state: { groups: number; names: string[] }): string {
  let out = sequence(r, depth, state);
  while (r() < 0.25) out += `|${sequence(r, depth, state)}`;
  return out;
}

/** A random pattern; never empty (SEC has no empty pattern values). */
export function randomPattern(r: Rand): string {
  for (;;) {
    const p = alternation(r, 0, { groups: 0, names: [] });
    if (p !== '' && !/^\s|\s$/.test(p)) return p; // SEC trims values
  }
}

/** Lines built from the pattern's own characters and a few others. */
export function randomLines(r: Rand, pattern: string, count: number, newlines: boolean): string[] {
  const alphabet = [...new Set([...pattern.replace(/[\\()[\]{}|*+?^$]/g, ''), 'a', 'A', 'b', '0', '1', ' ', '\t', '_', '-', '\xe9', '\xc9', '\xa0', '\x0b'])];
  // a single line never holds a newline (SEC splits input at them)
  if (newlines) alphabet.push('\n', '\n');
  else alphabet.splice(0, alphabet.length, ...alphabet.filter((c) => c !== '\n'));
  const lines = [''];
  for (let i = 1; i < count; i++) {
    const len = Math.floor(r() * 10);
    let line = '';
    for (let j = 0; j < len; j++) line += pick(r, alphabet);
    if (newlines && r() < 0.3) line += '\n';
    lines.push(line);
  }
  return lines;
}
