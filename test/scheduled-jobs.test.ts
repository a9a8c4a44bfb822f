import { afterEach, describe, expect, it } from 'vitest';
import { claimJob, jobHistory, jobIsRunning, releaseJob, renewJobLease } from '../src/db/scheduled-jobs.js';
import { type DB, openDatabase } from '../src/db/sqlite.js';
import { runScheduledJob } from '../src/lib/scheduled-job.js';
import { NOW, get, postForm, signIn, text } from './helpers.js';
import { nodeOn, sharedDatabaseFile } from './nodes-helpers.js';

// Scheduled work runs once across every node: two processes on one database each open their
// own connection, as two servers (or a server and a cron job) would.

const MINUTE = 60_000;
const opened: { close: () => void }[] = [];

async function twoConnections(): Promise<[DB, DB]> {
  const path = sharedDatabaseFile();
  const first = await openDatabase(path);
  const second = await openDatabase(path);
  opened.push(first.sqlite, second.sqlite);
  return [first.db, second.db];
}

afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

describe('the job table', () => {
  it('gives a job to one of two claimers at once, and tells the other who has it', async () => {
    const [nodeA, nodeB] = await twoConnections();
    const [first, second] = await Promise.all([claimJob(nodeA, 'remind', 'node-a', NOW, 10 * MINUTE), claimJob(nodeB, 'remind', 'node-b', NOW, 10 * MINUTE)]);
    expect([first.claimed, second.claimed]).toEqual([true, false]);
    expect(second).toEqual({ claimed: false, heldBy: 'node-a', leaseUntil: '2026-11-23T12:10:00.000Z' });
    // Another job is free all the same.
    expect((await claimJob(nodeB, 'digest', 'node-b', NOW, 10 * MINUTE)).claimed).toBe(true);
  });

  it('lets another node take over a job whose lease ran out (its node died half-way)', async () => {
    const [nodeA, nodeB] = await twoConnections();
    const crashed = await claimJob(nodeA, 'check-links', 'node-a', NOW, 10 * MINUTE);
    expect(crashed.claimed).toBe(true);
    const nineMinutesOn = new Date(NOW.getTime() + 9 * MINUTE);
    expect((await claimJob(nodeB, 'check-links', 'node-b', nineMinutesOn, 10 * MINUTE)).claimed).toBe(false);
    expect(await jobIsRunning(nodeB, 'check-links', nineMinutesOn)).toBe(true);

    const elevenMinutesOn = new Date(NOW.getTime() + 11 * MINUTE);
    expect(await jobIsRunning(nodeB, 'check-links', elevenMinutesOn)).toBe(false);
    const takenOver = await claimJob(nodeB, 'check-links', 'node-b', elevenMinutesOn, 10 * MINUTE);
    expect(takenOver.claimed).toBe(true);
    // The node that lost its lease can neither renew nor release the job any more.
    if (!crashed.claimed) throw new Error('unreachable');
    expect(await renewJobLease(nodeA, crashed.claim, elevenMinutesOn, 10 * MINUTE)).toBe(false);
    expect(await releaseJob(nodeA, crashed.claim, elevenMinutesOn, { ok: true })).toBe(false);
    expect(await jobHistory(nodeA)).toEqual([{ name: 'check-links', last_success_at: null, last_failure_at: null }]);
  });

  it('keeps a renewed lease from being taken over', async () => {
    const [nodeA, nodeB] = await twoConnections();
    const taken = await claimJob(nodeA, 'digest', 'node-a', NOW, 10 * MINUTE);
    if (!taken.claimed) throw new Error('not claimed');
    expect(await renewJobLease(nodeA, taken.claim, new Date(NOW.getTime() + 8 * MINUTE), 10 * MINUTE)).toBe(true);
    expect((await claimJob(nodeB, 'digest', 'node-b', new Date(NOW.getTime() + 11 * MINUTE), 10 * MINUTE)).claimed).toBe(false);
  });
});

describe('runScheduledJob', () => {
  it('runs the work once while another run holds the job, and records the last success', async () => {
    const [nodeA, nodeB] = await twoConnections();
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const runs: string[] = [];
    const first = runScheduledJob(
      nodeA,
      'remind',
      async () => {
        runs.push('a');
        await blocked;
        return 3;
      },
      { clock: () => NOW, holder: 'node-a' },
    );
    // Until the first has claimed the job.
    while (runs.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await runScheduledJob(
      nodeB,
      'remind',
      async () => {
        runs.push('b');
        return 0;
      },
      { clock: () => NOW, holder: 'node-b' },
    );
    expect(second).toEqual({ ran: false, heldBy: 'node-a', leaseUntil: '2026-11-23T12:10:00.000Z' });
    release();
    expect(await first).toEqual({ ran: true, result: 3 });
    expect(runs).toEqual(['a']);
    expect(await jobHistory(nodeB)).toEqual([{ name: 'remind', last_success_at: '2026-11-23T12:00:00.000Z', last_failure_at: null }]);
    // Released: the next run may go.
    expect((await runScheduledJob(nodeB, 'remind', async () => 'again', { clock: () => NOW })).ran).toBe(true);
  });

  it('records a failed run and frees the job for the next', async () => {
    const [db] = await twoConnections();
    await expect(runScheduledJob(db, 'digest', async () => Promise.reject(new Error('SMTP down')), { clock: () => NOW })).rejects.toThrow('SMTP down');
    const row = await db.selectFrom('scheduled_jobs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      name: 'digest',
      claimed_by: null,
      last_failure_at: '2026-11-23T12:00:00.000Z',
      last_error: 'SMTP down',
      last_success_at: null,
    });
  });
});

describe("the moderators' link check button", () => {
  it('says a check is running when another node (or npm run check-links) holds the job', async () => {
    const path = sharedDatabaseFile();
    const nodeA = await nodeOn(path, {}, () => NOW);
    const nodeB = await nodeOn(path, {}, () => NOW);
    try {
      const admin = await signIn(nodeB.db, { email: 'admin@example.no', role: 'admin' });
      expect((await claimJob(nodeA.db, 'check-links', 'node-a', NOW, 10 * 60_000)).claimed).toBe(true);
      const answer = await postForm(nodeB.app, '/moderering/lenkesjekk', { csrf: admin.csrf }, { Cookie: admin.cookie });
      expect(answer.status).toBe(303);
      expect(answer.response.headers.get('Location')).toBe('/moderering/lenkesjekk?melding=running');
      const page = await get(nodeB.app, '/moderering/lenkesjekk', { Cookie: admin.cookie });
      expect(text(page.doc.querySelector('#link-check-hint'))).toBe('En lenkesjekk pågår allerede. Vent til den er ferdig, og prøv igjen.');
    } finally {
      await nodeA.close();
      await nodeB.close();
    }
  });
});
