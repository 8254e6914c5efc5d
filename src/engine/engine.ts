// The correlation engine: takes one event at a time through the rule files,
// runs what matches, and once per second expires contexts and operations
// and releases delayed events. It never reads input or sleeps itself: the
// main loop (or a test) feeds it events and moves its clock.
import { jsCallTrue } from '../context/jsOperands.js';
import { perlCallTrue, perlCodeTrue } from '../context/perlOperands.js';
import { ActionExecutor } from '../actions/execute.js';
import type { ActionHost } from '../actions/family.js';
import { mapActionStrings } from '../actions/registry.js';
import type { Action, ActionList } from '../actions/types.js';
import { ActionVariables } from '../actions/variables.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import { evaluateContext, substituteContext, type ContextExpression, type ContextToken } from '../context/expression.js';
import { ContextStore } from '../context/store.js';
import { LogLevel, type Logger } from '../log/logger.js';
import { escapePercent, isEmptyVars, substituteVars, type MatchCache, type MatchVars } from '../patterns/matchVars.js';
import { matchPattern } from '../patterns/pattern.js';
import { calendarMatches } from '../rules/calendarTime.js';
import {
  END_ALL,
  type CalendarRule,
  type EventGroupRule,
  type JumpRule,
  type SingleWithScriptRule,
  type MatchSpec,
  type PairRule,
  type Rule,
  type RuleFile,
} from '../rules/types.js';
import { processEventGroup } from '../operations/eventGroup.js';
import { expireOperation } from '../operations/expire.js';
import type { CorrelationHost } from '../operations/host.js';
import { completePairs, startPair } from '../operations/pair.js';
import { OperationStore } from '../operations/store.js';
import { processSuppress } from '../operations/suppress.js';
import { processThreshold, processThreshold2, slideTimes } from '../operations/threshold.js';
import { slideEvents } from '../operations/eventGroup.js';
import { operationKey, windowPassed } from '../operations/types.js';
import type { Clock } from '../time/clock.js';
import { perlLocaltime } from '../time/localtime.js';
import type { Sinks } from '../sinks/index.js';
import { InputBuffers } from './buffers.js';
import { DelayedEvents } from './delayedEvents.js';
import { RuleStats } from './ruleStats.js';
import { PAIR_GATE, RuleCandidates } from './candidates.js';

export interface EngineOptions {
  bufsize: number;
  jointbuf: boolean;
  evstoresize: number;
  cleantime: number;
  intcontexts: boolean;
  quoting: boolean;
  /** --socket-timeout: seconds a tcpsock/ustream connection may take to come up. */
  socketTimeout: number;
  /** --max-children: most child processes at once (0: no limit). */
  maxChildren?: number;
  /** %.chr32..%.chr255 are defined (SEC 2.9.3 and later, --compat). */
  allCharVariables?: boolean;
  /** Event group Perl patterns get the events' times too (SEC 2.9.2 and later, --compat). */
  eventGroupTimes?: boolean;
}

interface QueuedEvent {
  text: string;
  context: string;
}

export class Engine implements ActionHost, CorrelationHost {
  readonly contexts = new ContextStore();
  readonly variables: ActionVariables;
  readonly eventGroupTimes: boolean;
  readonly operations = new OperationStore();
  readonly delayed = new DelayedEvents();
  buffers: InputBuffers;
  readonly executor: ActionExecutor;
  private readonly queue: QueuedEvent[] = [];
  private queueHead = 0;
  private lastSweep = -Infinity;
  private mainFiles: RuleFile[] = [];
  private candidates = new RuleCandidates([]);
  private calendarRules: { rule: CalendarRule; lastFired: string }[] = [];
  private readonly warnedUnsupported = new Set<string>();
  /** One context record, aliased under each event's internal context name. */
  private readonly internalContext = {
    names: [] as string[],
    created: 0,
    lifetime: 0,
    events: [] as string[],
    eventTimes: [] as number[],
    expiryActions: [] as Action[],
    desc: 'SEC internal',
    internal: true,
  };

