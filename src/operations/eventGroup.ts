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
import type { EventGroupRule } from '../rules/types.js';
import { liveOperation, type CorrelationHost } from './host.js';
import { operationStart, type EventGroupOperation } from './types.js';

/** Drop events older than `from`; the window then starts at the oldest remaining one (or `from`). */
export function slideEvents(op: EventGroupOperation, from: number, exact = false): void {
  let drop = 0;
  while (drop < op.events.length && op.events[drop].time < from) {
    op.memberTimes[op.events[drop].member].shift();
    drop++;
  }
  if (drop) op.events.splice(0, drop);
  op.time = !exact && op.events.length ? op.events[0].time : from;
}

/** Does the event group string (its tokens joined by spaces) match egpattern? */
function matchesEgPattern(host: CorrelationHost, p: Pattern, op: EventGroupOperation): boolean {
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
      if (host.eventGroupTimes) args.push({ array: op.events.map((e) => String(e.time)) });
      const r = sharedPerl().callScalar(p.func, args);
      if (!r.ok) {
        host.log.error(`${p.negate ? 'NPerlFunc' : 'PerlFunc'} pattern runtime error: ${r.error}`);
        return false;
      }
      return r.truth !== p.negate;
    }
    case 'JsFunc': {
      // the same arguments as PerlFunc, the times as numbers
      const args = [text, contextArray(tokens)];
      if (host.eventGroupTimes) args.push(contextArray(op.events.map((e) => e.time)));
      const r = callJs(p.func, args, answerTrue);
      if (!r.ok) {
        host.log.error(`${p.negate ? 'NJsFunc' : 'JsFunc'} pattern runtime error: ${r.error}`);
        return false;
      }
      return r.value !== p.negate;
    }
    default:
      return false;
  }
}

function terminate(host: CorrelationHost, op: EventGroupOperation): void {
  op.terminating = true;
  host.run(op.end, op.desc);
  host.operations.delete(op.key);
}

/** The window passed: slide (running slide) or end (running end). */
export function expireEventGroup(host: CorrelationHost, op: EventGroupOperation, now: number): void {
  if (op.fired) {
    terminate(host, op);
    return;
  }
  slideEvents(op, now - op.window);
  if (!op.events.length) {
    terminate(host, op);
    return;
  }
  host.operations.schedule(op);
  host.run(op.slide, op.desc);
}

export function processEventGroup(host: CorrelationHost, rule: EventGroupRule, member: number, vars: MatchVars): void {
  const found = liveOperation(host, rule, vars, expireEventGroup);
  const { desc, key, now } = found;
  let op = found.op;
  if (!op) {
    op = {
      type: 'EventGroup',
      ...operationStart(rule, key, desc, now),
      events: [],
      memberTimes: rule.members.map(() => []),
      fired: false,
      initializing: true,
      terminating: false,
      init: host.substituteActions(rule.init, vars),
      slide: host.substituteActions(rule.slide, vars),
      end: host.substituteActions(rule.end, vars),
      action: host.substituteActions(rule.action, vars),
    };
    host.operations.add(op);
    host.run(op.init, desc);
    if (!host.operations.get(key)) return;
    op.initializing = false;
  }
  const spec = rule.members[member];
  if (!op.fired) {
    const token = spec.token === null ? null : substituteVars(spec.token, vars, host.buffers.cache);
    op.events.push({ time: now, member, token });
    op.memberTimes[member].push(now);
  }
  host.run(host.substituteActions(spec.count, vars), desc);
  if (!host.operations.get(key) || op.fired) return;
  if (rule.members.some((m, i) => (op as EventGroupOperation).memberTimes[i].length < m.thresh)) return;
  if (rule.egPattern && !matchesEgPattern(host, rule.egPattern, op)) return;
  if (!rule.multact) op.fired = true;
  host.run(op.action, desc);
}
