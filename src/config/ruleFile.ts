// Reading a rule file into raw rule definitions (keyword → value), the way
// SEC reads it: lines trimmed, backslash continuation, a blank or '#' line
// ends a rule, rem= ignored, label= names the next rule.

export type RawEntry =
  | { kind: 'rule'; line: number; fields: Map<string, string> }
  | { kind: 'label'; name: string }
  | { kind: 'formatError'; line: number; text: string }
  | { kind: 'duplicate'; keyword: string; previous: string; value: string };

/** Split the text of a rule file (latin1) into raw entries, in file order. */
export function readRuleEntries(text: string): RawEntry[] {
  const entries: RawEntry[] = [];
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let fields = new Map<string, string>();
  let ruleStart = 1;
  let line = '';
  let continued = false;

  const endRule = (nextLine: number): void => {
    if (fields.size) entries.push({ kind: 'rule', line: ruleStart, fields });
    fields = new Map();
    ruleStart = nextLine;
  };

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    line = continued ? line + lines[i] : lines[i];
    // Perl's \s on bytes: no-break space (\xa0) is not whitespace there
    const m = /^[\t\n\v\f\r ]*(.*[^\t\n\v\f\r ])/s.exec(line);
    line = m ? m[1] : '';
    if (line.endsWith('\\')) {
      line = line.slice(0, -1);
      continued = true;
      continue;
    }
    continued = false;
    if (line === '' || line.startsWith('#')) {
      endRule(lineNo + 1);
      continue;
    }
    const kv = /^([A-Za-z0-9]+)[\t\n\v\f\r ]*=[\t\n\v\f\r ]*(.*[^\t\n\v\f\r ])/s.exec(line);
    if (!kv) {
      entries.push({ kind: 'formatError', line: lineNo, text: line });
      continue;
    }
    const [, keyword, value] = kv;
    if (keyword === 'label') entries.push({ kind: 'label', name: value });
    else if (keyword !== 'rem') {
      const previous = fields.get(keyword);
      if (previous !== undefined) entries.push({ kind: 'duplicate', keyword, previous, value });
      fields.set(keyword, value);
    }
  }
  endRule(lines.length + 1);
  return entries;
}
