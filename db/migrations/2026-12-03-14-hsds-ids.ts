import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// Stable public identifiers for the open-data API (Open Referral HSDS 3 wants a UUID for
// every object). Each association gets two random UUIDs the moment it is stored: one for it
// as an HSDS organization and one for the service it offers. They are stored rather than
// derived from the numeric id so they never change for an entry: an Enhetsregisteret
// re-import updates the row in place and keeps them, and a merged duplicate keeps its own
// (the API redirects them to the entry it was merged into). The objects inside an entry
// (phone, address, ...) derive theirs from these with UUIDv5, see src/lib/hsds-ids.ts.
//
// The trigger is SQLite's way of giving a column a random default after ALTER TABLE; on
// PostgreSQL the columns would simply be DEFAULT gen_random_uuid(). Bulk loads
// (insertAssociationsInBulk) fill them in JavaScript, so the trigger never fires there.

/** A random RFC 9562 version 4 UUID, in lower case, evaluated per row. */
const RANDOM_UUID = sql`lower(
  hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
  || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))
)`;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('associations').addColumn('uuid', 'text').execute();
  await db.schema.alterTable('associations').addColumn('service_uuid', 'text').execute();
  if (isPostgres(db)) {
    // gen_random_uuid() is a version 4 UUID in lower case (PostgreSQL 13+). A trigger rather
    // than a column default, to behave as SQLite's does when an insert names uuid as null.
    await sql`UPDATE associations SET uuid = gen_random_uuid()::text, service_uuid = gen_random_uuid()::text`.execute(db);
    await db.schema.createIndex('associations_uuid').unique().on('associations').column('uuid').execute();
    await db.schema.createIndex('associations_service_uuid').unique().on('associations').column('service_uuid').execute();
    await sql`CREATE FUNCTION associations_hsds_ids() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.uuid := coalesce(NEW.uuid, gen_random_uuid()::text);
        NEW.service_uuid := coalesce(NEW.service_uuid, gen_random_uuid()::text);
        RETURN NEW;
      END $$`.execute(db);
    await sql`CREATE TRIGGER associations_hsds_ids BEFORE INSERT ON associations FOR EACH ROW EXECUTE FUNCTION associations_hsds_ids()`.execute(db);
    return;
  }
  await sql`UPDATE associations SET uuid = ${RANDOM_UUID}, service_uuid = ${RANDOM_UUID}`.execute(db);
  await db.schema.createIndex('associations_uuid').unique().on('associations').column('uuid').execute();
  await db.schema.createIndex('associations_service_uuid').unique().on('associations').column('service_uuid').execute();
  await sql`CREATE TRIGGER associations_hsds_ids AFTER INSERT ON associations
    WHEN NEW.uuid IS NULL OR NEW.service_uuid IS NULL BEGIN
      UPDATE associations SET uuid = coalesce(NEW.uuid, ${RANDOM_UUID}), service_uuid = coalesce(NEW.service_uuid, ${RANDOM_UUID})
      WHERE id = NEW.id;
    END`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) await sql`DROP FUNCTION IF EXISTS associations_hsds_ids() CASCADE`.execute(db);
  else await sql`DROP TRIGGER IF EXISTS associations_hsds_ids`.execute(db);
  await db.schema.dropIndex('associations_service_uuid').ifExists().execute();
  await db.schema.dropIndex('associations_uuid').ifExists().execute();
  await db.schema.alterTable('associations').dropColumn('service_uuid').execute();
  await db.schema.alterTable('associations').dropColumn('uuid').execute();
}
