import { type Kysely, sql } from 'kysely';

// The unique key of imported events (migration 23: association, source, key) only ever
// constrains imported rows: every activity typed on the site has no import key, and NULLs are
// never equal in a unique index, in SQLite as in PostgreSQL. So the index now holds the
// imported rows alone. It says the same; for the 145,520 demo activities of the bench
// database (none imported) it went from 2.0 MB of entries (one per activity) to nothing.
// No query reads it for anything else: an association's activities of one source are found
// through activities_association_dates (association first), as before.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activities_import_key').execute();
  await db.schema
    .createIndex('activities_import_key')
    .on('activities')
    .columns(['association_id', 'import_source', 'import_key'])
    .unique()
    .where(sql.ref('import_key'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activities_import_key').execute();
  await db.schema.createIndex('activities_import_key').on('activities').columns(['association_id', 'import_source', 'import_key']).unique().execute();
}
