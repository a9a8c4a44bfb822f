import { createHash, randomBytes } from 'node:crypto';
import { distance } from 'fastest-levenshtein';
import type { AssociationFormData } from '../lib/association-form.js';
import { foldForSearch } from './sqlite.js';
import { type AssociationInput, createAssociation, editableColumns, replaceCategoriesAndLinks } from './associations.js';
import type { Reference } from './reference.js';
import { recordAudit } from './audit.js';
import type { DB } from './sqlite.js';
import type { Association, AssociationStatus, Revision } from './types.js';

// What associations do themselves: register, keep their entry current through a private
// link, ask for changes and removal. Moderators decide on the results elsewhere.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Turns validated form data into what the association tables store. */
export function toAssociationInput(data: AssociationFormData, reference: Reference, status: AssociationStatus, now: Date): AssociationInput {
  return {
    name: data.name,
    shortDescription: data.shortDescription,
    description: data.description,
    municipalityNumber: data.municipalityNumber,
    placeId: data.placeSlug ? (reference.placeBySlug.get(data.placeSlug)?.id ?? null) : null,
    website: data.website,
    email: data.email,
    phone: data.phone,
    postalAddress: data.postalAddress,
    postalCode: data.postalCode,
    orgNumber: data.orgNumber,
    foundedYear: data.foundedYear,
    status,
    categoryIds: data.categorySlugs.flatMap((slug) => reference.categoryBySlug.get(slug)?.id ?? []),
    links: data.links,
    createdAt: now.toISOString(),
    lastConfirmedAt: null,
    contactName: data.contactName,
    contactEmail: data.contactEmail,
    publishContact: data.publishContact,
    contactViaForm: data.contactViaForm === true,
  };
}

/** The stored entry as form data, for pre-filling the edit form. */
export async function associationFormData(db: DB, association: Association, reference: Reference): Promise<AssociationFormData> {
  const [categories, links] = await Promise.all([
    db.selectFrom('association_categories').select('category_id').where('association_id', '=', association.id).orderBy('position').execute(),
    db.selectFrom('association_links').select(['kind', 'url']).where('association_id', '=', association.id).orderBy('position').execute(),
  ]);
  return {
    name: association.name,
    shortDescription: association.short_description,
    description: association.description,
    categorySlugs: categories.flatMap((c) => reference.categoryById.get(c.category_id)?.slug ?? []),
    municipalityNumber: association.municipality_number,
    placeSlug: association.place_id === null ? null : (reference.placeById.get(association.place_id)?.slug ?? null),
    website: association.website,
    email: association.email,
    phone: association.phone,
    postalAddress: association.postal_address,
    postalCode: association.postal_code,
    orgNumber: association.org_number,
    foundedYear: association.founded_year,
    links,
    contactName: association.contact_name ?? '',
    contactEmail: association.contact_email ?? '',
    publishContact: association.publish_contact === 1,
    contactViaForm: association.contact_via_form === 1,
  };
}

/** Stores a new registration as pending: not public until a moderator approves it. */
/** Stores a new registration as pending, remembering the language it was written in for later mail. */
export async function registerAssociation(db: DB, data: AssociationFormData, reference: Reference, now: Date, language: string) {
  const municipality = reference.municipalityByNumber.get(data.municipalityNumber);
  const created = await createAssociation(db, toAssociationInput(data, reference, 'pending', now), municipality?.name ?? '', now);
  await db.updateTable('associations').set({ language }).where('id', '=', created.id).execute();
  return created;
}

export interface PossibleDuplicate {
  id: number;
  slug: string;
  name: string;
  status: AssociationStatus;
  reason: 'org_number' | 'name';
}

/** Letters and digits only, folded like search text: "Narvik Fotball-Klubb" ~ "narvikfotballklubb". */
function comparableName(name: string): string {
  return foldForSearch(name).replace(/[^\p{L}\p{N}]+/gu, '');
}

const NAME_SIMILARITY = 0.85;

/**
 * Published associations in the same municipality with the same organisation number or a
 * name that differs by little more than spacing, punctuation or a typo. Never pending ones:
 * the warning is shown to whoever types a similar name, and a registration nobody has
 * approved (its name, that it exists at all) is not public.
 */
