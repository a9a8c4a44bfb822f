import type { Kysely } from 'kysely';

// Public form tokens are single-use: a token sent once is remembered here until it would have
// gone stale anyway, so the same signed token cannot carry a second registration, mail or
// report. Kept in the database rather than in memory, so that every node of a later
// multi-node setup refuses a token another one has seen.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('used_form_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_form_tokens_expires_at').on('used_form_tokens').column('expires_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('used_form_tokens').execute();
}
