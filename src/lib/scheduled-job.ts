import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { claimJob, releaseJob, renewJobLease } from '../db/scheduled-jobs.js';
import type { DB } from '../db/sqlite.js';

/**
 * How long a claim holds without renewal. A run renews it every third of that, so only a
 * node that died (or hangs) loses it; another node may then take the job over.
 */
export const JOB_LEASE_MS = 10 * 60 * 1000;

/** This process, as the job table names it: host, pid and a random part (pids are reused). */
export const THIS_PROCESS = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;

export type JobRun<T> = { ran: true; result: T } | { ran: false; heldBy: string | null; leaseUntil: string | null };

/**
 * Runs `work` as the named scheduled job unless another node runs it now: the job's row is
 * taken with a lease, renewed while `work` runs and given back with the outcome. A failure is
 * recorded and thrown on. When the job is held elsewhere, `work` does not run at all.
 */
export async function runScheduledJob<T>(
  db: DB,
  name: string,
  work: () => Promise<T>,
  options: { clock?: () => Date; leaseMs?: number; holder?: string } = {},
): Promise<JobRun<T>> {
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? JOB_LEASE_MS;
  const taken = await claimJob(db, name, options.holder ?? THIS_PROCESS, clock(), leaseMs);
  if (!taken.claimed) return { ran: false, heldBy: taken.heldBy, leaseUntil: taken.leaseUntil };
  const { claim } = taken;
  // A lost renewal (the lease ran out while this process was stalled and another node took
  // over) does not stop the work: every job records per item, so the overlap is harmless;
  // the release below then records nothing.
  const renewal = setInterval(() => void renewJobLease(db, claim, clock(), leaseMs).catch(() => {}), Math.max(1000, Math.floor(leaseMs / 3)));
  renewal.unref();
  try {
    const result = await work();
    clearInterval(renewal);
    await releaseJob(db, claim, clock(), { ok: true });
    return { ran: true, result };
  } catch (error) {
    clearInterval(renewal);
    await releaseJob(db, claim, clock(), { ok: false, error: error instanceof Error ? error.message : String(error) }).catch(() => {});
    throw error;
  }
}

/** The one line a command prints when its job was already running elsewhere. */
export function heldElsewhere(name: string, run: { heldBy: string | null; leaseUntil: string | null }): string {
  return `${name} is already running (${run.heldBy ?? 'another process'}, lease until ${run.leaseUntil ?? 'unknown'}); nothing done here`;
}
