// The engine's correlation state as one plain object and back: contexts,
// operations (with the digest of each rule file they were started from),
// action-list variables and delayed events. Restoring into an engine that
// has just been built or restarted (it holds no state) makes it go on as if
// it had never stopped: times are epoch seconds, so whatever fell due while
// sec was stopped is done at the first sweep.
import type { Context } from '../context/store.js';
import type { Engine } from '../engine/engine.js';
import { type Operation, plainOperation } from '../rules/operations.js';
import { checkOperation, restoreOperations } from './operationState.js';
import { expectList, expectShape, StateShapeError } from './shape.js';

/** A context as saved: its data without the flags that only live while sec runs. */
export type SavedContext = Pick<Context, 'names' | 'created' | 'lifetime' | 'events' | 'eventTimes' | 'expiryActions' | 'desc'>;

export interface SavedDelayedEvent {
  due: number;
  text: string;
  context: string;
}

export interface SavedEngine {
  /** Rule file path → SHA-256 of the text the running rules were loaded from. */
  ruleFiles: Record<string, string>;
  contexts: SavedContext[];
  operations: Operation[];
  variables: Record<string, string | null>;
  delayedEvents: SavedDelayedEvent[];
}

const CONTEXT_FIELDS = {
  names: 'strings',
  created: 'number',
  lifetime: 'number',
  events: 'strings',
  eventTimes: 'numbers',
  expiryActions: 'array',
  desc: 'string',
} as const;

const DELAYED_FIELDS = { due: 'number', text: 'string', context: 'string' } as const;

/** The engine's state as plain data (taken between events). */
export function engineState(engine: Engine): SavedEngine {
  return {
    ruleFiles: Object.fromEntries(engine.config.files.map((f) => [f.path, f.digest])),
    contexts: engine.contexts
      .contexts()
      .filter((c) => !c.internal)
      .map(({ names, created, lifetime, events, eventTimes, expiryActions, desc }) => ({ names, created, lifetime, events, eventTimes, expiryActions, desc })),
    operations: engine.operations.all().map(plainOperation),
    variables: engine.variables.toJSON(),
    delayedEvents: engine.delayed.toJSON().map(({ due, text, context }) => ({ due, text, context })),
  };
}

/** Saved engine state checked for shape; throws StateShapeError when it does not fit. */
export function checkEngineState(value: unknown): SavedEngine {
  const saved = expectShape<SavedEngine>(
    value,
    { ruleFiles: 'object', contexts: 'array', operations: 'array', variables: 'object', delayedEvents: 'array' },
    'state',
  );
  const contexts = expectList<SavedContext>(saved.contexts, CONTEXT_FIELDS, 'context');
  for (const c of contexts)
    if (c.events.length !== c.eventTimes.length) throw new StateShapeError(`context '${c.names[0]}': events and their times differ in number`);
  for (const [name, v] of Object.entries(saved.variables)) {
    if (v !== null && typeof v !== 'string') throw new StateShapeError(`variable '${name}' is not a string`);
  }
  return {
    ruleFiles: expectShape<Record<string, string>>(saved.ruleFiles, {}, 'rule files'),
    contexts,
    operations: saved.operations.map((op, i) => checkOperation(op, `operation ${i + 1}`)),
    variables: saved.variables,
    delayedEvents: expectList<SavedDelayedEvent>(saved.delayedEvents, DELAYED_FIELDS, 'delayed event'),
  };
}

/** Put saved state into an engine that holds none (just built, or restarted). */
export function restoreEngineState(engine: Engine, saved: SavedEngine): void {
  for (const c of saved.contexts) {
    const ctx: Context = { ...c };
    for (const name of ctx.names) engine.contexts.byName.set(name, ctx);
    engine.contexts.schedule(ctx);
  }
  restoreOperations(saved.operations, saved.ruleFiles, engine.config.files, engine.operations, engine.log);
  for (const [name, value] of Object.entries(saved.variables)) engine.variables.set(name, value ?? undefined);
  for (const e of saved.delayedEvents) engine.delayed.add(e.due, e.text, e.context);
}
