// Running actions. Every string is passed through the action-list variables
// right before use (so `assign %x ...; write - %x` sees the new value); the
// match variables were put in earlier, when the rule matched.
import { appendEvents, clearEvents, type ContextStore, fillEvents, popEvent, prependEvents, shiftEvent, trimEvents } from '../context/store.js';
import { perlLocaltime } from '../time/localtime.js';
import { LogLevel, type Logger } from '../log/logger.js';
import { operationKey } from '../operations/types.js';
import type { Clock } from '../time/clock.js';
import type { Sinks } from '../sinks/index.js';
import type { SocketOutputs } from '../sinks/sockets.js';
import type { Action } from './types.js';
import type { ActionVariables } from './variables.js';

/** What actions reach outside themselves: the engine implements it. */
export interface ActionHost {
  readonly clock: Clock;
  readonly log: Logger;
  readonly contexts: ContextStore;
  readonly variables: ActionVariables;
  readonly sinks: Sinks;
  /** --quoting: %s given to shell commands is put in single quotes. */
  readonly quoting: boolean;
  /** Context liveness check that also runs expiry actions of stale contexts. */
  isContextAlive(name: string): boolean;
  /** Expire a context now (obsolete, setltime into the past). */
  expireContext(name: string): void;
  /** addinput: read one more input file; dropinput: stop reading one that addinput added. */
  addInput(file: string, offset: string, context: string): void;
  dropInput(file: string): void;
  /** sigemul: behave as if the signal had arrived (after the current event). */
  emulateSignal(name: string): void;
  /** Start a command whose output lines become synthetic events with `context`. */
  spawn(command: string | string[], context: string): void;
  /** Queue a synthetic event; `delay` seconds later when positive. */
  emitEvent(text: string, delay: number, context: string): void;
  /** Terminate operations started by a rule of `file` (all rules when index is null). */
  resetOperations(file: string, ruleIndex: number | null, desc: string): void;
  getWindowPosition(file: string, ruleIndex: number, desc: string): number | undefined;
  setWindowPosition(file: string, ruleIndex: number, desc: string, time: number): void;
  rewriteBuffer(lines: string[]): void;
  readonly bufsize: number;
  readonly evstoresize: number;
  hasCacheEntry(entry: string): boolean;
  /** Actions whose runtime belongs to a later release. */
  unsupported(kind: string): void;
  /** Print lines for `report`/`pipe` without a command. */
  writeStdout(text: string): void;
}

/** Result of running a list: normal end, `continue` or `break` inside a while. */
export enum Flow {
  Next = 1,
  Continue = 0,
  Break = -1,
}

const SYNTHETIC_CONTEXT = '_INTERNAL_EVENT';

/** The socket actions, by kind. */
const SOCKET_SENDERS = {
  udgram: (s: SocketOutputs, target: string, text: string) => s.sendUdgram(target, text),
  ustream: (s: SocketOutputs, target: string, text: string) => s.sendUstream(target, text),
  udpsock: (s: SocketOutputs, target: string, text: string) => s.sendUdp(target, text),
  tcpsock: (s: SocketOutputs, target: string, text: string) => s.sendTcp(target, text),
};
const SOCKET_CLOSERS = {
  closeudgr: (s: SocketOutputs, target: string) => s.closeUdgram(target),
  closeustr: (s: SocketOutputs, target: string) => s.closeUstream(target),
  closeudp: (s: SocketOutputs, target: string) => s.closeUdp(target),
  closetcp: (s: SocketOutputs, target: string) => s.closeTcp(target),
};
const NUMBER = /^\s*0*([0-9]+)\s*$/;
/** trim's time: seconds since the epoch, or -N (before now) or +N (after the context's creation). */
const TRIM_TIME = /^\s*([+-]?)0*([0-9]+)\s*$/;
const STORE_WRITERS = { add: appendEvents, prepend: prependEvents, fill: fillEvents };

