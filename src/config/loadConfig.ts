// Loading every --conf file: raw entries → typed rules, with faults logged
// in SEC's words, labels resolved to rule indexes, and Jump file sets.
import fs from '../modules/nodeFs.js';
import type { Logger } from '../log/logger.js';
import { ruleModule } from '../rules/index.js';
import { END_ALL, type MatchSpec, type Rule, type RuleFile } from '../rules/types.js';
import { expandGlobs } from './globs.js';
import { parseRule, RuleError } from './parseRule.js';
import { readRuleEntries } from './ruleFile.js';
import { textDigest } from './textDigest.js';
import { errnoText } from '../log/strerror.js';

export interface LoadedConfig {
  files: RuleFile[];
  /** Jump file set name → files that joined it. */
  cfsets: Map<string, RuleFile[]>;
  /** False when any rule, line or file was faulty (--testonly exits 1). */
  ok: boolean;
}

/** Largest number of lines any pattern needs (SEC's default for --bufsize). */
export function largestPatternLines(files: RuleFile[]): number {
  let max = 1;
  for (const f of files) {
    for (const r of f.rules) {
      if (r.type === 'Calendar') continue;
      const specs: MatchSpec[] = r.type === 'EventGroup' ? r.members : r.type === 'Pair' || r.type === 'PairWithWindow' ? [r, r.second] : [r];
      for (const s of specs) max = Math.max(max, s.pattern.lines);
    }
  }
  return max;
}

function resolveNext(spec: MatchSpec, ruleIndex: number, ruleCount: number, labels: Map<string, number>, warn: (m: string) => void, suffix: string): void {
  const c = spec.continue;
  switch (c.mode) {
    case 'TakeNext':
      spec.next = ruleIndex + 1;
      return;
    case 'DontCont':
      spec.next = ruleCount;
      return;
    case 'EndMatch':
      spec.next = END_ALL;
      return;
    case 'GoTo': {
      const target = labels.get(c.label);
      if (target === undefined) {
        warn(`label ${c.label} does not exist, assuming continue${suffix}=DontCont`);
      } else if (target <= ruleIndex) {
        warn(`can't go backwards to label ${c.label}, assuming continue${suffix}=DontCont`);
      } else {
        spec.next = target;
        return;
      }
      spec.continue = { mode: 'DontCont' };
      spec.next = ruleCount;
    }
  }
}

function resolveLabels(file: RuleFile, labels: Map<string, number>, log: Logger): void {
  const n = file.rules.length;
  for (const rule of file.rules) {
    const warn = (m: string): void => log.warn(`Rule in ${file.path} at line ${rule.line}: ${m}`);
    switch (rule.type) {
      case 'Calendar':
        break;
      case 'Suppress':
        rule.next = n;
        break;
      case 'EventGroup':
        rule.members.forEach((m, j) => {
          resolveNext(m, rule.index, n, labels, warn, j === 0 ? '' : String(j + 1));
        });
        break;
      case 'Pair':
      case 'PairWithWindow':
        resolveNext(rule, rule.index, n, labels, warn, '');
        resolveNext(rule.second, rule.index, n, labels, warn, '2');
        break;
      default:
        resolveNext(rule, rule.index, n, labels, warn, '');
    }
  }
}

/**
 * Whether anything reads a rule's match variables: the fields its module
 * puts them into, a context put together from them, a varmap saving them.
 * Rule types without the hook (Pair, EventGroup) always build them.
 */
function markVarsUsed(rule: Rule): void {
  const readsMatchVars = ruleModule(rule).readsMatchVars;
  if (!readsMatchVars || !('pattern' in rule)) return;
  const context = rule.context;
  rule.varsUsed = readsMatchVars(rule) || rule.varmap !== null || (context !== null && !context.preEval && context.volatile);
}

/** Read one rule file; returns the file and whether it was free of faults. */
export function loadRuleFile(path: string, bufsize: number, log: Logger): { file: RuleFile; ok: boolean } {
  let text = '';
  let digest: string | null = null;
  const file: RuleFile = {
    path,
    rules: [],
    options: { jumpOnly: false, joinCfsets: [] },
    // made when a state is saved or restored, not at every start
    get digest(): string {
      digest ??= textDigest(text);
      return digest;
    },
  };
  log.notice(`Reading configuration from ${path}`);
  try {
    text = fs.readFileSync(path, 'latin1');
  } catch (e) {
    // Perl opens a directory fine and then reads no lines from it
    if ((e as NodeJS.ErrnoException).code !== 'EISDIR') {
      log.error(`Can't open configuration file ${path} (${errnoText(e)})`);
      return { file, ok: false };
    }
    text = '';
  }
  let ok = true;
  const labels = new Map<string, number>();
  for (const entry of readRuleEntries(text)) {
    switch (entry.kind) {
      case 'label':
        labels.set(entry.name, file.rules.length);
        break;
      case 'formatError':
        log.error(`${path} line ${entry.line} (${entry.text}): Line not in keyword=value format or non-alphanumeric keyword`);
        ok = false;
        break;
      case 'duplicate':
        log.warn(`Several '${entry.keyword}' keywords specified, overriding previous value '${entry.previous}' with '${entry.value}'`);
        break;
      case 'rule': {
        const prefix = `Rule in ${path} at line ${entry.line}:`;
        try {
          const parsed = parseRule(
            entry.fields,
            { file: path, index: file.rules.length, line: entry.line, bufsize },
            {
              warn: (m) => log.warn(`${prefix} ${m}`),
              note: (m) => log.notice(`${prefix} ${m}`),
            },
          );
          if (parsed.kind === 'rule') file.rules.push(parsed.rule);
          else file.options = parsed.options;
        } catch (e) {
          if (!(e instanceof RuleError)) throw e;
          if (e.unprefixed) log.error(e.unprefixed);
          for (const reason of e.reasons) log.error(`${prefix} ${reason}`);
          ok = false;
        }
      }
    }
  }
  if (file.rules.length) {
    resolveLabels(file, labels, log);
    for (const rule of file.rules) markVarsUsed(rule);
    log.debug(`${file.rules.length} rules loaded from ${path}`);
  } else {
    log.warn(`No valid rules found in configuration file ${path}`);
  }
  return { file, ok };
}

/**
 * Load every rule file named by the --conf patterns, in command-line order.
 * `unchanged` gives the rules already loaded from a file that need no new
 * reading (a soft restart keeps files that were not modified, unread).
 */
export function loadConfig(patterns: string[], bufsize: number, log: Logger, unchanged?: (path: string) => RuleFile | undefined): LoadedConfig {
  const files: RuleFile[] = [];
  let ok = true;
  for (const path of expandGlobs(patterns)) {
    const kept = unchanged?.(path);
    if (kept) {
      files.push(kept);
      continue;
    }
    const loaded = loadRuleFile(path, bufsize, log);
    files.push(loaded.file);
    ok &&= loaded.ok;
  }
  const cfsets = new Map<string, RuleFile[]>();
  for (const f of files) {
    for (const set of f.options.joinCfsets) {
      const list = cfsets.get(set) ?? [];
      list.push(f);
      cfsets.set(set, list);
    }
  }
  return { files, cfsets, ok };
}

export type { Rule };
