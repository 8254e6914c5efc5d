// Parsing action lists ("write - x; create C 10 (write - gone)") into typed
// actions, following SEC's rules: top-level parenthesised parts are masked
// before splitting on ';', each action is matched against the table below,
// and the outer parentheses of a parameter are removed.
import { containsVars } from '../patterns/matchVars.js';
import type { Action, ActionList } from './types.js';

const MASK = '\0';

/** Where the action list sits: needed by reset/getwpos/setwpos to name rules. */
export interface ActionListOrigin {
  ruleFile: string;
  /** Index of the rule in its file (SEC's rule ID). */
  ruleIndex: number;
}

export class ActionParseError extends Error {}

/**
 * Replace each top-level parenthesised part of `text` with MASK and return
 * the parts. Backslash-escaped parentheses do not count. Null when the
 * parentheses are unbalanced.
 */
export function maskParens(text: string): { masked: string; parts: string[] } | null {
  const parts: string[] = [];
  let masked = '';
  let depth = 0;
  let start = -1;
  let prev = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (prev !== '\\') {
      if (c === '(') depth++;
      else if (c === ')') depth--;
    }
    if (depth < 0) return null;
    if (depth === 1 && start < 0 && c === '(' && prev !== '\\') {
      start = i;
    } else if (depth === 0 && start >= 0) {
      parts.push(text.slice(start + 1, i));
      masked += MASK;
      start = -1;
      prev = '';
      continue;
    } else if (start < 0) {
      masked += c;
    }
    prev = c;
  }
  return depth === 0 ? { masked, parts } : null;
}

/** Remove one pair of outer parentheses and unescape \( \). */
export function stripParens(s: string): string {
  const m = /^\s*\(\s*(.*?)\s*\)\s*$/s.exec(s);
  if (m) s = m[1];
  return s.replace(/\\([()])/g, '$1');
}

/** Remove outer parentheses only (nested action lists keep their escapes). */
function stripOuterParens(s: string): string {
  const m = /^\s*\(\s*(.*?)\s*\)\s*$/s.exec(s);
  return m ? m[1] : s;
}

const VARIABLE_RE = /^%[A-Za-z]\w*$/;

function variableName(v: string): string {
  if (!VARIABLE_RE.test(v)) {
    throw new ActionParseError(`Variable ${v} does not have the form %<letter>[<letter>|<digit>|<underscore>]...`);
  }
  return v.slice(1);
}

function nonEmpty(value: string, what: string, keyword: string): string {
  if (value.length === 0) throw new ActionParseError(`Empty ${what} given for ${keyword} action`);
  return value;
}

const orDesc = (s: string): string => (s.length ? s : '%s');
const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Resolve the rule number of reset/getwpos/setwpos: +N/-N relative, N absolute (1-based), 0 this rule. */
function ruleRef(sign: string, num: string, origin: ActionListOrigin): number {
  const n = Number(num);
  if (sign === '+') return origin.ruleIndex + n;
  if (sign === '-') return origin.ruleIndex - n;
  return n === 0 ? origin.ruleIndex : n - 1;
}

interface ActionSyntax {
  re: RegExp;
  build(m: RegExpExecArray, origin: ActionListOrigin, keyword: string): Action;
}

