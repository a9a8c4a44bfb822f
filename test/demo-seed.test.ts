import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type DB, matchingAssociations, searchIndexUpToDate, toMatchQuery } from '../src/db/sqlite.js';
import { seedDemoData } from '../src/demo/seed.js';
import { demoWorker } from '../src/demo/worker.js';
import { NOW, freshDatabase, testDialect } from './helpers.js';

async function everything(db: DB) {
  const tables = ['associations', 'association_categories', 'association_links'];
  const out: Record<string, unknown[]> = {};
  // In the order written (SQLite's rowid); PostgreSQL has no rowid, so there every row in
  // order of all its columns (ids and positions among them), the whole row compared.
  const order = testDialect === 'postgres' ? sql`ORDER BY t` : sql`ORDER BY rowid`;
  for (const table of tables) out[table] = (await sql`SELECT * FROM ${sql.table(table)} AS t ${order}`.execute(db)).rows;
  // The HSDS ids are random by design (db/migrations/2026-12-03-14-hsds-ids.ts): present and distinct, not equal.
  out.associations = (out.associations as Record<string, unknown>[]).map(({ uuid, service_uuid, ...row }) => {
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(service_uuid).not.toBe(uuid);
    return row;
  });
  return out;
}

describe('seeding demo data', () => {
  it('stores the same associations whether a worker thread makes the rows or this one does', async () => {
    const options = { count: 2_500, scope: 'all', now: NOW, seed: 5, statusMix: 'demo' } as const;
    const { db: here, reference } = await freshDatabase();
    expect(await seedDemoData(here, reference, options)).toBe(2_500);
    const { db: there } = await freshDatabase();
    expect(await seedDemoData(there, reference, { ...options, worker: demoWorker() })).toBe(2_500);

    const expected = await everything(here);
    expect(expected.associations).toHaveLength(2_500);
    expect(await everything(there)).toEqual(expected);
    // And the search index holds the same: what a search finds, through the app's own search
    // (FTS5 on SQLite, the tsvector index on PostgreSQL, brought up to date first there).
    const search = async (db: DB) => {
      await searchIndexUpToDate(db);
      return (await matchingAssociations(db, toMatchQuery('idrett')!).execute()).map((r) => r.id).sort((a, b) => a - b);
    };
    const found = await search(here);
    expect(found.length).toBeGreaterThan(0);
    expect(await search(there)).toEqual(found);
  });

  it('reports a failure in the worker instead of waiting for it', async () => {
    const { db, reference } = await freshDatabase();
    const options = { count: -1, scope: 'all', now: NOW, worker: demoWorker() } as const;
    await expect(seedDemoData(db, reference, options)).rejects.toThrow(/worker failed: .*count must be a non-negative integer/s);
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM associations`.execute(db);
    expect(rows[0]!.n).toBe(0);
  });
});
