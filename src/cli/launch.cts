// How bin/sec starts the engine. Everything src/cli/main.ts reaches is one
// CommonJS bundle (dist/src/bundle/sec.cjs), and `npm run build` leaves V8's
// code cache for it beside it (sec.cache, made by codeCache.cts). With the
// cache V8 neither parses the half megabyte of code nor compiles the
// functions a start runs: sec answers its first line in some 32 ms instead of
// 48 (SEC 2.9.1: 40-46). A cache V8 does not take (another node, other V8
// flags, as with `node bin/sec`) or a missing one only costs that compile.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';
import type { Startup } from './main.js' with { 'resolution-mode': 'import' };

export const BUNDLE = path.join(__dirname, '..', 'bundle', 'sec.cjs');
export const CODE_CACHE = path.join(__dirname, '..', 'bundle', 'sec.cache');

/**
 * Where bin/sec's #! line keeps NODE_EXTRA_CA_CERTS while node starts (node
 * 20 would read and parse that file at every start, some 30 ms): the
 * launcher puts it back for the programs sec runs and tells the engine,
 * which trusts those certificates itself (sinks/tlsTrust.ts).
 */
export const MOVED_EXTRA_CA_CERTS = 'SEC_NODE_EXTRA_CA_CERTS';

/** What the bundle exports (src/cli/main.ts). */
export interface Bundle {
  main(argv: string[], startup?: Startup): Promise<void>;
}

export interface LoadedBundle {
  bundle: Bundle;
  /** The compiled bundle: whether V8 took the cache, and what makes a new one. */
  script: vm.Script;
}

/** Compile and run the bundle, from the code cache where V8 takes it (`useCache` false: from its source only). */
export function loadBundle(useCache = true): LoadedBundle {
  const source = fs.readFileSync(BUNDLE, 'utf8');
  // wrapped as node wraps a CommonJS module, on the first line so that line numbers hold; the build
  // makes import.meta.url of the sources read importMetaUrl
  const wrapped = `(function (exports, require, module, __filename, __dirname, importMetaUrl) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: BUNDLE, cachedData: useCache ? currentCache() : undefined });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(BUNDLE), module, BUNDLE, path.dirname(BUNDLE), pathToFileURL(BUNDLE).href);
  return { bundle: module.exports as Bundle, script };
}

/** The code cache, unless it is missing or older than the bundle (V8 itself checks no more than the source's length). */
function currentCache(): Buffer | undefined {
  try {
    const cache = fs.readFileSync(CODE_CACHE);
    return fs.statSync(CODE_CACHE).mtimeMs >= fs.statSync(BUNDLE).mtimeMs ? cache : undefined;
  } catch {
    return undefined;
  }
}

/** Run sec with `argv` (bin/sec). */
export function launch(argv: string[]): void {
  const moved = process.env[MOVED_EXTRA_CA_CERTS];
  delete process.env[MOVED_EXTRA_CA_CERTS];
  // the #! line sets the variable empty when there was none
  if (moved) process.env.NODE_EXTRA_CA_CERTS = moved;
  void loadBundle().bundle.main(argv, moved ? { extraCaCerts: moved } : {});
}
