// Compiling the Perl regular expressions of SEC rule files.
//
// RE2 runs in linear time, so it is the engine of choice. Perl spells a few
// things RE2 does not know (\e, \Z, \h); those are rewritten first. A pattern
// that needs backtracking (backreferences, lookaround, atomic groups) cannot
// run on RE2 at all: it falls back to the JavaScript engine, and the caller
// logs a warning naming the rule. Strings are latin1 throughout (one char per
// input byte), which gives Perl's byte semantics on both engines.
import RE2 from 're2';

export interface MatchRegex {
  exec(input: string): RegExpExecArray | null;
  test(input: string): boolean;
  readonly source: string;
}

export interface CompiledRegex {
  regex: MatchRegex;
  engine: 're2' | 'js';
  /** Why RE2 could not take it (set when engine is 'js'). */
  fallbackReason?: string;
}

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z',
  space: '\\s', blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f',
  word: '\\w', print: '\\x20-\\x7e', graph: '\\x21-\\x7e', cntrl: '\\x00-\\x1f\\x7f',
};

/**
 * Walk a Perl pattern and rewrite escapes with `rewrite`, keeping track of
 * whether we are inside a character class. `rewrite` gets the escape letter
 * (and the whole escape text) and returns the replacement or null to keep it.
 */
function rewriteEscapes(
  src: string,
  rewrite: (esc: string, inClass: boolean) => string | null,
  rewriteClassText?: (text: string) => string,
): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\' && i + 1 < src.length) {
      let esc = src.slice(i, i + 2);
      if (src[i + 1] === 'x' && src[i + 2] === '{') {
        const end = src.indexOf('}', i);
        if (end > 0) esc = src.slice(i, end + 1);
      } else if (src[i + 1] === 'Q') {
        const end = src.indexOf('\\E', i + 2);
        esc = end < 0 ? src.slice(i) : src.slice(i, end + 2);
      }
      const r = rewrite(esc, inClass);
      out += r ?? esc;
      i += esc.length - 1;
      continue;
    }
    if (inClass) {
      if (c === '[' && src[i + 1] === ':') {
        const end = src.indexOf(':]', i + 2);
        if (end > 0) {
          const text = src.slice(i, end + 2);
          out += rewriteClassText ? rewriteClassText(text) : text;
          i = end + 1;
          continue;
        }
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a ']' right after '[' or '[^' is a literal member
      if (src[i + 1] === '^') { out += '^'; i++; }
      if (src[i + 1] === ']') { out += ']'; i++; }
      continue;
    }
    out += c;
  }
  return out;
}

/** Perl syntax → RE2 syntax, for the spellings that differ. */
export function perlToRe2(src: string): string {
  return rewriteEscapes(src, (esc, inClass) => {
    switch (esc) {
      case '\\e': return '\\x1B';
      case '\\h': return inClass ? ' \\t' : '[ \\t]';
      case '\\H': return inClass ? null : '[^ \\t]';
      case '\\Z': return inClass ? null : '\\n?\\z';
      default: return null;
    }
  });
}

function escapeJs(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** Perl syntax → JavaScript syntax, for the fallback engine. */
export function perlToJs(src: string): { source: string; flags: string } {
  let flags = '';
  const lead = /^\(\?([imsx]+)\)/.exec(src);
  if (lead) {
    for (const f of lead[1]) if (f !== 'x' && !flags.includes(f)) flags += f;
    src = src.slice(lead[0].length);
  }
  const source = rewriteEscapes(
    src.replace(/\(\?#[^)]*\)/g, ''),
    (esc, inClass) => {
      if (esc.startsWith('\\x{')) {
        const code = parseInt(esc.slice(3, -1), 16);
        return code <= 0xff ? '\\x' + code.toString(16).padStart(2, '0') : '\\u' + code.toString(16).padStart(4, '0');
      }
      if (esc.startsWith('\\Q')) return escapeJs(esc.slice(2).replace(/\\E$/, ''));
      switch (esc) {
        case '\\A': return inClass ? null : '^';
        case '\\z': return inClass ? null : '$';
        case '\\Z': return inClass ? null : '(?=\\n?$)';
        case '\\e': return '\\x1b';
        case '\\h': return inClass ? ' \\t' : '[ \\t]';
        case '\\H': return inClass ? null : '[^ \\t]';
        default: return null;
      }
    },
    (text) => {
      const neg = text.startsWith('[:^');
      const name = text.slice(neg ? 3 : 2, -2);
      const cls = POSIX_CLASSES[name];
      return cls && !neg ? cls : text;
    },
  );
  return { source, flags };
}

/**
 * Compile a Perl pattern: RE2 when it can, else JavaScript. Throws an Error
 * whose message says why when neither engine accepts the pattern.
 */
export function compileRegex(perlSource: string): CompiledRegex {
  let re2Error: string;
  try {
    return { regex: new RE2(perlToRe2(perlSource)) as unknown as MatchRegex, engine: 're2' };
  } catch (e) {
    re2Error = (e as Error).message;
  }
  try {
    const { source, flags } = perlToJs(perlSource);
    return { regex: new RegExp(source, flags), engine: 'js', fallbackReason: re2Error };
  } catch (e) {
    throw new Error(`${re2Error}; ${(e as Error).message}`);
  }
}

/** Perl's quotemeta: backslash before every char that is not a word char. */
export function quotemeta(text: string): string {
  return text.replace(/[^A-Za-z0-9_\x80-\xff]/g, '\\$&');
}
