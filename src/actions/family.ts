// What an action family module declares for each action kind, and what its
// run function may reach: a small host (clock, log, contexts, variables,
// sinks, events, inputs...) that the engine builds once, not the engine.
import type { ContextStore } from '../context/store.js';
import type { Logger } from '../log/logger.js';
import type { MatchCache } from '../patterns/matchVars.js';
import type { SinkSet } from '../sinks/index.js';
import type { Clock } from '../time/clock.js';
import type { ActionSyntax } from './syntax.js';
import type { Action } from './types.js';
import type { ActionVariables } from './variables.js';

/** What actions reach outside themselves. */
export interface ActionHost {
  readonly clock: Clock;
  readonly log: Logger;
  readonly contexts: ContextStore;
  readonly variables: ActionVariables;
  readonly sinks: SinkSet;
  /** --quoting: %s given to shell commands is put in single quotes. */
  readonly quoting: boolean;
  /** Context liveness check that also runs expiry actions of stale contexts. */
  isContextAlive(name: string): boolean;
  /** Expire a context now (obsolete, setltime into the past). */
  expireContext(name: string): void;
  /** addinput: read one more input file; dropinput: stop reading one that addinput added. */
  addInput(file: string, offset: string, context: string): void;
  dropInput(file: string): void;
  /** sigemul: behave as if the signal had arrived (after the current event). */
  emulateSignal(name: string): void;
  /** Start a command whose output lines become synthetic events with `context`. */
  spawn(command: string | string[], context: string): void;
  /** Queue a synthetic event; `delay` seconds later when positive. */
  emitEvent(text: string, delay: number, context: string): void;
  /** Terminate operations started by a rule of `file` (all rules when index is null). */
  resetOperations(file: string, ruleIndex: number | null, desc: string): void;
  getWindowPosition(file: string, ruleIndex: number, desc: string): number | undefined;
  setWindowPosition(file: string, ruleIndex: number, desc: string, time: number): void;
  rewriteBuffer(lines: string[]): void;
  readonly bufsize: number;
  readonly evstoresize: number;
  hasCacheEntry(entry: string): boolean;
  /** This event's pattern match cache (lcall with :> hands entries to Perl). */
  matchCache(): MatchCache;
  /** Print lines for `report`/`pipe` without a command. */
  writeStdout(text: string): void;
}

/** Result of running an action or a list: go on, `continue` or `break` inside a while. */
export enum Flow {
  Next = 1,
  Continue = 0,
  Break = -1,
}

/** One run of an action list: the host, the operation's desc (%s) and helpers over them. */
export interface RunContext {
  readonly host: ActionHost;
  readonly desc: string;
  /** `s` with the action-list variables put in, right before use (so `assign %x ...; write - %x` sees the new value). */
  v(s: string): string;
  /** v of each string of a list (a command's words, a call's parameters). */
  vAll(list: readonly string[]): string[];
  /** Set an action-list variable and log its value, as SEC's context and query actions do. */
  setVariable(name: string, value: string): void;
  /** Run a nested action list with the same desc (if, while). */
  runList(actions: readonly Action[]): Flow;
}

/** The one variant of the Action union whose kinds include K. */
export type KindOf<A extends { kind: string }, K extends string> = A extends { kind: infer U } ? (K extends U ? A : never) : never;

/** Everything about one action kind: how it is written, what takes variables, how it runs. */
export interface ActionSpec<A extends Action> {
  syntax: ActionSyntax;
  /** Fields (strings or string lists) that match variables are put into when the rule matches; the rest are fixed at load time. */
  substituted: readonly (keyof A & string)[];
  /** Fields holding nested action lists, substituted inside. */
  nested?: readonly (keyof A & string)[];
  run(a: A, x: RunContext): Flow;
}

/** A family module's table: one spec per kind of its actions. */
export type ActionFamily<A extends Action> = { [K in A['kind']]: ActionSpec<KindOf<A, K>> };

/** The context synthetic events carry when an action names none. */
export const SYNTHETIC_CONTEXT = '_INTERNAL_EVENT';

/** A count or lifetime: digits, leading zeros and spaces allowed. */
export const NUMBER = /^\s*0*([0-9]+)\s*$/;

/** Perl's split(/\n/): trailing empty fields dropped. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
