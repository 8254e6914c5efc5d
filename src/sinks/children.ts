// Child processes of shellcmd, cmdexec, spawn, pipe, report, SingleWithScript
// and the --timeout-script. A command line given as one string goes to
// /bin/sh only when it needs a shell (Perl's exec rule: shell metacharacters
// or a leading VAR=); an argv list (the *exec actions) never reaches a shell.
//
// Children are created synchronously, when the action runs, as SEC forks
// them: a batch run (--notail) that ends right after its last line still
// has every child it asked for. They run in the background and never block
// event processing. With --max-children, at most that many run at once and
// the rest wait in order; a waiting child is only its command line and
// input, so a flood of matches costs little memory.
import type { ChildProcess } from 'node:child_process';
import { LineSplitter } from '../input/lineSplitter.js';
import type { Logger } from '../log/logger.js';
import { flushHeldWrites } from '../log/heldWrites.js';
import { builtin } from '../modules/onDemand.js';
import type { Sink } from './types.js';

const childProcess = builtin<typeof import('node:child_process')>('node:child_process');

export interface ChildHooks {
  /** Each line the child writes to standard output (spawn): it is not printed then. */
  onLine?: (line: string) => void;
  /** The child ended with this exit code (SingleWithScript). */
  onExit?: (exitCode: number) => void;
}

/** A command waiting for a free slot (--max-children). */
interface PendingChild {
  argv: string[];
  shown: string;
  input: string[] | null;
  hooks: ChildHooks;
}

