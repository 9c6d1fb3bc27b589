// A short-lived cache for facts read on every request that change rarely (API keys, policy
// settings). Entries live `ttlMs`; a change made in this process calls invalidate(), which empties
// the cache at once; changes made by other processes are seen within ttlMs. Values are kept per
// owner (the Db), so two databases in one process never share entries.

export interface TtlCache<V> {
  /** The cached value for `key` under `owner`, or load() it (concurrent misses share one load). */
  get(owner: object, key: string, load: () => Promise<V>): Promise<V>;
  /** Forgets everything (a change made in this process). */
  invalidate(): void;
  /** Forgets one entry. */
  invalidateKey(owner: object, key: string): void;
}

export function ttlCache<V>(ttlMs: number, now: () => number = Date.now): TtlCache<V> {
  let byOwner = new WeakMap<object, Map<string, { at: number; value: Promise<V> }>>();
  return {
    get(owner, key, load) {
      let entries = byOwner.get(owner);
      if (!entries) {
        entries = new Map();
        byOwner.set(owner, entries);
      }
      const hit = entries.get(key);
      const t = now();
      if (hit && t - hit.at < ttlMs) return hit.value;
      const value = load();
      const entry = { at: t, value };
      entries.set(key, entry);
      // A failed load is not kept; nor is one that an invalidate() overtook.
      const map = entries;
      value.catch(() => {
        if (map.get(key) === entry) map.delete(key);
      });
      // Bounded: expired entries go when the map grows (keys are few in practice).
      if (entries.size > 10_000) {
        for (const [k, e] of entries) if (t - e.at >= ttlMs) entries.delete(k);
      }
      return value;
    },
    invalidate() {
      byOwner = new WeakMap();
    },
    invalidateKey(owner, key) {
      byOwner.get(owner)?.delete(key);
    },
  };
}
