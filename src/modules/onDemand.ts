// Packages loaded on first use instead of at start-up (a native module, the
// file watcher), so that start-up stays short when no rule needs them.
// --user gives up root before the rules are read, and from then on the
// process may no longer reach its own installation (a clone in a private
// home folder or under `mktemp -d`): the switch loads every one of them
// first (loadAllOnDemand), as SEC has all its code loaded before it drops
// privileges. Each loader registers itself when its module is imported,
// which is at start-up, before any switch.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const loaders: Array<() => unknown> = [];

/** What `read` gives, read on the first call (null if it fails here); files of our own installation too. */
export function onDemandValue<T>(read: () => T): () => T | null {
  let loaded: T | null | undefined;
  const load = (): T | null => {
    if (loaded === undefined) {
      try {
        loaded = read();
      } catch {
        loaded = null;
      }
    }
    return loaded;
  };
  loaders.push(load);
  return load;
}

/** The package `name`, loaded on the first call (null if it cannot be loaded here). */
export function onDemand<T>(name: string): () => T | null {
  return onDemandValue(() => require(name) as T);
}

/** Load every on-demand package now, while the installation can still be read. */
export function loadAllOnDemand(): void {
  for (const load of loaders) load();
}

/**
 * A built-in module of node, loaded on the first call: start-up does not pay
 * for process, network or thread modules that no rule of this run uses. (Node's
 * own modules can always be loaded, also after --user.)
 */
export function builtin<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => {
    loaded ??= require(name) as T;
    return loaded;
  };
}
