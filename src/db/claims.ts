import { recordAudit } from './audit.js';
import type { DB } from './sqlite.js';
import { createEditToken } from './submissions.js';
import type { Claim } from './types.js';
import { scopeValues } from './municipality-scope.js';

// Claims: someone from an association imported from Enhetsregisteret asks to become its
// contact person. A moderator decides; like every decision, it is one conditional update
// with its audit row in one transaction, so a second moderator is told it was handled.

/** What the moderator sees of a claim in the queue. */
export interface ClaimDetails {
  id: number;
  contactName: string;
  contactEmail: string;
  phone: string | null;
  message: string;
  /** Other claims for the same entry still waiting. */
  otherPending: number;
}

export interface NewClaim {
  associationId: number;
  contactName: string;
  contactEmail: string;
  phone: string | null;
  message: string;
  lang: string;
}

/**
 * Stores a claim. A claim sent again from the same address replaces the earlier one; claims
 * from different people for one entry all wait, so that nobody can block the real claimant.
 */
export async function createClaim(db: DB, claim: NewClaim, now: Date): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('claims')
      .set({ status: 'superseded', decided_at: now.toISOString() })
      .where('association_id', '=', claim.associationId)
      .where('contact_email', '=', claim.contactEmail)
      .where('status', '=', 'pending')
      .execute();
    const { id } = await trx
      .insertInto('claims')
      .values({
        association_id: claim.associationId,
        contact_name: claim.contactName,
        contact_email: claim.contactEmail,
        phone: claim.phone,
        message: claim.message,
        lang: claim.lang,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return id;
  });
}

/** Waiting claims for published, still unclaimed entries, oldest first; `municipalities` null means all. */
export async function pendingClaims(db: DB, municipalities: string[] | null) {
  let query = db
    .selectFrom('claims as c')
    .innerJoin('associations as a', 'a.id', 'c.association_id')
    .select([
      'c.id as claim_id',
      'c.contact_name',
      'c.contact_email',
      'c.phone',
      'c.message',
      'c.created_at as since',
      'a.id',
      'a.name',
      'a.slug',
      'a.municipality_number',
      'a.version',
    ])
    .select((eb) =>
      eb
        .selectFrom('claims as other')
        .select((o) => o.fn.countAll<number>().as('n'))
        .whereRef('other.association_id', '=', 'c.association_id')
        .whereRef('other.id', '!=', 'c.id')
        .where('other.status', '=', 'pending')
        .as('other_pending'),
    )
    .where('c.status', '=', 'pending')
    .where('a.status', '=', 'published');
  if (municipalities !== null) query = query.where('a.municipality_number', 'in', scopeValues(municipalities));
  const rows = await query.orderBy('c.created_at').orderBy('c.id').execute();
  return rows.map((row) => ({
    ...row,
    claim: {
      id: row.claim_id,
      contactName: row.contact_name,
      contactEmail: row.contact_email,
      phone: row.phone,
      message: row.message,
      otherPending: Number(row.other_pending ?? 0),
    } satisfies ClaimDetails,
  }));
}

export async function findClaim(db: DB, id: number) {
  return db
    .selectFrom('claims as c')
    .innerJoin('associations as a', 'a.id', 'c.association_id')
    .selectAll('c')
    .select(['a.name', 'a.slug', 'a.municipality_number', 'a.version', 'a.status as association_status'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

/**
 * Decides a claim if it still waits: the one conditional update a moderator's decision on a
 * claim is. Undefined when someone decided it first.
 */
async function decideClaim(
  trx: DB,
  claimId: number,
  decision: { status: 'approved' | 'rejected'; decided_at: string; reason?: string },
): Promise<Claim | undefined> {
  return trx.updateTable('claims').set(decision).where('id', '=', claimId).where('status', '=', 'pending').returningAll().executeTakeFirst();
}

class AlreadyHandled extends Error {}

export type ClaimApproval = { decision: 'ok'; claim: Claim; editToken: string; superseded: Claim[] } | { decision: 'already-handled' };

/**
 * Makes the claimant the entry's contact person and gives them an edit link; the other
 * claims waiting for the entry are rejected. Refused when the claim was decided already or
 * the entry got a contact person in the meantime.
 */
export async function approveClaim(db: DB, input: { claimId: number; userId: number; now: Date; editLinkDays: number }): Promise<ClaimApproval> {
  const now = input.now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const claim = await decideClaim(trx, input.claimId, { status: 'approved', decided_at: now });
      if (!claim) throw new AlreadyHandled();
      const updated = await trx
        .updateTable('associations')
        .set((eb) => ({
          contact_name: claim.contact_name,
          contact_email: claim.contact_email,
          updated_at: now,
          last_confirmed_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', claim.association_id)
        .where('status', '=', 'published')
        .where('contact_email', 'is', null)
        .executeTakeFirst();
      // Throwing rolls the claim's status back too: nothing changes when the entry was taken.
      if (Number(updated.numUpdatedRows) === 0) throw new AlreadyHandled();
      const superseded = await trx
        .updateTable('claims')
        .set({ status: 'superseded', decided_at: now })
        .where('association_id', '=', claim.association_id)
        .where('status', '=', 'pending')
        .returningAll()
        .execute();
      await recordAudit(trx, {
        userId: input.userId,
        action: 'approve-claim',
        associationId: claim.association_id,
        details: { claimId: claim.id },
        now: input.now,
      });
      const editToken = await createEditToken(trx, claim.association_id, input.now, input.editLinkDays);
      return { decision: 'ok' as const, claim, editToken, superseded };
    });
  } catch (error) {
    if (error instanceof AlreadyHandled) return { decision: 'already-handled' };
    throw error;
  }
}

export async function rejectClaim(
  db: DB,
  input: { claimId: number; userId: number; reason: string; now: Date },
): Promise<{ decision: 'ok'; claim: Claim } | { decision: 'already-handled' }> {
  return db.transaction().execute(async (trx) => {
    const claim = await decideClaim(trx, input.claimId, { status: 'rejected', decided_at: input.now.toISOString(), reason: input.reason });
    if (!claim) return { decision: 'already-handled' as const };
    await recordAudit(trx, {
      userId: input.userId,
      action: 'reject-claim',
      associationId: claim.association_id,
      details: { claimId: claim.id, reason: input.reason },
      now: input.now,
    });
    return { decision: 'ok' as const, claim };
  });
}
