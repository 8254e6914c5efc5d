// Work done once per object and kept while the object lives: what is worked
// out of a parsed byte set, a compiled pattern or a rule never changes, and
// Pair asks again for every operation or event.

/** `compute`, done once per key (its answer may be undefined or null). */
export function oncePer<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const known = new WeakMap<K, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined && !known.has(key)) {
      value = compute(key);
      known.set(key, value);
    }
    return value as T;
  };
}
