// --state-file (an extension): the engine's correlation state and the
// input files' reading positions, saved to one JSON file at TERM, before a
// HUP restart and every --state-interval seconds, and read back at start.
// Saves run from timers and signal handlers, which Node runs only between
// the main loop's turns: never in the middle of an event.
import type { Engine } from '../engine/engine.js';
import type { InputSource } from '../input/sources.js';
import type { Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';
import { decodeState, encodeState } from './codec.js';
import { inputsState, restoreInputs, SAVED_INPUT_FIELDS, type SavedInput } from './inputState.js';
import { expectList, expectShape, StateShapeError } from './shape.js';
import { checkEngineState, engineState, restoreEngineState, type SavedEngine } from './snapshot.js';
import { readStateFile, setAside, writeStateFile } from './stateFile.js';

/** What a state file says it is; another format or version is not read. */
export const STATE_FORMAT = 'sec-ts-state';
export const STATE_VERSION = 1;

export interface SavedState extends SavedEngine {
  format: typeof STATE_FORMAT;
  version: number;
  /** The sec-ts that wrote it (for people reading the file). */
  secTs: string;
  savedAt: number;
  inputs: SavedInput[];
}

/** The parsed file as state, or a StateShapeError saying why it is not. */
function checkState(value: unknown): SavedState {
  const head = expectShape<{ format: unknown; version: unknown }>(value, {}, 'state');
  if (head.format !== STATE_FORMAT) throw new StateShapeError(`it is not a sec-ts state file`);
  if (head.version !== STATE_VERSION) throw new StateShapeError(`it has format version ${String(head.version)}, this sec-ts reads version ${STATE_VERSION}`);
  const saved = expectShape<SavedState>(value, { secTs: 'string', savedAt: 'number', inputs: 'array' }, 'state');
  return { ...saved, ...checkEngineState(value), inputs: expectList<SavedInput>(saved.inputs, SAVED_INPUT_FIELDS, 'input') };
}

/** State saved as `text`, or why it cannot be used. */
function parse(text: string): SavedState | string {
  try {
    return checkState(decodeState(text));
  } catch (e) {
    return e instanceof StateShapeError ? e.message : `it is not valid (${(e as Error).message})`;
  }
}

export class StateKeeper {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly file: string,
    private readonly engine: Engine,
    /** The inputs as they are now (the list changes at restarts and with addinput). */
    private readonly sources: () => readonly InputSource[],
    private readonly log: Logger,
    private readonly version: string,
  ) {}

  /** Save the state now; returns its text (also when writing the file failed), or null when it could not be taken. */
  save(): string | null {
    let text: string;
    try {
      const state: SavedState = {
        format: STATE_FORMAT,
        version: STATE_VERSION,
        secTs: this.version,
        savedAt: this.engine.clock.seconds(),
        ...engineState(this.engine),
        inputs: inputsState(this.sources()),
      };
      text = encodeState(state);
    } catch (e) {
      // whatever went wrong, an exit or restart that asked for the save goes on
      this.log.error(`Can't save state to ${this.file} (${(e as Error).message})`);
      return null;
    }
    try {
      writeStateFile(this.file, text);
      this.log.debug(`State saved to ${this.file}`);
    } catch (e) {
      this.log.error(`Can't save state to ${this.file} (${errnoText(e)})`);
    }
    return text;
  }

  /** At start: read the state file, if there is one, into the engine and inputs (they hold no state yet); an unusable file is set aside. */
  load(): void {
    let text: string | null;
    try {
      text = readStateFile(this.file);
    } catch (e) {
      this.refuse(`can't be read (${errnoText(e)})`);
      return;
    }
    if (text === null) {
      this.log.notice(`No state file ${this.file} yet, starting with empty state`);
      return;
    }
    const saved = parse(text);
    if (typeof saved === 'string') this.refuse(saved);
    else this.apply(saved, `from ${this.file}`);
  }

  /** After a HUP restart: restore the state `save` returned just before it. */
  restore(text: string): void {
    const saved = parse(text);
    if (typeof saved === 'string') this.log.error(`Saved state not restored after restart: ${saved}`);
    else this.apply(saved, 'after restart');
  }

  private apply(saved: SavedState, from: string): void {
    restoreEngineState(this.engine, saved);
    restoreInputs(this.sources(), saved.inputs, this.log);
    this.log.notice(
      `State restored ${from} (saved at ${saved.savedAt}): ${saved.contexts.length} contexts, ${this.engine.operations.size} operations, ${saved.delayedEvents.length} delayed events, ${saved.inputs.length} input positions`,
    );
  }

  /** The state file cannot be used: say why, set it aside, and go on with empty state. */
  private refuse(why: string): void {
    let aside = '';
    try {
      aside = `, renamed to ${setAside(this.file, this.engine.clock.seconds())}`;
    } catch (e) {
      aside = `, and it can't be renamed aside (${errnoText(e)})`;
    }
    this.log.error(`State file ${this.file} is not used: ${why}${aside}; starting with empty state`);
  }

  /** Save every `seconds` seconds of real time (0: only at TERM and HUP). */
  startTimer(seconds: number): void {
    if (seconds <= 0) return;
    this.timer = setInterval(() => this.save(), seconds * 1000);
    this.timer.unref();
  }
}
