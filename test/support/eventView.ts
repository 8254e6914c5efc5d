// An event buffer stub for pattern tests: the last lines seen (oldest
// first), padded with empty lines at the front like SEC's buffers, which
// start filled with empty lines.
import type { MatchCache } from '../../src/patterns/matchVars.js';
import type { EventView } from '../../src/patterns/pattern.js';

export interface ViewOptions {
  /** Input name of the lines; null for a synthetic event (functions then get undefined). */
  source?: string | null;
  intContext?: string;
  cache?: MatchCache;
}

/** A view of `lines`; `asked` records the line counts the text was asked for. */
export function view(lines: string[], opts: ViewOptions = {}): EventView & { asked: number[] } {
  const asked: number[] = [];
  const padded = (n: number): string[] => [...Array<string>(Math.max(0, n - lines.length)).fill(''), ...lines].slice(-n);
  return {
    asked,
    text: (n) => {
      asked.push(n);
      return padded(n).join('\n');
    },
    lowerCaseLine: () => padded(1)[0].toLowerCase(),
    source: () => (opts.source === null ? 'synthetic' : (opts.source ?? '-')),
    intContext: opts.intContext,
    cache: opts.cache ?? new Map(),
    perlArgs: (n) => [...padded(n), opts.source === null ? undefined : (opts.source ?? '-')],
  };
}