// One row per action family. The regexes mirror SEC's action syntax; `m[1]`
// is the keyword wherever a row covers several actions.
const ACTION_TABLE: ActionSyntax[] = [
  { re: /^(none|break|continue)$/i, build: (m) => ({ kind: m[1].toLowerCase() as 'none' }) },
  { re: /^(logonly)(?:\s+(.*\S))?$/is, build: (m) => ({ kind: 'logonly', text: orDesc(stripParens(m[2] ?? '')) }) },
  {
    re: /^(write|writen|owritecl|udgram|ustream)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => ({
      kind: kw as 'write',
      file: nonEmpty(stripParens(m[2]), 'filename', kw),
      text: orDesc(stripParens(m[3] ?? '')),
    }),
  },
  {
    re: /^(closef|closeudgr|closeustr|dropinput)\s+(\S+)$/is,
    build: (m, _o, kw) => ({ kind: kw as 'closef', file: nonEmpty(stripParens(m[2]), 'filename', kw) }),
  },
  {
    re: /^(udpsock|tcpsock)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => ({
      kind: kw as 'udpsock',
      peer: nonEmpty(stripParens(m[2]), 'peername', kw),
      text: orDesc(stripParens(m[3] ?? '')),
    }),
  },
  {
    re: /^(closeudp|closetcp)\s+(\S+)$/is,
    build: (m, _o, kw) => ({ kind: kw as 'closeudp', peer: nonEmpty(stripParens(m[2]), 'peername', kw) }),
  },
  {
    re: /^(shellcmd|cmdexec|spawn|spawnexec)\s+(.*\S)$/is,
    build: (m, _o, kw) => {
      const command = nonEmpty(stripParens(m[2]), 'commandline', kw);
      return kw === 'shellcmd' || kw === 'spawn' ? { kind: kw, command } : { kind: kw as 'cmdexec', argv: words(command) };
    },
  },
  {
    re: /^(cspawn|cspawnexec)\s+(\S+)\s+(.*\S)$/is,
    build: (m, _o, kw) => {
      const context = nonEmpty(stripParens(m[2]), 'context name', kw);
      const command = nonEmpty(stripParens(m[3]), 'commandline', kw);
      return kw === 'cspawn' ? { kind: 'cspawn', context, command } : { kind: 'cspawnexec', context, argv: words(command) };
    },
  },
  {
    re: /^(pipe|pipeexec)\s+'([^']*)'(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => {
      const text = orDesc(stripParens(m[2]));
      const command = stripParens(m[3] ?? '');
      return kw === 'pipe' ? { kind: 'pipe', text, command } : { kind: 'pipeexec', text, argv: words(command) };
    },
  },
  {
    re: /^(create)(?:\s+(\S+)(?:\s+(\S+)(?:\s+(.*\S))?)?)?$/is,
    build: (m, origin) => ({
      kind: 'create',
      context: stripParens(m[2] ?? '') || '%s',
      lifetime: stripParens(m[3] ?? '') || '0',
      actions: nestedList(stripOuterParens(m[4] ?? ''), origin),
    }),
  },
  {
    re: /^(delete|obsolete|unalias)(?:\s+(\S+))?$/is,
    build: (m, _o, kw) => ({ kind: kw as 'delete', context: stripParens(m[2] ?? '') || '%s' }),
  },
  {
    re: /^(set)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, origin) => ({
      kind: 'set',
      context: nonEmpty(stripParens(m[2]), 'context name', 'set'),
      lifetime: nonEmpty(stripParens(m[3]), 'lifetime', 'set'),
      actions: nestedList(stripOuterParens(m[4] ?? ''), origin),
    }),
  },
  {
    re: /^(alias)\s+(\S+)(?:\s+(\S+))?$/is,
    build: (m) => ({
      kind: 'alias',
      context: nonEmpty(stripParens(m[2]), 'context name', 'alias'),
      alias: stripParens(m[3] ?? '') || '%s',
    }),
  },
  {
    re: /^(add|prepend|fill)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => ({
      kind: kw as 'add',
      context: nonEmpty(stripParens(m[2]), 'context name', kw),
      text: orDesc(stripParens(m[3] ?? '')),
    }),
  },
  {
    re: /^(report|reportexec)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => {
      const context = nonEmpty(stripParens(m[2]), 'context name', kw);
      const command = stripParens(m[3] ?? '');
      return kw === 'report' ? { kind: 'report', context, command } : { kind: 'reportexec', context, argv: words(command) };
    },
  },
  {
    re: /^(copy|pop|shift)\s+(\S+)\s+(\S+)$/is,
    build: (m, _o, kw) => ({
      kind: kw as 'copy',
      context: nonEmpty(stripParens(m[2]), 'context name', kw),
      variable: variableName(m[3]),
    }),
  },
  {
    re: /^(empty)\s+(\S+)(?:\s+(\S+))?$/is,
    build: (m) => ({
      kind: 'empty',
      context: nonEmpty(stripParens(m[2]), 'context name', 'empty'),
      variable: m[3] ? variableName(m[3]) : null,
    }),
  },
  {
    re: /^(trim)\s+(\S+)\s+(\S+)(?:\s+(\S+))?$/is,
    build: (m) => ({
      kind: 'trim',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'trim'),
      context: nonEmpty(stripParens(m[3]), 'context name', 'trim'),
      variable: m[4] ? variableName(m[4]) : null,
    }),
  },
  {
    re: /^(exists|getsize|getaliases|getltime|getctime)\s+(\S+)\s+(\S+)$/is,
    build: (m, _o, kw) => {
      const variable = variableName(m[2]);
      return { kind: kw as 'exists', variable, context: nonEmpty(stripParens(m[3]), 'context name', kw) };
    },
  },
  {
    re: /^(setltime)\s+(\S+)(?:\s+(\S+))?$/is,
    build: (m) => ({
      kind: 'setltime',
      context: nonEmpty(stripParens(m[2]), 'context name', 'setltime'),
      lifetime: stripParens(m[3] ?? '') || '0',
    }),
  },
  {
    re: /^(setctime)\s+(\S+)\s+(\S+)$/is,
    build: (m) => ({
      kind: 'setctime',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'setctime'),
      context: nonEmpty(stripParens(m[3]), 'context name', 'setctime'),
    }),
  },
  {
    re: /^(event)(?:\s+0*([0-9]+))?(?:\s+(.*\S))?$/is,
    build: (m) => ({ kind: 'event', delaySeconds: Number(m[2] ?? 0), text: orDesc(stripParens(m[3] ?? '')) }),
  },
  {
    re: /^(tevent)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m) => ({
      kind: 'tevent',
      delay: nonEmpty(stripParens(m[2]), 'time offset', 'tevent'),
      text: orDesc(stripParens(m[3] ?? '')),
    }),
  },
  {
    re: /^(cevent)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m) => ({
      kind: 'cevent',
      context: nonEmpty(stripParens(m[2]), 'context name', 'cevent'),
      delay: nonEmpty(stripParens(m[3]), 'time offset', 'cevent'),
      text: orDesc(stripParens(m[4] ?? '')),
    }),
  },
  {
    re: /^(reset)(?:\s+([+-]?)0*([0-9]+))?(?:\s+(.*\S))?$/is,
    build: (m, origin) => ({
      kind: 'reset',
      ruleFile: origin.ruleFile,
      ruleIndex: m[3] !== undefined ? ruleRef(m[2], m[3], origin) : null,
      desc: orDesc(stripParens(m[4] ?? '')),
    }),
  },
  {
    re: /^(getwpos)\s+(\S+)\s+([+-]?)0*([0-9]+)(?:\s+(.*\S))?$/is,
    build: (m, origin) => {
      const variable = variableName(m[2]);
      return {
        kind: 'getwpos',
        variable,
        ruleFile: origin.ruleFile,
        ruleIndex: ruleRef(m[3], m[4], origin),
        desc: orDesc(stripParens(m[5] ?? '')),
      };
    },
  },
  {
    re: /^(setwpos)\s+(\S+)\s+([+-]?)0*([0-9]+)(?:\s+(.*\S))?$/is,
    build: (m, origin) => ({
      kind: 'setwpos',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'setwpos'),
      ruleFile: origin.ruleFile,
      ruleIndex: ruleRef(m[3], m[4], origin),
      desc: orDesc(stripParens(m[5] ?? '')),
    }),
  },
  {
    re: /^(assign|assignsq)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m, _o, kw) => ({ kind: kw as 'assign', variable: variableName(m[2]), value: orDesc(stripParens(m[3] ?? '')) }),
  },
  { re: /^(free)\s+(\S+)$/is, build: (m) => ({ kind: 'free', variable: variableName(m[2]) }) },
  {
    re: /^(eval)\s+(\S+)\s+(.*\S)$/is,
    build: (m) => ({ kind: 'eval', variable: variableName(m[2]), code: stripParens(m[3]) }),
  },
  {
    re: /^(call)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m) => ({
      kind: 'call',
      variable: variableName(m[2]),
      codeVariable: variableName(m[3]),
      params: words(stripParens(m[4] ?? '')),
    }),
  },
  {
    re: /^(lcall)\s+(\S+)\s*(.*?)\s*(->|:>)\s*(.*\S)$/is,
    build: (m) => ({
      kind: 'lcall',
      variable: variableName(m[2]),
      params: words(stripParens(m[3])),
      func: stripParens(m[5]),
      withCache: m[4] === ':>',
    }),
  },
  {
    re: /^(rewrite)\s+(\S+)(?:\s+(.*\S))?$/is,
    build: (m) => ({
      kind: 'rewrite',
      count: nonEmpty(stripParens(m[2]), 'linecount', 'rewrite'),
      text: orDesc(stripParens(m[3] ?? '')),
    }),
  },
  {
    re: /^(addinput)\s+(\S+)(?:\s+(\S+)(?:\s+(\S+))?)?$/is,
    build: (m) => {
      const file = nonEmpty(stripParens(m[2]), 'filename', 'addinput');
      return {
        kind: 'addinput',
        file,
        offset: stripParens(m[3] ?? '') || '-',
        context: stripParens(m[4] ?? '') || `_FILE_EVENT_${file}`,
      };
    },
  },
  {
    re: /^(sigemul)\s+(\S+)$/is,
    build: (m) => ({ kind: 'sigemul', signal: nonEmpty(stripParens(m[2]), 'signal name', 'sigemul') }),
  },
  {
    re: /^(varset)\s+(\S+)\s+(\S+)$/is,
    build: (m) => {
      const variable = variableName(m[2]);
      return { kind: 'varset', variable, entry: nonEmpty(stripParens(m[3]), 'pattern match cache entry name', 'varset') };
    },
  },
];

