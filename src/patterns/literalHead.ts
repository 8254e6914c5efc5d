// A Pair operation's pattern2 whose JavaScript translation starts with
// literal text holding all of the first event's values (`session $1 closed
// after (\d+) s`, `($1) .*? %SYS-5-RESTART:`, `^end $1`) is matched without
// a regex of its own: it matches at the first place where that text is
// and the rest of the pattern, compiled once per rule, matches right after
// it. The text matches in one way only, so that is where and how the whole
// pattern would match; the rest runs on the same string, so its anchors and
// lookbehinds see what they would. V8 compiling a regex per operation, and
// collecting it afterwards, was most of what such operations cost.

/** One step of the literal head: text of the pattern, a hole's value, or a capture group's start or end. */
type HeadStep = { kind: 'text'; text: string } | { kind: 'hole'; place: number } | { kind: 'open' } | { kind: 'close' };

/** How a template's filled patterns are matched: its head, and the rest compiled once. */
export interface HeadPlan {
  /** The head must be at the start of the event (the pattern starts with `^`). */
  readonly anchored: boolean;
  readonly steps: readonly HeadStep[];
  /** The rest of the pattern, sticky, after an empty group for each capture group of the head (so its own groups keep their numbers). */
  readonly rest: RegExp;
}

const QUANTIFIER = /[*+?{]/;
/** A literal byte as the translation writes it (regexTemplate.ts LITERAL_SOURCE). */
const LITERAL = /^(?:[0-9A-Za-z]|\\x[0-9a-f]{2})/;

/**
 * The plan of a translation cut at its holes (pieces[0], hole 0, pieces[1],
 * ...): its head is literal bytes, holes and groups of those, and takes in
 * every hole; null when the pattern does not start that way.
 */
export function headPlan(pieces: readonly string[]): HeadPlan | null {
  const steps: HeadStep[] = [];
  /** Open groups: true for a capturing one. */
  const open: boolean[] = [];
  let anchored = false;
  let groups = 0;
  const last = pieces.length - 1;
  for (let k = 0; k <= last; k++) {
    const piece = pieces[k];
    let i = 0;
    if (k === 0 && piece.startsWith('^')) {
      anchored = true;
      i = 1;
    }
    // a quantifier after a hole would apply to the value's last byte (fillKeepingShape keeps none there)
    if (k > 0 && QUANTIFIER.test(piece.charAt(0))) return null;
    /** After the last hole: the last place outside every group, where the head can end. */
    let cut = k === last && open.length === 0 ? { i, steps: steps.length, groups } : null;
    while (i < piece.length) {
      const literal = LITERAL.exec(piece.slice(i, i + 4));
      let step: HeadStep | null = null;
      let width: number;
      let opens = false;
      if (literal) {
        step = { kind: 'text', text: literal[0].length === 1 ? literal[0] : String.fromCharCode(Number.parseInt(literal[0].slice(2), 16)) };
        width = literal[0].length;
      } else if (piece.startsWith('(?:', i)) {
        opens = true;
        width = 3;
      } else if (piece[i] === '(' && piece[i + 1] !== '?') {
        opens = true;
        step = { kind: 'open' };
        width = 1;
      } else if (piece[i] === ')' && open.length > 0) {
        if (open[open.length - 1]) step = { kind: 'close' };
        width = 1;
      } else break;
      // a quantified byte or group belongs to the rest, as long as no hole is in it
      if (QUANTIFIER.test(piece.charAt(i + width))) break;
      if (opens) {
        open.push(step !== null);
        if (step !== null) groups++;
      } else if (piece[i] === ')') open.pop();
      if (step) steps.push(step);
      i += width;
      if (k === last && open.length === 0) cut = { i, steps: steps.length, groups };
    }
    if (k < last) {
      if (i < piece.length) return null;
      steps.push({ kind: 'hole', place: k });
    } else {
      if (cut === null) return null;
      // the translation puts alternatives of the whole pattern in a group, which the head never ends inside
      const rest = piece.slice(cut.i);
      try {
        return { anchored, steps: steps.slice(0, cut.steps), rest: new RegExp('()'.repeat(cut.groups) + rest, 'y') };
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** The pattern of `plan` with `values` (by place, as matched) in its holes; `whole` is its full translation. */
export function literalHeaded(plan: HeadPlan, values: readonly string[], whole: string): LiteralHeaded {
  let text = '';
  const captures: string[] = [];
  const starts: { group: number; from: number }[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'text') text += step.text;
    else if (step.kind === 'hole') text += values[step.place];
    else if (step.kind === 'open') {
      starts.push({ group: captures.length, from: text.length });
      captures.push('');
    } else {
      const { group, from } = starts.pop() as { group: number; from: number };
      captures[group] = text.slice(from);
    }
  }
  return new LiteralHeaded(text, captures, plan, whole);
}

/** A filled pattern of a HeadPlan, matched as the top of this file says. */
export class LiteralHeaded {
  constructor(
    private readonly head: string,
    /** What the head's capture groups hold, in group order. */
    private readonly captures: readonly string[],
    private readonly plan: HeadPlan,
    /** The whole pattern's JavaScript translation. */
    private readonly whole: string,
  ) {}

  /** The source of the whole pattern as a RegExp of it shows it (jsFormOf). */
  get source(): string {
    return new RegExp(this.whole).source;
  }

  exec(input: string | Buffer): RegExpExecArray | null {
    const text = input as string;
    const { head, captures } = this;
    const { rest, anchored } = this.plan;
    let at = anchored ? (text.startsWith(head) ? 0 : -1) : text.indexOf(head);
    while (at !== -1) {
      rest.lastIndex = at + head.length;
      const m = rest.exec(text);
      if (m !== null) {
        m[0] = text.slice(at, rest.lastIndex);
        for (let g = 0; g < captures.length; g++) m[g + 1] = captures[g];
        m.index = at;
        return m;
      }
      at = anchored || at >= text.length ? -1 : text.indexOf(head, at + 1);
    }
    return null;
  }

  test(input: string | Buffer): boolean {
    return this.exec(input) !== null;
  }
}
