import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// A counter that every write to what public pages show moves forward, whichever process
// writes (the server, a CLI import, `npm run remind`, the link checker). The response cache
// and the per-version caches (counts, pickers, search order) compare it with the version
// they were filled at, so nothing cached outlives the write that changed it.
//
// Row triggers cost one tiny UPDATE per written row; bulk imports pay that (it is small next
// to the search-index triggers), and readers pay one primary-key lookup per request.

export const VERSIONED_TABLES = [
  'associations',
  'association_categories',
  'association_links',
  'categories',
  'places',
  'municipalities',
  'regions',
  'region_municipalities',
  'site_texts',
] as const;

const EVENTS = ['insert', 'update', 'delete'] as const;

function triggerName(table: string, event: string): string {
  return `${table}_data_version_${event}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('data_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('data_version').values({ id: 1, version: 1 }).execute();

  if (isPostgres(db)) {
    // The same triggers in plpgsql, once per statement rather than per row: the counter only
    // has to move, and one UPDATE per statement holds the counter's row lock for less.
    await sql`CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; RETURN NULL; END $$`.execute(db);
    for (const table of VERSIONED_TABLES) {
      for (const event of EVENTS) {
        await sql`CREATE TRIGGER ${sql.id(triggerName(table, event))} AFTER ${sql.raw(event.toUpperCase())} ON ${sql.id(table)}
          FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
      }
    }
    return;
  }
  for (const table of VERSIONED_TABLES) {
    for (const event of EVENTS) {
      await sql`CREATE TRIGGER ${sql.id(triggerName(table, event))} AFTER ${sql.raw(event.toUpperCase())} ON ${sql.id(table)}
        BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`.execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`DROP FUNCTION IF EXISTS bump_data_version() CASCADE`.execute(db);
    await db.schema.dropTable('data_version').ifExists().execute();
    return;
  }
  for (const table of VERSIONED_TABLES) {
    for (const event of EVENTS) await sql`DROP TRIGGER IF EXISTS ${sql.id(triggerName(table, event))}`.execute(db);
  }
  await db.schema.dropTable('data_version').ifExists().execute();
}
