import type { Kysely } from 'kysely';

// Importing an association's own calendar (#20.3): the iCalendar address it gave, what the
// last fetch of it found, and, on activities, where an imported event came from. An imported
// event is an ordinary activities row (kind 'event', one per occurrence) marked with its
// source and a key made from the feed's UID and the occurrence, so a re-import updates the
// same row (same id, same public page, same UID in our feeds) instead of making a new one.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendar_feeds')
    .addColumn('association_id', 'integer', (c) => c.primaryKey().references('associations.id').onDelete('cascade'))
    /** The http(s) address of the association's public iCalendar (Google, Outlook, Nextcloud…). */
    .addColumn('url', 'text', (c) => c.notNull())
    /** When the scheduled import last tried it, and last succeeded. */
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    /** Why the last attempt failed (a code, see src/lib/ical-import.ts), or null after a success. */
    .addColumn('last_error', 'text')
    /** What the code is about: the event's title, the line, the time zone, the HTTP status. */
    .addColumn('last_error_detail', 'text')
    /** Attempts failed in a row; the association is told when this goes from 0 to 1. */
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    /** Events the last successful import stored. */
    .addColumn('imported_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  /** 'feed' (the calendar address above) or 'file' (an uploaded .ics); null for what the association typed. */
  await db.schema.alterTable('activities').addColumn('import_source', 'text').execute();
  /** The feed's UID and the occurrence's start ("uid@example.com/20261214T180000"), within the association and source. */
  await db.schema.alterTable('activities').addColumn('import_key', 'text').execute();
  await db.schema.createIndex('activities_import_key').on('activities').columns(['association_id', 'import_source', 'import_key']).unique().execute();
  // The scheduled import takes the feeds tried longest ago first.
  await db.schema.createIndex('calendar_feeds_attempt').on('calendar_feeds').column('last_attempt_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('activities_import_key').execute();
  await db.schema.alterTable('activities').dropColumn('import_key').execute();
  await db.schema.alterTable('activities').dropColumn('import_source').execute();
  await db.schema.dropTable('calendar_feeds').execute();
}
