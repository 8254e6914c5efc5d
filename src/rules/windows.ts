// The actions on live operations (reset, getwpos, setwpos), with SEC's
// messages; what moving a window means is each rule type's own.
import { perlLocaltime } from '../time/localtime.js';
import type { RuleContext } from './context.js';
import { operationModule } from './index.js';
import { operationKey } from './operations.js';

/** reset: end the operation of rule `ruleIndex` with `desc`, or with `desc` of any rule of the file when the index is null. */
export function resetOperations(x: RuleContext, file: string, ruleIndex: number | null, desc: string): void {
  if (ruleIndex !== null) {
    x.log.debug(`Terminating event correlation operation '${operationKey(file, ruleIndex, desc)}'`);
    x.operations.delete({ file, ruleIndex, desc });
    return;
  }
  x.log.debug(`Terminating all event correlation operations started from ${file} with operation description string '${desc}'`);
  x.operations.deleteInFile(file, desc);
}

export function getWindowPosition(x: RuleContext, file: string, ruleIndex: number, desc: string): number | undefined {
  const key = operationKey(file, ruleIndex, desc);
  x.log.debug(`Getting event correlation window position for operation '${key}'`);
  const op = x.operations.get(file, ruleIndex, desc);
  if (!op) x.log.warn(`Operation '${key}' does not exist, can't get window position`);
  return op?.time;
}

export function setWindowPosition(x: RuleContext, file: string, ruleIndex: number, desc: string, time: number): void {
  const key = operationKey(file, ruleIndex, desc);
  const shown = perlLocaltime(time);
  x.log.debug(`Moving event correlation window to '${shown}' for operation '${key}'`);
  const op = x.operations.get(file, ruleIndex, desc);
  if (!op) {
    x.log.warn(`Operation '${key}' does not exist, can't set window position`);
    return;
  }
  const module = operationModule(op);
  const locked = module.windowLocked?.(op) ?? null;
  const refusal =
    locked !== null
      ? `Operation '${key}' is ${locked}, can't set window position`
      : time < op.time
        ? `Can't move event correlation window backwards to '${shown}'`
        : time > x.now()
          ? `Can't move event correlation window into future to '${shown}'`
          : null;
  if (refusal !== null) {
    x.log.warn(refusal);
    return;
  }
  if (time === op.time) {
    x.log.debug(`Event correlation window is already positioned at '${shown}'`);
    return;
  }
  if (module.moveWindow) module.moveWindow(op, time, x);
  else op.time = time;
  if (x.operations.has(op)) x.operations.schedule(op);
  else x.log.debug(`Operation '${key}' finished its work after window was moved`);
}
