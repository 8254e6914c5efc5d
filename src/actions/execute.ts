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
    const host = this.host;
    const x: RunContext = {
      host,
      desc,
      v: (s) => host.variables.substitute(s, desc),
      setVariable: (name, value) => {
        host.variables.set(name, value);
        host.log.debug(`Variable '%${name}' set to '${value}'`);
      },
      runList: (list) => this.run(list, desc),
    };
    for (const a of actions) {
      // what an action reaching outside sec does may depend on the files written so far
      if (!keepsHeldWrites(a)) flushHeldWrites();
      const flow = specOf(a).run(a, x);
      if (flow !== Flow.Next) return flow;
    }
    return Flow.Next;
  }
}
