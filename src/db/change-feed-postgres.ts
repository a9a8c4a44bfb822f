import pg from 'pg';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ChangeFeed } from '../lib/change-feed.js';

// The change feed on PostgreSQL (issue 21): a trigger on data_version (moved by every write
// to what public pages show) sends NOTIFY, and each node LISTENs on a connection of its own,
// outside the query pool, so that it hears every write within milliseconds without asking.
// Only this module knows LISTEN/NOTIFY; the response cache sees a ChangeFeed.

/** The channel the data-version trigger notifies (see the scheduled-jobs migration). */
export const CHANGE_CHANNEL = 'lagportal_data_changed';

/** The trigger that turns every move of data_version into a NOTIFY; run by the migration on PostgreSQL. */
export async function installChangeNotification(db: Kysely<any>): Promise<void> {
  // An empty payload: PostgreSQL folds identical notifications of one transaction into one,
  // so a bulk write notifies once at its commit, and never before it.
  await sql`CREATE OR REPLACE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify(${sql.lit(CHANGE_CHANNEL)}, ''); RETURN NULL; END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS data_version_notify ON data_version`.execute(db);
  await sql`CREATE TRIGGER data_version_notify AFTER UPDATE ON data_version
    FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()`.execute(db);
}

export async function uninstallChangeNotification(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS data_version_notify ON data_version`.execute(db);
  await sql`DROP FUNCTION IF EXISTS notify_data_changed()`.execute(db);
}

export interface PostgresChangeFeed extends ChangeFeed {
  /** Whether the listening connection is up now (for /readyz and tests). */
  readonly listening: boolean;
  /** Resolves once the feed listens (after start and after each reconnect). */
  ready(): Promise<void>;
}

/**
 * Listens for changes on a dedicated connection to `connection` (a URL, or pg's settings). While that connection
 * is down nothing can be known about other nodes' writes, so the version moves on every read
 * (no cached page is served) and the feed reconnects, waiting longer each time up to
 * `maxRetryMs`; once it listens again the version moves once more, for what it missed.
 *
 * `pool`: the node's own query pool. The dedicated connection hears a write a moment after its
 * commit, which is within a second for other nodes but too late for this node's next request
 * (a moderator's approval, then the list). So each connection of the pool LISTENs too, from
 * its next checkout on: PostgreSQL delivers a session's own notifications before it reports
 * the commit done (before ReadyForQuery), so the version has moved before the write's query
 * resolves, and a request after it cannot be answered with a page from before it.
 */
export function postgresChangeFeed(
  connection: string | pg.ClientConfig,
  options: { onError?: (error: Error) => void; minRetryMs?: number; maxRetryMs?: number; pool?: pg.Pool } = {},
): PostgresChangeFeed {
  const minRetryMs = options.minRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 5_000;
  let version = 0;
  let client: pg.Client | null = null;
  let listening = false;
  let closed = false;
  let retryMs = minRetryMs;
  let retryTimer: NodeJS.Timeout | null = null;
  let waiting: (() => void)[] = [];

  const lost = (error: Error) => {
    if (closed) return;
    options.onError?.(error);
    listening = false;
    version++;
    const dead = client;
    client = null;
    dead?.removeAllListeners();
    // An error event may come without the connection ending; make sure it is gone.
    dead?.on('error', () => {});
    void dead?.end().catch(() => {});
    if (!retryTimer) {
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void connect();
      }, retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    }
  };

  // The pool's connections that listen, each with the handler that counts what it hears.
  const pooled = new Map<pg.PoolClient, (message: pg.Notification) => void>();
  const heard = (message: pg.Notification) => {
    if (message.channel === CHANGE_CHANNEL) version++;
  };
  const listenOnCheckout = (client: pg.PoolClient) => {
    if (closed || pooled.has(client)) return;
    pooled.set(client, heard);
    client.on('notification', heard);
    // Queued before whatever the one checking it out runs; a failure shows on that query too.
    client.query(`LISTEN ${CHANGE_CHANNEL}`).catch(() => {});
  };
  const forget = (client: pg.PoolClient) => {
    const handler = pooled.get(client);
    if (handler) client.off('notification', handler);
    pooled.delete(client);
  };
  options.pool?.on('acquire', listenOnCheckout);
  options.pool?.on('remove', forget);

  const connect = async () => {
    if (closed) return;
    const settings = typeof connection === 'string' ? { connectionString: connection } : connection;
    const next = new pg.Client({ ...settings, application_name: 'lagportal change feed' });
    client = next;
    next.on('notification', heard);
    next.on('error', (error) => lost(error));
    next.on('end', () => {
      if (client === next) lost(new Error('the change feed connection ended'));
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      if (client === next) lost(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (closed || client !== next) return;
    listening = true;
    retryMs = minRetryMs;
    // Writes made while nobody listened are not replayed: count them as one change.
    version++;
    for (const resolve of waiting.splice(0)) resolve();
  };

  void connect();

  return {
    version: () => (listening ? version : ++version),
    get listening() {
      return listening;
    },
    ready: () => (listening ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    close: async () => {
      closed = true;
      listening = false;
      if (retryTimer) clearTimeout(retryTimer);
      options.pool?.off('acquire', listenOnCheckout);
      options.pool?.off('remove', forget);
      // The pool's connections keep their LISTEN (harmless, and they may be in use): only stop counting.
      for (const client of [...pooled.keys()]) forget(client);
      for (const resolve of waiting.splice(0)) resolve();
      waiting = [];
      const open = client;
      client = null;
      if (open) {
        open.removeAllListeners();
        open.on('error', () => {});
        await open.end().catch(() => {});
      }
    },
  };
}
