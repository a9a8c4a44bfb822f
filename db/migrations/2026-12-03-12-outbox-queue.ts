import type { Kysely } from 'kysely';

// The outbox becomes the queue of outgoing mail (src/db/outbox.ts): each row says when it is
// next tried, how often it was tried, which process holds it while sending, and when it was
// given up. Each row is tied to the entry (and report or claim) it concerns, so erasing an
// entry's personal data finds every mail about it whoever it went to. The full text with a
// working edit link is kept in `unsent_text` only until the mail is delivered; `text_body`,
// what admins read, never holds a token.

/** Edit-link tokens in stored bodies (`…/endre/<43 base64url characters>`), as mails before this migration held them. */
const TOKEN_IN_LINK = /(\/endre\/)[A-Za-z0-9_-]{20,100}/g;
/** What a token is replaced with in the stored copy (src/db/outbox.ts uses the same). */
const REDACTED = '[…]';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('outbox')
    .addColumn('association_id', 'integer')
    .execute();
  await db.schema.alterTable('outbox').addColumn('report_id', 'integer').execute();
  await db.schema.alterTable('outbox').addColumn('claim_id', 'integer').execute();
  await db.schema.alterTable('outbox').addColumn('unsent_text', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('outbox').addColumn('next_attempt_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('failed_at', 'text').execute();
  await db.schema.createIndex('outbox_association').on('outbox').column('association_id').execute();
  await db.schema.createIndex('outbox_report').on('outbox').column('report_id').execute();
  await db.schema.createIndex('outbox_claim').on('outbox').column('claim_id').execute();
  await db.schema.createIndex('outbox_due').on('outbox').column('next_attempt_at').execute();

  // Mails stored before this held working links in plain text: keep the copy, drop the token.
  const rows = await db.selectFrom('outbox').select(['id', 'text_body']).where('text_body', 'like', '%/endre/%').execute();
  for (const row of rows as Array<{ id: number; text_body: string }>) {
    const redacted = row.text_body.replace(TOKEN_IN_LINK, `$1${REDACTED}`);
    if (redacted !== row.text_body) await db.updateTable('outbox').set({ text_body: redacted }).where('id', '=', row.id).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of ['outbox_due', 'outbox_claim', 'outbox_report', 'outbox_association']) await db.schema.dropIndex(index).execute();
  for (const column of ['failed_at', 'claimed_until', 'claimed_by', 'next_attempt_at', 'attempts', 'unsent_text', 'claim_id', 'report_id', 'association_id']) {
    await db.schema.alterTable('outbox').dropColumn(column).execute();
  }
}