function nestedList(text: string, origin: ActionListOrigin): Action[] {
  return /^\s*$/.test(text) ? [] : parseActions(text, origin);
}

/** if %v ( ... ) [else ( ... )] and while %v ( ... ): only parseable on the masked form. */
function parseControl(masked: string, parts: string[], origin: ActionListOrigin): Action | null {
  if (/^if\s/i.test(masked)) {
    const withElse = /^if\s+(\S+)\s+\0\s+else\s+\0$/is.exec(masked);
    const m = withElse ?? /^if\s+(\S+)\s+\0$/is.exec(masked);
    if (!m) throw new ActionParseError(`Invalid action '${restore(masked, parts)}'`);
    const variable = variableName(m[1]);
    const thenList = nestedList(parts[0], origin);
    const elseList = withElse ? nestedList(parts[1], origin) : [];
    if (thenList.length === 0 && elseList.length === 0) throw new ActionParseError('empty action lists given for if-else');
    return { kind: 'if', variable, then: thenList, else: elseList };
  }
  if (/^while\s/i.test(masked)) {
    const m = /^while\s+(\S+)\s+\0$/is.exec(masked);
    if (!m) throw new ActionParseError(`Invalid action '${restore(masked, parts)}'`);
    const variable = variableName(m[1]);
    if (/^\s*$/.test(parts[0])) throw new ActionParseError('empty action list given for while');
    return { kind: 'while', variable, body: parseActions(parts[0], origin) };
  }
  return null;
}

