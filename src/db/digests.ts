import type { DB } from './sqlite.js';
import type { DigestFrequency } from './types.js';

// What moderators' digests have sent. A digest period is a day or an ISO week in Norwegian
// time; each item mailed to a moderator in a period is one row, so no item goes to the same
// moderator twice in one period, even when two runs overlap (the primary key decides).

export interface DigestRecipient {
  id: number;
  email: string;
  frequency: Exclude<DigestFrequency, 'off'>;
}

/** Active accounts that want a digest. */
export async function digestRecipients(db: DB): Promise<DigestRecipient[]> {
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'digest_frequency'])
    .where('disabled_at', 'is', null)
    .where('digest_frequency', 'in', ['daily', 'weekly'])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, email: r.email, frequency: r.digest_frequency as DigestRecipient['frequency'] }));
}

/** True when the moderator was already sent a digest in this period. */
export async function digestSentIn(db: DB, userId: number, period: string): Promise<boolean> {
  const row = await db.selectFrom('digest_items').select('item_key').where('user_id', '=', userId).where('period', '=', period).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Records the items as sent to the moderator in the period, and returns those that were
 * not recorded before: only these may go into the mail.
 */
export async function claimDigestItems(db: DB, input: { userId: number; period: string; itemKeys: string[]; now: Date }): Promise<Set<string>> {
  const claimed = new Set<string>();
  if (input.itemKeys.length === 0) return claimed;
  await db.transaction().execute(async (trx) => {
    for (const key of input.itemKeys) {
      const result = await trx
        .insertInto('digest_items')
        .values({ user_id: input.userId, period: input.period, item_key: key, sent_at: input.now.toISOString() })
        .onConflict((oc) => oc.columns(['user_id', 'period', 'item_key']).doNothing())
        // No row comes back when the item was already recorded.
        .returning('item_key')
        .executeTakeFirst();
      if (result) claimed.add(key);
    }
  });
  return claimed;
}

/** Active moderators and admins who asked (through an admin) to hear about new registrations at once. */
export async function registrationWatchers(db: DB): Promise<{ id: number; email: string }[]> {
  return db.selectFrom('users').select(['id', 'email']).where('disabled_at', 'is', null).where('notify_registrations', '=', 1).orderBy('id').execute();
}
