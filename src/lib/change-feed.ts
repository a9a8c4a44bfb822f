import { changeFeedOf, isPostgres } from '../db/postgres.js';
import { type DB, dataVersion } from '../db/sqlite.js';

/**
 * How a node learns that data changed, whichever node (or command) wrote it: a number that
 * moves whenever something the public pages show may have changed. The response cache drops
 * everything it holds when the number moves. Read on every request, so it must be cheap
 * and synchronous.
 *
 * Two implementations: on SQLite the `data_version` row, read directly (a primary-key read of
 * a file every node shares, so a write anywhere is seen by the next request); on PostgreSQL
 * a LISTEN on one dedicated connection per process, synced after this node's own writes
 * (src/db/change-feed-postgres.ts), since a round trip per request would cost more than the
 * cache saves.
 */
export interface ChangeFeed {
  /** The current change number; any difference from an earlier value means "changed since". */
  version(): number;
  /** Resolves once the feed hears of writes (at once on SQLite; once LISTEN is in place on PostgreSQL). */
  ready(): Promise<void>;
  /** Stops listening (closes a dedicated connection, if any). */
  close(): Promise<void>;
}

/** The change feed of a SQLite database: its data_version counter, bumped by triggers. */
export function dataVersionFeed(db: DB): ChangeFeed {
  return { version: () => dataVersion(db), ready: () => Promise.resolve(), close: async () => {} };
}

/**
 * This node's change feed on `db`, whichever the database: data_version on SQLite, the
 * connection's LISTEN/NOTIFY feed on PostgreSQL (closed with the connection).
 */
export async function changeFeedFor(db: DB, options: { onError?: (error: Error) => void } = {}): Promise<ChangeFeed> {
  return isPostgres(db) ? changeFeedOf(db, options) : dataVersionFeed(db);
}
