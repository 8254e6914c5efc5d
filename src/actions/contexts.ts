// Context actions: create, set, delete, obsolete, alias, unalias; the event
// store (add, prepend, fill, copy, empty, pop, shift, trim); queries into
// variables (exists, getsize, getaliases, getltime, getctime); and moving a
// context's lifetime or creation time (setltime, setctime).
import { appendEvents, clearEvents, fillEvents, popEvent, prependEvents, shiftEvent, trimEvents } from '../context/store.js';
import { perlLocaltime } from '../time/localtime.js';
import { type ActionFamily, type ActionSpec, Flow, type KindOf, NUMBER, splitLines } from './family.js';
import { nonEmpty, orDesc, pattern, stripOuterParens, stripParens, variableName } from './syntax.js';
import type { Action } from './types.js';

export type ContextAction =
  | { kind: 'create' | 'set'; context: string; lifetime: string; actions: Action[] }
  | { kind: 'delete' | 'obsolete' | 'unalias'; context: string }
  | { kind: 'alias'; context: string; alias: string }
  | { kind: 'add' | 'prepend' | 'fill'; context: string; text: string }
  | { kind: 'copy' | 'pop' | 'shift'; context: string; variable: string }
  | { kind: 'empty'; context: string; variable: string | null }
  /** SEC 2.9.4: drop the strings added before `time` (epoch, -N from now, +N from creation). */
  | { kind: 'trim'; time: string; context: string; variable: string | null }
  | { kind: 'exists' | 'getsize' | 'getaliases' | 'getltime' | 'getctime'; variable: string; context: string }
  | { kind: 'setltime'; context: string; lifetime: string }
  | { kind: 'setctime'; time: string; context: string };

/** trim's time: seconds since the epoch, or -N (before now) or +N (after the context's creation). */
const TRIM_TIME = /^\s*([+-]?)0*([0-9]+)\s*$/;
const STORE_WRITERS = { add: appendEvents, prepend: prependEvents, fill: fillEvents };

const removal: ActionSpec<KindOf<ContextAction, 'delete'>> = {
  syntax: pattern(/^(delete|obsolete|unalias)(?:\s+(\S+))?$/is, (m, _c, kw) => ({ kind: kw as 'delete', context: stripParens(m[2] ?? '') || '%s' })),
  substituted: ['context'],
  run(a, x) {
    const h = x.host;
    const name = x.v(a.context);
    h.log.debug(`${{ delete: 'Deleting context', obsolete: 'Obsoleting context', unalias: 'Removing alias' }[a.kind]} '${name}'`);
    const ctx = h.contexts.get(name);
    if (!ctx || ctx.deleting) {
      h.log.debug(
        a.kind === 'unalias'
          ? `Alias '${name}' does not exist or the referred context is already going through deletion`
          : `Context '${name}' does not exist or is already going through deletion`,
      );
    } else if (ctx.internal) {
      h.log.warn(`Invalid use of ${a.kind} action for internal context '${name}'`);
    } else if (a.kind === 'delete') {
      h.contexts.remove(ctx);
      for (const n of ctx.names) h.log.debug(`Context '${n}' deleted`);
    } else if (a.kind === 'obsolete') {
      h.expireContext(name);
    } else {
      h.contexts.unalias(name);
      if (!ctx.names.length) h.log.debug(`Alias '${name}' was the last reference to a context`);
    }
    return Flow.Next;
  },
};

const storeWrite: ActionSpec<KindOf<ContextAction, 'add'>> = {
  syntax: pattern(/^(add|prepend|fill)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => ({
    kind: kw as 'add',
    context: nonEmpty(stripParens(m[2]), 'context name', kw),
    text: orDesc(stripParens(m[3] ?? '')),
  })),
  substituted: ['context', 'text'],
  run(a, x) {
    const h = x.host;
    const name = x.v(a.context);
    const text = x.v(a.text);
    h.log.debug(
      a.kind === 'fill'
        ? `Filling context '${name}' with event(s) '${text}'`
        : `${a.kind === 'add' ? 'Adding' : 'Prepending'} event(s) '${text}' to context '${name}'`,
    );
    const ctx = h.contexts.getOrCreate(name, h.clock.seconds());
    if (ctx.internal) {
      h.log.warn(`Invalid use of ${a.kind} action for internal context '${name}'`);
      return Flow.Next;
    }
    const events = splitLines(text);
    const limit = h.evstoresize;
    const size = a.kind === 'fill' ? events.length : ctx.events.length + events.length;
    if (limit && size > limit) {
      h.log.warn(
        a.kind === 'fill'
          ? `Can't fill context '${name}' with event(s) '${text}', store full`
          : `Can't ${a.kind} event(s) '${text}' to context '${name}', store full`,
      );
    } else STORE_WRITERS[a.kind](ctx, events, h.clock.seconds());
    return Flow.Next;
  },
};

