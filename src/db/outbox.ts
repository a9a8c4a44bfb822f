import type { DB } from './sqlite.js';
import type { Association, OutboxMessage } from './types.js';

// The outbox table is every mail Lagportal has sent or will send, and the queue the mailer
// (src/mail/mailer.ts) delivers from. A row is due while `next_attempt_at` is set and has
// passed; a process takes it by a conditional update that only one process can win (it sets
// `claimed_by` and a lease in `claimed_until`), so several nodes on one database never send
// the same mail twice. A process that dies mid-send loses its lease and another takes over.

/** What a secret (an edit-link token) is replaced with in the stored copy of a mail. */
export const REDACTED = '[…]';

export interface NewOutboxMail {
  recipient: string;
  subject: string;
  /** The copy admins may read, with secrets replaced by REDACTED. */
  textBody: string;
  /** The text to deliver when it differs from textBody (it holds a secret); dropped once delivered. */
  unsentText: string | null;
  replyTo: string | null;
  associationId: number | null;
  reportId: number | null;
  claimId: number | null;
  now: Date;
}

/** Stores a mail, due at once. */
export async function enqueueMail(db: DB, mail: NewOutboxMail): Promise<number> {
  const now = mail.now.toISOString();
  const row = await db
    .insertInto('outbox')
    .values({
      recipient: mail.recipient,
      subject: mail.subject,
      text_body: mail.textBody,
      unsent_text: mail.unsentText,
      created_at: now,
      sent_at: null,
      error: null,
      eml_path: null,
      reply_to: mail.replyTo,
      association_id: mail.associationId,
      report_id: mail.reportId,
      claim_id: mail.claimId,
      attempts: 0,
      next_attempt_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes the oldest due mail (or the one with `id`) for `worker` until `leaseUntil`, counting
 * the attempt. Undefined when nothing is due or another process holds it.
 */
export async function claimDueMail(db: DB, input: { worker: string; now: Date; leaseUntil: Date; id?: number }): Promise<OutboxMessage | undefined> {
  const now = input.now.toISOString();
  let candidate = db
    .selectFrom('outbox')
    .select('id')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(1);
  if (input.id !== undefined) candidate = candidate.where('id', '=', input.id);
  const found = await candidate.executeTakeFirst();
  if (!found) return undefined;
  // The same conditions again in the update: of two processes that found the same row, only
  // the first update matches it.
  return db
    .updateTable('outbox')
    .set((eb) => ({ claimed_by: input.worker, claimed_until: input.leaseUntil.toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', found.id)
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', now)]))
    .returningAll()
    .executeTakeFirst();
}

/**
 * Records a delivery (over SMTP, or as an .eml file when there is no SMTP server) and drops
 * the unredacted text: from now on only the copy without secrets exists.
 */
export async function markMailDelivered(db: DB, input: { id: number; worker: string; sentAt?: Date; emlPath?: string }): Promise<void> {
  await db
    .updateTable('outbox')
    .set({
      sent_at: input.sentAt ? input.sentAt.toISOString() : null,
      eml_path: input.emlPath ?? null,
      error: null,
      unsent_text: null,
      next_attempt_at: null,
      claimed_by: null,
      claimed_until: null,
    })
    .where('id', '=', input.id)
    .where('claimed_by', '=', input.worker)
    .execute();
}

/**
 * Records a failed attempt: tried again at `nextAttemptAt`, or given up (null), which drops
 * the unredacted text as well, since nobody is to get the link any more.
 */
export async function markMailAttemptFailed(
  db: DB,
  input: { id: number; worker: string; error: string; nextAttemptAt: Date | null; now: Date },
): Promise<void> {
  const givenUp = input.nextAttemptAt === null;
  await db
    .updateTable('outbox')
    .set({
      error: input.error,
      next_attempt_at: input.nextAttemptAt ? input.nextAttemptAt.toISOString() : null,
      claimed_by: null,
      claimed_until: null,
      ...(givenUp ? { failed_at: input.now.toISOString(), unsent_text: null } : {}),
    })
    .where('id', '=', input.id)
    .where('claimed_by', '=', input.worker)
    .execute();
}

/** Newest first, for the admin's outbox view. */
export async function listOutbox(db: DB, options: { limit: number; offset?: number }): Promise<OutboxMessage[]> {
  return db
    .selectFrom('outbox')
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .offset(options.offset ?? 0)
    .execute();
}

/** Mails the queue gave up on, newest first: what an admin has to look at. */
export async function undeliverableMail(db: DB, options: { limit: number }): Promise<{ messages: OutboxMessage[]; total: number }> {
  const [messages, count] = await Promise.all([
    db.selectFrom('outbox').selectAll().where('failed_at', 'is not', null).orderBy('failed_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute(),
    db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('failed_at', 'is not', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { messages, total: Number(count.n) };
}

/** Of these .eml paths, the ones an outbox row still points at (the rest are erased or foreign). */
export async function emlPathsInUse(db: DB, ids: number[]): Promise<Set<string>> {
  const paths = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('outbox')
      .select('eml_path')
      .where('id', 'in', ids.slice(i, i + 500))
      .where('eml_path', 'is not', null)
      .execute();
    for (const row of rows) if (row.eml_path) paths.add(row.eml_path);
  }
  return paths;
}

/**
 * Part of erasing an entry's personal data: every mail about it, whoever it went to (contact
 * persons past and present, reporters, claimants, contact-form messages), found by the link
 * each row carries. Rows from before the link existed are found by address, as they were.
 * Their .eml files go at the mailer's next sweep (see Mailer.sweepEmlFiles).
 */
export async function eraseMailAbout(db: DB, association: Pick<Association, 'id' | 'contact_email' | 'email'>): Promise<void> {
  await db
    .deleteFrom('outbox')
    .where((eb) =>
      eb.or([
        eb('association_id', '=', association.id),
        eb('report_id', 'in', eb.selectFrom('reports').select('id').where('association_id', '=', association.id)),
        eb('claim_id', 'in', eb.selectFrom('claims').select('id').where('association_id', '=', association.id)),
      ]),
    )
    .execute();
  // Rows from before the link existed: mail to the contact person,
  if (association.contact_email) await deleteUnlinkedMailTo(db, association.contact_email).execute();
  // and contact-form messages to the entry (they carry the visitor's address as Reply-To).
  if (association.email) await deleteUnlinkedMailTo(db, association.email).where('reply_to', 'is not', null).execute();
}

/** A delete of the outbox rows to `address` (in any case) that name no entry; the caller may narrow it before executing. */
function deleteUnlinkedMailTo(db: DB, address: string) {
  return db
    .deleteFrom('outbox')
    .where('association_id', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['recipient']), '=', address.toLowerCase()));
}

/**
 * How many mails wait for delivery (queued or being retried) and how many the queue has given
 * up on and not been delivered, for /metrics.
 */
export async function outboxCounts(db: DB): Promise<{ waiting: number; failed: number }> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('failed_at', 'is', null).then(1).else(0).end()).as('waiting'),
      eb.fn.sum<number>(eb.case().when('failed_at', 'is not', null).then(1).else(0).end()).as('failed'),
    ])
    .where('sent_at', 'is', null)
    .where('eml_path', 'is', null)
    .executeTakeFirst();
  return { waiting: Number(row?.waiting ?? 0), failed: Number(row?.failed ?? 0) };
}
