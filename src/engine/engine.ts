// The correlation engine: takes one event at a time through the rule files,
// runs what matches, and once per second expires contexts and operations
// and releases delayed events. It never reads input or sleeps itself: the
// main loop (or a test) feeds it events and moves its clock.
import { jsCallTrue } from '../context/jsOperands.js';
import { perlCallTrue, perlCodeTrue } from '../context/perlOperands.js';
import { ActionExecutor } from '../actions/execute.js';
import type { ActionHost } from '../actions/family.js';
import { mapActionStrings } from '../actions/registry.js';
import { type Action, type ActionList, NO_ACTIONS } from '../actions/types.js';
import { ActionVariables } from '../actions/variables.js';
import type { LoadedConfig } from '../config/loadConfig.js';
import { contextHolds, contextTokens, evaluateContext, type ContextOracle } from '../context/expression.js';
import { ContextStore } from '../context/store.js';
import { LogLevel, type Logger } from '../log/logger.js';
import { doublePercent, isEmptyVars, substituteVars, type MatchVars } from '../patterns/matchVars.js';
import { matchPattern } from '../patterns/pattern.js';
import type { RuleContext } from '../rules/context.js';
import { operationModule, type RuleHandler, ruleHandlers, ruleModule } from '../rules/index.js';
import type { SweepMemo } from '../rules/module.js';
import { OperationStore } from '../rules/operationStore.js';
import { keyOf, windowPassed } from '../rules/operations.js';
import { END_ALL, type MatchSpec, type Rule, type RuleFile } from '../rules/types.js';
import { getWindowPosition, resetOperations, setWindowPosition } from '../rules/windows.js';
import type { Clock } from '../time/clock.js';
import type { SinkSet } from '../sinks/index.js';
import { InputBuffers } from './buffers.js';
import { DelayedEvents } from './delayedEvents.js';
import { RuleStats } from './ruleStats.js';
import { NO_TICKET, type ScanThread } from '../scanThread/scanThread.js';
import { RuleCandidates } from './candidates.js';

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

