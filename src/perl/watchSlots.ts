// What the main thread and the perl keeper thread share: slots of an
// Int32Array over a SharedArrayBuffer, and the message that starts perl.

export enum WatchSlot {
  /** Generation of the perl process that has exited. */
  DeadGen = 0,
  /** Its exit status (-1 when killed by a signal) and signal number. */
  ExitCode = 1,
  ExitSignal = 2,
  /** Generation whose call is running against the deadline (0: none). */
  CallGen = 3,
  /** Generation killed because a call passed its deadline. */
  TimedOutGen = 4,
}

export const WATCH_SLOTS = 5;

export interface StartMessage {
  type: 'start';
  gen: number;
  perl: string;
  script: string;
  requests: string;
  answers: string;
  state: SharedArrayBuffer;
  /** One Float64: the deadline of the running call, in Date.now() milliseconds. */
  deadline: SharedArrayBuffer;
}
