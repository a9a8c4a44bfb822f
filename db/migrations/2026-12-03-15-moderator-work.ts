import type { Kysely } from 'kysely';

// Moderators' everyday work (issue 19): digest preferences, "tell me at once" for new
// registrations, one-time password reset links, and what each digest has sent, so a run
// never mails the same item twice in one period.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    /** 'daily', 'weekly' or 'off': how often the moderator gets a digest of waiting work. */
    .addColumn('digest_frequency', 'text', (c) => c.notNull().defaultTo('daily'))
    .execute();
  await db.schema
    .alterTable('users')
    /** 1: mailed as soon as a registration in their scope arrives; only an admin sets it. */
    .addColumn('notify_registrations', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** SHA-256 of the token, hex; the token itself is only ever in the email. */
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();

  await db.schema
    .createTable('digest_items')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** '2026-12-03' for a daily digest, '2026-W49' for a weekly one (Norwegian time). */
    .addColumn('period', 'text', (c) => c.notNull())
    /** 'submission:12', 'revision:7', 'removal:8', 'report:3', 'claim:5'. */
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('digest_items_pk', ['user_id', 'period', 'item_key'])
    .execute();

  // A moderator's account page lists their own recent decisions.
  await db.schema.createIndex('audit_log_user').on('audit_log').columns(['user_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_user').execute();
  await db.schema.dropTable('digest_items').execute();
  await db.schema.dropTable('password_resets').execute();
  await db.schema.alterTable('users').dropColumn('notify_registrations').execute();
  await db.schema.alterTable('users').dropColumn('digest_frequency').execute();
}
