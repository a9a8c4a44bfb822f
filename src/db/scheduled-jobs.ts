import type { DB } from './sqlite.js';

// The job table (see the scheduled-jobs migration). Every statement is one portable
// conditional UPDATE, so two nodes asking at once cannot both get a job: on SQLite the
// writes are serialised, on PostgreSQL the second UPDATE waits for the first one's row lock
// and then finds the WHERE no longer true.

/** The kinds of scheduled work; a name is the job's row. */
export const SCHEDULED_JOBS = ['remind', 'check-links', 'digest', 'calendar-import'] as const;
export type ScheduledJobName = (typeof SCHEDULED_JOBS)[number];

export interface JobClaim {
  name: string;
  holder: string;
  leaseUntil: Date;
}

export type ClaimResult = { claimed: true; claim: JobClaim } | { claimed: false; heldBy: string | null; leaseUntil: string | null };

/**
 * Takes the job for `holder` until `now + leaseMs` when nobody holds it or the holder's
 * lease has run out (a node that died mid-run). Otherwise says who holds it and until when.
 */
export async function claimJob(db: DB, name: string, holder: string, now: Date, leaseMs: number): Promise<ClaimResult> {
  await db
    .insertInto('scheduled_jobs')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await db
    .updateTable('scheduled_jobs')
    .set({ claimed_by: holder, lease_until: leaseUntil.toISOString(), started_at: now.toISOString() })
    .where('name', '=', name)
    .where((eb) => eb.or([eb('claimed_by', 'is', null), eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return { claimed: true, claim: { name, holder, leaseUntil } };
  const row = await db.selectFrom('scheduled_jobs').select(['claimed_by', 'lease_until']).where('name', '=', name).executeTakeFirst();
  return { claimed: false, heldBy: row?.claimed_by ?? null, leaseUntil: row?.lease_until ?? null };
}

/**
 * Moves the lease on while the job works. @returns false when the claim is no longer this
 * holder's (its lease ran out and another node took the job over).
 */
export async function renewJobLease(db: DB, claim: JobClaim, now: Date, leaseMs: number): Promise<boolean> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const result = await db
    .updateTable('scheduled_jobs')
    .set({ lease_until: leaseUntil.toISOString() })
    .where('name', '=', claim.name)
    .where('claimed_by', '=', claim.holder)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  claim.leaseUntil = leaseUntil;
  return true;
}

/**
 * Gives the job back and records how the run went. Only the holder's own claim: a run whose
 * lease was taken over records nothing, since the node that took over reports instead.
 */
export async function releaseJob(db: DB, claim: JobClaim, now: Date, outcome: { ok: true } | { ok: false; error: string }): Promise<boolean> {
  const result = await db
    .updateTable('scheduled_jobs')
    .set(
      outcome.ok
        ? { claimed_by: null, lease_until: null, last_success_at: now.toISOString() }
        : { claimed_by: null, lease_until: null, last_failure_at: now.toISOString(), last_error: outcome.error.slice(0, 2000) },
    )
    .where('name', '=', claim.name)
    .where('claimed_by', '=', claim.holder)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Whether someone holds the job with a lease that has not run out. */
export async function jobIsRunning(db: DB, name: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('scheduled_jobs')
    .select('name')
    .where('name', '=', name)
    .where('claimed_by', 'is not', null)
    .where('lease_until', '>=', now.toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

/** Every job that has run, with when it last succeeded (null: never yet). */
export async function jobHistory(db: DB): Promise<{ name: string; last_success_at: string | null; last_failure_at: string | null }[]> {
  return db.selectFrom('scheduled_jobs').select(['name', 'last_success_at', 'last_failure_at']).orderBy('name').execute();
}
