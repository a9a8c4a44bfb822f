import type { Kysely } from 'kysely';

// Visitor reports ("meld feil") waiting for a moderator, an association's choice to be reached
// through a contact form instead of showing its email address, and the Reply-To of outgoing
// mail (a contact message is answered straight to the visitor who sent it).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('association_id', 'integer', (c) => c.notNull().references('associations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    // Only for telling the reporter the outcome; never shown publicly, erased with the entry.
    .addColumn('reporter_email', 'text')
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('nb'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('reports_status_association').on('reports').columns(['status', 'association_id']).execute();
  await db.schema.alterTable('associations').addColumn('contact_via_form', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('reply_to', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('reply_to').execute();
  await db.schema.alterTable('associations').dropColumn('contact_via_form').execute();
  await db.schema.dropTable('reports').execute();
}
