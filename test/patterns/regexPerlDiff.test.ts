// Differential test against `perl` itself: every pattern of the published
// rule sets (../shared, when present), of examples/ and of the tests, and
// seeded random patterns over Perl's syntax, each compiled by Perl (as SEC
// does) and by us and matched against generated lines. Same verdict at load,
// and for every pattern: the same match and the same captures, on whichever
// engine runs it (RE2, JavaScript, or the Perl interpreter for constructs
// only Perl runs exactly).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readRuleEntries } from '../../src/config/ruleFile.js';
import { compileRegex, UnsupportedPerlError, type CompiledRegex } from '../../src/patterns/regex.js';
import { askPerl, perlAvailable, type PerlAnswer } from './perlRegexOracle.js';
import { randomLines, randomPattern, seededRandom } from './perlRegexGenerator.js';

/** Fixed, so runs are repeatable; REGEX_DIFF_SEED tries another. */
const SEED = Number(process.env.REGEX_DIFF_SEED ?? 20261203);
const GENERATED = 2500;
const LINES_PER_PATTERN = 14;
const projectDir = path.resolve(import.meta.dirname, '../../..');
const sharedRulesets = path.resolve(projectDir, '../shared/rulesets');

interface Subject {
  pattern: string;
  lines: number;
  origin: string;
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** RegExp patterns of rule files (compiled at load: no $N of a Pair's first match). */
function ruleFilePatterns(file: string): Subject[] {
  const out: Subject[] = [];
  for (const entry of readRuleEntries(fs.readFileSync(file, 'latin1'))) {
    if (entry.kind !== 'rule') continue;
    for (const suffix of ['', '2']) {
      const ptype = /^n?regexp0*([1-9][0-9]*)?$/i.exec(entry.fields.get(`ptype${suffix}`) ?? '');
      const pattern = entry.fields.get(`pattern${suffix}`);
      if (!ptype || pattern === undefined || (suffix && /\$(\d|\{)/.test(pattern))) continue;
      out.push({ pattern, lines: Number(ptype[1] ?? 1), origin: `${file}:${entry.line}` });
    }
  }
  return out;
}

const unescapeTs = (s: string): string => s.replace(/\\(.)/g, (_m, c: string) => (({ n: '\n', t: '\t' }) as Record<string, string>)[c] ?? c);

/** Patterns written in the test sources, as `pattern: '...'` or in rule text `pattern=...`. */
function testSourcePatterns(file: string): Subject[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: Subject[] = [];
  for (const m of text.matchAll(/pattern2?: '((?:[^'\\]|\\.)+)'/g)) out.push({ pattern: unescapeTs(m[1]), lines: 1, origin: file });
  for (const m of text.matchAll(/\bpattern2?=((?:[^'`"\\\n]|\\[^n])+)/g)) out.push({ pattern: unescapeTs(m[1]).trim(), lines: 1, origin: file });
  return out.filter((s) => s.pattern !== '' && !/\$\d/.test(s.pattern));
}

function subjects(): { list: Subject[]; sharedSkipped: boolean } {
  const list: Subject[] = [];
  const sharedSkipped = !fs.existsSync(sharedRulesets);
  if (!sharedSkipped) for (const f of filesUnder(sharedRulesets)) list.push(...ruleFilePatterns(f));
  for (const f of filesUnder(path.join(projectDir, 'examples'))) list.push(...ruleFilePatterns(f));
  for (const f of filesUnder(path.join(projectDir, 'test')).filter((f) => f.endsWith('.ts'))) list.push(...testSourcePatterns(f));
  const issueExamples = [
    '(?x) ab \\s c',
    'ab\\Kcd',
    '\\X',
    '\\N{U+0041}',
    '\\o{101}',
    '(a)\\g{-1}',
    '\\b{wb}',
    'a{,3}',
    '\\1(a)',
    '(\\k<y>\\S+)',
    '(a)\\2',
    '\\p{Foo}',
    'x{99999}',
    '[[:foo:]]',
    '(?>a+)b',
    'a++b',
    '(?|(a)|(b))',
    '(?(1)a|b)',
    '(*FAIL)',
    '(?P<n>a)(?P=n)',
    'a{2,1}',
  ];
  for (const p of issueExamples) list.push({ pattern: p, lines: 1, origin: 'issue 8' });
  const perlOnly = [
    'a\\Kb',
    '(a)\\K(b)?',
    '^(?|a(\\d)|b(\\d))x',
    '(?|(?<x>a)|(?<y>b))(?<x>c)?',
    '^(a)?(?(1)b|c)',
    '(?(<n>)a|b)(?<n>c)?',
    '(?(?=a)ab|b)',
    '(a(?-1)?b)',
    'a(?R)?b',
    '(?R)',
    '\\X\\X',
    '\\Ga',
    '\\p{Lu}\\P{Ll}',
    '\\b{wb}a',
    'a(*FAIL)|b',
    '(a)(*ACCEPT)b',
    '\\R',
    '(a)?\\1',
    '(?a)\\w',
  ];
  for (const p of perlOnly) list.push({ pattern: p, lines: 1, origin: 'Perl only' }, { pattern: p, lines: 2, origin: 'Perl only' });
  const r = seededRandom(SEED);
  for (let i = 0; i < GENERATED; i++) list.push({ pattern: randomPattern(r), lines: r() < 0.2 ? 2 : 1, origin: `generated #${i}` });
  return { list, sharedSkipped };
}

type Ours = { verdict: 'ok'; compiled: CompiledRegex } | { verdict: 'invalid' | 'unsupported'; reason: string };
type Verdict = CompiledRegex['engine'] | 'invalid' | 'unsupported';

function compileOurs(s: Subject): Ours {
  try {
    return { verdict: 'ok', compiled: compileRegex(s.pattern, s.lines) };
  } catch (e) {
    return { verdict: e instanceof UnsupportedPerlError ? 'unsupported' : 'invalid', reason: (e as Error).message };
  }
}

function matchOurs(c: CompiledRegex, line: string): { groups: (string | undefined)[]; named: Record<string, string> } | null {
  const m = c.regex.exec(c.engine === 're2' ? Buffer.from(line, 'utf8') : line);
  if (!m) return null;
  const text = (v: string | Buffer | undefined): string | undefined => (v === undefined || typeof v === 'string' ? v : v.toString('utf8'));
  const groups: (string | undefined)[] = [];
  for (let i = 1; i < m.length; i++) groups.push(text(m[i]));
  const named: Record<string, string> = {};
  for (const [k, v] of Object.entries(m.groups ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) if (v !== undefined) named[k] = text(v) as string;
  return { groups, named };
}

const show = (s: string): string => JSON.stringify(s);

function compare(s: Subject, perl: PerlAnswer, ours: Ours, lines: string[], problems: string[]): void {
  const where = `pattern ${show(s.pattern)} (${s.origin}, ${s.lines} line${s.lines > 1 ? 's' : ''})`;
  if (!perl.ok) {
    if (ours.verdict === 'ok') problems.push(`${where}: perl refuses it (${perl.error.trim()}), we accept it`);
    return;
  }
  if (ours.verdict !== 'ok') {
    problems.push(`${where}: perl accepts it, we call it ${ours.verdict}: ${ours.reason}`);
    return;
  }
  const compiled = ours.compiled;
  perl.matches.forEach((want, i) => {
    const got = matchOurs(compiled, lines[i]);
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      problems.push(`${where} on line ${show(lines[i])} [${compiled.engine}]: perl ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`);
    }
  });
}

test('Perl and we agree on loading, matching and captures', { skip: !perlAvailable() && 'perl is not installed: skipped the differential regex test' }, () => {
  const { list, sharedSkipped } = subjects();
  console.log(`regex differential test: seed ${SEED}, ${list.length} patterns${sharedSkipped ? '; ../shared/rulesets is absent: skipped its patterns' : ''}`);
  const r = seededRandom(SEED + 1);
  const lines = list.map((s) => randomLines(r, s.pattern, LINES_PER_PATTERN, s.lines > 1));
  const perl = askPerl(list.map((s, i) => ({ pattern: s.pattern, lines: lines[i] })));
  const problems: string[] = [];
  const counts: Partial<Record<Verdict, number>> = {};
  list.forEach((s, i) => {
    const ours = compileOurs(s);
    const verdict = ours.verdict === 'ok' ? ours.compiled.engine : ours.verdict;
    counts[verdict] = (counts[verdict] ?? 0) + 1;
    compare(s, perl[i], ours, lines[i], problems);
  });
  console.log(`regex differential test: ours ${JSON.stringify(counts)}`);
  assert.deepEqual(problems.slice(0, 30), [], `${problems.length} disagreements with perl (seed ${SEED})`);
});
