import type SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import type { Progress } from '../lib/progress.js';
import { indexPending, resetIdSequences, tableColumns } from './postgres.js';
import { type DB, dataTables, tableRowCount, tableRows } from './sqlite.js';

// Moving a site from SQLite to PostgreSQL (issue 21, npm run db:copy): every row of every
// data table, audit log and outbox included, into an empty PostgreSQL database of the same
// schema, in one transaction, with the row counts of every table checked before it commits.

/** Filled by the reference-data migration, so present in a new database; the source's rows replace them. */
const REFERENCE_TABLES = new Set(['regions', 'municipalities', 'region_municipalities', 'places', 'categories']);

/** Why a copy was not made: the target or the two schemas do not fit. Nothing was written. */
export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

export interface CopyResult {
  tables: { name: string; rows: number }[];
  rows: number;
}

// Rows per INSERT: well under PostgreSQL's 65,535 parameters for the widest table.
const PARAMETERS_PER_INSERT = 30_000;

/**
 * Copies the SQLite database into the migrated, empty PostgreSQL database `target`.
 * @throws CopyRefused when the target holds data or its migrations differ from the source's.
 */
export async function copySqliteToPostgres(source: SQLite.Database, target: DB, progress?: Progress): Promise<CopyResult> {
  const tables = dataTables(source);
  const pg = target as unknown as Kysely<any>;

  const sourceMigrations = source.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all() as string[];
  const targetMigrations = (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(pg)).rows.map((r) => r.name);
  if (sourceMigrations.join('\n') !== targetMigrations.join('\n')) {
    const missing = sourceMigrations.filter((m) => !targetMigrations.includes(m));
    const extra = targetMigrations.filter((m) => !sourceMigrations.includes(m));
    throw new CopyRefused(
      `the two databases are not at the same schema version (${[
        missing.length > 0 ? `the target lacks ${missing.join(', ')}` : '',
        extra.length > 0 ? `the source lacks ${extra.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ')}); run the same Lagportal version on both first`,
    );
  }
  const columns = await tableColumns(pg);
  for (const table of tables) {
    const there = columns.get(table.name);
    if (!there) throw new CopyRefused(`the target has no table ${table.name}`);
    const lacking = table.columns.filter((c) => !there.has(c));
    if (lacking.length > 0) throw new CopyRefused(`the target's table ${table.name} has no column ${lacking.join(', ')}`);
  }

  const counts = new Map(tables.map((t) => [t.name, tableRowCount(source, t.name)]));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);

  const result = await pg.transaction().execute(async (trx) => {
    // Checked inside the transaction that writes, so nothing can fill the target in between.
    const holding: string[] = [];
    for (const table of tables) {
      if (REFERENCE_TABLES.has(table.name)) continue;
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(trx);
      if (Number(rows[0]!.n) > 0) holding.push(`${table.name} (${rows[0]!.n} rows)`);
    }
    if (holding.length > 0) throw new CopyRefused(`the target database is not empty: ${holding.join(', ')}; copy only into a new, empty database`);

    for (const table of [...tables].reverse()) if (REFERENCE_TABLES.has(table.name)) await trx.deleteFrom(table.name).execute();

    // Indexes that no constraint needs are made once over the copied rows rather than kept up
    // row by row (the search index's six GIN indexes above all): a few times faster for a
    // national registry. Dropped and made again inside this transaction, so they exist after it.
    const { rows: laterIndexes } = await sql<{ name: string; definition: string }>`
      SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = ANY(${[...tables.map((t) => t.name), 'association_search']}::text[])
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = to_regnamespace(i.schemaname))
        AND i.indexdef NOT LIKE 'CREATE UNIQUE INDEX%'`.execute(trx);
    for (const { name } of laterIndexes) await sql`DROP INDEX ${sql.id(name)}`.execute(trx);

    progress?.start('rows', total);
    for (const table of tables) {
      const perInsert = Math.max(1, Math.floor(PARAMETERS_PER_INSERT / table.columns.length));
      // A row that refers to another of its table (a merged duplicate, a subcategory) may come
      // before the row it refers to: it goes in without the reference, which is set afterwards.
      const laterReferences: { id: unknown; values: Record<string, unknown> }[] = [];
      let batch: Record<string, unknown>[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await trx.insertInto(table.name).values(batch).execute();
        progress?.advance(batch.length);
        batch = [];
      };
      for (const row of tableRows(source, table.name)) {
        if (table.selfReferences.length > 0) {
          const values = Object.fromEntries(table.selfReferences.filter((c) => row[c] !== null).map((c) => [c, row[c]]));
          if (Object.keys(values).length > 0) {
            laterReferences.push({ id: row.id, values });
            for (const c of table.selfReferences) row[c] = null;
          }
        }
        batch.push(row);
        if (batch.length >= perInsert) await flush();
      }
      await flush();
      for (const { id, values } of laterReferences) await trx.updateTable(table.name).set(values).where('id', '=', id).execute();
    }
    progress?.start('search index', 1);
    await indexPending(trx);
    progress?.advance(1);
    await sql`SET LOCAL maintenance_work_mem = '256MB'`.execute(trx);
    for (const { definition } of laterIndexes) await sql.raw(definition).execute(trx);
    await resetIdSequences(
      trx,
      tables.filter((t) => t.columns.includes('id')).map((t) => t.name),
    );

    const copied: { name: string; rows: number }[] = [];
    for (const table of tables) {
      const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table.name)}`.execute(trx);
      const expected = counts.get(table.name)!;
      if (Number(rows[0]!.n) !== expected)
        throw new Error(`table ${table.name} has ${rows[0]!.n} rows after the copy, the source ${expected}; nothing was copied`);
      copied.push({ name: table.name, rows: expected });
    }
    // Every page that was cached from the empty database is out of date now.
    await sql`UPDATE data_version SET version = version + 1 WHERE id = 1`.execute(trx);
    return { tables: copied, rows: total };
  });
  // The planner's statistics still describe the empty tables until autovacuum comes round
  // (a minute or more); until then it would pick plans for empty tables (an export walking an
  // index and sorting every batch, say). Gathered now instead.
  await sql`ANALYZE`.execute(target);
  return result;
}