  constructor(
    public config: LoadedConfig,
    public options: EngineOptions,
    readonly clock: Clock,
    readonly log: Logger,
    /** Where actions deliver; the caller builds them once. */
    readonly sinks: Sinks,
  ) {
    this.variables = new ActionVariables(clock, options.allCharVariables ?? false);
    this.eventGroupTimes = options.eventGroupTimes ?? false;
    sinks.configure(options);
    this.buffers = new InputBuffers(options.bufsize, options.jointbuf);
    this.executor = new ActionExecutor(this);
    this.useConfig(config);
    this.internalContext.created = clock.seconds();
  }

  /** Compile what matching needs from the rule files. */
  private useConfig(config: LoadedConfig): void {
    this.config = config;
    this.mainFiles = config.files.filter((f) => !f.options.jumpOnly);
    this.candidates = new RuleCandidates(config.files);
    this.calendarRules = config.files.flatMap((f) => f.rules.filter((r): r is CalendarRule => r.type === 'Calendar').map((rule) => ({ rule, lastFired: '' })));
    this.ruleStats.clear();
    this.rulePerf?.clear();
  }

  /** Full restart: new rules and no state at all (contexts, operations, variables, events). */
  restart(config: LoadedConfig, options: EngineOptions): void {
    this.contexts.clear();
    this.operations.clear();
    this.variables.clear();
    this.delayed.clear();
    this.queue.length = 0;
    this.queueHead = 0;
    this.buffers = new InputBuffers(options.bufsize, options.jointbuf);
    this.options = options;
    this.sinks.configure(options);
    this.useConfig(config);
  }

  /**
   * Soft restart: new rules, the same contexts and variables; operations
   * started by the rule files in `changed` end (their rules may be gone).
   */
  reload(config: LoadedConfig, options: EngineOptions, changed: string[]): void {
    const operations = this.operations.toJSON();
    for (const file of changed) {
      const ended = operations.filter((op) => op.file === file);
      this.log.debug(`Terminating all event correlation operations started from ${file}, number of operations: ${ended.length}`);
      for (const op of ended) this.operations.delete(op.key);
    }
    if (options.bufsize !== this.options.bufsize || options.jointbuf !== this.options.jointbuf) {
      this.buffers = new InputBuffers(options.bufsize, options.jointbuf);
    }
    this.options = options;
    this.sinks.configure(options);
    this.useConfig(config);
  }

  get bufsize(): number {
    return this.options.bufsize;
  }

  get quoting(): boolean {
    return this.options.quoting;
  }

  get evstoresize(): number {
    return this.options.evstoresize;
  }

  // ---- feeding events -------------------------------------------------

  /**
   * Process one input line from `source` (a file name or '-'), then every
   * synthetic event it caused, sweeping timers between events as SEC does.
   */
  feedLine(line: string, source: string, intContext?: string): void {
    this.processEvent(line, source, this.internalName(intContext ?? `_FILE_EVENT_${source}`));
    this.maybeSweep();
    this.drainQueue();
  }