function restore(masked: string, parts: string[]): string {
  let i = 0;
  return masked.replace(/\0/g, () => `(${parts[i++]})`);
}

function parseAction(masked: string, parts: string[], origin: ActionListOrigin): Action {
  const control = parseControl(masked, parts, origin);
  if (control) return control;
  const text = restore(masked, parts);
  for (const row of ACTION_TABLE) {
    const m = row.re.exec(text);
    if (m) return row.build(m, origin, m[1].toLowerCase());
  }
  throw new ActionParseError(`Invalid action '${text}'`);
}

/** Parse an action list into actions; throws ActionParseError with SEC's reason. */
export function parseActions(text: string, origin: ActionListOrigin): Action[] {
  const trimmed = text.replace(/^\s+|\s+$/g, '');
  const masked = maskParens(trimmed);
  if (!masked) throw new ActionParseError(`Unbalanced parentheses found in action list '${trimmed}'`);
  const pieces = masked.masked.split(/\s*;\s*/);
  // Perl's split drops trailing empty fields
  while (pieces.length && pieces[pieces.length - 1] === '') pieces.pop();
  const actions: Action[] = [];
  let next = 0;
  for (const piece of pieces) {
    const count = piece.split(MASK).length - 1;
    actions.push(parseAction(piece, masked.parts.slice(next, next + count), origin));
    next += count;
  }
  return actions;
}

export function parseActionList(text: string, origin: ActionListOrigin): ActionList {
  return {
    actions: parseActions(text, origin),
    volatile: containsVars(text, '$'),
    volatileShadow: containsVars(text, '%'),
    source: text,
  };
}
