import { type Kysely, PostgresAdapter } from 'kysely';

// Not a migration: what a migration asks to write its dialect-specific part for PostgreSQL
// beside SQLite's (issue 21). One schema history for both, so a database of either kind
// that ran the same migrations has the same tables, columns and rules.

/** Whether the migration runs on PostgreSQL (otherwise SQLite). */
export function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