export async function findPossibleDuplicates(
  db: DB,
  candidate: { municipalityNumber: string; name: string; orgNumber: string | null; excludeId?: number },
): Promise<PossibleDuplicate[]> {
  let query = db
    .selectFrom('associations')
    .select(['id', 'slug', 'name', 'status', 'org_number'])
    .where('status', '=', 'published')
    .where('municipality_number', '=', candidate.municipalityNumber);
  if (candidate.excludeId !== undefined) query = query.where('id', '!=', candidate.excludeId);
  const rows = await query.execute();
  const wanted = comparableName(candidate.name);
  const found: PossibleDuplicate[] = [];
  for (const row of rows) {
    if (candidate.orgNumber && row.org_number === candidate.orgNumber) {
      found.push({ id: row.id, slug: row.slug, name: row.name, status: row.status, reason: 'org_number' });
      continue;
    }
    const existing = comparableName(row.name);
    const longest = Math.max(existing.length, wanted.length);
    if (longest > 0 && 1 - distance(existing, wanted) / longest >= NAME_SIMILARITY) {
      found.push({ id: row.id, slug: row.slug, name: row.name, status: row.status, reason: 'name' });
    }
  }
  return found.slice(0, 5);
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Makes a new private edit link token (256 random bits) and stores only its hash. Earlier
 * links for the association stop working, so a forwarded old email is no key.
 */
export async function createEditToken(db: DB, associationId: number, now: Date, validDays: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await revokeEditTokens(db, associationId, now);
  await db
    .insertInto('edit_tokens')
    .values({
      association_id: associationId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + validDays * DAY_MS).toISOString(),
    })
    .execute();
  return token;
}

/** True when an entry's contact email is a different address (not just written differently). */
export function contactEmailChanged(before: string | null | undefined, after: string | null | undefined): boolean {
  return (before ?? '').trim().toLowerCase() !== (after ?? '').trim().toLowerCase();
}

/**
 * Every edit link of an entry stops working: its contact person changed, and the former
 * one must not keep control of the entry (nor see the new contact's details through it).
 */
export async function revokeEditTokens(db: DB, associationId: number, now: Date): Promise<void> {
  await db
    .updateTable('edit_tokens')
    .set({ revoked_at: now.toISOString() })
    .where('association_id', '=', associationId)
    .where('revoked_at', 'is', null)
    .execute();
}

export type TokenLookup = { status: 'valid'; association: Association } | { status: 'expired' } | { status: 'unknown' };

/** The association an edit link belongs to, if the link is still good. */
export async function findByEditToken(db: DB, token: string, now: Date): Promise<TokenLookup> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { status: 'unknown' };
  const row = await db
    .selectFrom('edit_tokens')
    .select(['association_id', 'expires_at', 'revoked_at'])
    .where('token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row) return { status: 'unknown' };
  if (row.revoked_at !== null || row.expires_at <= now.toISOString()) return { status: 'expired' };
  const association = await db
    .selectFrom('associations')
    .selectAll()
    .where('id', '=', row.association_id)
    .where('status', 'in', ['pending', 'published'])
    .executeTakeFirst();
  return association ? { status: 'valid', association } : { status: 'expired' };
}

/** Entries whose contact email is this address, for re-sending edit links. */
export async function associationsByContactEmail(db: DB, email: string) {
  return (
    db
      .selectFrom('associations')
      .select(['id', 'name', 'contact_email'])
      .where('contact_email', '=', email.trim().toLowerCase())
      .where('status', 'in', ['pending', 'published'])
      // In the order they were registered, whichever database: without it PostgreSQL answers in any order.
      .orderBy('id')
      .execute()
  );
}