export class Engine {
  readonly contexts = new ContextStore();
  readonly variables: ActionVariables;
  readonly operations = new OperationStore();
  readonly delayed = new DelayedEvents();
  buffers: InputBuffers;
  readonly executor: ActionExecutor;
  private readonly queue: QueuedEvent[] = [];
  private queueHead = 0;
  private lastSweep = -Infinity;
  private mainFiles: RuleFile[] = [];
  private candidates = new RuleCandidates([]);
  /** Per rule file, each rule's handler (ruleHandlers, made on first use), and the file last asked for with its handlers. */
  private readonly handlers = new Map<RuleFile, RuleHandler[]>();
  private handlersFile: RuleFile | null = null;
  private fileHandlers: RuleHandler[] = [];
  /** Rules with once-a-second work of their own (Calendar), each with what it remembers between sweeps. */
  private sweepingRules: { rule: Rule; memo: SweepMemo }[] = [];
  /** What actions reach (and context expressions ask): built once, it reads the engine's current state. */
  private readonly actionHost: ActionHost & ContextOracle;
  /** What rule modules reach: built once, it reads the engine's current state. */
  private readonly ruleContext: RuleContext;
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
    readonly sinks: SinkSet,
    /** Where input lines read in bulk are scanned for literals ahead of the engine (--scanthread). */
    private readonly scanThread: ScanThread | null = null,
  ) {
    this.variables = new ActionVariables(clock, options.allCharVariables ?? false);
    sinks.configure(options);
    this.buffers = new InputBuffers(options.bufsize, options.jointbuf);
    this.actionHost = this.makeActionHost();
    this.executor = new ActionExecutor(this.actionHost);
    this.ruleContext = this.makeRuleContext(options.eventGroupTimes ?? false);
    this.useConfig(config);
    this.internalContext.created = clock.seconds();
  }

  /** Compile what matching needs from the rule files. */
  private useConfig(config: LoadedConfig): void {
    this.config = config;
    this.mainFiles = config.files.filter((f) => !f.options.jumpOnly);
    this.candidates = new RuleCandidates(config.files, this.scanThread);
    this.handlers.clear();
    this.handlersFile = null;
    this.operations.useRules(config.files);
    this.sweepingRules = config.files.flatMap((f) => f.rules.filter((r) => ruleModule(r).sweep).map((rule) => ({ rule, memo: { last: '' } })));
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
    for (const file of changed) {
      const ended = this.operations.ofFile(file);
      this.log.debug(`Terminating all event correlation operations started from ${file}, number of operations: ${ended.length}`);
      for (const op of ended) this.operations.delete(op);
      this.operations.forgetFile(file);
    }
    if (options.bufsize !== this.options.bufsize || options.jointbuf !== this.options.jointbuf) {
      this.buffers = new InputBuffers(options.bufsize, options.jointbuf);
    }
    this.options = options;
    this.sinks.configure(options);
    this.useConfig(config);
  }

  // ---- feeding events -------------------------------------------------

  /**
   * Process one input line from `source` (a file name or '-'), then every
   * synthetic event it caused, sweeping timers between events as SEC does.
   */
  feedLine(line: string, source: string, intContext?: string, ticket = NO_TICKET): void {
    const clock = this.clock;
    clock.hold?.();
    try {
      this.processEvent(line, source, this.internalName(intContext ?? `_FILE_EVENT_${source}`), ticket);
      this.maybeSweep();
      this.drainQueue();
    } finally {
      clock.release?.();
    }
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

  /** Called as each synthetic event joins the queue (rule tests record them there). */
  onEventQueued: (text: string, context: string) => void = () => undefined;

  private enqueue(text: string, context: string): void {
    this.queue.push({ text, context });
    this.onEventQueued(text, context);
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
  processEvent(text: string, source: string | null, intName: string | undefined, ticket = NO_TICKET): void {
    this.processedEvents++;
    if (intName !== undefined) this.enterInternalContext(intName);
    this.buffers.push(text, source, intName);
    this.lineTicket = ticket;
    this.ticketVersion = this.buffers.version;
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
    const handlers = this.handlersOf(file);
    const view = this.candidates.of(file);
    const stats = this.ruleStats.of(file);
    const timed = this.ruleStats.timed;
    let i = 0;
    while (i < rules.length) {
      this.prepareCandidates();
      const from = i;
      i = this.candidates.nextRule(view, i);
      if (this.rulePerf) for (let skipped = from; skipped < i; skipped++) this.perfOf(rules[skipped]).events++;
      if (i === rules.length) break;
      const rule = rules[i];
      stats.tried[i]++;
      // the rule itself, not a new object: this runs for every rule tried on every event
      this.currentRule = rule;
      const started = timed ? performance.now() : 0;
      if (this.rulePerf) {
        const cpu = process.cpuUsage();
        i = handlers[i](file, this.ruleContext, trace);
        const used = process.cpuUsage(cpu);
        const perf = this.perfOf(rule);
        perf.cpuSeconds += (used.user + used.system) / 1e6;
        perf.events++;
      } else {
        i = handlers[i](file, this.ruleContext, trace);
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

  private handlersOf(file: RuleFile): RuleHandler[] {
    if (file !== this.handlersFile) {
      let handlers = this.handlers.get(file);
      if (!handlers) {
        handlers = ruleHandlers(file.rules);
        this.handlers.set(file, handlers);
      }
      this.fileHandlers = handlers;
      this.handlersFile = file;
    }
    return this.fileHandlers;
  }

  /** The scan thread's ticket of the event being processed, good for its first version only. */
  private lineTicket = NO_TICKET;
  private ticketVersion = -1;

  /** Find the rules the current event may match; an action may have rewritten it: the scan follows its version. */
  private prepareCandidates(): void {
    const version = this.buffers.version;
    this.candidates.prepare(this.buffers.line, version, version === this.ticketVersion ? this.lineTicket : NO_TICKET);
  }

  /** Whether the pattern in slot (rule, key) cannot match the current event, by its literals. */
  private ruledOut(file: RuleFile, rule: number, key: number): boolean {
    this.prepareCandidates();
    return this.candidates.rulesOut(this.candidates.of(file), rule, key);
  }

  /** Match variables of `spec` against the current event, with its context; null if it does not apply. */
  private matchSpec(file: RuleFile, rule: number, key: number, spec: MatchSpec): MatchVars | null {
    const ctx = spec.context;
    if (ctx?.preEval && !evaluateContext(ctx.tokens, this.actionHost)) return null;
    if (this.ruledOut(file, rule, key)) return null;
    const vars = matchPattern(spec.pattern, this.buffers, spec.varmap, undefined, spec.varsUsed);
    if (vars === null) return null;
    if (ctx && !ctx.preEval && !contextHolds(ctx, vars, this.buffers.cache, this.actionHost)) return null;
    return vars;
  }

  /**
   * The desc last put together: a rule that looks its operation up by desc
   * and finds none starts one with the same desc, which is then the very
   * string the look-up hashed (a match's variables do not change once made).
   */
  private readonly lastDesc = { template: '', vars: null as MatchVars | null, version: -1, text: '' };

  private substituteDesc(desc: string, vars: MatchVars): string {
    if (isEmptyVars(vars)) return desc;
    const last = this.lastDesc;
    const version = this.buffers.version;
    if (last.vars === vars && last.version === version && last.template === desc) return last.text;
    last.text = substituteVars(desc, vars, this.buffers.cache);
    last.template = desc;
    last.vars = vars;
    last.version = version;
    return last.text;
  }

  private substituteActions(list: ActionList | null, vars: MatchVars): Action[] {
    if (!list) return NO_ACTIONS;
    if (!list.volatile || isEmptyVars(vars)) return list.actions;
    const cache = this.buffers.cache;
    return mapActionStrings(list.actions, (s) => substituteVars(s, vars, cache, '$', doublePercent));
  }

  now(): number {
    return this.clock.seconds();
  }

  /** The context rule modules get: the engine's state behind a few functions, built once. */
  private makeRuleContext(eventGroupTimes: boolean): RuleContext {
    const engine = this;
    return {
      log: this.log,
      operations: this.operations,
      contexts: this.contexts,
      children: this.sinks.children,
      get buffers() {
        return engine.buffers;
      },
      eventGroupTimes,
      now: () => this.now(),
      run: (actions, desc) => {
        this.executor.run(actions, desc);
        // an action may have waited (a Perl call, a full pipe): rules after it read the clock again
        this.clock.forget?.();
      },
      substituteDesc: (desc, vars) => this.substituteDesc(desc, vars),
      substituteActions: (list, vars) => this.substituteActions(list, vars),
      contextHolds: (tokens) => evaluateContext(tokens, this.actionHost),
      contextFor: (expr, vars) => contextTokens(expr, vars, this.buffers.cache),
      match: (file, ruleIndex, key, spec) => this.matchSpec(file, ruleIndex, key, spec),
      ruledOut: (file, ruleIndex, key) => this.ruledOut(file, ruleIndex, key),
      counted: (rule) => this.counted(rule),
      fileSet: (name) => this.config.cfsets.get(name),
      processRules: (file, trace) => this.processRules(file, trace),
      asyncWork: (what, fn) => {
        this.guarded(what, fn);
        this.maybeSweep();
        this.drainQueue();
      },
      guarded: (what, fn) => this.guarded(what, fn),
    };
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

  /**
   * The next second at which the sweep may have work: a context, window or
   * delayed event falling due, or any second at all while Calendar rules
   * exist (their minute may be waiting for a context). Moving a clock by
   * hand (replay, rule tests) sweeps at these seconds and skips the rest.
   */
  nextSweepDue(): number {
    if (this.sweepingRules.length) return this.clock.seconds() + 1;
    return Math.min(this.contexts.nextDeadline(), this.operations.nextDeadline(), this.delayed.nextDue());
  }

  /** SEC's once-a-second housekeeping: expire contexts, release delayed events, Calendar, operations. */
  sweep(): void {
    for (const ctx of this.contexts.takeExpired(this.clock.seconds())) {
      const name = ctx.names.find((n) => this.contexts.get(n) === ctx);
      if (name !== undefined)
        this.guarded(
          () => `expiring context '${name}'`,
          () => this.actionHost.isContextAlive(name),
        );
    }
    const now = this.clock.seconds();
    for (const ev of this.delayed.takeDue(now)) {
      this.log.debug(`Creating event '${ev.text}'`);
      this.enqueue(ev.text, ev.context);
    }
    this.sinks.sweep();
    for (const { rule, memo } of this.sweepingRules) ruleModule(rule).sweep?.(rule, this.ruleContext, now, memo);
    for (const op of this.operations.takeExpired(now)) {
      // an earlier expiry action may have reset this operation or moved its window
      if (!this.operations.has(op) || !windowPassed(op, this.clock.seconds())) continue;
      this.guarded(
        () => `ending event correlation operation '${keyOf(op)}'`,
        () => operationModule(op).expire?.(op, this.ruleContext, this.clock.seconds()),
      );
    }
  }

  /** Called when work arrives outside input processing (spawned children's lines). */
  onAsyncWork: () => void = () => undefined;
  /** Called by the sigemul action; the runtime acts on it after the current event. */
  onSignal: (name: string) => void = (name) => this.unsupported(`sigemul ${name}`);
  /** The input list, for addinput and dropinput (the CLI connects it). */
  inputs: { add(file: string, offset: string, context: string): void; drop(file: string): void } | null = null;

  /** What actions reach, and what context expressions ask: the engine's state behind a few functions, built once. */
  private makeActionHost(): ActionHost & ContextOracle {
    const engine = this;
    const host: ActionHost & ContextOracle = {
      clock: this.clock,
      log: this.log,
      contexts: this.contexts,
      variables: this.variables,
      sinks: this.sinks,
      get quoting() {
        return engine.options.quoting;
      },
      get bufsize() {
        return engine.options.bufsize;
      },
      get evstoresize() {
        return engine.options.evstoresize;
      },
      isContextAlive: (name) => {
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
      },
      expireContext: (name) => {
        const ctx = this.contexts.get(name);
        if (!ctx) return;
        ctx.lifetime = -1;
        host.isContextAlive(name);
      },
      hasCacheEntry: (entry) => this.buffers.cache.has(entry),
      matchCache: () => this.buffers.cache,
      perlCallTrue: (t) => perlCallTrue(t, this.buffers.cache, this.log),
      perlCodeTrue: (code) => perlCodeTrue(code, this.log),
      jsCallTrue: (t) => jsCallTrue(t, this.buffers.cache, this.log),
      emulateSignal: (name) => this.onSignal(name),
      addInput: (file, offset, context) => {
        if (this.inputs) this.inputs.add(file, offset, context);
        else this.unsupported('addinput');
      },
      dropInput: (file) => {
        if (this.inputs) this.inputs.drop(file);
        else this.unsupported('dropinput');
      },
      spawn: (command, context) => {
        this.sinks.children.start(command, null, {
          onLine: (line) => {
            this.log.debug(`Creating event '${line}' (received from child)`);
            this.enqueue(line, context);
            this.onAsyncWork();
          },
        });
      },
      emitEvent: (text, delay, context) => {
        if (delay > 0) this.delayed.add(this.clock.seconds() + delay, text, context);
        else this.enqueue(text, context);
      },
      resetOperations: (file, ruleIndex, desc) => resetOperations(this.ruleContext, file, ruleIndex, desc),
      getWindowPosition: (file, ruleIndex, desc) => getWindowPosition(this.ruleContext, file, ruleIndex, desc),
      setWindowPosition: (file, ruleIndex, desc, time) => setWindowPosition(this.ruleContext, file, ruleIndex, desc, time),
      rewriteBuffer: (lines) => {
        this.log.debug(`${this.buffers.rewrite(lines)} rewritten with '${lines.join('\n')}'`);
      },
      writeStdout: (text) => this.sinks.files.stdout(text),
    };
    return host;
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
