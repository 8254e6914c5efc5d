// Event actions: event, tevent and cevent create synthetic events (now or
// later, cevent with a context); rewrite replaces lines of the input buffer.
import { type ActionFamily, Flow, NUMBER, type RunContext, SYNTHETIC_CONTEXT, splitLines } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens } from './syntax.js';

export type EventAction =
  | { kind: 'event'; delaySeconds: number; text: string }
  | { kind: 'tevent'; delay: string; text: string }
  | { kind: 'cevent'; context: string; delay: string; text: string }
  | { kind: 'rewrite'; count: string; text: string };

/** One event now or `delay` seconds later; `context` null for the synthetic events' own context. */
function createEvent(x: RunContext, text: string, delay: number, context: string | null): void {
  const withContext = context === null ? '' : ` with context '${context}'`;
  x.host.log.debug(delay > 0 ? `Scheduling the creation of event '${text}'${withContext} after ${delay} seconds` : `Creating event '${text}'${withContext}`);
  x.host.emitEvent(text, delay, context ?? SYNTHETIC_CONTEXT);
}

/** tevent and cevent: the delay is only known at run time. */
function createTimedEvents(x: RunContext, context: string | null, delayText: string, text: string): Flow {
  const delay = x.v(delayText);
  const events = splitLines(x.v(text));
  const m = NUMBER.exec(delay);
  if (!m) x.host.log.warn(`Invalid time specification '${delay}' for creating events`);
  else for (const e of events) createEvent(x, e, Number(m[1]), context);
  return Flow.Next;
}

export const eventActions: ActionFamily<EventAction> = {
  event: {
    syntax: pattern(/^(event)(?:\s+0*([0-9]+))?(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'event',
      delaySeconds: Number(m[2] ?? 0),
      text: orDesc(stripParens(m[3] ?? '')),
    })),
    substituted: ['text'],
    run(a, x) {
      for (const e of splitLines(x.v(a.text))) createEvent(x, e, a.delaySeconds, null);
      return Flow.Next;
    },
  },
  tevent: {
    syntax: pattern(/^(tevent)\s+(\S+)(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'tevent',
      delay: nonEmpty(stripParens(m[2]), 'time offset', 'tevent'),
      text: orDesc(stripParens(m[3] ?? '')),
    })),
    substituted: ['delay', 'text'],
    run: (a, x) => createTimedEvents(x, null, a.delay, a.text),
  },
  cevent: {
    syntax: pattern(/^(cevent)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'cevent',
      context: nonEmpty(stripParens(m[2]), 'context name', 'cevent'),
      delay: nonEmpty(stripParens(m[3]), 'time offset', 'cevent'),
      text: orDesc(stripParens(m[4] ?? '')),
    })),
    substituted: ['context', 'delay', 'text'],
    run: (a, x) => createTimedEvents(x, x.v(a.context), a.delay, a.text),
  },
  rewrite: {
    syntax: pattern(/^(rewrite)\s+(\S+)(?:\s+(.*\S))?$/is, (m) => ({
      kind: 'rewrite',
      count: nonEmpty(stripParens(m[2]), 'linecount', 'rewrite'),
      text: orDesc(stripParens(m[3] ?? '')),
    })),
    substituted: ['count', 'text'],
    run(a, x) {
      const h = x.host;
      const count = x.v(a.count);
      const m = NUMBER.exec(count);
      if (!m) {
        h.log.warn(`Invalid linecount '${count}', can't rewrite input buffer`);
        return Flow.Next;
      }
      let events = splitLines(x.v(a.text));
      let n = Number(m[1]);
      if (n === 0) {
        if (!events.length) {
          h.log.warn('No data for rewriting input buffer');
          return Flow.Next;
        }
        n = events.length;
      }
      n = Math.min(n, h.bufsize);
      if (events.length > n) events = events.slice(0, n);
      while (events.length < n) events.unshift('');
      h.rewriteBuffer(events);
      return Flow.Next;
    },
  },
};