/** Perl's split(/\n/): trailing empty fields dropped. */
function splitLines(text: string): string[] {
  const lines = text.split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** How SEC names a command in its log: a shell command line, or an argument vector joined by spaces. */
function commandPhrase(command: string | string[]): string {
  return typeof command === 'string' ? `shell command '${command}'` : `command '${command.join(' ')}'`;
}

export class ActionExecutor {
  constructor(private readonly host: ActionHost) {}

  /** Set an action-list variable and log its value, as SEC's context and query actions do. */
  private setVariable(variable: string, value: string): void {
    this.host.variables.set(variable, value);
    this.host.log.debug(`Variable '%${variable}' set to '${value}'`);
  }

  /** event, tevent, cevent: one event now or later; `context` null for the synthetic events' own context. */
  private createEvent(text: string, delay: number, context: string | null): void {
    const withContext = context === null ? '' : ` with context '${context}'`;
    this.host.log.debug(
      delay > 0 ? `Scheduling the creation of event '${text}'${withContext} after ${delay} seconds` : `Creating event '${text}'${withContext}`,
    );
    this.host.emitEvent(text, delay, context ?? SYNTHETIC_CONTEXT);
  }

  run(actions: readonly Action[], desc: string): Flow {
    for (const a of actions) {
      const flow = this.runOne(a, desc);
      if (flow !== Flow.Next) return flow;
    }
    return Flow.Next;
  }

  private runOne(a: Action, desc: string): Flow {
    const h = this.host;
    const v = (s: string): string => h.variables.substitute(s, desc);
    const now = (): number => h.clock.seconds();
    switch (a.kind) {
      case 'none':
        return Flow.Next;
      case 'break':
        return Flow.Break;
      case 'continue':
        return Flow.Continue;
      case 'logonly':
        h.log.notice(v(a.text));
        return Flow.Next;
      case 'write':
      case 'writen': {
        const file = v(a.file);
        const text = v(a.text);
        h.log.debug(`Writing event '${text}' to file '${file}'`);
        h.sinks.files.write(file, text, a.kind === 'write');
        return Flow.Next;
      }
      case 'owritecl': {
        const file = v(a.file);
        const text = v(a.text);
        h.log.debug(`Writing event '${text}' to file '${file}'`);
        h.sinks.files.writeAndClose(file, text);
        return Flow.Next;
      }
      case 'shellcmd':
      case 'spawn':
      case 'cspawn': {
        // --quoting protects %s (the desc) given to a shell
        const quoted = h.quoting ? `'${desc.replace(/'/g, "'\\''")}'` : desc;
        const command = h.variables.substitute(a.command, quoted);
        if (a.kind === 'shellcmd') {
          h.log.log(LogLevel.INFO, `Executing shell command '${command}'`);
          h.sinks.children.start(command, null);
        } else {
          if (a.kind === 'cspawn') {
            const context = h.variables.substitute(a.context, quoted);
            h.log.log(LogLevel.INFO, `Spawning shell command '${command}' with context '${context}'`);
            h.spawn(command, context);
          } else {
            h.log.log(LogLevel.INFO, `Spawning shell command '${command}'`);
            h.spawn(command, SYNTHETIC_CONTEXT);
          }
        }
        return Flow.Next;
      }
      case 'spawnexec':
      case 'cspawnexec': {
        const context = a.kind === 'cspawnexec' ? v(a.context) : null;
        const argv = a.argv.map(v);
        h.log.log(LogLevel.INFO, `Spawning command '${argv.join(' ')}'${context === null ? '' : ` with context '${context}'`}`);
        h.spawn(argv, context ?? SYNTHETIC_CONTEXT);
        return Flow.Next;
      }
      case 'cmdexec': {
        const argv = a.argv.map(v);
        h.log.log(LogLevel.INFO, `Executing command '${argv.join(' ')}'`);
        h.sinks.children.start(argv, null);
        return Flow.Next;
      }
      case 'pipe':
      case 'pipeexec': {
        const text = v(a.text);
        const command = a.kind === 'pipe' ? v(a.command) : a.argv.map(v);
        h.log.log(LogLevel.INFO, `Feeding event '${text}' to ${commandPhrase(command)}`);
        if (command.length) h.sinks.children.start(command, [text]);
        else h.writeStdout(`${text}\n`);
        return Flow.Next;
      }
      case 'udgram':
      case 'ustream':
      case 'udpsock':
      case 'tcpsock': {
        const target = v('file' in a ? a.file : a.peer);
        SOCKET_SENDERS[a.kind](h.sinks.sockets, target, v(a.text));
        return Flow.Next;
      }
      case 'closeudgr':
      case 'closeustr':
      case 'closeudp':
      case 'closetcp':
        SOCKET_CLOSERS[a.kind](h.sinks.sockets, v('file' in a ? a.file : a.peer));
        return Flow.Next;
      case 'closef': {
        const file = v(a.file);
        h.log.debug(`Closing file '${file}'`);
        if (!h.sinks.files.close(file)) h.log.debug(`File '${file}' is not open, can't close`);
        return Flow.Next;
      }
      case 'create': {
        const name = v(a.context);
        const lifetime = v(a.lifetime);
        h.log.debug(`Creating context '${name}'`);
        const m = NUMBER.exec(lifetime);
        if (!m) {
          h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}', can't create`);
        } else if (h.contexts.get(name)?.internal) {
          h.log.warn(`Invalid use of create action for internal context '${name}'`);
        } else {
          h.contexts.create(name, now(), Number(m[1]), a.actions, desc);
        }
        return Flow.Next;
      }
      case 'set': {
        const name = v(a.context);
        const lifetime = v(a.lifetime);
        h.log.debug(`Changing settings for context '${name}'`);
        const m = /^\s*(?:0*([0-9]+)|-)\s*$/.exec(lifetime);
        const ctx = h.contexts.get(name);
        if (!m) h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}', can't change settings`);
        else if (!ctx) h.log.warn(`Context '${name}' does not exist, can't change settings`);
        else if (ctx.internal) h.log.warn(`Invalid use of set action for internal context '${name}'`);
        else {
          if (m[1] !== undefined) {
            ctx.created = now();
            ctx.lifetime = Number(m[1]);
            h.contexts.schedule(ctx);
          }
          if (a.actions.length) {
            ctx.expiryActions = a.actions;
            ctx.desc = desc;
          }
        }
        return Flow.Next;
      }
      case 'delete':
      case 'obsolete':
      case 'unalias': {
        const name = v(a.context);
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
      }
      case 'alias': {
        const name = v(a.context);
        const alias = v(a.alias);
        h.log.debug(`Creating alias '${alias}' for context '${name}'`);
        const ctx = h.contexts.get(name);
        if (!ctx) h.log.warn(`Context '${name}' does not exist, can't create alias`);
        else if (h.contexts.has(alias)) h.log.debug(`Alias '${alias}' already exists`);
        else if (ctx.internal) h.log.warn(`Invalid use of alias action for internal context '${name}'`);
        else h.contexts.alias(ctx, alias);
        return Flow.Next;
      }
      case 'add':
      case 'prepend':
      case 'fill': {
        const name = v(a.context);
        const text = v(a.text);
        h.log.debug(
          a.kind === 'fill'
            ? `Filling context '${name}' with event(s) '${text}'`
            : `${a.kind === 'add' ? 'Adding' : 'Prepending'} event(s) '${text}' to context '${name}'`,
        );
        const ctx = h.contexts.getOrCreate(name, now());
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
        } else STORE_WRITERS[a.kind](ctx, events, now());
        return Flow.Next;
      }
      case 'report':
      case 'reportexec': {
        const name = v(a.context);
        const command = a.kind === 'report' ? v(a.command) : a.argv.map(v);
        h.log.log(LogLevel.INFO, `Reporting the event store of context '${name}' through ${commandPhrase(command)}`);
        const ctx = h.contexts.get(name);
        if (!ctx) h.log.warn(`Context '${name}' does not exist, can't report`);
        else if (!ctx.events.length) h.log.debug(`Event store of context '${name}' is empty, nothing to report`);
        else if (command.length) h.sinks.children.start(command, [...ctx.events]);
        else h.writeStdout(ctx.events.map((e) => `${e}\n`).join(''));
        return Flow.Next;
      }
      case 'copy':
      case 'empty':
      case 'pop':
      case 'shift': {
        const name = v(a.context);
        h.log.debug(
          {
            copy: () => `Copying context '${name}' to variable '%${a.variable}'`,
            empty: () => `Emptying the event store of context '${name}'`,
            pop: () => `Pop the last element of context '${name}' event store into variable '%${a.variable}'`,
            shift: () => `Shift the first element of context '${name}' event store into variable '%${a.variable}'`,
          }[a.kind](),
        );
        const ctx = h.contexts.get(name);
        if (!ctx) {
          h.log.warn(`Context '${name}' does not exist, can't ${a.kind}`);
          return Flow.Next;
        }
        if (a.kind === 'copy') this.setVariable(a.variable, ctx.events.join('\n'));
        else if (a.kind === 'empty') {
          if (a.variable !== null) this.setVariable(a.variable, ctx.events.join('\n'));
          clearEvents(ctx);
        } else this.setVariable(a.variable, (a.kind === 'pop' ? popEvent(ctx) : shiftEvent(ctx)) ?? '');
        return Flow.Next;
      }
      case 'trim': {
        const stamp = v(a.time);
        const name = v(a.context);
        h.log.debug(`Trimming context '${name}' event store by timestamp '${stamp}'`);
        const ctx = h.contexts.get(name);
        const m = TRIM_TIME.exec(stamp);
        if (!ctx) h.log.warn(`Context '${name}' does not exist, can't trim`);
        else if (!m) h.log.warn(`Invalid timestamp '${stamp}' for trimming context '${name}'`);
        else {
          const offset = Number(m[2]);
          const before = m[1] === '+' ? ctx.created + offset : m[1] === '-' ? now() - offset : offset;
          const removed = trimEvents(ctx, before);
          h.log.debug(`Trimmed ${removed.length} element(s) older than '${perlLocaltime(before)}' from context '${name}' event store`);
          if (a.variable !== null) this.setVariable(a.variable, removed.join('\n'));
        }
        return Flow.Next;
      }
      case 'exists': {
        const name = v(a.context);
        h.log.debug(`Checking the presence of context '${name}'`);
        this.setVariable(a.variable, h.contexts.has(name) ? '1' : '0');
        return Flow.Next;
      }
      case 'getsize':
      case 'getaliases':
      case 'getltime':
      case 'getctime': {
        const name = v(a.context);
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
          } else
            h.log.warn(`Context '${name}' does not exist, can't get ${{ getaliases: 'aliases', getltime: 'lifetime', getctime: 'creation time' }[a.kind]}`);
          return Flow.Next;
        }
        const value = {
          getsize: () => String(ctx.events.length),
          getaliases: () => ctx.names.join('\n'),
          getltime: () => String(ctx.lifetime),
          getctime: () => String(ctx.created),
        }[a.kind]();
        this.setVariable(a.variable, value);
        return Flow.Next;
      }
      case 'setltime': {
        const name = v(a.context);
        const lifetime = v(a.lifetime);
        const m = NUMBER.exec(lifetime);
        const ctx = h.contexts.get(name);
        if (m) h.log.debug(`Setting the lifetime of context '${name}' to '${m[1]}'`);
        if (!m) h.log.warn(`Invalid lifetime '${lifetime}' for context '${name}'`);
        else if (!ctx) h.log.warn(`Context '${name}' does not exist, can't set lifetime`);
        else if (ctx.internal) h.log.warn(`Invalid use of setltime action for internal context '${name}'`);
        else {
          ctx.lifetime = Number(m[1]);
          h.contexts.schedule(ctx);
          if (ctx.lifetime && now() - ctx.created > ctx.lifetime) {
            h.log.debug(`Context '${name}' has become stale after lifetime adjustment`);
            h.isContextAlive(name);
          }
        }
        return Flow.Next;
      }
      case 'setctime': {
        const stamp = v(a.time);
        const name = v(a.context);
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
          else if (t > now()) h.log.warn(`Can't set context creation time into future to '${shown}'`);
          else if (t === ctx.created) h.log.debug(`Context creation time already set to '${shown}'`);
          else {
            ctx.created = t;
            h.contexts.schedule(ctx);
          }
        }
        return Flow.Next;
      }
      case 'event':
        for (const e of splitLines(v(a.text))) this.createEvent(e, a.delaySeconds, null);
        return Flow.Next;
      case 'tevent':
      case 'cevent': {
        const context = a.kind === 'cevent' ? v(a.context) : null;
        const delay = v(a.delay);
        const events = splitLines(v(a.text));
        const m = NUMBER.exec(delay);
        if (!m) h.log.warn(`Invalid time specification '${delay}' for creating events`);
        else for (const e of events) this.createEvent(e, Number(m[1]), context);
        return Flow.Next;
      }
      case 'reset':
        h.resetOperations(a.ruleFile, a.ruleIndex, v(a.desc));
        return Flow.Next;
      case 'getwpos': {
        const pos = h.getWindowPosition(a.ruleFile, a.ruleIndex, v(a.desc));
        if (pos !== undefined) this.setVariable(a.variable, String(pos));
        return Flow.Next;
      }
      case 'setwpos': {
        const stamp = v(a.time);
        const desc2 = v(a.desc);
        const m = NUMBER.exec(stamp);
        if (!m) h.log.warn(`Invalid timestamp '${stamp}' for moving the window of operation '${operationKey(a.ruleFile, a.ruleIndex, desc2)}'`);
        else h.setWindowPosition(a.ruleFile, a.ruleIndex, desc2, Number(m[1]));
        return Flow.Next;
      }
      case 'assign':
      case 'assignsq': {
        let value = v(a.value);
        if (a.kind === 'assignsq') value = `'${value.replace(/'/g, "'\\''")}'`;
        h.log.debug(`Assigning '${value}' to variable '%${a.variable}'`);
        h.variables.set(a.variable, value);
        return Flow.Next;
      }
      case 'free':
        h.log.debug(`Freeing variable '%${a.variable}'`);
        h.variables.delete(a.variable);
        return Flow.Next;
      case 'rewrite': {
        const count = v(a.count);
        const m = NUMBER.exec(count);
        if (!m) {
          h.log.warn(`Invalid linecount '${count}', can't rewrite input buffer`);
          return Flow.Next;
        }
        let events = splitLines(v(a.text));
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
      }
      case 'addinput':
        h.addInput(v(a.file), v(a.offset), v(a.context));
        return Flow.Next;
      case 'dropinput':
        h.dropInput(v(a.file));
        return Flow.Next;
      case 'sigemul': {
        const name = v(a.signal).toUpperCase();
        h.log.debug(`Emulating the arrival of '${name}' signal`);
        if (['HUP', 'ABRT', 'USR1', 'USR2', 'INT', 'TERM'].includes(name)) h.emulateSignal(name);
        else h.log.warn(`The arrival of '${name}' signal can't be emulated`);
        return Flow.Next;
      }
      case 'varset': {
        const entry = v(a.entry);
        h.log.debug(`Checking the presence of pattern match cache entry '${entry}'`);
        this.setVariable(a.variable, h.hasCacheEntry(entry) ? '1' : '0');
        return Flow.Next;
      }
      case 'if': {
        const list = h.variables.isTrue(a.variable) ? a.then : a.else;
        return list.length ? this.run(list, desc) : Flow.Next;
      }
      case 'while':
        while (h.variables.isTrue(a.variable)) {
          if (this.run(a.body, desc) === Flow.Break) break;
        }
        return Flow.Next;
      default:
        h.unsupported(a.kind);
        return Flow.Next;
    }
  }
}
