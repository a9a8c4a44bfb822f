import type { DB } from './sqlite.js';

/**
 * The oldest mail that is still being retried after a failed attempt and was queued before
 * `before`, or null. Readiness reports it: mail failing for an hour means edit links and
 * decisions are not reaching people.
 */
export async function oldestFailingMail(db: DB, before: Date): Promise<{ id: number; created_at: string } | null> {
  const row = await db
    .selectFrom('outbox')
    .select(['id', 'created_at'])
    .where('sent_at', 'is', null)
    .where('error', 'is not', null)
    // Given up (after a day) is shown to admins instead; readiness is about delivery failing now.
    .where('failed_at', 'is', null)
    .where('created_at', '<', before.toISOString())
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
  return row ?? null;
}
