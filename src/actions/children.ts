// Child processes of shellcmd, cmdexec, pipe, pipeexec, report and
// reportexec. A command line given as one string goes to /bin/sh only when
// it needs a shell (Perl's exec rule: shell metacharacters or a leading
// VAR=); an argv list (the *exec actions) never reaches a shell. Children
// run in the background and never block event processing.
import type { ResultPromise } from 'execa';
import { LineSplitter } from '../input/lineSplitter.js';
import type { Logger } from '../log/logger.js';

export interface ChildHooks {
  /** Each line the child writes to standard output (spawn): it is not printed then. */
  onLine?: (line: string) => void;
  /** The child ended with this exit code (SingleWithScript). */
  onExit?: (exitCode: number) => void;
}

const SHELL_METACHARS = /[$&*(){}[\]'";\\|?<>~`\n]/;

/** File and arguments for a command line, as Perl's one-argument exec runs it. */
export function commandArgv(command: string | string[]): string[] {
  if (Array.isArray(command)) return command;
  if (SHELL_METACHARS.test(command) || /^\s*[A-Za-z_]\w*=/.test(command)) return ['/bin/sh', '-c', command];
  return command.split(/\s+/).filter(Boolean);
}

type ExecaModule = typeof import('execa');
let execaModule: Promise<ExecaModule> | null = null;

/**
 * execa, imported on first use (or by preload once start-up is done), so
 * that sec answers its first line without paying for it.
 */
export function loadExeca(): Promise<ExecaModule> {
  execaModule ??= import('execa');
  return execaModule;
}

export class ChildProcesses {
  private readonly running = new Set<ResultPromise>();

  constructor(private readonly log: Logger) {}

  get count(): number {
    return this.running.size;
  }

  /**
   * Start a command; `input` lines are written to its standard input, which
   * is otherwise empty. Its output goes to our standard output.
   */
  start(command: string | string[], input: string[] | null, hooks: ChildHooks = {}): void {
    const argv = commandArgv(command);
    const shown = Array.isArray(command) ? command.join(' ') : command;
    if (!argv.length) return;
    void loadExeca().then(({ execa }) => this.spawn(execa, argv, shown, input, hooks));
  }

  private spawn(execa: ExecaModule['execa'], argv: string[], shown: string, input: string[] | null, hooks: ChildHooks): void {
    const child = execa(argv[0], argv.slice(1), {
      stdin: input === null ? 'ignore' : 'pipe',
      stdout: hooks.onLine ? 'pipe' : 'inherit',
      buffer: false,
      stderr: 'inherit',
      reject: false,
      encoding: 'latin1',
    });
    this.running.add(child);
    this.log.debug(`Child ${child.pid ?? '?'} created for command '${shown}'`);
    if (hooks.onLine && child.stdout) {
      const onLine = hooks.onLine;
      const splitter = new LineSplitter();
      child.stdout.setEncoding('latin1');
      child.stdout.on('data', (chunk: string) => splitter.push(chunk).forEach(onLine));
      child.stdout.on('end', () => splitter.flush().forEach(onLine));
    }
    if (input !== null && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(Buffer.from(input.map((l) => l + '\n').join(''), 'latin1'));
    }
    child.then((result) => {
      this.running.delete(child);
      // Perl's $? >> 8: a command that could not be run exits 1, one killed by a signal counts as 0
      const code = result.exitCode ?? (result.signal ? 0 : 1);
      if (hooks.onExit) {
        this.log.debug(code === 0 ? `Child ${child.pid} terminated with exitcode 0` : `Child ${child.pid} terminated with non-zero exitcode ${code}`);
        hooks.onExit(code);
      } else if (code !== 0) {
        this.log.warn(`Child ${child.pid ?? '?'} terminated with non-zero exitcode ${code} ( ${shown} )`);
      }
    });
  }

  /** SIGTERM to every child still running (--childterm at exit). */
  terminateAll(): void {
    for (const child of this.running) child.kill('SIGTERM');
  }
}
