// The Perl interpreter of the process, as SEC has one: Perl code of rule
// files is compiled into it when rules load and called while events are
// matched and actions run. It starts on first use, so rule files without
// Perl never start perl. If perl dies or a call passes the deadline, the
// call fails, perl is started again and every function compiled so far is
// compiled again; Perl variables, loaded modules and code references kept
// by eval are lost, and that is logged.
import type { Logger } from '../log/logger.js';
import { AnswerReader, type PerlArg, type PerlHash, RequestWriter } from './codec.js';
import { PerlChannel, type PerlGone } from './channel.js';

/** A function compiled from rule-file code; recompiled after a restart. */
export interface PerlFunction {
  readonly code: string;
  /** How Perl prints the reference, e.g. CODE(0x55d0c8a1b2c8) (as first compiled). */
  readonly text: string;
  /** Its number in the running perl, -1 when it failed to compile there. */
  perlId: number;
}

export type PerlFailure = { ok: false; error: string };
/** A list-context call: the values, or one hash reference's pairs. */
export type PerlListResult =
  | { ok: true; values: (string | undefined)[]; hash?: undefined }
  | { ok: true; hash: Record<string, string | undefined> }
  | PerlFailure;
export type PerlTruthResult = { ok: true; truth: boolean } | PerlFailure;
/** eval: the values, or a single reference kept in perl under a slot name. */
export type PerlEvalResult = { ok: true; values: (string | undefined)[] } | { ok: true; kept: PerlKept } | PerlFailure;

/** A reference eval left in an action-list variable; it prints as Perl shows it. */
export interface PerlKept {
  readonly slot: string;
  readonly generation: number;
  readonly text: string;
}

export interface PerlSettings {
  /** How long one call may run before perl is killed and restarted. */
  timeoutMs: number;
  log: Logger | null;
  /** exit() in user code: SEC ends with that status. */
  onExit: (status: number) => void;
  /** The perl executable (default: perl on the PATH). */
  perl?: string;
}

export const perlSettings: PerlSettings = {
  timeoutMs: 30_000,
  log: null,
  onExit: (status) => process.exit(status),
};

export class PerlInterpreter {
  private channel: PerlChannel | null = null;
  /** Functions to compile again after a restart; weak, so those of rule files a HUP replaced are let go. */
  private functions: WeakRef<PerlFunction>[] = [];
  private readonly writer = new RequestWriter();
  /** Recompiling writes here: a (re)start can come while the caller's frame waits in `writer` to be sent. */
  private readonly recompileWriter = new RequestWriter();
  /** Why perl cannot run at all (not installed), once known. */
  private unavailable: string | null = null;
  /** Set while functions are compiled again, so a perl that dies then is not restarted in a loop. */
  private restarting = false;

  /** Perl processes of channels closed before: generations go on counting across a close. */
  private closedGenerations = 0;

  constructor(private readonly settings: PerlSettings) {}

  get generation(): number {
    return this.closedGenerations + (this.channel?.generation ?? 0);
  }

  private ensureStarted(): string | null {
    if (this.channel) return null;
    if (this.unavailable) return this.unavailable;
    const channel = new PerlChannel(this.settings.timeoutMs, this.settings.perl);
    const failed = channel.start();
    if (failed) {
      channel.close();
      this.unavailable = `cannot start perl: ${failed.reason}`;
      return this.unavailable;
    }
    this.channel = channel;
    // started again after close(): the functions compiled before must not keep numbers of the old perl
    if (this.functions.length) this.recompileAll();
    return null;
  }

  /** One round trip; a dead perl is restarted and the call reported failed. */
  private send(frame: Buffer): AnswerReader | PerlFailure {
    const notStarted = this.ensureStarted();
    if (notStarted || !this.channel) return { ok: false, error: notStarted ?? 'no perl' };
    const answer = this.channel.call(frame);
    if ('gone' in answer) return this.restarting ? { ok: false, error: answer.reason } : this.restart(answer);
    const r = new AnswerReader(answer);
    if (r.op !== 'X') return r;
    const status = Number(r.value() ?? 0) || 0;
    this.settings.onExit(status);
    // onExit normally ends the process; if it returns, the call has no answer of its kind to read
    return { ok: false, error: `Perl code called exit(${status})` };
  }

  private restart(gone: PerlGone): PerlFailure {
    const log = this.settings.log;
    log?.error(`${gone.reason}, restarting it (Perl variables, loaded modules and code references are lost)`);
    const channel = this.channel;
    if (!channel) return { ok: false, error: gone.reason };
    const failed = channel.start();
    if (failed) {
      log?.error(`Perl interpreter restart failed: ${failed.reason}`);
    } else {
      this.recompileAll();
    }
    return { ok: false, error: gone.reason };
  }

  /** Compile every function again, in a new perl. */
  private recompileAll(): void {
    this.restarting = true;
    this.functions = this.functions.filter((ref) => ref.deref() !== undefined);
    for (const ref of this.functions) {
      const f = ref.deref();
      if (!f) continue;
      const compiled = this.compileInPerl(f.code, this.recompileWriter);
      f.perlId = typeof compiled === 'string' ? -1 : compiled.id;
      if (typeof compiled === 'string') this.settings.log?.error(`Function '${f.code}' does not compile after the restart: ${compiled}`);
    }
    this.restarting = false;
  }

