// Saved reading positions of the input files. For each regular file: its
// identity (device, i-node), the offset read up to and the bytes read but
// not handed out yet (complete lines waiting, the partial last line).
// Restoring: the same file under the name goes on at the saved offset; a
// file rotated while sec was stopped (another i-node under the name) is
// looked for among its rotated siblings (<name>.1, <name>.0, <name>-*) by
// its i-node, its rest is read first, then the new file from its start; if
// the old file is not found, the new file is read from its start and the
// log says lines may have been missed.
import fs from '../modules/nodeFs.js';
import path from 'node:path';
import { FileSource, type InputSource } from '../input/sources.js';
import type { Logger } from '../log/logger.js';
import { errnoText } from '../log/strerror.js';

export interface SavedInput {
  name: string;
  /** Device and i-node as decimal strings (they may not fit a double). */
  dev: string;
  ino: string;
  offset: number;
  unread: string;
}

export const SAVED_INPUT_FIELDS = { name: 'string', dev: 'string', ino: 'string', offset: 'number', unread: 'string' } as const;

/** The reading state of every open regular input file. */
export function inputsState(sources: readonly InputSource[]): SavedInput[] {
  const out: SavedInput[] = [];
  for (const src of sources) {
    const state = src instanceof FileSource ? src.readingState() : null;
    if (state) out.push({ name: src.name, dev: String(state.dev), ino: String(state.ino), offset: state.offset, unread: state.unread });
  }
  return out;
}

/** Put saved reading positions back into the (just opened) sources of the same names. */
export function restoreInputs(sources: readonly InputSource[], saved: readonly SavedInput[], log: Logger): void {
  const byName = new Map(saved.map((s) => [s.name, s]));
  for (const src of sources) {
    const was = byName.get(src.name);
    if (!was || !(src instanceof FileSource)) continue;
    const now = src.identity;
    if (!now) continue;
    if (String(now.dev) === was.dev && String(now.ino) === was.ino) {
      log.debug(`Saved state: resuming input file ${src.name} at offset ${was.offset}`);
      src.resumeAt(was.offset, was.unread);
      continue;
    }
    const old = findRotated(src.name, was);
    if (old === null) {
      log.warn(
        `Saved state: input file ${src.name} was replaced while sec was stopped and the old file was not found, lines may have been missed; processing the new file from the start`,
      );
      src.resumeAt(0, was.unread);
      continue;
    }
    log.notice(
      `Saved state: input file ${src.name} was rotated while sec was stopped, reading the rest of ${old} from offset ${was.offset}, then the new file from the start`,
    );
    src.resumeAt(0, was.unread + restOf(old, was.offset, log));
  }
}

/** The rotated sibling of `name` that is the saved file (same device and i-node), or null. */
function findRotated(name: string, was: SavedInput): string | null {
  const dir = path.dirname(name);
  const base = path.basename(name);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return null;
  }
  const candidates = entries.filter((e) => e === `${base}.1` || e === `${base}.0` || e.startsWith(`${base}-`));
  for (const entry of candidates) {
    const file = path.join(dir, entry);
    try {
      const st = fs.statSync(file, { bigint: true });
      if (st.isFile() && String(st.dev) === was.dev && String(st.ino) === was.ino) return file;
    } catch {
      // gone meanwhile
    }
  }
  return null;
}

/** The bytes of `file` from `offset` to its end (latin1), or '' when it cannot be read. */
function restOf(file: string, offset: number, log: Logger): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return '';
    const rest = Buffer.allocUnsafe(size - offset);
    let got = 0;
    while (got < rest.length) {
      const n = fs.readSync(fd, rest, got, rest.length - got, offset + got);
      if (n === 0) break;
      got += n;
    }
    return rest.toString('latin1', 0, got);
  } catch (e) {
    log.error(`Saved state: can't read the rest of ${file} (${errnoText(e)})`);
    return '';
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
