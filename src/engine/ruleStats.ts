// Rule statistics: for each rule, how many events it was tried on (its
// pattern was evaluated; rules passed over by the literal scan are not
// tried), how many it matched and, with --rulestats, the time spent in it.
// Counting is a typed-array increment, so it is always on; timing reads the
// clock twice per rule tried, so it waits for the option.
import type { Rule, RuleFile } from '../rules/types.js';

export interface FileStats {
  readonly tried: Float64Array;
  readonly matched: Float64Array;
  /** Milliseconds spent trying each rule (with timing only). */
  readonly ms: Float64Array;
}

export interface RuleStatsRow {
  file: string;
  rule: number;
  line: number;
  type: Rule['type'];
  desc: string;
  tried: number;
  matched: number;
  /** Milliseconds; null without timing. */
  ms: number | null;
}

export class RuleStats {
  private readonly byFile = new Map<string, FileStats>();

  /** `timed`: measure the time spent in each rule (--rulestats). */
  constructor(public timed = false) {}

  /** The file path last counted for and its counters: one event counts for the same file many times. */
  private lastPath: string | null = null;
  private lastStats: FileStats | undefined;

  /** The counters of a rule file, made on first use (a reloaded file starts again from zero). */
  of(file: RuleFile): FileStats {
    let stats = this.statsOf(file.path);
    if (!stats || stats.tried.length !== file.rules.length) {
      const n = file.rules.length;
      stats = { tried: new Float64Array(n), matched: new Float64Array(n), ms: new Float64Array(n) };
      this.byFile.set(file.path, stats);
      this.lastPath = null;
    }
    return stats;
  }

  countMatch(rule: Rule): void {
    const stats = this.statsOf(rule.file);
    if (stats) stats.matched[rule.index]++;
  }

  private statsOf(path: string): FileStats | undefined {
    if (path !== this.lastPath) {
      this.lastStats = this.byFile.get(path);
      this.lastPath = path;
    }
    return this.lastStats;
  }

  matched(rule: Rule): number {
    return this.byFile.get(rule.file)?.matched[rule.index] ?? 0;
  }

  clear(): void {
    this.byFile.clear();
    this.lastPath = null;
  }

  /** One row per rule of `files`, in file and rule order. */
  rows(files: readonly RuleFile[]): RuleStatsRow[] {
    return files.flatMap((file) => {
      const s = this.of(file);
      return file.rules.map((r) => ({
        file: file.path,
        rule: r.index + 1,
        line: r.line,
        type: r.type,
        desc: r.desc,
        tried: s.tried[r.index],
        matched: s.matched[r.index],
        ms: this.timed ? s.ms[r.index] : null,
      }));
    });
  }

  /** The statistics as an aligned text table, busiest rules first when timed. */
  table(files: readonly RuleFile[], events: number): string {
    const rows = this.rows(files);
    if (this.timed) rows.sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0));
    const totalMs = rows.reduce((sum, r) => sum + (r.ms ?? 0), 0);
    const head = ['file', 'rule', 'line', 'type', 'tried', 'matched', ...(this.timed ? ['ms', 'share'] : []), 'desc'];
    const body = rows.map((r) => [
      r.file,
      String(r.rule),
      String(r.line),
      r.type,
      String(r.tried),
      String(r.matched),
      ...(this.timed ? [(r.ms ?? 0).toFixed(1), totalMs > 0 ? `${((100 * (r.ms ?? 0)) / totalMs).toFixed(1)}%` : '-'] : []),
      r.desc,
    ]);
    const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
    const numeric = new Set(['rule', 'line', 'tried', 'matched', 'ms', 'share']);
    const format = (row: string[]): string =>
      row
        .map((cell, k) => (k === row.length - 1 ? cell : numeric.has(head[k]) ? cell.padStart(widths[k]) : cell.padEnd(widths[k])))
        .join('  ')
        .trimEnd();
    return `Rule statistics: ${events} events processed\n${[head, ...body].map(format).join('\n')}\n`;
  }
}