const storeTake: ActionSpec<KindOf<ContextAction, 'copy'>> = {
  syntax: pattern(/^(copy|pop|shift)\s+(\S+)\s+(\S+)$/is, (m, _c, kw) => ({
    kind: kw as 'copy',
    context: nonEmpty(stripParens(m[2]), 'context name', kw),
    variable: variableName(m[3]),
  })),
  substituted: ['context'],
  run(a, x) {
    const h = x.host;
    const name = x.v(a.context);
    h.log.debug(
      {
        copy: () => `Copying context '${name}' to variable '%${a.variable}'`,
        pop: () => `Pop the last element of context '${name}' event store into variable '%${a.variable}'`,
        shift: () => `Shift the first element of context '${name}' event store into variable '%${a.variable}'`,
      }[a.kind](),
    );
    const ctx = h.contexts.get(name);
    if (!ctx) h.log.warn(`Context '${name}' does not exist, can't ${a.kind}`);
    else if (a.kind === 'copy') x.setVariable(a.variable, ctx.events.join('\n'));
    else x.setVariable(a.variable, (a.kind === 'pop' ? popEvent(ctx) : shiftEvent(ctx)) ?? '');
    return Flow.Next;
  },
};

const query: ActionSpec<KindOf<ContextAction, 'getsize'>> = {
  syntax: pattern(/^(exists|getsize|getaliases|getltime|getctime)\s+(\S+)\s+(\S+)$/is, (m, _c, kw) => {
    const variable = variableName(m[2]);
    return { kind: kw as 'getsize', variable, context: nonEmpty(stripParens(m[3]), 'context name', kw) };
  }),
  substituted: ['context'],
  run(a, x) {
    const h = x.host;
    const name = x.v(a.context);
    if (a.kind === 'exists') {
      h.log.debug(`Checking the presence of context '${name}'`);
      x.setVariable(a.variable, h.contexts.has(name) ? '1' : '0');
      return Flow.Next;
    }
    h.log.debug(
      {
        getsize: `Finding the size of context '${name}' event store`,
        getaliases: `Assigning aliases of context '${name}' to variable '%${a.variable}'`,
        getltime: `Assigning the lifetime of context '${name}' to variable '%${a.variable}'`,
        getctime: `Assigning the creation time of context '${name}' to variable '%${a.variable}'`,
      }[a.kind],
    );
    const ctx = h.contexts.get(name);
    if (!ctx) {
      if (a.kind === 'getsize') {
        h.variables.set(a.variable, undefined);
        h.log.debug(`Context '${name}' does not exist, variable '%${a.variable}' set to undef`);
      } else h.log.warn(`Context '${name}' does not exist, can't get ${{ getaliases: 'aliases', getltime: 'lifetime', getctime: 'creation time' }[a.kind]}`);
      return Flow.Next;
    }
    const value = {
      getsize: () => String(ctx.events.length),
      getaliases: () => ctx.names.join('\n'),
      getltime: () => String(ctx.lifetime),
      getctime: () => String(ctx.created),
    }[a.kind]();
    x.setVariable(a.variable, value);
    return Flow.Next;
  },
};