/** Writes a proposal, superseding an undecided earlier one; the caller's transaction covers both. */
async function writeProposal(db: DB, associationId: number, data: AssociationFormData, now: Date): Promise<number> {
  await db
    .updateTable('revisions')
    .set({ status: 'superseded', decided_at: now.toISOString() })
    .where('association_id', '=', associationId)
    .where('kind', '=', 'update')
    .where('status', '=', 'pending')
    .execute();
  const { id } = await db
    .insertInto('revisions')
    .values({ association_id: associationId, kind: 'update', data: JSON.stringify(data), created_at: now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** A published entry's proposed change, replacing any earlier proposal that was not decided yet. */
export async function proposeRevision(db: DB, associationId: number, data: AssociationFormData, now: Date): Promise<number> {
  return db.transaction().execute((trx) => writeProposal(trx, associationId, data, now));
}

/** The undecided change or removal request for an association, newest first. */
export async function pendingRevisions(db: DB, associationId: number): Promise<Revision[]> {
  return db.selectFrom('revisions').selectAll().where('association_id', '=', associationId).where('status', '=', 'pending').orderBy('id', 'desc').execute();
}

/**
 * Saves what an association changed through its link. An entry still waiting for its first
 * approval is changed in place, and its version goes up so that a moderator's approval of
 * the older text is refused; a published entry gets a pending revision instead. The status
 * is read inside the transaction, so an approval in between cannot be bypassed.
 */
export async function saveAssociationChange(
  db: DB,
  associationId: number,
  data: AssociationFormData,
  reference: Reference,
  now: Date,
): Promise<'changed' | 'proposed' | 'gone'> {
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('associations').select(['id', 'status', 'contact_email']).where('id', '=', associationId).executeTakeFirst();
    if (current?.status === 'published') {
      await writeProposal(trx, associationId, data, now);
      return 'proposed';
    }
    if (current?.status !== 'pending') return 'gone';
    const row = await trx.selectFrom('associations').selectAll().where('id', '=', associationId).executeTakeFirstOrThrow();
    const before = await associationFormData(trx, row, reference);
    const input = toAssociationInput(data, reference, 'pending', now);
    const result = await trx
      .updateTable('associations')
      .set((eb) => ({ ...editableColumns(input), updated_at: now.toISOString(), version: eb('version', '+', 1) }))
      .where('id', '=', associationId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return 'gone';
    await replaceCategoriesAndLinks(trx, associationId, input.categoryIds, input.links);
    if (contactEmailChanged(current.contact_email, data.contactEmail)) await revokeEditTokens(trx, associationId, now);
    await recordAudit(trx, { userId: null, action: 'edit-pending', associationId, details: { before, after: data }, now });
    return 'changed';
  });
}

/** The entry's removal request that waits for a moderator, if there is one (there is at most one). */
export function pendingRemoval(db: DB, associationId: number): Promise<{ id: number } | undefined> {
  return db
    .selectFrom('revisions')
    .select('id')
    .where('association_id', '=', associationId)
    .where('kind', '=', 'removal')
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

/** Asks for the entry to be removed; a moderator archives it and erases its personal data. */
export async function requestRemoval(db: DB, associationId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (await pendingRemoval(trx, associationId)) return;
    const { id } = await trx
      .insertInto('revisions')
      .values({ association_id: associationId, kind: 'removal', data: null, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, { userId: null, action: 'request-removal', associationId, revisionId: id, details: {}, now });
  });
}

/** The association says its published details are still right. */
export async function confirmAssociation(db: DB, associationId: number, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom('associations')
      .select('last_confirmed_at')
      .where('id', '=', associationId)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (!before) return;
    await trx.updateTable('associations').set({ last_confirmed_at: now.toISOString() }).where('id', '=', associationId).execute();
    await recordAudit(trx, { userId: null, action: 'confirm', associationId, details: { before, after: { last_confirmed_at: now.toISOString() } }, now });
  });
}

/** How many times this client did this within the window, and records this attempt when allowed. */
export async function takeAttempt(db: DB, attempt: { clientKey: string; action: string; limit: number; windowMs: number; now: Date }): Promise<boolean> {
  const since = new Date(attempt.now.getTime() - attempt.windowMs).toISOString();
  return db.transaction().execute(async (trx) => {
    // Old rows are of no further use; clearing them here keeps the table small without a job.
    // Only this action's: others count over windows of their own (sign-in alerts over a day).
    await trx.deleteFrom('submission_attempts').where('action', '=', attempt.action).where('created_at', '<', since).execute();
    const row = await trx
      .selectFrom('submission_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_key', '=', attempt.clientKey)
      .where('action', '=', attempt.action)
      .where('created_at', '>=', since)
      .executeTakeFirst();
    if (Number(row?.n ?? 0) >= attempt.limit) return false;
    await trx
      .insertInto('submission_attempts')
      .values({ client_key: attempt.clientKey, action: attempt.action, created_at: attempt.now.toISOString() })
      .execute();
    return true;
  });
}

/** A random secret made on first use and kept in the database, for signing form tokens. */
export async function applicationSecret(db: DB): Promise<string> {
  const existing = await db.selectFrom('app_settings').select('value').where('key', '=', 'secret').executeTakeFirst();
  if (existing) return existing.value;
  await db
    .insertInto('app_settings')
    .values({ key: 'secret', value: randomBytes(32).toString('hex') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('app_settings').select('value').where('key', '=', 'secret').executeTakeFirstOrThrow();
  return row.value;
}

/** Published entries not confirmed since `confirmedBefore` and not reminded since their last confirmation. */
export async function associationsDueForReminder(db: DB, confirmedBefore: Date) {
  return db
    .selectFrom('associations')
    .select(['id', 'name', 'contact_email', 'last_confirmed_at', 'language'])
    .where('status', '=', 'published')
    .where('contact_email', 'is not', null)
    .where((eb) => eb.or([eb('last_confirmed_at', '<', confirmedBefore.toISOString()), eb('last_confirmed_at', 'is', null)]))
    .where((eb) => eb.or([eb('last_reminded_at', 'is', null), eb('last_reminded_at', '<', eb.fn.coalesce('last_confirmed_at', eb.val('')))]))
    .orderBy('id')
    .execute();
}

export async function markReminded(db: DB, associationId: number, now: Date): Promise<void> {
  await db.updateTable('associations').set({ last_reminded_at: now.toISOString() }).where('id', '=', associationId).execute();
}
