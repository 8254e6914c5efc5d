// Running actions: each action's run function comes from the action table.
// Every string is passed through the action-list variables right before
// use; the match variables were put in earlier, when the rule matched.
import { flushHeldWrites } from '../log/heldWrites.js';
import { type ActionHost, Flow, type RunContext } from './family.js';
import { keepsHeldWrites, specOf } from './registry.js';
import type { Action } from './types.js';

export class ActionExecutor {
  constructor(private readonly host: ActionHost) {}

  run(actions: readonly Action[], desc: string): Flow {
    const x = new ListRun(this, this.host, desc);
    for (const a of actions) {
      // what an action reaching outside sec does may depend on the files written so far
      if (!keepsHeldWrites(a)) flushHeldWrites();
      const flow = specOf(a).run(a, x);
      if (flow !== Flow.Next) return flow;
    }
    return Flow.Next;
  }
}

/** What the actions of one list run see: a class, so a run costs one small object rather than a closure per method. */
class ListRun implements RunContext {
  constructor(
    private readonly executor: ActionExecutor,
    readonly host: ActionHost,
    readonly desc: string,
  ) {}

  v(s: string): string {
    return this.host.variables.substitute(s, this.desc);
  }

  vAll(list: readonly string[]): string[] {
    return list.map((s) => this.v(s));
  }

  setVariable(name: string, value: string): void {
    this.host.variables.set(name, value);
    this.host.log.debug(`Variable '%${name}' set to '${value}'`);
  }

  runList(list: readonly Action[]): Flow {
    return this.executor.run(list, this.desc);
  }
}
