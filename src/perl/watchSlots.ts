// What the main thread and the perl keeper thread share: slots of an
// Int32Array over a SharedArrayBuffer, and the message that starts perl.
// A const enum, so the keeper's compiled code imports nothing of ours and
// can run from its text (see channel.ts).

// biome-ignore lint/suspicious/noConstEnum: inlined, so the keeper thread imports nothing of ours
export const enum WatchSlot {
  /** Generation of the perl process that has exited (the keeper notifies waiters on this slot). */
  DeadGen = 0,
  /** Its exit status (-1 when killed by a signal) and signal number. */
  ExitCode = 1,
  ExitSignal = 2,
  /** Generation whose call is running against the deadline (0: none). */
  CallGen = 3,
  /** Generation killed because a call passed its deadline. */
  TimedOutGen = 4,
  /** The (negative) errno when perl could not be started at all, else 0. */
  SpawnErrno = 5,
  /** Process id of the running perl, so closing can kill one that does not end. */
  Pid = 6,
  /** Set to 1 by the keeper once it runs (the main thread waits for it). */
  KeeperUp = 7,
}

export const WATCH_SLOTS = 8;

/** The shared memory comes with the worker, so it can say that it runs before any start message. */
export interface KeeperData {
  state: SharedArrayBuffer;
  deadline: SharedArrayBuffer;
}

export interface StartMessage {
  type: 'start';
  gen: number;
  perl: string;
  /** The text of perl/bridge.pl, run with perl -e. */
  source: string;
  requests: string;
  answers: string;
  /** How long perl polls for the next request before it sleeps (0: it never polls). */
  spinSeconds: number;
}
