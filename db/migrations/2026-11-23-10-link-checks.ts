import type { Kysely } from 'kysely';

// The link checker's findings: the latest check of each website link of each association.
// Only the latest is kept (the audit log is the place for history); a row stays until the
// link is checked again, and the moderation queue shows only rows whose URL the association
// still links to, so changing the website makes an old flag disappear by itself.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('link_checks')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('checked_at', 'text', (c) => c.notNull())
    /** HTTP status of the last answer in the redirect chain; null when none came. */
    .addColumn('status', 'integer')
    .addColumn('final_url', 'text')
    .addColumn('title', 'text')
    /** 'dead', 'elsewhere', 'parked', 'title' or null when the link looked fine. */
    .addColumn('problem', 'text')
    /** What exactly went wrong, e.g. 'timeout', 'http-404', 'too-many-redirects'. */
    .addColumn('detail', 'text')
    /** When the current problem was first found: the queue sorts on it. */
    .addColumn('flagged_at', 'text')
    /** A moderator looked and decided the problem is fine; a different problem flags again. */
    .addColumn('ignored_at', 'text')
    .addColumn('ignored_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('link_checks_association_url', ['association_id', 'url'])
    .execute();
  await db.schema.createIndex('link_checks_problem').on('link_checks').columns(['problem', 'ignored_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('link_checks').execute();
}
