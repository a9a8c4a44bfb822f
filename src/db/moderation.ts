import type { AssociationFormData } from '../lib/association-form.js';
import { type ClaimDetails, pendingClaims } from './claims.js';
import { editableColumns, replaceCategoriesAndLinks } from './associations.js';
import { type LinkFlag, linkFlags } from './link-checks.js';
import { eraseMailAbout } from './outbox.js';
import type { Reference } from './reference.js';
import { eraseVisitorData, reportQueueItems } from './reports.js';
import { sql } from 'kysely';
import { type AuditAction, recordAudit, recordAudits } from './audit.js';
import type { DB } from './sqlite.js';
import type { StaffUser } from './users.js';
import {
  associationFormData,
  contactEmailChanged,
  createEditToken,
  markReminded,
  pendingRemoval,
  revokeEditTokens,
  toAssociationInput,
} from './submissions.js';
import { sortKey } from '../lib/slug.js';
import { type Association, type AuditEntry, QUEUE_KINDS, type QueueKind, type ReportKind } from './types.js';
import { scopeValues } from './municipality-scope.js';

// What moderators see and decide. Every decision is one conditional update inside a
// transaction together with its audit row: when two moderators act on the same item, the
// second update matches no row and is told the item was already handled.

export { QUEUE_KINDS, type QueueKind } from './types.js';

export interface QueueItem {
  kind: QueueKind;
  associationId: number;
  revisionId: number | null;
  name: string;
  slug: string;
  municipalityNumber: string;
  /** When the item entered the queue (submitted, proposed, or last confirmed for stale ones). */
  since: string;
  version: number;
  /** For revisions: the proposed data; the view compares it with the current entry. */
  proposed: AssociationFormData | null;
  /** For claims: who asks to become the contact person (see src/db/claims.ts). */
  claim?: ClaimDetails;
  /** For visitor reports (see src/db/reports.ts); the reporter's address is never in here. */
  report?: { id: number; kind: ReportKind; message: string; wantsReply: boolean };
  /** For link items: what the link checker found. */
  link?: LinkFlag;
}

export type Decision = 'ok' | 'already-handled';

/** Months without confirmation after which a published entry is shown as stale. */
const STALE_MONTHS = 18;

function staleBefore(now: Date): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - STALE_MONTHS);
  return d.toISOString();
}

function scoped(user: StaffUser, filter: string[]): string[] | null {
  if (user.municipalityNumbers === 'all') return filter.length > 0 ? filter : null;
  const allowed = user.municipalityNumbers;
  const wanted = filter.length > 0 ? filter.filter((n) => allowed.has(n)) : [...allowed];
  return wanted;
}

/** True when the user may act on entries in this municipality. */
export function inScope(user: StaffUser, municipalityNumber: string): boolean {
  return user.municipalityNumbers === 'all' || user.municipalityNumbers.has(municipalityNumber);
}

/**
 * The ids of entries whose name contains `search` (case and accents folded as in sort_name),
 * or whose organisation number it is (spaces allowed), within the municipalities.
 */
