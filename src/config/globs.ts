// Expanding --conf and --input values the way Perl's glob() does: each
// whitespace-separated word is a pattern; a word without wildcards stands
// for itself (even if the file does not exist); matches come sorted.
import { onDemand } from '../modules/onDemand.js';

/** tinyglobby, loaded for the first word with wildcards: most command lines name plain files. */
const loadTinyglobby = onDemand<typeof import('tinyglobby')>('tinyglobby');

const WILDCARD = /[*?[{]/;

export function expandGlob(pattern: string): string[] {
  const out: string[] = [];
  for (const word of pattern.split(/\s+/).filter(Boolean)) {
    if (!WILDCARD.test(word)) {
      out.push(word);
      continue;
    }
    const tinyglobby = loadTinyglobby();
    if (tinyglobby === null) throw new Error("the tinyglobby package can't be loaded");
    const absolute = word.startsWith('/');
    const matches = tinyglobby.globSync(word, { absolute: false, cwd: absolute ? '/' : process.cwd(), onlyFiles: false, expandDirectories: false, dot: false });
    for (const m of matches.map((m) => (absolute ? `/${m}` : m)).sort()) out.push(m);
  }
  return out;
}

/** Expand several patterns, dropping repeats but keeping first-seen order. */
export function expandGlobs(patterns: string[]): string[] {
  return [...new Set(patterns.flatMap(expandGlob))];
}
