import type { Kysely } from 'kysely';

// Site texts an admin can edit: the front-page intro and the terms for registration, per
// language. A missing row means "use the built-in default from the translation files".

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('site_texts')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('site_texts_pk', ['key', 'lang'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('site_texts').execute();
}