async function matchingEntries(db: DB, search: string, municipalities: string[] | null): Promise<Set<number>> {
  const pattern = `%${sortKey(search).replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const digits = search.replace(/\s+/g, '');
  let q = db
    .selectFrom('associations')
    .select('id')
    .where((eb) =>
      eb.or([sql<boolean>`${eb.ref('sort_name')} like ${pattern} escape '\\'`, ...(/^\d{9}$/.test(digits) ? [eb('org_number', '=', digits)] : [])]),
    );
  if (municipalities !== null) q = q.where('municipality_number', 'in', scopeValues(municipalities));
  return new Set((await q.execute()).map((r) => r.id));
}

/**
 * The moderation queue for a user: new submissions and proposed changes first, then removal
 * requests, reports, claims, stale entries and link problems, each kind oldest first, within
 * the user's municipalities (narrowed by `municipalities`) and, given `search`, to entries
 * whose name or organisation number matches. The counts follow the search too.
 */
export async function moderationQueue(
  db: DB,
  user: StaffUser,
  options: { municipalities: string[]; kinds: QueueKind[]; now: Date; limit: number; offset?: number; search?: string },
): Promise<{ items: QueueItem[]; total: number; counts: Record<QueueKind, number> }> {
  const municipalities = scoped(user, options.municipalities);
  const matching = options.search ? await matchingEntries(db, options.search, municipalities) : null;
  const kept = <T>(rows: T[], idOf: (row: T) => number): T[] => (matching === null ? rows : rows.filter((r) => matching.has(idOf(r))));
  const kinds = options.kinds.length > 0 ? options.kinds : [...QUEUE_KINDS];
  const base = () => {
    let q = db.selectFrom('associations as a').select(['a.id', 'a.name', 'a.slug', 'a.municipality_number', 'a.version']);
    if (municipalities !== null) q = q.where('a.municipality_number', 'in', scopeValues(municipalities));
    return q;
  };

  const submissions = base().select('a.created_at as since').where('a.status', '=', 'pending');
  const revisions = (kind: 'update' | 'removal') =>
    base()
      .innerJoin('revisions as r', 'r.association_id', 'a.id')
      .select(['r.id as revision_id', 'r.created_at as since', 'r.data'])
      .where('r.status', '=', 'pending')
      .where('r.kind', '=', kind)
      .where('a.status', 'in', ['pending', 'published']);
  const stale = base()
    .select((eb) => eb.fn.coalesce('a.last_confirmed_at', 'a.created_at').as('since'))
    .where('a.status', '=', 'published')
    .where((eb) => eb.or([eb('a.last_confirmed_at', '<', staleBefore(options.now)), eb('a.last_confirmed_at', 'is', null)]));

  const [allSubmissionRows, allRevisionRows, allRemovalRows, allStaleRows, allClaimRows, allLinkRows] = await Promise.all([
    submissions.orderBy('since').orderBy('a.id').execute(),
    revisions('update').orderBy('since').orderBy('r.id').execute(),
    revisions('removal').orderBy('since').orderBy('r.id').execute(),
    stale.orderBy('since').orderBy('a.id').execute(),
    pendingClaims(db, municipalities),
    linkFlags(db, municipalities),
  ]);

  const submissionRows = kept(allSubmissionRows, (r) => r.id);
  const revisionRows = kept(allRevisionRows, (r) => r.id);
  const removalRows = kept(allRemovalRows, (r) => r.id);
  const staleRows = kept(allStaleRows, (r) => r.id);
  const claimRows = kept(allClaimRows, (r) => r.id);
  const linkRows = kept(allLinkRows, (r) => r.associationId);
  const counts: Record<QueueKind, number> = {
    submission: submissionRows.length,
    revision: revisionRows.length,
    removal: removalRows.length,
    stale: staleRows.length,
    claim: claimRows.length,
    report: 0,
    link: linkRows.length,
  };
  const reportItems = kept(await reportQueueItems(db, municipalities), (r) => r.associationId);
  counts.report = reportItems.length;
  const item = (
    kind: QueueKind,
    row: { id: number; name: string; slug: string; municipality_number: string; version: number; since: string | null },
    revisionId: number | null,
    data: string | null,
  ): QueueItem => ({
    kind,
    associationId: row.id,
    revisionId,
    name: row.name,
    slug: row.slug,
    municipalityNumber: row.municipality_number,
    since: row.since ?? '',
    version: row.version,
    proposed: data ? (JSON.parse(data) as AssociationFormData) : null,
  });
  const items = [
    ...(kinds.includes('submission') ? submissionRows.map((r) => item('submission', r, null, null)) : []),
    ...(kinds.includes('revision') ? revisionRows.map((r) => item('revision', r, r.revision_id, r.data)) : []),
    ...(kinds.includes('removal') ? removalRows.map((r) => item('removal', r, r.revision_id, null)) : []),
    ...(kinds.includes('stale') ? staleRows.map((r) => item('stale', r, null, null)) : []),
    ...(kinds.includes('claim') ? claimRows.map((r) => ({ ...item('claim', r, null, null), claim: r.claim })) : []),
    ...(kinds.includes('report') ? reportItems : []),
    ...(kinds.includes('link')
      ? linkRows.map((r) => ({
          ...item(
            'link',
            { id: r.associationId, name: r.name, slug: r.slug, municipality_number: r.municipalityNumber, version: r.version, since: r.flaggedAt },
            null,
            null,
          ),
          link: r,
        }))
      : []),
  ].sort((a, b) => QUEUE_KINDS.indexOf(a.kind) - QUEUE_KINDS.indexOf(b.kind) || a.since.localeCompare(b.since) || a.associationId - b.associationId);
  const offset = options.offset ?? 0;
  return { items: items.slice(offset, offset + options.limit), total: items.length, counts };
}

export async function findAssociation(db: DB, id: number): Promise<Association | undefined> {
  return db.selectFrom('associations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRevision(db: DB, id: number) {
  return db
    .selectFrom('revisions as r')
    .innerJoin('associations as a', 'a.id', 'r.association_id')
    .select([
      'r.id',
      'r.kind',
      'r.status',
      'r.data',
      'r.association_id',
      'a.municipality_number',
      'a.name',
      'a.contact_email',
      'a.language',
      'a.status as association_status',
    ])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

/** A moderator's decision on one entry, as the queue or the entry page showed it (`version`). */
interface EntryDecision {
  associationId: number;
  version: number;
  userId: number;
  now: Date;
}

/**
 * Moves an entry to the status `to`, if it is still in one of `from` at `version`: the one
 * conditional update every decision on an entry's status is. False when someone else decided
 * first (or edited the entry since it was shown), and nothing changed.
 */
async function moveEntry(
  trx: DB,
  move: {
    id: number;
    version: number;
    from: readonly Association['status'][];
    to: Association['status'];
    now: Date;
    also?: { published_at?: string; last_confirmed_at?: string; merged_into_id?: number };
  },
): Promise<boolean> {
  const result = await trx
    .updateTable('associations')
    .set((eb) => ({ status: move.to, ...move.also, updated_at: move.now.toISOString(), version: eb('version', '+', 1) }))
    .where('id', '=', move.id)
    .where('status', 'in', move.from)
    .where('version', '=', move.version)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Decides on an entry by moving it from `from` to `to` (see moveEntry) and records the
 * decision with that move (and the reason, for a rejection) in its audit row.
 */
async function decideStatus(
  trx: DB,
  input: EntryDecision,
  change: {
    action: AuditAction;
    from: Association['status'];
    to: Association['status'];
    also?: { published_at?: string; last_confirmed_at?: string };
    reason?: string;
  },
): Promise<Decision> {
  const { associationId: id, version, now } = input;
  if (!(await moveEntry(trx, { id, version, from: [change.from], to: change.to, now, also: change.also }))) return 'already-handled';
  await recordAudit(trx, {
    userId: input.userId,
    action: change.action,
    associationId: id,
    details: { before: { status: change.from }, after: { status: change.to }, ...(change.reason === undefined ? {} : { reason: change.reason }) },
    now,
  });
  return 'ok';
}

/** Publishes a pending submission, if nobody has decided on it since `version` was shown. */
export async function approveSubmission(db: DB, input: EntryDecision): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const now = input.now.toISOString();
    return decideStatus(trx, input, { action: 'approve', from: 'pending', to: 'published', also: { published_at: now, last_confirmed_at: now } });
  });
}

export async function rejectSubmission(db: DB, input: EntryDecision & { reason: string }): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const decision = await decideStatus(trx, input, { action: 'reject', from: 'pending', to: 'rejected', reason: input.reason });
    if (decision === 'ok') await honourPendingRemoval(trx, input.associationId, input.userId, input.now);
    return decision;
  });
}

/** Writes form data over an entry's fields, categories and links, bumping its version. */
async function applyData(
  db: DB,
  association: Association,
  data: AssociationFormData,
  reference: Reference,
  now: Date,
  extra: { status?: Association['status'] } = {},
) {
  const input = toAssociationInput(data, reference, association.status, now);
  const published = extra.status === 'published' && association.status !== 'published';
  const result = await db
    .updateTable('associations')
    .set((eb) => ({
      ...editableColumns(input),
      updated_at: now.toISOString(),
      version: eb('version', '+', 1),
      ...(extra.status ? { status: extra.status } : {}),
      ...(published ? { published_at: now.toISOString(), last_confirmed_at: now.toISOString() } : {}),
    }))
    .where('id', '=', association.id)
    .where('version', '=', association.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) return false;
  await replaceCategoriesAndLinks(db, association.id, input.categoryIds, input.links);
  // A new contact person: the old one's links die with the change (handOverEditLinks mails both).
  if (contactEmailChanged(association.contact_email, data.contactEmail)) await revokeEditTokens(db, association.id, now);
  return true;
}

/** Applies a proposed change to the published entry. */
export async function approveRevision(db: DB, input: { revisionId: number; userId: number; reference: Reference; now: Date }): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('revisions')
      .set({ status: 'approved', decided_at: input.now.toISOString() })
      .where('id', '=', input.revisionId)
      .where('status', '=', 'pending')
      .returning(['association_id', 'kind', 'data'])
      .executeTakeFirst();
    if (!decided) return 'already-handled';
    const association = await findAssociation(trx, decided.association_id);
    if (!association) return 'already-handled';
    const before = await associationFormData(trx, association, input.reference);
    if (decided.kind === 'removal') {
      await archiveAndErase(trx, association, input.now);
      await recordAudit(trx, {
        userId: input.userId,
        action: 'approve-removal',
        associationId: association.id,
        revisionId: input.revisionId,
        details: { before: { status: association.status }, after: { status: 'archived', personalDataErased: true } },
        now: input.now,
      });
      return 'ok';
    }
    const after = JSON.parse(decided.data ?? '{}') as AssociationFormData;
    if (!(await applyData(trx, association, after, input.reference, input.now))) return 'already-handled';
    await recordAudit(trx, {
      userId: input.userId,
      action: 'approve-revision',
      associationId: association.id,
      revisionId: input.revisionId,
      details: { before, after },
      now: input.now,
    });
    return 'ok';
  });
}

export async function rejectRevision(db: DB, input: { revisionId: number; userId: number; reason: string; now: Date }): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const decided = await trx
      .updateTable('revisions')
      .set({ status: 'rejected', decided_at: input.now.toISOString(), reason: input.reason })
      .where('id', '=', input.revisionId)
      .where('status', '=', 'pending')
      .returning(['association_id', 'kind'])
      .executeTakeFirst();
    if (!decided) return 'already-handled';
    await recordAudit(trx, {
      userId: input.userId,
      action: decided.kind === 'removal' ? 'reject-removal' : 'reject-revision',
      associationId: decided.association_id,
      revisionId: input.revisionId,
      details: { reason: input.reason },
      now: input.now,
    });
    return 'ok';
  });
}

/**
 * Erases what identifies people: the contact person and contact details on the entry, the
 * copies in proposed changes, the edit links, and every email about the entry.
 */
async function erasePersonalData(db: DB, association: Pick<Association, 'id' | 'contact_email' | 'email'>, now: Date): Promise<void> {
  // First, while the claims it finds mails by are still there.
  await eraseMailAbout(db, association);
  await db
    .updateTable('associations')
    .set((eb) => ({
      contact_name: null,
      contact_email: null,
      publish_contact: 0,
      email: null,
      phone: null,
      postal_address: null,
      postal_code: null,
      updated_at: now.toISOString(),
      version: eb('version', '+', 1),
    }))
    .where('id', '=', association.id)
    .execute();
  await db.deleteFrom('edit_tokens').where('association_id', '=', association.id).execute();
  // People who asked to take the entry over are personal data too.
  await db.deleteFrom('claims').where('association_id', '=', association.id).execute();
  await db
    .updateTable('revisions')
    .set({ status: 'superseded', decided_at: now.toISOString() })
    .where('association_id', '=', association.id)
    .where('status', '=', 'pending')
    .execute();
  await db.updateTable('revisions').set({ data: null }).where('association_id', '=', association.id).execute();
  await eraseVisitorData(db, association);
}

/**
 * When an entry leaves the site some other way (archived, merged, rejected) while its
 * removal request waits, the request is honoured: its personal data is erased too.
 */
async function honourPendingRemoval(db: DB, associationId: number, userId: number, now: Date): Promise<void> {
  const removal = await pendingRemoval(db, associationId);
  if (!removal) return;
  const association = await findAssociation(db, associationId);
  if (!association) return;
  await db.updateTable('revisions').set({ status: 'approved', decided_at: now.toISOString() }).where('id', '=', removal.id).execute();
  await erasePersonalData(db, association, now);
  await recordAudit(db, { userId, action: 'approve-removal', associationId, revisionId: removal.id, details: { after: { personalDataErased: true } }, now });
}

/** Archives an entry and erases what identifies people (see erasePersonalData). */
async function archiveAndErase(db: DB, association: Association, now: Date): Promise<void> {
  await erasePersonalData(db, association, now);
  await db.updateTable('associations').set({ status: 'archived' }).where('id', '=', association.id).execute();
}

/**
 * A moderator's own edit of an entry, optionally publishing a pending one at the same time
 * ("edit and approve"). Refused when the entry changed since the form was shown.
 */
export async function editAssociation(
  db: DB,
  input: { association: Association; version: number; data: AssociationFormData; publish: boolean; userId: number; reference: Reference; now: Date },
): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const current = await findAssociation(trx, input.association.id);
    if (!current || current.version !== input.version) return 'already-handled';
    const before = await associationFormData(trx, current, input.reference);
    const publish = input.publish && current.status === 'pending';
    if (!(await applyData(trx, current, input.data, input.reference, input.now, publish ? { status: 'published' } : {}))) return 'already-handled';
    await recordAudit(trx, {
      userId: input.userId,
      action: publish ? 'edit-and-approve' : 'edit',
      associationId: current.id,
      details: { before, after: input.data, ...(publish ? { status: { before: 'pending', after: 'published' } } : {}) },
      now: input.now,
    });
    return 'ok';
  });
}

/**
 * A moderator asks a stale entry's contact person again to confirm it: a fresh edit link,
 * marked as a reminder and written to the audit log in one transaction. Returns the token to
 * mail, or null when the entry is no longer published or has nobody to ask.
 */
export async function remindStaleEntry(
  db: DB,
  input: { associationId: number; userId: number; now: Date; editLinkDays: number },
): Promise<{ token: string; email: string; name: string } | null> {
  return db.transaction().execute(async (trx) => {
    const association = await findAssociation(trx, input.associationId);
    if (!association || association.status !== 'published' || !association.contact_email) return null;
    await markReminded(trx, association.id, input.now);
    const token = await createEditToken(trx, association.id, input.now, input.editLinkDays);
    await recordAudit(trx, {
      userId: input.userId,
      action: 'stale-reminder',
      associationId: association.id,
      details: { lastConfirmedAt: association.last_confirmed_at },
      now: input.now,
    });
    return { token, email: association.contact_email, name: association.name };
  });
}

/** Takes a published entry off the public site, keeping it for the record. */
export async function archiveAssociation(db: DB, input: EntryDecision): Promise<Decision> {
  return db.transaction().execute(async (trx) => {
    const decision = await decideStatus(trx, input, { action: 'archive', from: 'published', to: 'archived' });
    if (decision === 'ok') await honourPendingRemoval(trx, input.associationId, input.userId, input.now);
    return decision;
  });
}

/**
 * Merges a duplicate into the entry it repeats: the duplicate is archived and points at the
 * other, so its old address leads visitors to the right place.
 */
export async function mergeAssociation(
  db: DB,
  input: { duplicateId: number; version: number; targetId: number; userId: number; now: Date },
): Promise<Decision> {
  if (input.duplicateId === input.targetId) return 'already-handled';
  return db.transaction().execute(async (trx) => {
    const moved = await moveEntry(trx, {
      id: input.duplicateId,
      version: input.version,
      from: ['pending', 'published'],
      to: 'archived',
      now: input.now,
      also: { merged_into_id: input.targetId },
    });
    if (!moved) return 'already-handled';
    const { userId, now } = input;
    await recordAudits(trx, [
      { userId, action: 'merge', associationId: input.duplicateId, details: { mergedInto: input.targetId }, now },
      { userId, action: 'merged-from', associationId: input.targetId, details: { duplicate: input.duplicateId }, now },
    ]);
    await honourPendingRemoval(trx, input.duplicateId, input.userId, input.now);
    return 'ok';
  });
}

/** The published entry a merged duplicate now points at, for redirecting its old address. */
export async function mergedTarget(db: DB, slug: string): Promise<string | undefined> {
  // Follows chains (A merged into B, later B into C), a few steps at most.
  let current = await db.selectFrom('associations').select(['merged_into_id']).where('slug', '=', slug).executeTakeFirst();
  for (let step = 0; step < 5 && current?.merged_into_id; step++) {
    const next = await db.selectFrom('associations').select(['slug', 'status', 'merged_into_id']).where('id', '=', current.merged_into_id).executeTakeFirst();
    if (next?.status === 'published') return next.slug;
    current = next;
  }
  return undefined;
}

export interface HistoryEntry extends AuditEntry {
  user_email: string | null;
}

/** Everything recorded about an entry, newest first. */
export async function associationHistory(db: DB, associationId: number): Promise<HistoryEntry[]> {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('users as u', 'u.id', 'l.user_id')
    .selectAll('l')
    .select('u.email as user_email')
    .where('l.association_id', '=', associationId)
    .orderBy('l.id', 'desc')
    .execute();
}

/** Finds an entry by slug or id for the merge form. */
export async function findBySlug(db: DB, slug: string): Promise<Association | undefined> {
  return db.selectFrom('associations').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export interface OwnDecision {
  id: number;
  created_at: string;
  action: string;
  association_id: number | null;
  name: string | null;
}

/** A moderator's own latest decisions on entries, newest first, for their account page. */
export async function recentDecisionsBy(db: DB, userId: number, limit: number): Promise<OwnDecision[]> {
  return db
    .selectFrom('audit_log as l')
    .leftJoin('associations as a', 'a.id', 'l.association_id')
    .select(['l.id', 'l.created_at', 'l.action', 'l.association_id', 'a.name'])
    .where('l.user_id', '=', userId)
    .where('l.association_id', 'is not', null)
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
}
