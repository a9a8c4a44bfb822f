import { type Kysely, sql } from 'kysely';
import { isPostgres } from './dialect.js';

// An association's activities (recurring: practice nights, choir evenings) and events (once,
// one or more days), shown on /hva-skjer and in the calendar feeds. Dates and times are local
// Norwegian wall-clock time (Europe/Oslo) as the association wrote them, never UTC: a weekly
// 19:00 practice stays at 19:00 across the summer-time changes, and the conversion to an
// instant happens only when a feed or structured data needs one (src/lib/recurrence.ts).

const EVENTS = ['insert', 'update', 'delete'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('activities')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    /** 'activity' (recurs) or 'event' (once, one or more days). */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    /** YYYY-MM-DD: the first day (an activity's first possible occurrence). */
    .addColumn('start_date', 'text', (c) => c.notNull())
    /** YYYY-MM-DD: an event's last day; an activity's last possible day, or null when it goes on. */
    .addColumn('end_date', 'text')
    /** HH:MM, local time. */
    .addColumn('start_time', 'text', (c) => c.notNull())
    .addColumn('end_time', 'text', (c) => c.notNull())
    /** Activities only: 'weekly', 'biweekly' or 'monthly'; null for events. */
    .addColumn('frequency', 'text')
    /** RFC 5545 day codes, comma-separated ("TU,TH"); for 'monthly' exactly one. */
    .addColumn('weekdays', 'text', (c) => c.notNull().defaultTo(''))
    /** For 'monthly': which one of that weekday in the month, 1–4, or -1 for the last. */
    .addColumn('week_of_month', 'integer')
    /** An activity ends after this many occurrences (instead of, or as well as, an end date). */
    .addColumn('occurrence_count', 'integer')
    /** Comma-separated YYYY-MM-DD dates without an occurrence (holidays); EXDATE in the feeds. */
    .addColumn('skipped_dates', 'text', (c) => c.notNull().defaultTo(''))
    /** Comma-separated dates announced as cancelled: still shown, marked, STATUS:CANCELLED in feeds. */
    .addColumn('cancelled_dates', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('place_id', 'integer', (c) => c.references('places.id').onDelete('set null'))
    .addColumn('address', 'text')
    .addColumn('age_from', 'integer')
    .addColumn('age_to', 'integer')
    /** Whole kroner; null means free. */
    .addColumn('price', 'integer')
    .addColumn('price_note', 'text', (c) => c.notNull().defaultTo(''))
    /** Comma-separated language codes ("nb,en"). */
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('signup_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signup_url', 'text')
    /** 'visible', 'pending' (EVENTS_REQUIRE_APPROVAL=1) or 'hidden' (by a moderator, with a reason). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('hidden_reason', 'text')
    /** Null until a moderator has seen it in "nye arrangementer"; a change sets it back to null. */
    .addColumn('reviewed_at', 'text')
    /** RFC 5545 SEQUENCE: grows with every change the association or a moderator makes. */
    .addColumn('sequence', 'integer', (c) => c.notNull().defaultTo(0))
    /** Title and description folded for search (see searchText in src/db/activities.ts): portable LIKE, any case. */
    .addColumn('search_text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('activities_association').on('activities').columns(['association_id']).execute();
  await db.schema.createIndex('activities_dates').on('activities').columns(['status', 'start_date', 'end_date']).execute();

  // The association's page (kept by the response cache) shows the next occurrences: a change
  // here must move the data version like a change to the association itself.
  for (const event of EVENTS) {
    if (isPostgres(db)) {
      // bump_data_version(): see the data-version migration.
      await sql`CREATE TRIGGER ${sql.id(`activities_data_version_${event}`)} AFTER ${sql.raw(event.toUpperCase())} ON activities
        FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`.execute(db);
      continue;
    }
    await sql`CREATE TRIGGER ${sql.id(`activities_data_version_${event}`)} AFTER ${sql.raw(event.toUpperCase())} ON activities
      BEGIN UPDATE data_version SET version = version + 1 WHERE id = 1; END`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) {
    for (const event of EVENTS) await sql`DROP TRIGGER IF EXISTS ${sql.id(`activities_data_version_${event}`)}`.execute(db);
  }
  await db.schema.dropTable('activities').execute();
}
