import { type Kysely, sql } from 'kysely';

// Entries imported from Enhetsregisteret, and claims by the people behind them.
// brreg_imports keeps what was last imported for each entry, so that a later import only
// changes a field nobody has touched since. An imported entry without a contact person is
// "unclaimed"; a claim waits for a moderator, who makes the claimant its contact person.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('brreg_imports')
    .addColumn('association_id', 'integer', (c) => c.primaryKey().references('associations.id').onDelete('cascade'))
    .addColumn('org_number', 'text', (c) => c.notNull().unique())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('first_imported_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('claims')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('contact_name', 'text', (c) => c.notNull())
    .addColumn('contact_email', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('nb'))
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'rejected', 'superseded')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('claims_status_created').on('claims').columns(['status', 'created_at']).execute();
  await db.schema.createIndex('claims_association_status').on('claims').columns(['association_id', 'status']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('claims').execute();
  await db.schema.dropTable('brreg_imports').execute();
}
