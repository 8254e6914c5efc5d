// EventGroupN: count events of N kinds (pattern, pattern2, ...) with the same
// desc inside a sliding window; fire when every kind has reached its
// threshold (and, with egpattern, the sequence of kinds matches it).
import { callJs, contextArray } from '../javascript/runtime.js';
import { answerTrue } from '../javascript/values.js';
import type { MatchVars } from '../patterns/matchVars.js';
import { substituteVars } from '../patterns/matchVars.js';
import type { Pattern } from '../patterns/pattern.js';
import type { PerlArg } from '../perl/codec.js';
import { sharedPerl } from '../perl/interpreter.js';
import { liveOperation, type RuleContext } from './context.js';
import type { RuleModule } from './module.js';
import type { EventGroupOperation } from './operations.js';
import type { EventGroupRule } from './types.js';

/** Drop events older than `from`; the window then starts at the oldest remaining one (or `from`). */
function slideEvents(op: EventGroupOperation, from: number, exact = false): void {
  let drop = 0;
  while (drop < op.events.length && op.events[drop].time < from) {
    op.memberTimes[op.events[drop].member].shift();
    drop++;
  }
  if (drop) op.events.splice(0, drop);
  op.time = !exact && op.events.length ? op.events[0].time : from;
}

/** Does the event group string (its tokens joined by spaces) match egpattern? */
function matchesEgPattern(x: RuleContext, p: Pattern, op: EventGroupOperation): boolean {
  const tokens = op.events.map((e) => e.token ?? '');
  const text = tokens.join(' ');
  switch (p.type) {
    case 'SubStr':
      return text.includes(p.text) !== p.negate;
    case 'RegExp':
      return (p.compiled?.regex.test(text) ?? false) !== p.negate;
    case 'PerlFunc': {
      // f(string, [tokens]) as in SEC 2.9.1; 2.9.2 added [times]
      const args: PerlArg[] = [text, { array: tokens }];
      if (x.eventGroupTimes) args.push({ array: op.events.map((e) => String(e.time)) });
      const r = sharedPerl().callScalar(p.func, args);
      if (!r.ok) {
        x.log.error(`${p.negate ? 'NPerlFunc' : 'PerlFunc'} pattern runtime error: ${r.error}`);
        return false;
      }
      return r.truth !== p.negate;
    }
    case 'JsFunc': {
      // the same arguments as PerlFunc, the times as numbers
      const args = [text, contextArray(tokens)];
      if (x.eventGroupTimes) args.push(contextArray(op.events.map((e) => e.time)));
      const r = callJs(p.func, args, answerTrue);
      if (!r.ok) {
        x.log.error(`${p.negate ? 'NJsFunc' : 'JsFunc'} pattern runtime error: ${r.error}`);
        return false;
      }
      return r.value !== p.negate;
    }
    default:
      return false;
  }
}

function terminate(x: RuleContext, op: EventGroupOperation): void {
  op.terminating = true;
  x.run(op.end, op.desc);
  x.operations.delete(op);
}

/** The window passed: slide (running slide) or end (running end). */
function expire(op: EventGroupOperation, x: RuleContext, now: number): void {
  if (op.fired) {
    terminate(x, op);
    return;
  }
  slideEvents(op, now - op.window);
  if (!op.events.length) {
    terminate(x, op);
    return;
  }
  x.operations.schedule(op);
  x.run(op.slide, op.desc);
}

/** Count the event matched by `member` in the operation of its desc (started here if none is live); fire when every member reached its threshold. */
function countEvent(x: RuleContext, rule: EventGroupRule, member: number, vars: MatchVars): void {
  const now = x.now();
  let op = liveOperation(x, rule, vars, now, expire);
  if (!op) {
    op = {
      type: 'EventGroup',
      file: rule.file,
      ruleIndex: rule.index,
      desc: x.substituteDesc(rule.desc, vars),
      started: now,
      time: now,
      window: rule.window,
      events: [],
      memberTimes: rule.members.map(() => []),
      fired: false,
      initializing: true,
      terminating: false,
      init: x.substituteActions(rule.init, vars),
      slide: x.substituteActions(rule.slide, vars),
      end: x.substituteActions(rule.end, vars),
      action: x.substituteActions(rule.action, vars),
    };
    x.operations.add(op);
    x.run(op.init, op.desc);
    if (!x.operations.has(op)) return;
    op.initializing = false;
  }
  const spec = rule.members[member];
  if (!op.fired) {
    const token = spec.token === null ? null : substituteVars(spec.token, vars, x.buffers.cache);
    op.events.push({ time: now, member, token });
    op.memberTimes[member].push(now);
  }
  x.run(x.substituteActions(spec.count, vars), op.desc);
  if (!x.operations.has(op) || op.fired) return;
  if (rule.members.some((m, i) => (op as EventGroupOperation).memberTimes[i].length < m.thresh)) return;
  if (rule.egPattern && !matchesEgPattern(x, rule.egPattern, op)) return;
  if (!rule.multact) op.fired = true;
  x.run(op.action, op.desc);
}

export const eventGroup: RuleModule<EventGroupRule, EventGroupOperation> = {
  matchSpecs: (rule) => rule.members.map((spec, key) => ({ key, spec })),
  onEvent(rule, file, x) {
    for (let i = 0; i < rule.members.length; i++) {
      const vars = x.match(file, rule.index, i, rule.members[i]);
      if (vars !== null) {
        x.counted(rule);
        countEvent(x, rule, i, vars);
        return rule.members[i].next;
      }
    }
    return rule.index + 1;
  },
  expire,
  windowLocked: (op) => (op.initializing ? 'initializing' : op.terminating ? 'terminating' : null),
  moveWindow(op, time, x) {
    if (op.fired) {
      op.time = time;
      return;
    }
    slideEvents(op, time, true);
    if (!op.events.length) terminate(x, op);
  },
};
