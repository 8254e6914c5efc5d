// The context store: named contexts with lifetimes, event stores, aliases
// and expiry action lists. A context is one record reachable under each of
// its names. Everything here is plain data so it can be dumped and restored.
import { type Action, NO_ACTIONS } from '../actions/types.js';
import { DeadlineHeap } from '../time/deadlineHeap.js';

export interface Context {
  /** Every name (original and aliases) that refers to this context. */
  names: string[];
  /** Creation time (whole seconds); lifetime counts from here. */
  created: number;
  /** Lifetime in seconds; 0 = forever; -1 = obsoleted. */
  lifetime: number;
  /** The event store, oldest position first. */
  events: string[];
  /** When each string of `events` was added (whole seconds), index for index: `trim` needs them. */
  eventTimes: number[];
  /** Runs when the lifetime passes (not on delete). */
  expiryActions: Action[];
  /** %s for the expiry actions: the desc of the rule that set them. */
  desc: string;
  /** The expiry action is running: delete/obsolete/unalias leave it alone. */
  deleting?: boolean;
  /** SEC's internal contexts (SEC_INTERNAL_EVENT, _FILE_EVENT_*): read-only. */
  internal?: boolean;
}

/** The second at which the context's lifetime has passed (-1: none); a heap entry is stale once creation time or lifetime moved it. */
const deadlineOf = (ctx: Context): number => (ctx.lifetime > 0 ? ctx.created + ctx.lifetime + 1 : -1);

export class ContextStore {
  readonly byName = new Map<string, Context>();
  /** Lifetime ends, so the sweep looks only at contexts that may have expired. */
  private deadlines = new DeadlineHeap<Context>();

  /** Forget every context (full restart). */
  clear(): void {
    this.byName.clear();
    this.deadlines = new DeadlineHeap<Context>();
  }

  get(name: string): Context | undefined {
    return this.byName.get(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Create (or reset, as SEC does) a context. */
  create(name: string, now: number, lifetime: number, expiryActions: Action[], desc: string): Context {
    const existing = this.byName.get(name);
    if (existing) {
      existing.created = now;
      existing.lifetime = lifetime;
      existing.expiryActions = expiryActions;
      existing.desc = desc;
      clearEvents(existing);
      this.schedule(existing);
      return existing;
    }
    const ctx: Context = { names: [name], created: now, lifetime, events: NO_EVENTS, eventTimes: NO_TIMES, expiryActions, desc };
    this.byName.set(name, ctx);
    this.schedule(ctx);
    return ctx;
  }

  /** Record when the context expires; call again whenever its creation time or lifetime change. */
  schedule(ctx: Context): void {
    if (ctx.lifetime <= 0) return;
    this.deadlines.push(deadlineOf(ctx), ctx);
    this.deadlines.trim(this.byName.size, this.isCurrent);
  }

  /** Whether a heap entry is the stored context's current lifetime end (entries of deleted contexts and of earlier lifetimes are not). */
  private readonly isCurrent = (at: number, ctx: Context): boolean => at === deadlineOf(ctx) && ctx.names.some((n) => this.byName.get(n) === ctx);

  /** The earliest second at which a context may expire (Infinity: none has a lifetime). */
  nextDeadline(): number {
    return this.deadlines.peekAt();
  }

  /** Contexts whose lifetime has run out at `now` and that are still stored, each once. */
  takeExpired(now: number): Context[] {
    const out = new Set<Context>();
    while (this.deadlines.peekAt() <= now) {
      const at = this.deadlines.peekAt();
      const ctx = this.deadlines.pop() as Context;
      if (this.isCurrent(at, ctx)) out.add(ctx);
    }
    return [...out];
  }

  /** The context for add/prepend/fill: made with no lifetime if missing. */
  getOrCreate(name: string, now: number): Context {
    return this.byName.get(name) ?? this.create(name, now, 0, NO_ACTIONS, '');
  }

  /** Remove the context under all of its names. */
  remove(ctx: Context): void {
    for (const n of ctx.names) this.byName.delete(n);
  }

  alias(ctx: Context, alias: string): void {
    ctx.names.push(alias);
    this.byName.set(alias, ctx);
  }

  unalias(name: string): void {
    const ctx = this.byName.get(name);
    if (!ctx) return;
    ctx.names = ctx.names.filter((n) => n !== name);
    this.byName.delete(name);
  }

  /** Whether the lifetime has passed at `now` (lifetimes include their last second). */
  static isStale(ctx: Context, now: number): boolean {
    return ctx.lifetime !== 0 && now - ctx.created > ctx.lifetime;
  }

  /** Distinct contexts (each once, whatever its number of names). */
  contexts(): Context[] {
    return [...new Set(this.byName.values())];
  }
}

// The event store: strings and the times they were added, in two parallel
// arrays. Large stores must not be spread into function arguments (that
// overflows the stack), hence the loops and concat. Most contexts never
// hold an event (markers made by create), and two empty arrays cost 64
// bytes: every empty store is the same two frozen arrays, so a store that
// is or becomes empty is replaced, never changed in place (a write to the
// shared ones throws rather than filling every empty store).

const NO_EVENTS = Object.freeze([]) as unknown as string[];
const NO_TIMES = Object.freeze([]) as unknown as number[];

/** Make `events` (added at `times`, index for index) the whole store; they become the context's own. */
function setStore(ctx: Context, events: string[], times: number[]): void {
  const empty = events.length === 0;
  ctx.events = empty ? NO_EVENTS : events;
  ctx.eventTimes = empty ? NO_TIMES : times;
}

/** Add `lines`, all added at `time`, after the last string. */
export function appendEvents(ctx: Context, lines: readonly string[], time: number): void {
  if (!ctx.events.length) {
    fillEvents(ctx, lines, time);
    return;
  }
  for (const line of lines) {
    ctx.events.push(line);
    ctx.eventTimes.push(time);
  }
}

/** Add `lines`, all added at `time`, before the first string (keeping their order). */
export function prependEvents(ctx: Context, lines: readonly string[], time: number): void {
  setStore(ctx, lines.concat(ctx.events), lines.map(() => time).concat(ctx.eventTimes));
}

/** Make `lines`, all added at `time`, the whole store. */
export function fillEvents(ctx: Context, lines: readonly string[], time: number): void {
  setStore(
    ctx,
    lines.slice(),
    lines.map(() => time),
  );
}

export function clearEvents(ctx: Context): void {
  setStore(ctx, NO_EVENTS, NO_TIMES);
}

/** Remove and return the last string. */
export function popEvent(ctx: Context): string | undefined {
  if (!ctx.events.length) return undefined;
  ctx.eventTimes.pop();
  return ctx.events.pop();
}

/** Remove and return the first string. */
export function shiftEvent(ctx: Context): string | undefined {
  if (!ctx.events.length) return undefined;
  ctx.eventTimes.shift();
  return ctx.events.shift();
}

/** Remove the strings added before `time`; returns them in store order. */
export function trimEvents(ctx: Context, time: number): string[] {
  const removed: string[] = [];
  const kept: string[] = [];
  const keptTimes: number[] = [];
  ctx.events.forEach((line, i) => {
    const added = ctx.eventTimes[i];
    if (added < time) removed.push(line);
    else {
      kept.push(line);
      keptTimes.push(added);
    }
  });
  setStore(ctx, kept, keptTimes);
  return removed;
}