export const contextActions: ActionFamily<ContextAction> = {
  create: {
    syntax: pattern(/^(create)(?:\s+(\S+)(?:\s+(\S+)(?:\s+(.*\S))?)?)?$/is, (m, c) => ({
      kind: 'create',
      context: stripParens(m[2] ?? '') || '%s',
      lifetime: stripParens(m[3] ?? '') || '0',
      actions: c.list(stripOuterParens(m[4] ?? '')),
    })),
    substituted: ['context', 'lifetime'],
    nested: ['actions'],
    run(a, x) {
      const h = x.host;
      const name = x.v(a.context);
      const lifetime = x.v(a.lifetime);
      h.log.debug(`Creating context '${name}'`);
      const m = NUMBER.exec(lifetime);
      if (!m) {
        h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}', can't create`);
      } else if (h.contexts.get(name)?.internal) {
        h.log.warn(`Invalid use of create action for internal context '${name}'`);
      } else {
        h.contexts.create(name, h.clock.seconds(), Number(m[1]), a.actions, x.desc);
      }
      return Flow.Next;
    },
  },
  set: {
    syntax: pattern(/^(set)\s+(\S+)\s+(\S+)(?:\s+(.*\S))?$/is, (m, c) => ({
      kind: 'set',
      context: nonEmpty(stripParens(m[2]), 'context name', 'set'),
      lifetime: nonEmpty(stripParens(m[3]), 'lifetime', 'set'),
      actions: c.list(stripOuterParens(m[4] ?? '')),
    })),
    substituted: ['context', 'lifetime'],
    nested: ['actions'],
    run(a, x) {
      const h = x.host;
      const name = x.v(a.context);
      const lifetime = x.v(a.lifetime);
      h.log.debug(`Changing settings for context '${name}'`);
      const m = /^\s*(?:0*([0-9]+)|-)\s*$/.exec(lifetime);
      const ctx = h.contexts.get(name);
      if (!m) h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}', can't change settings`);
      else if (!ctx) h.log.warn(`Context '${name}' does not exist, can't change settings`);
      else if (ctx.internal) h.log.warn(`Invalid use of set action for internal context '${name}'`);
      else {
        if (m[1] !== undefined) {
          ctx.created = h.clock.seconds();
          ctx.lifetime = Number(m[1]);
          h.contexts.schedule(ctx);
        }
        if (a.actions.length) {
          ctx.expiryActions = a.actions;
          ctx.desc = x.desc;
        }
      }
      return Flow.Next;
    },
  },
  delete: removal,
  obsolete: removal,
  unalias: removal,
  alias: {
    syntax: pattern(/^(alias)\s+(\S+)(?:\s+(\S+))?$/is, (m) => ({
      kind: 'alias',
      context: nonEmpty(stripParens(m[2]), 'context name', 'alias'),
      alias: stripParens(m[3] ?? '') || '%s',
    })),
    substituted: ['context', 'alias'],
    run(a, x) {
      const h = x.host;
      const name = x.v(a.context);
      const alias = x.v(a.alias);
      h.log.debug(`Creating alias '${alias}' for context '${name}'`);
      const ctx = h.contexts.get(name);
      if (!ctx) h.log.warn(`Context '${name}' does not exist, can't create alias`);
      else if (h.contexts.has(alias)) h.log.debug(`Alias '${alias}' already exists`);
      else if (ctx.internal) h.log.warn(`Invalid use of alias action for internal context '${name}'`);
      else h.contexts.alias(ctx, alias);
      return Flow.Next;
    },
  },
  add: storeWrite,
  prepend: storeWrite,
  fill: storeWrite,
  copy: storeTake,
  pop: storeTake,
  shift: storeTake,
  empty: {
    syntax: pattern(/^(empty)\s+(\S+)(?:\s+(\S+))?$/is, (m) => ({
      kind: 'empty',
      context: nonEmpty(stripParens(m[2]), 'context name', 'empty'),
      variable: m[3] ? variableName(m[3]) : null,
    })),
    substituted: ['context'],
    run(a, x) {
      const h = x.host;
      const name = x.v(a.context);
      h.log.debug(`Emptying the event store of context '${name}'`);
      const ctx = h.contexts.get(name);
      if (!ctx) h.log.warn(`Context '${name}' does not exist, can't empty`);
      else {
        if (a.variable !== null) x.setVariable(a.variable, ctx.events.join('\n'));
        clearEvents(ctx);
      }
      return Flow.Next;
    },
  },
  trim: {
    syntax: pattern(/^(trim)\s+(\S+)\s+(\S+)(?:\s+(\S+))?$/is, (m) => ({
      kind: 'trim',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'trim'),
      context: nonEmpty(stripParens(m[3]), 'context name', 'trim'),
      variable: m[4] ? variableName(m[4]) : null,
    })),
    substituted: ['time', 'context'],
    run(a, x) {
      const h = x.host;
      const stamp = x.v(a.time);
      const name = x.v(a.context);
      h.log.debug(`Trimming context '${name}' event store by timestamp '${stamp}'`);
      const ctx = h.contexts.get(name);
      const m = TRIM_TIME.exec(stamp);
      if (!ctx) h.log.warn(`Context '${name}' does not exist, can't trim`);
      else if (!m) h.log.warn(`Invalid timestamp '${stamp}' for trimming context '${name}'`);
      else {
        const offset = Number(m[2]);
        const before = m[1] === '+' ? ctx.created + offset : m[1] === '-' ? h.clock.seconds() - offset : offset;
        const removed = trimEvents(ctx, before);
        h.log.debug(`Trimmed ${removed.length} element(s) older than '${perlLocaltime(before)}' from context '${name}' event store`);
        if (a.variable !== null) x.setVariable(a.variable, removed.join('\n'));
      }
      return Flow.Next;
    },
  },
  exists: query,
  getsize: query,
  getaliases: query,
  getltime: query,
  getctime: query,
  setltime: {
    syntax: pattern(/^(setltime)\s+(\S+)(?:\s+(\S+))?$/is, (m) => ({
      kind: 'setltime',
      context: nonEmpty(stripParens(m[2]), 'context name', 'setltime'),
      lifetime: stripParens(m[3] ?? '') || '0',
    })),
    substituted: ['context', 'lifetime'],
    run(a, x) {
      const h = x.host;
      const name = x.v(a.context);
      const lifetime = x.v(a.lifetime);
      const m = NUMBER.exec(lifetime);
      const ctx = h.contexts.get(name);
      if (m) h.log.debug(`Setting the lifetime of context '${name}' to '${m[1]}'`);
      if (!m) h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}'`);
      else if (!ctx) h.log.warn(`Context '${name}' does not exist, can't set lifetime`);
      else if (ctx.internal) h.log.warn(`Invalid use of setltime action for internal context '${name}'`);
      else {
        ctx.lifetime = Number(m[1]);
        h.contexts.schedule(ctx);
        if (ctx.lifetime && h.clock.seconds() - ctx.created > ctx.lifetime) {
          h.log.debug(`Context '${name}' has become stale after lifetime adjustment`);
          h.isContextAlive(name);
        }
      }
      return Flow.Next;
    },
  },
  setctime: {
    syntax: pattern(/^(setctime)\s+(\S+)\s+(\S+)$/is, (m) => ({
      kind: 'setctime',
      time: nonEmpty(stripParens(m[2]), 'timestamp', 'setctime'),
      context: nonEmpty(stripParens(m[3]), 'context name', 'setctime'),
    })),
    substituted: ['time', 'context'],
    run(a, x) {
      const h = x.host;
      const stamp = x.v(a.time);
      const name = x.v(a.context);
      const m = NUMBER.exec(stamp);
      const ctx = h.contexts.get(name);
      const shown = m ? perlLocaltime(Number(m[1])) : '';
      if (m) h.log.debug(`Setting the creation time of context '${name}' to '${shown}'`);
      if (!m) h.log.warn(`Invalid timestamp '${stamp}' for creation time of context '${name}'`);
      else if (!ctx) h.log.warn(`Context '${name}' does not exist, can't set creation time`);
      else if (ctx.internal) h.log.warn(`Invalid use of setctime action for internal context '${name}'`);
      else {
        const t = Number(m[1]);
        if (t < ctx.created) h.log.warn(`Can't set context creation time backwards to '${shown}'`);
        else if (t > h.clock.seconds()) h.log.warn(`Can't set context creation time into future to '${shown}'`);
        else if (t === ctx.created) h.log.debug(`Context creation time already set to '${shown}'`);
        else {
          ctx.created = t;
          h.contexts.schedule(ctx);
        }
      }
      return Flow.Next;
    },
  },
};
