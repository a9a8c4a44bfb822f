import { type Kysely, sql } from 'kysely';

// Self-service registration: contact details kept apart from the public ones, private edit
// links (only their hashes), pending revisions of published entries, an outbox of every
// email, and what the abuse limits count.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('associations').addColumn('contact_name', 'text').execute();
  await db.schema.alterTable('associations').addColumn('contact_email', 'text').execute();
  await db.schema
    .alterTable('associations')
    .addColumn('publish_contact', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('associations').addColumn('last_reminded_at', 'text').execute();
  await db.schema.createIndex('associations_contact_email').on('associations').column('contact_email').execute();

  await db.schema
    .createTable('edit_tokens')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('edit_tokens_association').on('edit_tokens').column('association_id').execute();

  await db.schema
    .createTable('revisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('update', 'removal')`))
    .addColumn('data', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('pending').check(sql`status in ('pending', 'approved', 'rejected', 'superseded')`),
    )
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('reason', 'text')
    .execute();
  await db.schema.createIndex('revisions_association_status').on('revisions').columns(['association_id', 'status']).execute();
  await db.schema.createIndex('revisions_status_created').on('revisions').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('error', 'text')
    .addColumn('eml_path', 'text')
    .execute();
  await db.schema.createIndex('outbox_created').on('outbox').column('created_at').execute();

  await db.schema
    .createTable('submission_attempts')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('client_key', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('submission_attempts_lookup')
    .on('submission_attempts')
    .columns(['client_key', 'action', 'created_at'])
    .execute();

  await db.schema
    .createTable('app_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['app_settings', 'submission_attempts', 'outbox', 'revisions', 'edit_tokens']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.dropIndex('associations_contact_email').execute();
  for (const column of ['last_reminded_at', 'publish_contact', 'contact_email', 'contact_name']) {
    await db.schema.alterTable('associations').dropColumn(column).execute();
  }
}
