// Actions as typed data: one variant per SEC action, declared by the
// family module that parses and runs it. Action lists are parsed once when
// the rule file loads; at run time only their strings change (match
// variables at match time, action-list variables when they run).
import type { AssignmentAction } from './assignments.js';
import type { ContextAction } from './contexts.js';
import type { ControlAction } from './control.js';
import type { EventAction } from './events.js';
import type { FlowAction } from './flow.js';
import type { JavaScriptAction } from './javascript.js';
import type { MailAction } from './mail.js';
import type { MonitoringAction } from './monitoring.js';
import type { OperationAction } from './operations.js';
import type { OutputAction } from './output.js';
import type { PerlAction } from './perl.js';
import type { ProcessAction } from './processes.js';
import type { SocketAction } from './sockets.js';

export type Action =
  | FlowAction
  | OutputAction
  | SocketAction
  | ProcessAction
  | ContextAction
  | EventAction
  | OperationAction
  | AssignmentAction
  | PerlAction
  | JavaScriptAction
  | ControlAction
  | MonitoringAction
  | MailAction;

/** A parsed action list and whether it mentions match variables at all. */
export interface ActionList {
  actions: Action[];
  /** Contains `$` match variables, so it must be copied and substituted per match. */
  volatile: boolean;
  /** Contains `%` shadow variables (Pair's action2). */
  volatileShadow: boolean;
  source: string;
}

/**
 * The actions of a rule field left out (action2 of SingleWithThreshold, init
 * of EventGroup...): one frozen list shared by every operation that holds
 * it, so hundreds of thousands of operations do not each keep an empty array.
 */
export const NO_ACTIONS = Object.freeze([]) as unknown as Action[];
