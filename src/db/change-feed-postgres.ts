import pg from 'pg';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { ChangeFeed } from '../lib/change-feed.js';

// The change feed on PostgreSQL (issue 21): a trigger on data_version (moved by every write
// to what public pages show) sends NOTIFY, and each node LISTENs on a connection of its own,
// outside the query pool, so that it hears every write within milliseconds without asking
// (one listening connection per process, so that a write moves the number once).
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
  /** Resolves once every write committed before the call has moved the version (see below). */
  sync(): Promise<void>;
}

/**
 * Listens for changes on a dedicated connection to `connection` (a URL, or pg's settings). While that connection
 * is down nothing can be known about other nodes' writes, so the version moves on every read
 * (no cached page is served) and the feed reconnects, waiting longer each time up to
 * `maxRetryMs`; once it listens again the version moves once more, for what it missed.
 *
 * One connection per process listens, so each write moves the number once (a LISTEN on every
 * connection of the query pool as well moved it once per listening connection, each time
 * emptying the response cache again). That connection hears this node's own writes a moment
 * after their commit, too late for the node's next request (a moderator's approval, then the
 * list): `sync()` closes that gap. It asks the listening connection a question and waits for
 * the answer; PostgreSQL has signalled every listener before it reports a commit done, and a
 * listening session sends what it was told before it answers, so once sync() resolves every
 * write committed before it was called has moved the number. connectPostgres calls it after
 * each write through the node's pool, before the write's query resolves.
 */
export function postgresChangeFeed(
  connection: string | pg.ClientConfig,
  options: { onError?: (error: Error) => void; minRetryMs?: number; maxRetryMs?: number } = {},
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

  const heard = (message: pg.Notification) => {
    if (message.channel === CHANGE_CHANNEL) version++;
  };

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

  // One question at a time on the listening connection (pg queues no more than one query).
  // A sync asked for while one is under way cannot use it (it may have been sent before the
  // caller's commit): it waits for the next, which every such caller shares.
  let asking: Promise<void> | null = null;
  let following: Promise<void> | null = null;
  const sync = (): Promise<void> => {
    const open = client;
    // Not listening: every read is a new number anyway.
    if (!listening || !open) return Promise.resolve();
    if (!asking) {
      // A failure is the connection's: lost() has moved the number and reconnects.
      asking = open
        .query('SELECT 1')
        .then(
          () => {},
          () => {},
        )
        .finally(() => {
          asking = null;
        });
      return asking;
    }
    following ??= asking.then(() => {
      following = null;
      return sync();
    });
    return following;
  };

  void connect();

  return {
    version: () => (listening ? version : ++version),
    get listening() {
      return listening;
    },
    ready: () => (listening ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))),
    sync,
    close: async () => {
      closed = true;
      listening = false;
      if (retryTimer) clearTimeout(retryTimer);
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
