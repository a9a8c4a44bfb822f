import { type Kysely, PostgresAdapter } from 'kysely';

// Scheduled work (reminders, link checks, digests, calendar imports) runs once across every
// node on the database: a run first takes its job's row with one conditional UPDATE (free,
// or its lease ran out), renews the lease while it works and gives the row back when done.
// A node that dies mid-run stops renewing, so another takes the job over once the lease
// has run out; every job records its progress per item, so the next run carries on.
// Also keeps when each job last succeeded, for /metrics and operators.
//
// On PostgreSQL also: a NOTIFY whenever data_version moves, which every node's change feed
// listens for (src/db/change-feed-postgres.ts); SQLite nodes read the counter itself.

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scheduled_jobs')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // Who runs it now (host, process and a random part), null when nobody does.
    .addColumn('claimed_by', 'text')
    .addColumn('lease_until', 'text')
    .addColumn('started_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_failure_at', 'text')
    .addColumn('last_error', 'text')
    .execute();
  // Loaded only on PostgreSQL, so that a SQLite start-up does not load the pg driver.
  if (isPostgres(db)) await (await import('../../src/db/change-feed-postgres.js')).installChangeNotification(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await (await import('../../src/db/change-feed-postgres.js')).uninstallChangeNotification(db);
  await db.schema.dropTable('scheduled_jobs').execute();
}