  /** Process queued synthetic events until none is left. */
  drainQueue(): void {
    while (this.queueHead < this.queue.length) {
      const ev = this.queue[this.queueHead++];
      if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
        this.queue.splice(0, this.queueHead);
        this.queueHead = 0;
      }
      this.processEvent(ev.text, null, this.internalName(ev.context));
      this.maybeSweep();
    }
  }

  get pendingEvents(): number {
    return this.queue.length - this.queueHead;
  }

  /** The internal context an event carries: only with --intcontexts. */
  private internalName(context: string): string | undefined {
    return this.options.intcontexts ? context : undefined;
  }

  /** Number of events processed (input lines and synthetic events). */
  processedEvents = 0;
  /** Per rule: events tried and matched, and time spent with --rulestats (for dumps and the exit report). */
  readonly ruleStats = new RuleStats();
  /** --ruleperf: CPU time and events seen per rule (for dumps); null when off. */
  rulePerf: Map<Rule, { cpuSeconds: number; events: number }> | null = null;

  private counted(rule: Rule): void {
    this.ruleStats.countMatch(rule);
  }

  /**
   * Take one event (input or synthetic) through all main rule files, with
   * the internal context `intName` alive while it is processed.
   */
  processEvent(text: string, source: string | null, intName: string | undefined): void {
    this.processedEvents++;
    if (intName !== undefined) this.enterInternalContext(intName);
    this.buffers.push(text, source, intName);
    try {
      for (const file of this.mainFiles) {
        if (this.processRules(file, null)) break;
      }
    } catch (e) {
      // one event never takes the process down: say where it failed and go on with the next
      const where = this.currentRule ? ` with the rule in ${this.currentRule.file} at line ${this.currentRule.line}` : '';
      this.internalError(`processing event '${text}'${where}`, e);
    } finally {
      this.currentRule = null;
      if (intName !== undefined) this.leaveInternalContext(intName);
    }
  }

  /** The rule being tried for the current event, for the message when something fails inside it. */
  private currentRule: Rule | null = null;

  /** Log a failure of our own code (not of the rules) and carry on. */
  internalError(what: string, e: unknown): void {
    const err = e instanceof Error ? e : new Error(String(e));
    this.log.error(`Internal error while ${what}: ${err.message}`);
    if (err.stack) this.log.debug(err.stack.replace(/\n\s*/g, ' | '));
  }

  /** Run `fn`; an exception is logged as an internal error while doing `what`, and swallowed. */
  guarded(what: () => string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.internalError(what(), e);
    }
  }

  /**
   * SEC's internal events (SEC_STARTUP, SEC_SHUTDOWN, SEC_RESTART...): the
   * context SEC_INTERNAL_EVENT is alive and is $+{_intcontext}, whatever
   * --intcontexts says.
   */
  processInternalEvent(text: string): void {
    this.log.log(LogLevel.INFO, "Creating SEC internal context 'SEC_INTERNAL_EVENT'");
    this.log.log(LogLevel.INFO, `Creating SEC internal event '${text}'`);
    this.processEvent(text, null, 'SEC_INTERNAL_EVENT');
    this.log.log(LogLevel.INFO, "Deleting SEC internal context 'SEC_INTERNAL_EVENT'");
  }

  private enterInternalContext(name: string): void {
    this.internalContext.names.push(name);
    this.contexts.byName.set(name, this.internalContext);
  }

  private leaveInternalContext(name: string): void {
    this.contexts.byName.delete(name);
    this.internalContext.names = this.internalContext.names.filter((n) => n !== name);
  }

  // ---- rules ----------------------------------------------------------

  /** Run the rules of one file; true when matching must stop in all files (EndMatch). */
  private processRules(file: RuleFile, trace: Set<string> | null): boolean {
    const rules = file.rules;
    const view = this.candidates.of(file);
    const stats = this.ruleStats.of(file);
    const timed = this.ruleStats.timed;
    let i = 0;
    while (i < rules.length) {
      // an action may have rewritten the event: the scan follows its version
      const version = this.buffers.version;
      this.candidates.prepare(this.buffers.line, version);
      const from = i;
      i = this.candidates.nextRule(view, i, version);
      if (this.rulePerf) for (let skipped = from; skipped < i; skipped++) this.perfOf(rules[skipped]).events++;
      if (i === rules.length) break;
      const rule = rules[i];
      stats.tried[i]++;
      // the rule itself, not a new object: this runs for every rule tried on every event
      this.currentRule = rule;
      const started = timed ? performance.now() : 0;
      if (this.rulePerf) {
        const cpu = process.cpuUsage();
        i = this.matchAny(file, rule, trace);
        const used = process.cpuUsage(cpu);
        const perf = this.perfOf(rule);
        perf.cpuSeconds += (used.user + used.system) / 1e6;
        perf.events++;
      } else {
        i = this.matchAny(file, rule, trace);
      }
      if (timed) stats.ms[rule.index] += performance.now() - started;
      if (i === END_ALL) return true;
    }
    return false;
  }

  private perfOf(rule: Rule): { cpuSeconds: number; events: number } {
    let perf = this.rulePerf?.get(rule);
    if (!perf) {
      perf = { cpuSeconds: 0, events: 0 };
      this.rulePerf?.set(rule, perf);
    }
    return perf;
  }

  private matchAny(file: RuleFile, rule: Rule, trace: Set<string> | null): number {
    switch (rule.type) {
      case 'Calendar':
        return rule.index + 1;
      case 'Pair':
      case 'PairWithWindow':
        return this.matchPairRule(file, rule);
      case 'EventGroup':
        return this.matchEventGroupRule(file, rule);
      default:
        return this.matchRule(file, rule, trace);
    }
  }

  /** Whether the pattern in slot (rule, key) cannot match the current event, by its literals. */
  private ruledOut(file: RuleFile, rule: number, key: number): boolean {
    const version = this.buffers.version;
    this.candidates.prepare(this.buffers.line, version);
    return this.candidates.rulesOut(this.candidates.of(file), rule, key, version);
  }

  /** Match variables of `spec` against the current event, with its context; null if it does not apply. */
  private matchSpec(file: RuleFile, rule: number, key: number, spec: MatchSpec): MatchVars | null {
    const ctx = spec.context;
    if (ctx?.preEval && !evaluateContext(ctx.tokens, this)) return null;
    if (this.ruledOut(file, rule, key)) return null;
    const vars = matchPattern(spec.pattern, this.buffers, spec.varmap);
    if (vars === null) return null;
    if (ctx && !ctx.preEval && !evaluateContext(this.contextFor(ctx, vars), this)) return null;
    return vars;
  }

  private matchPairRule(file: RuleFile, rule: PairRule): number {
    const vars = this.matchSpec(file, rule.index, 0, rule);
    if (vars !== null) {
      this.counted(rule);
      startPair(this, rule, vars);
      return rule.next;
    }
    // the gate (pattern2 with any values) failing rules out every operation at once
    if (this.ruledOut(file, rule.index, PAIR_GATE)) return rule.index + 1;
    if (!completePairs(this, rule)) return rule.index + 1;
    this.counted(rule);
    return rule.second.next;
  }

  private matchEventGroupRule(file: RuleFile, rule: EventGroupRule): number {
    for (let i = 0; i < rule.members.length; i++) {
      const vars = this.matchSpec(file, rule.index, i, rule.members[i]);
      if (vars !== null) {
        this.counted(rule);
        processEventGroup(this, rule, i, vars);
        return rule.members[i].next;
      }
    }
    return rule.index + 1;
  }

  contextFor(expr: ContextExpression, vars: MatchVars | null): ContextToken[] {
    return vars && expr.volatile && !isEmptyVars(vars) ? substituteContext(expr.tokens, vars, this.buffers.cache) : expr.tokens;
  }

  contextHolds(tokens: ContextToken[]): boolean {
    return evaluateContext(tokens, this);
  }

  now(): number {
    return this.clock.seconds();
  }

  run(actions: readonly Action[], desc: string): void {
    this.executor.run(actions, desc);
  }

  /** Match one single-pattern rule; returns the index of the next rule to try. */
  private matchRule(file: RuleFile, rule: Rule & MatchSpec, trace: Set<string> | null): number {
    const ctx = rule.context;
    if (ctx?.preEval && !evaluateContext(ctx.tokens, this)) return rule.index + 1;
    if (this.ruledOut(file, rule.index, 0)) return rule.index + 1;
    const vars = matchPattern(rule.pattern, this.buffers, rule.varmap);
    if (vars === null) return rule.index + 1;
    if (ctx && !ctx.preEval && !evaluateContext(this.contextFor(ctx, vars), this)) return rule.index + 1;
    this.counted(rule);
    switch (rule.type) {
      case 'Suppress':
        return rule.next;
      case 'Jump':
        return this.jump(file, rule, vars, trace) ? END_ALL : rule.next;
      case 'Single': {
        const desc = this.substituteDesc(rule.desc, vars);
        this.executor.run(this.substituteActions(rule.action, vars), desc);
        return rule.next;
      }
      case 'SingleWithSuppress':
        processSuppress(this, rule, vars);
        return rule.next;
      case 'SingleWithThreshold':
        processThreshold(this, rule, vars);
        return rule.next;
      case 'SingleWithScript':
        this.runScript(rule, vars);
        return rule.next;
      case 'SingleWith2Thresholds':
        processThreshold2(this, rule, vars);
        return rule.next;
      default:
        return rule.index + 1;
    }
  }

  /**
   * SingleWithScript: run the script with the names of all contexts on its
   * standard input; action on exit code 0, action2 otherwise, when it ends.
   */
  private runScript(rule: SingleWithScriptRule, vars: MatchVars): void {
    const desc = this.substituteDesc(rule.desc, vars);
    const action = this.substituteActions(rule.action, vars);
    const action2 = this.substituteActions(rule.action2, vars);
    const subst = (s: string): string => this.substituteDesc(s, vars);
    const script = typeof rule.script === 'string' ? subst(rule.script) : rule.script.map(subst);
    this.sinks.children.start(script, [...this.contexts.byName.keys()], {
      onExit: (code) => {
        this.guarded(
          () => `running the action of the SingleWithScript rule in ${rule.file} at line ${rule.line}`,
          () => this.run(code === 0 ? action : action2, desc),
        );
        this.maybeSweep();
        this.drainQueue();
      },
    });
  }

  substituteDesc(desc: string, vars: MatchVars): string {
    return isEmptyVars(vars) ? desc : substituteVars(desc, vars, this.buffers.cache);
  }

  substituteActions(list: ActionList | null, vars: MatchVars): Action[] {
    if (!list) return [];
    if (!list.volatile || isEmptyVars(vars)) return list.actions;
    const escaped = escapePercent(vars);
    const cache = this.buffers.cache;
    return mapActionStrings(list.actions, (s) => substituteVars(s, escaped, cache));
  }

  /** Jump: run the rule files of each named set; true if one of them said EndMatch. */
  private jump(file: RuleFile, rule: JumpRule, vars: MatchVars, trace: Set<string> | null): boolean {
    if (!rule.cfset) return false;
    const seen = trace ?? new Set<string>();
    const sets = !rule.constset && !isEmptyVars(vars) ? rule.cfset.map((s) => substituteVars(s, vars, this.buffers.cache)) : rule.cfset;
    for (const set of sets) {
      if (seen.has(set)) {
        this.log.warn(`Can't jump to fileset '${set}' from ${file.path}, loop detected`);
        continue;
      }
      const files = this.config.cfsets.get(set);
      if (!files) {
        this.log.warn(`Can't jump to fileset '${set}' from ${file.path}, set does not exist`);
        continue;
      }
      seen.add(set);
      for (const f of files) {
        if (this.processRules(f, seen)) {
          seen.delete(set);
          return true;
        }
      }
      seen.delete(set);
    }
    return false;
  }

  // ---- time -------------------------------------------------------------

  /** Sweep if a new --cleantime period has begun. */
  maybeSweep(): void {
    const now = this.clock.seconds();
    if (now - this.lastSweep >= this.options.cleantime) {
      this.sweep();
      this.lastSweep = this.clock.seconds();
    }
  }

  /** SEC's once-a-second housekeeping: expire contexts, release delayed events, Calendar, operations. */
  sweep(): void {
    for (const ctx of this.contexts.takeExpired(this.clock.seconds())) {
      const name = ctx.names.find((n) => this.contexts.get(n) === ctx);
      if (name !== undefined)
        this.guarded(
          () => `expiring context '${name}'`,
          () => this.isContextAlive(name),
        );
    }
    const now = this.clock.seconds();
    for (const ev of this.delayed.takeDue(now)) {
      this.log.debug(`Creating event '${ev.text}'`);
      this.queue.push({ text: ev.text, context: ev.context });
    }
    this.sinks.sweep();
    this.runCalendar(now);
    for (const op of this.operations.takeExpired(now)) {
      // an earlier expiry action may have reset this operation or moved its window
      if (this.operations.get(op.key) !== op || !windowPassed(op, this.clock.seconds())) continue;
      this.guarded(
        () => `ending event correlation operation '${op.key}'`,
        () => expireOperation(this, op, this.clock.seconds()),
      );
    }
  }

  private runCalendar(now: number): void {
    if (!this.calendarRules.length) return;
    const d = new Date(now * 1000);
    const minuteStamp = `${d.getFullYear()}-${d.getMonth()}-${d.getDate()} ${d.getHours()}:${d.getMinutes()}`;
    for (const entry of this.calendarRules) {
      if (entry.lastFired === minuteStamp || !calendarMatches(entry.rule.time, d)) continue;
      this.guarded(
        () => `running the Calendar rule in ${entry.rule.file} at line ${entry.rule.line}`,
        () => {
          if (!entry.rule.context || evaluateContext(entry.rule.context.tokens, this)) {
            entry.lastFired = minuteStamp;
            this.executor.run(entry.rule.action.actions, entry.rule.desc);
          }
        },
      );
    }
  }

  // ---- ActionHost ---------------------------------------------------------

  isContextAlive(name: string): boolean {
    const ctx = this.contexts.get(name);
    if (!ctx) return false;
    if (!ContextStore.isStale(ctx, this.clock.seconds())) return true;
    if (ctx.deleting) return false;
    this.log.debug(`Deleting stale context '${name}'`);
    if (ctx.expiryActions.length) {
      ctx.deleting = true;
      const previous = this.contexts.byName.get('_THIS');
      this.contexts.byName.set('_THIS', ctx);
      this.executor.run(ctx.expiryActions, ctx.desc);
      if (previous) this.contexts.byName.set('_THIS', previous);
      else this.contexts.byName.delete('_THIS');
    }
    this.contexts.remove(ctx);
    for (const n of ctx.names) this.log.debug(`Stale context '${n}' deleted`);
    return false;
  }

  expireContext(name: string): void {
    const ctx = this.contexts.get(name);
    if (!ctx) return;
    ctx.lifetime = -1;
    this.isContextAlive(name);
  }

  hasCacheEntry(entry: string): boolean {
    return this.buffers.cache.has(entry);
  }

  matchCache(): MatchCache {
    return this.buffers.cache;
  }

  perlCallTrue(t: Extract<ContextToken, { op: 'perlCall' }>): boolean {
    return perlCallTrue(t, this.buffers.cache, this.log);
  }

  perlCodeTrue(code: string): boolean {
    return perlCodeTrue(code, this.log);
  }

  jsCallTrue(t: Extract<ContextToken, { op: 'jsCall' }>): boolean {
    return jsCallTrue(t, this.buffers.cache, this.log);
  }

  /** Called when work arrives outside input processing (spawned children's lines). */
  onAsyncWork: () => void = () => undefined;
  /** Called by the sigemul action; the runtime acts on it after the current event. */
  onSignal: (name: string) => void = (name) => this.unsupported(`sigemul ${name}`);

  emulateSignal(name: string): void {
    this.onSignal(name);
  }

  /** The input list, for addinput and dropinput (the CLI connects it). */
  inputs: { add(file: string, offset: string, context: string): void; drop(file: string): void } | null = null;

  addInput(file: string, offset: string, context: string): void {
    if (this.inputs) this.inputs.add(file, offset, context);
    else this.unsupported('addinput');
  }

  dropInput(file: string): void {
    if (this.inputs) this.inputs.drop(file);
    else this.unsupported('dropinput');
  }

  spawn(command: string | string[], context: string): void {
    this.sinks.children.start(command, null, {
      onLine: (line) => {
        this.log.debug(`Creating event '${line}' (received from child)`);
        this.queue.push({ text: line, context });
        this.onAsyncWork();
      },
    });
  }

  emitEvent(text: string, delay: number, context: string): void {
    if (delay > 0) this.delayed.add(this.clock.seconds() + delay, text, context);
    else this.queue.push({ text, context });
  }

  resetOperations(file: string, ruleIndex: number | null, desc: string): void {
    if (ruleIndex !== null) {
      this.log.debug(`Terminating event correlation operation '${operationKey(file, ruleIndex, desc)}'`);
      this.operations.delete(operationKey(file, ruleIndex, desc));
      return;
    }
    this.log.debug(`Terminating all event correlation operations started from ${file} with operation description string '${desc}'`);
    const rf = this.config.files.find((f) => f.path === file);
    for (const r of rf?.rules ?? []) this.operations.delete(operationKey(file, r.index, desc));
  }

  getWindowPosition(file: string, ruleIndex: number, desc: string): number | undefined {
    const key = operationKey(file, ruleIndex, desc);
    this.log.debug(`Getting event correlation window position for operation '${key}'`);
    const op = this.operations.get(key);
    if (!op) this.log.warn(`Operation '${key}' does not exist, can't get window position`);
    return op?.time;
  }

  setWindowPosition(file: string, ruleIndex: number, desc: string, time: number): void {
    const key = operationKey(file, ruleIndex, desc);
    const shown = perlLocaltime(time);
    this.log.debug(`Moving event correlation window to '${shown}' for operation '${key}'`);
    const op = this.operations.get(key);
    if (!op) {
      this.log.warn(`Operation '${key}' does not exist, can't set window position`);
      return;
    }
    const refusal =
      op.type === 'EventGroup' && op.initializing
        ? `Operation '${key}' is initializing, can't set window position`
        : op.type === 'EventGroup' && op.terminating
          ? `Operation '${key}' is terminating, can't set window position`
          : time < op.time
            ? `Can't move event correlation window backwards to '${shown}'`
            : time > this.now()
              ? `Can't move event correlation window into future to '${shown}'`
              : null;
    if (refusal !== null) {
      this.log.warn(refusal);
      return;
    }
    if (time === op.time) {
      this.log.debug(`Event correlation window is already positioned at '${shown}'`);
      return;
    }
    if (op.type === 'SingleWithThreshold' && !op.fired) {
      slideTimes(op, time, true);
      if (!op.times.length) this.operations.delete(key);
    } else if (op.type === 'SingleWith2Thresholds') {
      slideTimes(op, time, true);
      if (!op.times.length && !op.secondPass) this.operations.delete(key);
    } else if (op.type === 'EventGroup' && !op.fired) {
      slideEvents(op, time, true);
      if (!op.events.length) {
        op.terminating = true;
        this.run(op.end, op.desc);
        this.operations.delete(key);
      }
    } else {
      op.time = time;
    }
    if (this.operations.get(key)) this.operations.schedule(op);
    else this.log.debug(`Operation '${key}' finished its work after window was moved`);
  }

  rewriteBuffer(lines: string[]): void {
    this.log.debug(`${this.buffers.rewrite(lines)} rewritten with '${lines.join('\n')}'`);
  }

  private unsupported(kind: string): void {
    if (this.warnedUnsupported.has(kind)) return;
    this.warnedUnsupported.add(kind);
    this.log.warn(`Action '${kind}' is not supported yet, skipping it`);
  }

  /** SEC's close_outputs: close every output file and socket (restarts, USR2, exit). */
  closeOutputs(): void {
    this.sinks.closeAll();
  }

  writeStdout(text: string): void {
    this.sinks.files.stdout(text);
  }

  /** Correlation state as plain data (contexts, operations, variables, delayed events). */
  snapshot(): object {
    return {
      contexts: this.contexts.contexts().filter((c) => !c.internal),
      operations: this.operations.toJSON(),
      variables: this.variables.toJSON(),
      delayedEvents: this.delayed.toJSON(),
    };
  }
}