  /** Compile in the running perl: its function number and printed form, or the error text. */
  private compileInPerl(code: string, writer = this.writer): { id: number; text: string } | string {
    const r = this.send(writer.begin('c').value(code).frame());
    if (!(r instanceof AnswerReader)) return r.error;
    return r.op === 'f' ? { id: r.u32(), text: r.value() ?? '' } : (r.value() ?? 'undef');
  }

  /** Compile code that must evaluate to a code reference (PerlFunc, ->, :>, lcall). */
  compile(code: string): PerlFunction | { error: string } {
    const compiled = this.compileInPerl(code);
    if (typeof compiled === 'string') return { error: compiled };
    const f: PerlFunction = { code, text: compiled.text, perlId: compiled.id };
    this.functions.push(new WeakRef(f));
    return f;
  }

  private writeCall(op: string, f: PerlFunction, args: readonly PerlArg[]): Buffer {
    const w = this.writer.begin(op).u32(f.perlId);
    for (const a of args) w.value(a);
    return w.frame();
  }

  /** Hash arguments get back what the code left in them. */
  private static updateHashes(r: AnswerReader, args: readonly PerlArg[]): void {
    for (const a of args) {
      if (r.done) return;
      if (a !== undefined && typeof a !== 'string' && 'entries' in a) {
        r.byte(); // 'h'
        (a as PerlHash).entries = r.hash();
      }
    }
  }

  private static listAnswer(r: AnswerReader, args: readonly PerlArg[]): PerlListResult {
    let result: PerlListResult;
    if (r.op === 'd') result = { ok: false, error: r.value() ?? '' };
    else if (r.op === 'H') result = { ok: true, hash: r.hash() };
    else result = { ok: true, values: r.list() };
    PerlInterpreter.updateHashes(r, args);
    return result;
  }

  /**
   * Call in list context. With `hashPairs` (PerlFunc patterns) a single hash
   * reference comes back as its pairs; else every value as Perl prints it.
   */
  callList(f: PerlFunction, args: readonly PerlArg[], hashPairs = true): PerlListResult {
    if (f.perlId < 0) return { ok: false, error: 'the function did not compile after a Perl restart' };
    const r = this.send(this.writeCall(hashPairs ? 'l' : 'L', f, args));
    if (!(r instanceof AnswerReader)) return r;
    return PerlInterpreter.listAnswer(r, args);
  }

  /** Call in scalar context and keep its truth (context operands, event group patterns). */
  callScalar(f: PerlFunction, args: readonly PerlArg[]): PerlTruthResult {
    if (f.perlId < 0) return { ok: false, error: 'the function did not compile after a Perl restart' };
    const r = this.send(this.writeCall('s', f, args));
    if (!(r instanceof AnswerReader)) return r;
    const result: PerlTruthResult = r.op === 'd' ? { ok: false, error: r.value() ?? '' } : { ok: true, truth: r.byte() === 0x31 };
    PerlInterpreter.updateHashes(r, args);
    return result;
  }

  /**
   * Compile and run a miniprogram (eval action, = operand). With `keepAs`, a
   * single reference result stays in perl under that name for `callKept`.
   */
  evaluate(code: string, list: boolean, keepAs?: string): PerlEvalResult {
    const r = this.send(
      this.writer
        .begin('v')
        .value(code)
        .value(list ? '1' : '')
        .value(keepAs)
        .frame(),
    );
    if (!(r instanceof AnswerReader)) return r;
    if (r.op === 'e') return { ok: false, error: r.value() ?? '' };
    if (r.op === 'K') return { ok: true, kept: { slot: keepAs ?? '', generation: this.generation, text: r.value() ?? '' } };
    return { ok: true, values: r.list() };
  }

  /** Call a code reference kept by eval; `notCode` when it is not one (or was lost in a restart). */
  callKept(kept: PerlKept, args: readonly PerlArg[]): PerlListResult | { notCode: true } {
    if (kept.generation !== this.generation) return { notCode: true };
    const w = this.writer.begin('k').value(kept.slot);
    for (const a of args) w.value(a);
    const r = this.send(w.frame());
    if (!(r instanceof AnswerReader)) return r;
    if (r.op === 'n') return { notCode: true };
    return PerlInterpreter.listAnswer(r, args);
  }

  /** Let perl finish (it flushes what user code printed). */
  close(): void {
    this.closedGenerations = this.generation;
    this.channel?.close();
    this.channel = null;
  }
}

let shared: PerlInterpreter | null = null;

/** The process's one interpreter (started on first use, with perlSettings). */
export function sharedPerl(): PerlInterpreter {
  shared ??= new PerlInterpreter(perlSettings);
  return shared;
}

/** Stop the shared interpreter, if it ever started (at exit). */
export function closeSharedPerl(): void {
  shared?.close();
}
