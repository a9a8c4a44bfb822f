import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installChangeNotification, postgresChangeFeed } from '../src/db/change-feed-postgres.js';
import { perVersion } from '../src/db/per-version.js';
import { changeFeedOf, connectPostgres } from '../src/db/postgres.js';
import type { DB } from '../src/db/sqlite.js';
import { ResponseCache } from '../src/lib/response-cache.js';

// The PostgreSQL change feed against a real server: runs only when TEST_DATABASE_URL names
// one (e.g. postgres://lagportal@127.0.0.1:55433/postgres on a throwaway cluster), and is
// skipped otherwise. Each run works in a database of its own, dropped afterwards.

const url = process.env.TEST_DATABASE_URL;

/** Waits for a condition the feed meets asynchronously; fails (not hangs) when it never does. */
async function eventually(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!url)('the PostgreSQL change feed (TEST_DATABASE_URL)', () => {
  const name = `lagportal_feed_${randomBytes(4).toString('hex')}`;
  let admin: pg.Client;
  let db: Kysely<any>;
  let feedUrl: string;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url!);
    target.pathname = `/${name}`;
    feedUrl = target.toString();
    const pool = new pg.Pool({ connectionString: feedUrl, max: 2 });
    // An idle connection told of the database going away at the end is no failure.
    pool.on('error', () => {});
    db = new Kysely<any>({ dialect: new PostgresDialect({ pool }) });
    await sql`CREATE TABLE data_version (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL)`.execute(db);
    await sql`INSERT INTO data_version VALUES (1, 1)`.execute(db);
    await installChangeNotification(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin?.end();
  });

  const write = () => sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(db);

  it("tells every node of another node's write", async () => {
    const nodeA = postgresChangeFeed(feedUrl);
    const nodeB = postgresChangeFeed(feedUrl);
    try {
      await Promise.all([nodeA.ready(), nodeB.ready()]);
      const [beforeA, beforeB] = [nodeA.version(), nodeB.version()];
      // Nothing written: the number stays.
      expect(nodeA.version()).toBe(beforeA);
      await write();
      await eventually(() => nodeA.version() !== beforeA && nodeB.version() !== beforeB, 'both nodes heard the write');
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });

  it('notifies a transaction once, at its commit', async () => {
    const feed = postgresChangeFeed(feedUrl);
    try {
      await feed.ready();
      const before = feed.version();
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < 5; i++) await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(trx);
      });
      await eventually(() => feed.version() !== before, 'the commit was heard');
      // A marker write after it: once that is heard, everything before it has been too.
      const afterCommit = feed.version();
      await write();
      await eventually(() => feed.version() !== afterCommit, 'the marker was heard');
      expect(feed.version() - before).toBe(2);
    } finally {
      await feed.close();
    }
  });

  it("moves the version before a write through the node's own pool resolves, in a transaction or not", async () => {
    const { db: own, close } = await connectPostgres(feedUrl, 2);
    // A connection the pool made before the feed existed is synced after its writes too.
    await sql`SELECT 1`.execute(own);
    const feed = await changeFeedOf(own);
    try {
      await feed.ready();
      for (let i = 0; i < 20; i++) {
        const before = feed.version();
        await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(own);
        expect(feed.version()).not.toBe(before);
        const inTransaction = feed.version();
        await own.transaction().execute(async (trx) => {
          await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(trx);
          await sql`SELECT 1`.execute(trx);
        });
        expect(feed.version()).not.toBe(inTransaction);
      }
      // Writes at the same time share the listening connection's syncs, and each still waits for one after its commit.
      await Promise.all(
        Array.from({ length: 6 }, async () => {
          const before = feed.version();
          await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(own);
          expect(feed.version()).not.toBe(before);
        }),
      );
      // Reads move nothing, once the other listening connections have heard the last write too.
      let quiet = feed.version();
      for (let settled = 0; settled < 5; settled++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (feed.version() !== quiet) [quiet, settled] = [feed.version(), 0];
      }
      await sql`SELECT version FROM data_version`.execute(own);
      expect(feed.version()).toBe(quiet);
    } finally {
      await close();
    }
  });

  it('moves the version once per write, however many connections the pool holds, and hears other nodes within a second', async () => {
    const { db: own, close } = await connectPostgres(feedUrl, 6);
    const feed = await changeFeedOf(own);
    try {
      await feed.ready();
      // Six connections open at once, so that each of them would have had a LISTEN of its own.
      await Promise.all(Array.from({ length: 6 }, () => sql`SELECT pg_sleep(0.05)`.execute(own)));
      const cache = new ResponseCache(null as unknown as DB, Date.now, { feed });
      const page = { body: new TextEncoder().encode('<p>Lista</p>'), headers: { 'content-type': 'text/html' }, gzipHeaders: {} };
      /** Waits until no change has come in for 300 ms, and returns how far the version moved since `from`. */
      const settledSince = async (from: number) => {
        let seen = feed.version();
        for (let quiet = 0; quiet < 6; quiet++) {
          await new Promise((resolve) => setTimeout(resolve, 50));
          if (feed.version() !== seen) [seen, quiet] = [feed.version(), 0];
        }
        return seen - from;
      };
      for (const [writer, handle] of [
        ['this node', own],
        ['another node', db],
      ] as const) {
        const before = feed.version();
        cache.set('site page /lag', cache.syncVersion(), page);
        const started = Date.now();
        await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(handle);
        await eventually(() => cache.get('site page /lag') === undefined, `the write on ${writer} dropped the cached page`);
        expect(Date.now() - started).toBeLessThan(1000);
        // Stored again after the write: the page stays, as no second mark of the same write comes in.
        cache.set('site page /lag', cache.syncVersion(), page);
        expect(await settledSince(before), `changes counted for one write on ${writer}`).toBe(1);
        expect(cache.get('site page /lag')?.headers).toEqual({ 'content-type': 'text/html' });
      }
    } finally {
      await close();
    }
  });

  it('keeps values derived from the data until the next write, from this node or another, as on SQLite', async () => {
    const { db: own, close } = await connectPostgres(feedUrl, 2);
    try {
      await (await changeFeedOf(own)).ready();
      let computed = 0;
      const derived = () => perVersion(own as DB, 'feed-test', 'key', 1, async () => ++computed);
      expect(await derived()).toBe(1);
      // No write: the list engine's orders and counts are not built again for every request.
      expect(await derived()).toBe(1);
      await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(own);
      expect(await derived()).toBe(2);
      await write();
      await eventually(async () => (await derived()) === 3, "another node's write made it compute again");
      expect(await derived()).toBe(3);
    } finally {
      await close();
    }
  });

  it('serves nothing from the cache while its connection is down, and listens again after reconnecting', async () => {
    const feed = postgresChangeFeed(feedUrl, { minRetryMs: 50 });
    try {
      await feed.ready();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'lagportal change feed'`, [name]);
      await eventually(() => !feed.listening, 'the feed noticed its connection is gone');
      // Every read is a new number: no page may be taken for current.
      expect(feed.version()).not.toBe(feed.version());
      await feed.ready();
      expect(feed.listening).toBe(true);
      const before = feed.version();
      expect(feed.version()).toBe(before);
      await write();
      await eventually(() => feed.version() !== before, 'a write after reconnecting was heard');
    } finally {
      await feed.close();
    }
  });

  it("empties a node's response cache after a write on another node", async () => {
    const feed = postgresChangeFeed(feedUrl);
    try {
      await feed.ready();
      const cache = new ResponseCache(null as unknown as DB, Date.now, { feed });
      const page = { body: new TextEncoder().encode('<p>Lista</p>'), headers: { 'content-type': 'text/html' }, gzipHeaders: {} };
      cache.set('site page /lag', cache.syncVersion(), page);
      expect(cache.get('site page /lag')?.headers).toEqual({ 'content-type': 'text/html' });
      await write();
      await eventually(() => cache.get('site page /lag') === undefined, 'the cached page was dropped');
    } finally {
      await feed.close();
    }
  });
});
