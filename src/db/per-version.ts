import { type DB, dataVersionIfKnown } from './sqlite.js';

// Values derived from the data (counts, the search order) that are expensive to compute and
// the same for every visitor are kept until the data version moves, i.e. until the next
// write by any process (see the data-version migration). Each namespace holds a bounded
// number of values, least recently used dropped first.

interface Namespace {
  version: number;
  values: Map<string, Promise<unknown>>;
}

const byDatabase = new WeakMap<DB, Map<string, Namespace>>();

/**
 * The value for `key` computed at the current data version, computing it when there is none.
 * Handles whose version cannot be read (a transaction's) always compute.
 */
export function perVersion<V>(db: DB, namespace: string, key: string, maxEntries: number, compute: () => Promise<V>): Promise<V> {
  const version = dataVersionIfKnown(db);
  if (version === null) return compute();
  let namespaces = byDatabase.get(db);
  if (!namespaces) byDatabase.set(db, (namespaces = new Map()));
  let space = namespaces.get(namespace);
  if (!space || space.version !== version) namespaces.set(namespace, (space = { version, values: new Map() }));
  const { values } = space;
  const hit = values.get(key);
  if (hit) {
    values.delete(key);
    values.set(key, hit);
    return hit as Promise<V>;
  }
  const promise = compute();
  values.set(key, promise);
  promise.catch(() => values.delete(key));
  for (const oldest of values.keys()) {
    if (values.size <= maxEntries) break;
    values.delete(oldest);
  }
  return promise;
}
