import type { ReportData } from '../lib/visitor-forms.js';
import type { Decision, QueueItem } from './moderation.js';
import { recordAudit } from './audit.js';
import type { DB } from './sqlite.js';
import type { ReportKind } from './types.js';
import { scopeValues } from './municipality-scope.js';

// Visitor reports ("Meld feil") about published entries: stored as pending, shown in the
// moderation queue of the entry's municipality, and closed by a moderator as handled or
// dismissed. The reporter's email is private and only used to tell them the outcome.

/** Stores a report about a published entry; the caller has checked the entry and the guards. */
export async function createReport(db: DB, input: { associationId: number; data: ReportData; lang: string; now: Date }): Promise<number> {
  const { id } = await db
    .insertInto('reports')
    .values({
      association_id: input.associationId,
      kind: input.data.kind,
      message: input.data.message,
      reporter_email: input.data.email,
      lang: input.lang,
      created_at: input.now.toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Pending reports as queue items, oldest first, for entries in these municipalities (null:
 * all). Reports about entries that have left the site wait no longer for anyone.
 */
export async function reportQueueItems(db: DB, municipalities: string[] | null): Promise<QueueItem[]> {
  let query = db
    .selectFrom('reports as r')
    .innerJoin('associations as a', 'a.id', 'r.association_id')
    .select(['r.id as report_id', 'r.kind', 'r.message', 'r.reporter_email', 'r.created_at', 'a.id', 'a.name', 'a.slug', 'a.municipality_number', 'a.version'])
    .where('r.status', '=', 'pending')
    .where('a.status', 'in', ['published', 'pending']);
  if (municipalities !== null) query = query.where('a.municipality_number', 'in', scopeValues(municipalities));
  const rows = await query.orderBy('r.created_at').orderBy('r.id').execute();
  return rows.map((row) => ({
    kind: 'report',
    associationId: row.id,
    revisionId: null,
    name: row.name,
    slug: row.slug,
    municipalityNumber: row.municipality_number,
    since: row.created_at,
    version: row.version,
    proposed: null,
    report: { id: row.report_id, kind: row.kind, message: row.message, wantsReply: row.reporter_email !== null },
  }));
}

/** A report with what scope checks and the outcome mail need of its entry. */
export async function findReport(db: DB, id: number) {
  return db
    .selectFrom('reports as r')
    .innerJoin('associations as a', 'a.id', 'r.association_id')
    .select(['r.id', 'r.kind', 'r.status', 'r.association_id', 'a.municipality_number', 'a.name', 'a.slug'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export type ReportDecision = 'handled' | 'dismissed';

/**
 * Closes a pending report, with its audit row, in one transaction; a second moderator (or
 * a second click) matches no row and is told it was already handled. The reporter's address
 * comes back for the outcome mail but is never written to the audit log.
 */
export async function decideReport(
  db: DB,
  input: { reportId: number; decision: ReportDecision; userId: number; now: Date },
): Promise<{ decision: Decision; reporterEmail: string | null; lang: string }> {
  return db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('reports')
      .set({ status: input.decision, decided_at: input.now.toISOString() })
      .where('id', '=', input.reportId)
      .where('status', '=', 'pending')
      .returning(['association_id', 'kind', 'reporter_email', 'lang'])
      .executeTakeFirst();
    if (!decided) return { decision: 'already-handled' as const, reporterEmail: null, lang: 'nb' };
    await recordAudit(trx, {
      userId: input.userId,
      action: input.decision === 'handled' ? 'handle-report' : 'dismiss-report',
      associationId: decided.association_id,
      details: { report: input.reportId, kind: decided.kind satisfies ReportKind },
      now: input.now,
    });
    return { decision: 'ok' as const, reporterEmail: decided.reporter_email, lang: decided.lang };
  });
}

/**
 * Part of erasing an entry's personal data: the addresses of visitors who reported errors on
 * it. (The mails to them, and contact-form messages, go with eraseMailAbout in outbox.ts.)
 */
export async function eraseVisitorData(db: DB, association: { id: number; email: string | null }): Promise<void> {
  await db.updateTable('reports').set({ reporter_email: null }).where('association_id', '=', association.id).execute();
}
