// The SIGUSR1 dump: program information, rule statistics and the whole
// correlation state, as text in SEC's layout or as JSON (--dumpfjson).
import fs from '../modules/nodeFs.js';
import type { Context } from '../context/store.js';
import { perlLocaltime } from '../time/localtime.js';
import type { Engine } from './engine.js';
import { LogLevel } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';

export interface DumpInfo {
  version: string;
  startedAt: number;
  configLoadedAt: number;
  options: string;
  /** Replay on event time (extension): the format, and lines dated before the clock so far. */
  eventTime?: { describe: string; heldBack: number };
}

const RULER = '='.repeat(60);

function describeContext(name: string, c: Context, now: number): string[] {
  const lines = [`Context Name: ${name}`, `Creation Time: ${perlLocaltime(c.created)}`];
  lines.push(c.lifetime > 0 ? `Lifetime: ${c.lifetime} seconds (${c.created + c.lifetime - now} seconds left)` : 'Lifetime: infinite');
  if (c.names.length > 1) lines.push(`Aliases: ${c.names.join(' ')}`);
  if (c.expiryActions.length) lines.push(`Action on expire: ${c.expiryActions.map((a) => a.kind).join('; ')} (desc: ${c.desc})`);
  lines.push(`${c.events.length} events associated with context:`);
  return lines.concat(c.events);
}

/** The dump as SEC-style text. */
export function dumpText(engine: Engine, info: DumpInfo): string {
  const now = engine.clock.seconds();
  const out: string[] = [];
  const section = (title: string): void => {
    out.push('', `${title}:`, RULER);
  };
  out.push('Program information:', RULER);
  out.push(`Program version: ${info.version}`);
  out.push(`Time of the start: ${perlLocaltime(info.startedAt)}`);
  out.push(`Time of the last configuration load: ${perlLocaltime(info.configLoadedAt)}`);
  out.push(`Time of the dump: ${perlLocaltime(now)}`);
  out.push(`Program options: ${info.options}`);
  if (info.eventTime) out.push(`Event time (${info.eventTime.describe}): ${info.eventTime.heldBack} line(s) dated before the clock`);
  out.push(`Effective user ID: ${process.geteuid?.() ?? ''}`, `Effective group ID: ${process.getegid?.() ?? ''}`);
  section('Performance statistics');
  const cpu = process.cpuUsage();
  out.push(`Run time: ${now - info.startedAt} seconds`);
  out.push(`User time: ${(cpu.user / 1e6).toFixed(2)} seconds`, `System time: ${(cpu.system / 1e6).toFixed(2)} seconds`);
  out.push(`Processed input lines: ${engine.processedEvents}`);
  section('Rule usage statistics');
  for (const f of engine.config.files) {
    out.push('', `Statistics for the rules from ${f.path}`, '-'.repeat(60));
    for (const r of f.rules) {
      const perf = engine.rulePerf?.get(r);
      const extra = engine.rulePerf ? `, processed ${perf?.events ?? 0} events, used ${(perf?.cpuSeconds ?? 0).toFixed(2)} seconds of CPU time` : '';
      out.push(`Rule ${r.index + 1} at line ${r.line} (${r.desc}) has matched ${engine.ruleStats.matched(r)} events${extra}`);
    }
  }
  if (engine.ruleStats.timed) {
    section('Rule statistics (sec-ts)');
    out.push(...engine.ruleStats.table(engine.config.files, engine.processedEvents).trimEnd().split('\n'));
  }
  section('List of event correlation operations');
  for (const op of engine.operations.toJSON()) {
    out.push(
      `Operation key: ${op.key}`,
      `Type: ${op.type}, started ${perlLocaltime(op.started)}, window start ${perlLocaltime(op.time)}, window ${op.window} seconds`,
      '',
    );
  }
  out.push(`Total: ${engine.operations.size} elements`);
  section('List of contexts');
  const contexts = engine.contexts.contexts().filter((c) => !c.internal);
  for (const c of contexts) {
    for (const line of describeContext(c.names[0], c, now)) out.push(line);
    out.push('');
  }
  out.push(`Total: ${contexts.length} elements`);
  section('Pending events');
  for (const e of engine.delayed.toJSON()) out.push(`Event '${e.text}' (context ${e.context}) at ${perlLocaltime(e.due)}`);
  section('Action list variables');
  for (const [k, v] of Object.entries(engine.variables.toJSON())) out.push(`%${k} = '${v ?? ''}'`);
  section('Child processes');
  out.push(`Total: ${engine.sinks.children.count} elements`);
  return `${out.join('\n')}\n`;
}

/** The dump as JSON: the same information as plain data. */
export function dumpJson(engine: Engine, info: DumpInfo): string {
  return `${JSON.stringify(
    {
      program: {
        ...info,
        eventTime: info.eventTime && { describe: info.eventTime.describe, heldBack: info.eventTime.heldBack },
        dumpedAt: engine.clock.seconds(),
        processedEvents: engine.processedEvents,
      },
      ruleStats: engine.ruleStats.rows(engine.config.files),
      rules: engine.config.files.map((f) => ({
        file: f.path,
        rules: f.rules.map((r) => ({
          index: r.index,
          line: r.line,
          type: r.type,
          desc: r.desc,
          matched: engine.ruleStats.matched(r),
          perf: engine.rulePerf?.get(r),
        })),
      })),
      ...engine.snapshot(),
      children: engine.sinks.children.count,
    },
    null,
    1,
  )}\n`;
}

/**
 * Write the dump to `file` (with `.<epoch>` appended for --dumpfts). Like
 * SEC, an existing file is never overwritten. Returns what SEC logs about it.
 */
export function writeDump(engine: Engine, info: DumpInfo, file: string, opts: { json: boolean; timestamp: boolean }): { level: LogLevel; message: string } {
  const name = opts.timestamp ? `${file}.${engine.clock.seconds()}` : file;
  if (fs.existsSync(name)) return { level: LogLevel.WARN, message: `Can't write to dumpfile: ${name} exists` };
  try {
    fs.writeFileSync(name, opts.json ? dumpJson(engine, info) : dumpText(engine, info), { encoding: 'latin1', flag: 'wx' });
    return { level: LogLevel.DEBUG, message: `Dump to ${name} completed` };
  } catch (e) {
    return { level: LogLevel.ERR, message: `Can't open dumpfile ${name} (${errnoText(e)})` };
  }
}
