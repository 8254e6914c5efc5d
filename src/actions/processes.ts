// Process actions: shellcmd and cmdexec run a command; spawn, spawnexec,
// cspawn, cspawnexec turn its output lines into events; pipe, pipeexec,
// report, reportexec feed it an event or a context's event store. The
// *exec forms take an argument vector that never reaches a shell.
import { LogLevel } from '../log/logger.js';
import { type ActionFamily, type ActionSpec, Flow, type KindOf, type RunContext, SYNTHETIC_CONTEXT } from './family.js';
import { nonEmpty, orDesc, pattern, stripParens, words } from './syntax.js';

export type ProcessAction =
  | { kind: 'shellcmd' | 'spawn'; command: string }
  | { kind: 'cmdexec' | 'spawnexec'; argv: string[] }
  | { kind: 'cspawn'; context: string; command: string }
  | { kind: 'cspawnexec'; context: string; argv: string[] }
  | { kind: 'pipe'; text: string; command: string }
  | { kind: 'pipeexec'; text: string; argv: string[] }
  | { kind: 'report'; context: string; command: string }
  | { kind: 'reportexec'; context: string; argv: string[] };

/** How SEC names a command in its log: a shell command line, or an argument vector joined by spaces. */
function commandPhrase(command: string | string[]): string {
  return typeof command === 'string' ? `shell command '${command}'` : `command '${command.join(' ')}'`;
}

/** With --quoting, %s (the desc) given to a shell is put in single quotes. */
function shellDesc(x: RunContext): string {
  return x.host.quoting ? `'${x.desc.replace(/'/g, "'\\''")}'` : x.desc;
}

const commandSyntax = pattern(/^(shellcmd|cmdexec|spawn|spawnexec)\s+(.*\S)$/is, (m, _c, kw) => {
  const command = nonEmpty(stripParens(m[2]), 'commandline', kw);
  return kw === 'shellcmd' || kw === 'spawn' ? { kind: kw, command } : { kind: kw as 'cmdexec', argv: words(command) };
});

const contextCommandSyntax = pattern(/^(cspawn|cspawnexec)\s+(\S+)\s+(.*\S)$/is, (m, _c, kw) => {
  const context = nonEmpty(stripParens(m[2]), 'context name', kw);
  const command = nonEmpty(stripParens(m[3]), 'commandline', kw);
  return kw === 'cspawn' ? { kind: 'cspawn', context, command } : { kind: 'cspawnexec', context, argv: words(command) };
});

const pipeSyntax = pattern(/^(pipe|pipeexec)\s+'([^']*)'(?:\s+(.*\S))?$/is, (m, _c, kw) => {
  const text = orDesc(stripParens(m[2]));
  const command = stripParens(m[3] ?? '');
  return kw === 'pipe' ? { kind: 'pipe', text, command } : { kind: 'pipeexec', text, argv: words(command) };
});

const reportSyntax = pattern(/^(report|reportexec)\s+(\S+)(?:\s+(.*\S))?$/is, (m, _c, kw) => {
  const context = nonEmpty(stripParens(m[2]), 'context name', kw);
  const command = stripParens(m[3] ?? '');
  return kw === 'report' ? { kind: 'report', context, command } : { kind: 'reportexec', context, argv: words(command) };
});

/** Spawning: the child's output lines become events with `context`. */
function spawnCommand(x: RunContext, command: string | string[], context: string | null): void {
  const withContext = context === null ? '' : ` with context '${context}'`;
  x.host.log.log(LogLevel.INFO, `Spawning ${commandPhrase(command)}${withContext}`);
  x.host.spawn(command, context ?? SYNTHETIC_CONTEXT);
}

/** pipe and pipeexec: one event to a command's standard input, or to standard output without a command. */
function pipeEvent(x: RunContext, text: string, command: string | string[]): Flow {
  x.host.log.log(LogLevel.INFO, `Feeding event '${text}' to ${commandPhrase(command)}`);
  if (command.length) x.host.sinks.children.start(command, [text]);
  else x.host.writeStdout(`${text}\n`);
  return Flow.Next;
}

/** report and reportexec: a context's event store to a command, or to standard output without a command. */
function reportContext(x: RunContext, name: string, command: string | string[]): Flow {
  const h = x.host;
  h.log.log(LogLevel.INFO, `Reporting the event store of context '${name}' through ${commandPhrase(command)}`);
  const ctx = h.contexts.get(name);
  if (!ctx) h.log.warn(`Context '${name}' does not exist, can't report`);
  else if (!ctx.events.length) h.log.debug(`Event store of context '${name}' is empty, nothing to report`);
  else if (command.length) h.sinks.children.start(command, [...ctx.events]);
  else h.writeStdout(ctx.events.map((e) => `${e}\n`).join(''));
  return Flow.Next;
}

const shellcmd: ActionSpec<KindOf<ProcessAction, 'shellcmd'>> = {
  syntax: commandSyntax,
  substituted: ['command'],
  run(a, x) {
    const command = x.host.variables.substitute(a.command, shellDesc(x));
    if (a.kind === 'spawn') spawnCommand(x, command, null);
    else {
      x.host.log.log(LogLevel.INFO, `Executing shell command '${command}'`);
      x.host.sinks.children.start(command, null);
    }
    return Flow.Next;
  },
};

const cmdexec: ActionSpec<KindOf<ProcessAction, 'cmdexec'>> = {
  syntax: commandSyntax,
  substituted: ['argv'],
  run(a, x) {
    const argv = x.vAll(a.argv);
    if (a.kind === 'spawnexec') spawnCommand(x, argv, null);
    else {
      x.host.log.log(LogLevel.INFO, `Executing command '${argv.join(' ')}'`);
      x.host.sinks.children.start(argv, null);
    }
    return Flow.Next;
  },
};

export const processActions: ActionFamily<ProcessAction> = {
  shellcmd,
  spawn: shellcmd,
  cmdexec,
  spawnexec: cmdexec,
  cspawn: {
    syntax: contextCommandSyntax,
    substituted: ['context', 'command'],
    run(a, x) {
      const quoted = shellDesc(x);
      const command = x.host.variables.substitute(a.command, quoted);
      spawnCommand(x, command, x.host.variables.substitute(a.context, quoted));
      return Flow.Next;
    },
  },
  cspawnexec: {
    syntax: contextCommandSyntax,
    substituted: ['context', 'argv'],
    run(a, x) {
      const context = x.v(a.context);
      spawnCommand(x, x.vAll(a.argv), context);
      return Flow.Next;
    },
  },
  pipe: {
    syntax: pipeSyntax,
    substituted: ['text', 'command'],
    run: (a, x) => pipeEvent(x, x.v(a.text), x.v(a.command)),
  },
  pipeexec: {
    syntax: pipeSyntax,
    substituted: ['text', 'argv'],
    run: (a, x) => pipeEvent(x, x.v(a.text), x.vAll(a.argv)),
  },
  report: {
    syntax: reportSyntax,
    substituted: ['context', 'command'],
    run: (a, x) => reportContext(x, x.v(a.context), x.v(a.command)),
  },
  reportexec: {
    syntax: reportSyntax,
    substituted: ['context', 'argv'],
    run: (a, x) => reportContext(x, x.v(a.context), x.vAll(a.argv)),
  },
};
