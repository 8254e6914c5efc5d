// A line diff of expected against actual lines, for the report of a failed
// rule test: each line kept (' '), only expected ('-') or only actual ('+'),
// from a longest common subsequence. Sections are small (what one test
// wrote), so the quadratic table is cheap; the common head and tail are
// taken off first all the same.

export type DiffMark = ' ' | '-' | '+';

export interface DiffLine {
  mark: DiffMark;
  text: string;
}

export function diffLines(expected: readonly string[], actual: readonly string[]): DiffLine[] {
  let head = 0;
  while (head < expected.length && head < actual.length && expected[head] === actual[head]) head++;
  let tail = 0;
  while (tail < expected.length - head && tail < actual.length - head && expected[expected.length - 1 - tail] === actual[actual.length - 1 - tail]) tail++;
  const a = expected.slice(head, expected.length - tail);
  const b = actual.slice(head, actual.length - tail);
  const kept = (lines: readonly string[]): DiffLine[] => lines.map((text) => ({ mark: ' ', text }));
  return [...kept(expected.slice(0, head)), ...middle(a, b), ...kept(expected.slice(expected.length - tail))];
}

/** The diff of two runs with nothing in common at either end. */
function middle(a: readonly string[], b: readonly string[]): DiffLine[] {
  const width = b.length + 1;
  // common[i * width + j]: length of the longest common subsequence of a[i..] and b[j..]
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1] + 1 : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ mark: ' ', text: a[i++] });
      j++;
    } else if (i < a.length && (j === b.length || common[(i + 1) * width + j] >= common[i * width + j + 1])) {
      // at a change, what was expected comes first, as diff -u shows it
      out.push({ mark: '-', text: a[i++] });
    } else {
      out.push({ mark: '+', text: b[j++] });
    }
  }
  return out;
}

/** The diff as text, one line per entry: the mark, a space, the line. */
export function formatDiff(diff: readonly DiffLine[], indent = ''): string {
  return diff.map((d) => `${indent}${d.mark} ${d.text}\n`).join('');
}
