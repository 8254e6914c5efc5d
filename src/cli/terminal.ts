// Whether sec runs in the foreground of its controlling terminal. SEC leaves
// SIGINT alone there (Ctrl-C stops it) and uses it to cycle the debug level
// everywhere else: as a daemon, in the background, or with no terminal at
// all. It decides by the process group, not by whether standard input is a
// terminal, so `producer | sec` typed at a shell prompt is interactive too.
import fs from '../modules/nodeFs.js';
import { builtin } from '../modules/onDemand.js';

const tty = builtin<typeof import('node:tty')>('node:tty');

/** Linux: /proc/self/stat gives the process group, the terminal and the terminal's foreground group. */
function fromProcStat(): boolean | null {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return null;
  }
  // fields after "pid (comm) ": state ppid pgrp session tty_nr tpgid ...
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [pgrp, ttyNr, tpgid] = [Number(fields[2]), Number(fields[4]), Number(fields[5])];
  if (ttyNr === 0) return false;
  return pgrp === tpgid;
}

export function foregroundAtTerminal(): boolean {
  return fromProcStat() ?? process.stdin.isTTY === true;
}

/**
 * Whether descriptor `fd` is a terminal. Not through process.stderr.isTTY:
 * making process.stderr loads Node's streams library, some 4 ms of every
 * start. Only a character device can be a terminal, and most runs write
 * their standard error to a file or a pipe.
 */
export function isTerminal(fd: number): boolean {
  try {
    if (!fs.fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return tty().isatty(fd);
}
