// The one table of actions: every family module's kinds, by keyword. The
// list parser finds an action's syntax here, the executor its run function,
// and match-variable substitution its substituted fields. A new action is
// one entry in its family module; a new family is one line below (and its
// type in types.ts).
import { assignmentActions } from './assignments.js';
import { contextActions } from './contexts.js';
import { controlActions } from './control.js';
import { eventActions } from './events.js';
import type { ActionSpec } from './family.js';
import { flowActions } from './flow.js';
import { javascriptActions } from './javascript.js';
import { mailActions } from './mail.js';
import { monitoringActions } from './monitoring.js';
import { operationActions } from './operations.js';
import { outputActions } from './output.js';
import { perlActions } from './perl.js';
import { processActions } from './processes.js';
import { socketActions } from './sockets.js';
import type { Action } from './types.js';

const FAMILIES = [
  flowActions,
  outputActions,
  socketActions,
  processActions,
  contextActions,
  eventActions,
  operationActions,
  assignmentActions,
  perlActions,
  javascriptActions,
  controlActions,
  monitoringActions,
  mailActions,
];

/**
 * Families whose actions reach nothing outside sec but the files sink itself
 * (flow, output, contexts, events, variables): writes held back for
 * batching need not go out before them. Before any other action they do.
 */
const IN_PROCESS_KINDS = new Set([flowActions, outputActions, contextActions, eventActions, assignmentActions].flatMap((family) => Object.keys(family)));

/** Whether held writes may stay held while action `a` runs (its family acts only inside sec). */
export const keepsHeldWrites = (a: Action): boolean => IN_PROCESS_KINDS.has(a.kind);

// a Map, so a keyword like `constructor` finds nothing
const ACTIONS = new Map<string, ActionSpec<Action>>(FAMILIES.flatMap((family) => Object.entries(family as Record<string, ActionSpec<Action>>)));

/** The spec of an action keyword (lower case), or undefined when SEC has no such action. */
export function actionSpec(keyword: string): ActionSpec<Action> | undefined {
  return ACTIONS.get(keyword);
}

/** The spec of a parsed action (its kind is always in the table). */
export function specOf(a: Action): ActionSpec<Action> {
  return ACTIONS.get(a.kind) as ActionSpec<Action>;
}

/**
 * `actions` with `f` applied to every substituted string, nested lists
 * included. An action none of whose strings `f` changes is kept as it is
 * (actions are never changed in place), and so is a list of such actions.
 */
export function mapActionStrings(actions: Action[], f: (s: string) => string): Action[] {
  let out: Action[] | null = null;
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i];
    const mapped = mapAction(a, f);
    if (out === null && mapped !== a) out = actions.slice(0, i);
    out?.push(mapped);
  }
  return out ?? actions;
}

function mapAction(a: Action, f: (s: string) => string): Action {
  const spec = specOf(a);
  const fields = a as unknown as Record<string, unknown>;
  // this runs for every fired action with variables: no closure or empty list is made for it
  let copy: Record<string, unknown> | null = null;
  for (const key of spec.substituted) {
    const value = fields[key];
    let mapped: unknown = value;
    if (typeof value === 'string') mapped = f(value);
    else if (Array.isArray(value)) {
      const list = (value as string[]).map(f);
      if (list.some((m, i) => m !== value[i])) mapped = list;
    }
    if (mapped === value) continue;
    copy ??= { ...fields };
    copy[key] = mapped;
  }
  const nested = spec.nested;
  if (nested) {
    for (const key of nested) {
      const list = fields[key] as Action[];
      const mapped = mapActionStrings(list, f);
      if (mapped === list) continue;
      copy ??= { ...fields };
      copy[key] = mapped;
    }
  }
  return (copy ?? a) as Action;
}
