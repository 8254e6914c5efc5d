// SEC's open_input: the --input patterns (GLOB[=CONTEXT]) expanded with
// glob() into a sorted list of input files, each opened at an offset (-1: its
// end, 0: its start). SEC expands the patterns only here: at start-up and at
// a restart (HUP: full reopen; ABRT: soft reopen, which with --keepopen keeps
// files that are already open together with their read state).
import fs from '../modules/nodeFs.js';
import { expandGlob } from '../config/globs.js';
import { FileSource, type InputOptions, type InputSource, isBulkBacklog, StdinSource } from './sources.js';

export class InputSet {
  private byName = new Map<string, FileSource | StdinSource>();
  /** Inputs added by the addinput action (file → context), apart from the patterns. */
  private readonly dynamic = new Map<string, string>();
  private list: Array<FileSource | StdinSource> = [];
  /** Some pattern named a context (FILE=CONTEXT): SEC then turns --intcontexts on. */
  contextsGiven = false;

  constructor(
    private readonly patterns: string[],
    private readonly opts: InputOptions,
    /** Called when standard input has data (wakes the main loop). */
    private readonly onStdinData: () => void = () => undefined,
  ) {}

  /** The inputs, in SEC's order (sorted by name). */
  get sources(): InputSource[] {
    return this.list;
  }

  /**
   * Whether a regular file the patterns name now has a backlog worth the
   * scan thread when read from `fpos` (-1: its end): known before anything
   * is opened, so that the thread can start while the rules load.
   */
  hasBacklog(fpos: number): boolean {
    for (const name of this.expand().keys()) {
      try {
        const st = name === '-' ? fs.fstatSync(0) : fs.statSync(name);
        if (st.isFile() && isBulkBacklog(st.size, fpos === -1 ? st.size : Math.min(fpos, st.size))) return true;
      } catch {
        // opening it will tell
      }
    }
    return false;
  }

  /** The file names and contexts the patterns give now (a later pattern wins). */
  expand(): Map<string, string> {
    const fcont = new Map<string, string>();
    for (const pattern of this.patterns) {
      const m = /^(.+)=(\S+)$/s.exec(pattern);
      if (m) this.contextsGiven = true;
      for (const name of expandGlob(m ? m[1] : pattern)) fcont.set(name, m ? m[2] : `_FILE_EVENT_${name}`);
    }
    return fcont;
  }

  /**
   * (Re)open the inputs at `fpos`. With `softopen`, inputs already open keep
   * their state (only their context is updated), and inputs no pattern names
   * any more are closed.
   */
  open(fpos: number, softopen = false): InputSource[] {
    const { log } = this.opts;
    const fcont = this.expand();
    if (!softopen) {
      for (const src of this.list) src.close();
      this.byName.clear();
    }
    const names = [...fcont.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const next = new Map<string, FileSource | StdinSource>();
    for (const name of names) {
      const context = fcont.get(name) as string;
      log.notice(`Opening input file ${name}`);
      const old = this.byName.get(name);
      if (softopen && old?.open) {
        log.debug(`Input file ${name} already open`);
        old.context = context;
        next.set(name, old);
        continue;
      }
      old?.close();
      next.set(name, this.create(name, context, fpos));
    }
    if (!softopen) this.dynamic.clear();
    for (const [name, src] of this.byName) {
      if (next.has(name)) continue;
      if (this.dynamic.has(name)) next.set(name, src);
      else src.close();
    }
    this.byName = next;
    this.sortList();
    return this.list;
  }

  private sortList(): void {
    this.list = [...this.byName.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).map((n) => this.byName.get(n) as FileSource | StdinSource);
  }

  /**
   * The addinput action: read `file` too, from `offset` ('-' = its end, or a
   * byte offset), its events carrying `context`. Returns false (and logs) if
   * it cannot be added.
   */
  addDynamic(file: string, offset: string, context: string): boolean {
    const { log } = this.opts;
    log.debug(`Adding dynamic input file '${file}' with context '${context}' to the list of inputs`);
    if (this.dynamic.has(file)) {
      log.warn(`Dynamic input file '${file}' already exists in the list of inputs, can't add`);
      return false;
    }
    if (this.byName.has(file)) {
      log.warn(`Input file '${file}' already exists in the list of inputs, can't add`);
      return false;
    }
    const m = /^\s*(-|[0-9]+)\s*$/.exec(offset);
    if (!m) {
      log.warn(`Invalid file offset '${offset}' specified for input file '${file}'`);
      return false;
    }
    const fpos = m[1] === '-' ? -1 : Number(m[1]);
    log.debug(fpos < 0 ? `Opening input file '${file}' and seeking EOF` : `Opening input file '${file}' and seeking offset '${m[1]}'`);
    this.dynamic.set(file, context);
    this.byName.set(file, this.create(file, context, fpos));
    this.sortList();
    return true;
  }

  /** The dropinput action: stop reading an input that addinput added. */
  dropDynamic(file: string): boolean {
    this.opts.log.debug(`Dropping dynamic input file '${file}' from the list of inputs`);
    if (!this.dynamic.delete(file)) {
      this.opts.log.warn(`Dynamic input file '${file}' not found, can't drop`);
      return false;
    }
    this.byName.get(file)?.close();
    this.byName.delete(file);
    this.sortList();
    return true;
  }

  private create(name: string, context: string, fpos: number): FileSource | StdinSource {
    if (name !== '-') return new FileSource(name, context, fpos, this.opts);
    // standard input redirected from a regular file is read as that file
    // (SEC seeks its end in --tail mode, as for any regular file)
    let regular = false;
    try {
      regular = fs.fstatSync(0).isFile();
    } catch {
      regular = false;
    }
    return regular ? new FileSource('-', context, fpos, this.opts, 0) : new StdinSource(context, this.onStdinData, this.opts);
  }

  /** The names of the inputs that are regular files or not there yet (to watch for changes). */
  get fileNames(): string[] {
    return this.list.filter((s) => s.name !== '-').map((s) => s.name);
  }

  closeAll(): void {
    for (const src of this.list) src.close();
  }
}