const SHELL_METACHARS = /[$&*(){}[\]'";\\|?<>~`\n]/;

/** File and arguments for a command line, as Perl's one-argument exec runs it. */
export function commandArgv(command: string | string[]): string[] {
  if (Array.isArray(command)) return command;
  if (SHELL_METACHARS.test(command) || /^\s*[A-Za-z_]\w*=/.test(command)) return ['/bin/sh', '-c', command];
  return command.split(/\s+/).filter(Boolean);
}

/** Perl's `$? >> 8`: a command that could not be run exits 1, one killed by a signal counts as 0. */
function perlExitCode(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? (signal ? 0 : 1);
}

export class ChildProcesses implements Sink {
  private readonly running = new Set<ChildProcess>();
  /** Children whose standard input is still being written. */
  private readonly feeding = new Set<ChildProcess>();
  private readonly waiting: PendingChild[] = [];
  private waitingHead = 0;
  private waiters: Array<{ done: () => boolean; resolve: () => void }> = [];

  /**
   * @param maxRunning most children running at once (0: no limit, as SEC)
   */
  constructor(
    private readonly log: Logger,
    private maxRunning = 0,
  ) {}

  get limit(): number {
    return this.maxRunning;
  }

  /** A new limit (restart with other options): a higher one starts waiting commands now. */
  set limit(n: number) {
    this.maxRunning = n;
    this.launchWaiting();
  }

  /** Children running now. */
  get count(): number {
    return this.running.size;
  }

  /** Commands waiting for a free slot. */
  get queued(): number {
    return this.waiting.length - this.waitingHead;
  }

  /**
   * Start a command; `input` lines are written to its standard input, which
   * is otherwise empty. Its output goes to our standard output.
   */
  start(command: string | string[], input: string[] | null, hooks: ChildHooks = {}): void {
    const argv = commandArgv(command);
    if (!argv.length) return;
    const pending = { argv, shown: Array.isArray(command) ? command.join(' ') : command, input, hooks };
    if (this.maxRunning > 0 && (this.running.size >= this.maxRunning || this.queued > 0)) this.waiting.push(pending);
    else this.launch(pending);
  }

  private launch({ argv, shown, input, hooks }: PendingChild): void {
    let child: ChildProcess;
    flushHeldWrites(); // the command may read what was written before it
    try {
      child = childProcess().spawn(argv[0], argv.slice(1), { stdio: [input === null ? 'ignore' : 'pipe', hooks.onLine ? 'pipe' : 'inherit', 'inherit'] });
    } catch (e) {
      this.log.error(`Could not fork command '${shown}' (${(e as Error).message})`);
      return;
    }
    this.running.add(child);
    this.log.debug(`Child ${child.pid ?? '?'} created for command '${shown}'`);
    if (hooks.onLine && child.stdout) {
      const onLine = hooks.onLine;
      const splitter = new LineSplitter();
      child.stdout.on('data', (chunk: Buffer) => splitter.push(chunk).forEach(onLine));
      child.stdout.on('end', () => splitter.flush().forEach(onLine));
      child.stdout.on('error', () => undefined);
    }
    if (input !== null && child.stdin) {
      const stdin = child.stdin;
      this.feeding.add(child);
      const fed = (): void => {
        this.feeding.delete(child);
        this.notifyIdle();
      };
      stdin.on('error', fed);
      stdin.on('close', fed);
      stdin.end(Buffer.from(input.map((l) => `${l}\n`).join(''), 'latin1'));
    }
    let ended = false;
    const end = (code: number): void => {
      if (ended) return;
      ended = true;
      this.running.delete(child);
      this.feeding.delete(child);
      this.reportExit(child.pid, shown, code, hooks);
      this.launchWaiting();
      this.notifyIdle();
    };
    // a command that cannot be run (no such file) gives 'error' and no exit code: Perl's child exits 1
    child.on('error', () => end(1));
    child.on('close', (code, signal) => end(perlExitCode(code, signal)));
  }

  private reportExit(pid: number | undefined, shown: string, code: number, hooks: ChildHooks): void {
    if (hooks.onExit) {
      this.log.debug(code === 0 ? `Child ${pid ?? '?'} terminated with exitcode 0` : `Child ${pid ?? '?'} terminated with non-zero exitcode ${code}`);
      hooks.onExit(code);
    } else if (code !== 0) {
      this.log.warn(`Child ${pid ?? '?'} terminated with non-zero exitcode ${code} ( ${shown} )`);
    }
  }

  private launchWaiting(): void {
    while (this.queued > 0 && (this.maxRunning <= 0 || this.running.size < this.maxRunning)) {
      const next = this.waiting[this.waitingHead];
      this.waiting[this.waitingHead++] = undefined as unknown as PendingChild;
      if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
        this.waiting.splice(0, this.waitingHead);
        this.waitingHead = 0;
      }
      this.launch(next);
    }
    if (this.queued === 0) {
      this.waiting.length = 0;
      this.waitingHead = 0;
    }
  }

  private notifyIdle(): void {
    if (!this.waiters.length) return;
    const still = this.waiters.filter((w) => !w.done());
    const done = this.waiters.filter((w) => !still.includes(w));
    this.waiters = still;
    for (const w of done) w.resolve();
  }

  private when(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ done, resolve }));
  }

  /** Resolves once every command waiting for a slot has started. */
  allStarted(): Promise<void> {
    return this.when(() => this.queued === 0);
  }

  /** Resolves once every child has been given its whole standard input. */
  allFed(): Promise<void> {
    return this.when(() => this.feeding.size === 0);
  }

  /** Children are not outputs SEC closes at restarts or log rotation: they run on. */
  closeAll(): void {}

  /**
   * Shutdown without --childterm: start every command still waiting for a
   * slot, then give the children their standard input, for at most graceMs
   * once all have started.
   */
  async drain(graceMs: number): Promise<void> {
    await this.allStarted();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), graceMs);
    });
    const fed = await Promise.race([this.allFed().then(() => true), grace]);
    clearTimeout(timer);
    if (!fed) this.log.warn(`Gave up writing standard input of child processes after ${graceMs / 1000} s`);
  }

  /** SIGTERM to every child still running (--childterm at exit); commands still waiting are dropped. */
  terminateAll(): void {
    if (this.queued) this.log.warn(`${this.queued} command(s) waiting for a free child slot were not run`);
    this.waiting.length = 0;
    this.waitingHead = 0;
    for (const child of this.running) {
      this.log.notice(`Sending SIGTERM to process ${child.pid}`);
      child.kill('SIGTERM');
    }
    this.notifyIdle();
  }
}
