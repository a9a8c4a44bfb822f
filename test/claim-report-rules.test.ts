import { describe, expect, it } from 'vitest';
import { approveClaim, createClaim, findClaim, pendingClaims, rejectClaim } from '../src/db/claims.js';
import { createReport, decideReport, eraseVisitorData, findReport, reportQueueItems } from '../src/db/reports.js';
import type { DB } from '../src/db/sqlite.js';
import { findByEditToken } from '../src/db/submissions.js';
import { createUser } from '../src/db/users.js';
import { NOW, association, freshDatabase, insert } from './helpers.js';

// The claim and report decisions, checked row by row (found by mutation testing,
// docs/testing.md). The moderator's side through HTTP is in test/claim.test.ts and
// test/reports.test.ts.

const later = (ms: number) => new Date(NOW.getTime() + ms);

async function setup() {
  const { db, reference } = await freshDatabase();
  await insert(db, reference, [
    association(reference, { name: 'Narvik Turlag' }),
    association(reference, { name: 'Ankenes Skiklubb' }),
    association(reference, { name: 'Senja Sangkor', municipalityNumber: '5530' }),
    association(reference, { name: 'Har Kontakt', contactName: 'Ola', contactEmail: 'ola@example.no' }),
    association(reference, { name: 'Ventende Lag', status: 'pending' }),
    association(reference, { name: 'Arkivert Lag', status: 'archived' }),
  ]);
  const moderator = await createUser(
    db,
    { email: 'mod@example.no', name: 'Mod', role: 'moderator', password: 'korrekt hest batteri', municipalities: ['1806'], regions: [] },
    NOW,
  );
  const id = async (name: string) => (await db.selectFrom('associations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  return { db, userId: moderator.id, id };
}

const claimBy = (associationId: number, contactEmail: string, extra: Partial<Parameters<typeof createClaim>[1]> = {}) => ({
  associationId,
  contactName: 'Kari Nordmann',
  contactEmail,
  phone: '+47 912 34 567',
  message: 'Jeg er leder.',
  lang: 'nb',
  ...extra,
});

async function claims(db: DB) {
  return db.selectFrom('claims').select(['id', 'association_id', 'contact_email', 'status', 'decided_at', 'reason']).orderBy('id').execute();
}

async function audits(db: DB) {
  return db.selectFrom('audit_log').select(['user_id', 'action', 'association_id', 'details']).orderBy('id').execute();
}

describe('a claim', () => {
  it('sent again from the same address replaces the earlier one; others for the entry keep waiting', async () => {
    const { db, id } = await setup();
    const turlag = await id('Narvik Turlag');
    const ski = await id('Ankenes Skiklubb');
    const first = await createClaim(db, claimBy(turlag, 'kari@example.no'), NOW);
    const other = await createClaim(db, claimBy(turlag, 'per@example.no'), NOW);
    const elsewhere = await createClaim(db, claimBy(ski, 'kari@example.no'), NOW);
    const again = await createClaim(db, claimBy(turlag, 'kari@example.no'), later(1000));
    expect(await claims(db)).toEqual([
      { id: first, association_id: turlag, contact_email: 'kari@example.no', status: 'superseded', decided_at: '2026-11-23T12:00:01.000Z', reason: null },
      { id: other, association_id: turlag, contact_email: 'per@example.no', status: 'pending', decided_at: null, reason: null },
      { id: elsewhere, association_id: ski, contact_email: 'kari@example.no', status: 'pending', decided_at: null, reason: null },
      { id: again, association_id: turlag, contact_email: 'kari@example.no', status: 'pending', decided_at: null, reason: null },
    ]);
    const stored = await findClaim(db, again);
    expect(stored).toMatchObject({
      contact_name: 'Kari Nordmann',
      phone: '+47 912 34 567',
      message: 'Jeg er leder.',
      lang: 'nb',
      created_at: '2026-11-23T12:00:01.000Z',
      name: 'Narvik Turlag',
      association_status: 'published',
    });
  });

  it('waits in the queue of its municipality only, oldest first, counting the other waiting claims', async () => {
    const { db, id } = await setup();
    const turlag = await id('Narvik Turlag');
    const senja = await id('Senja Sangkor');
    const b = await createClaim(db, claimBy(turlag, 'per@example.no'), later(2000));
    const a = await createClaim(db, claimBy(turlag, 'kari@example.no'), later(1000));
    const s = await createClaim(db, claimBy(senja, 'sara@example.no'), later(500));
    await createClaim(db, claimBy(await id('Ventende Lag'), 'x@example.no'), NOW);
    await createClaim(db, claimBy(await id('Arkivert Lag'), 'y@example.no'), NOW);
    const rejected = await createClaim(db, claimBy(turlag, 'z@example.no'), NOW);
    await db.updateTable('claims').set({ status: 'rejected' }).where('id', '=', rejected).execute();

    const narvik = await pendingClaims(db, ['1806']);
    expect(narvik.map((row) => [row.claim.id, row.name, row.claim.otherPending])).toEqual([
      [a, 'Narvik Turlag', 1],
      [b, 'Narvik Turlag', 1],
    ]);
    expect(narvik[0]!.claim).toEqual({
      id: a,
      contactName: 'Kari Nordmann',
      contactEmail: 'kari@example.no',
      phone: '+47 912 34 567',
      message: 'Jeg er leder.',
      otherPending: 1,
    });
    expect(narvik[0]!.since).toBe('2026-11-23T12:00:01.000Z');
    expect((await pendingClaims(db, null)).map((row) => row.claim.id)).toEqual([s, a, b]);
    expect(await pendingClaims(db, [])).toEqual([]);
    expect((await pendingClaims(db, ['5530'])).map((row) => [row.claim.id, row.claim.otherPending])).toEqual([[s, 0]]);
  });

  it('approved: the claimant becomes the contact person, gets a working link, and the others are superseded', async () => {
    const { db, id, userId } = await setup();
    const turlag = await id('Narvik Turlag');
    const before = await db.selectFrom('associations').select(['version']).where('id', '=', turlag).executeTakeFirstOrThrow();
    const kari = await createClaim(db, claimBy(turlag, 'kari@example.no'), NOW);
    const per = await createClaim(db, claimBy(turlag, 'per@example.no', { contactName: 'Per' }), NOW);
    const ski = await createClaim(db, claimBy(await id('Ankenes Skiklubb'), 'per@example.no'), NOW);
    const result = await approveClaim(db, { claimId: kari, userId, now: later(60_000), editLinkDays: 30 });
    if (result.decision !== 'ok') throw new Error(`expected ok, got ${result.decision}`);
    expect(result.claim).toMatchObject({ id: kari, status: 'approved', decided_at: '2026-11-23T12:01:00.000Z' });
    expect(result.superseded.map((c) => [c.id, c.status])).toEqual([[per, 'superseded']]);
    expect(
      await db
        .selectFrom('associations')
        .select(['contact_name', 'contact_email', 'updated_at', 'last_confirmed_at', 'version'])
        .where('id', '=', turlag)
        .executeTakeFirstOrThrow(),
    ).toEqual({
      contact_name: 'Kari Nordmann',
      contact_email: 'kari@example.no',
      updated_at: '2026-11-23T12:01:00.000Z',
      last_confirmed_at: '2026-11-23T12:01:00.000Z',
      version: before.version + 1,
    });
    expect((await claims(db)).map((c) => [c.id, c.status, c.decided_at])).toEqual([
      [kari, 'approved', '2026-11-23T12:01:00.000Z'],
      [per, 'superseded', '2026-11-23T12:01:00.000Z'],
      [ski, 'pending', null],
    ]);
    // The claimant's name and address stay out of the append-only log.
    expect(await audits(db)).toEqual([{ user_id: userId, action: 'approve-claim', association_id: turlag, details: JSON.stringify({ claimId: kari }) }]);
    const link = await findByEditToken(db, result.editToken, later(60_000 + 30 * 24 * 60 * 60 * 1000 - 1));
    expect(link.status).toBe('valid');
    expect(await findByEditToken(db, result.editToken, later(60_000 + 30 * 24 * 60 * 60 * 1000))).toEqual({ status: 'expired' });
  });

  it('lets any other failure through as an error, rolled back, instead of calling it already handled', async () => {
    const { db, id, userId } = await setup();
    const turlag = await id('Narvik Turlag');
    const kari = await createClaim(db, claimBy(turlag, 'kari@example.no'), NOW);
    // An edit link that cannot be dated makes createEditToken throw inside the transaction.
    await expect(approveClaim(db, { claimId: kari, userId, now: NOW, editLinkDays: Number.NaN })).rejects.toThrow(RangeError);
    expect((await claims(db)).find((c) => c.id === kari)).toMatchObject({ status: 'pending', decided_at: null });
    expect((await approveClaim(db, { claimId: kari, userId, now: NOW, editLinkDays: 30 })).decision).toBe('ok');
  });

  it('approved twice, or for an entry that has a contact person, is already handled and changes nothing', async () => {
    const { db, id, userId } = await setup();
    const turlag = await id('Narvik Turlag');
    const kari = await createClaim(db, claimBy(turlag, 'kari@example.no'), NOW);
    expect((await approveClaim(db, { claimId: kari, userId, now: NOW, editLinkDays: 30 })).decision).toBe('ok');
    expect(await approveClaim(db, { claimId: kari, userId, now: later(1), editLinkDays: 30 })).toEqual({ decision: 'already-handled' });

    const taken = await id('Har Kontakt');
    const claim = await createClaim(db, claimBy(taken, 'kari@example.no'), NOW);
    expect(await approveClaim(db, { claimId: claim, userId, now: NOW, editLinkDays: 30 })).toEqual({ decision: 'already-handled' });
    // Rolled back whole: the claim still waits, the entry keeps its contact, no audit row, no link.
    expect((await claims(db)).find((c) => c.id === claim)).toMatchObject({ status: 'pending', decided_at: null });
    expect(await db.selectFrom('associations').select(['contact_email']).where('id', '=', taken).executeTakeFirstOrThrow()).toEqual({
      contact_email: 'ola@example.no',
    });
    expect((await audits(db)).map((a) => a.association_id)).toEqual([turlag]);
    expect(await db.selectFrom('edit_tokens').select('association_id').execute()).toEqual([{ association_id: turlag }]);

    const archived = await createClaim(db, claimBy(await id('Arkivert Lag'), 'kari@example.no'), NOW);
    expect(await approveClaim(db, { claimId: archived, userId, now: NOW, editLinkDays: 30 })).toEqual({ decision: 'already-handled' });
  });

  it('rejected: keeps the reason, audits it, and a second rejection is already handled', async () => {
    const { db, id, userId } = await setup();
    const turlag = await id('Narvik Turlag');
    const kari = await createClaim(db, claimBy(turlag, 'kari@example.no'), NOW);
    const result = await rejectClaim(db, { claimId: kari, userId, reason: 'Ukjent for laget.', now: later(5000) });
    expect(result).toMatchObject({ decision: 'ok', claim: { id: kari, status: 'rejected', reason: 'Ukjent for laget.' } });
    expect(await claims(db)).toEqual([
      {
        id: kari,
        association_id: turlag,
        contact_email: 'kari@example.no',
        status: 'rejected',
        decided_at: '2026-11-23T12:00:05.000Z',
        reason: 'Ukjent for laget.',
      },
    ]);
    expect(await audits(db)).toEqual([
      { user_id: userId, action: 'reject-claim', association_id: turlag, details: JSON.stringify({ claimId: kari, reason: 'Ukjent for laget.' }) },
    ]);
    expect(await rejectClaim(db, { claimId: kari, userId, reason: 'Igjen', now: later(6000) })).toEqual({ decision: 'already-handled' });
    expect(await audits(db)).toHaveLength(1);
  });
});

describe('a report', () => {
  const report = (kind: 'wrong_info' | 'closed', email: string | null) => ({ kind, message: 'Feil adresse.', email });

  it('waits in the queue of its municipality, oldest first, while its entry is on the site', async () => {
    const { db, id } = await setup();
    const turlag = await id('Narvik Turlag');
    const second = await createReport(db, { associationId: turlag, data: report('closed', null), lang: 'nb', now: later(2000) });
    const first = await createReport(db, { associationId: turlag, data: report('wrong_info', 'meg@example.no'), lang: 'en', now: later(1000) });
    const pending = await createReport(db, { associationId: await id('Ventende Lag'), data: report('closed', null), lang: 'nb', now: later(3000) });
    await createReport(db, { associationId: await id('Arkivert Lag'), data: report('closed', null), lang: 'nb', now: NOW });
    const senja = await createReport(db, { associationId: await id('Senja Sangkor'), data: report('closed', null), lang: 'nb', now: NOW });
    const narvik = await reportQueueItems(db, ['1806']);
    expect(narvik.map((item) => item.report!.id)).toEqual([first, second, pending]);
    expect(narvik[0]).toEqual({
      kind: 'report',
      associationId: turlag,
      revisionId: null,
      name: 'Narvik Turlag',
      slug: expect.any(String),
      municipalityNumber: '1806',
      since: '2026-11-23T12:00:01.000Z',
      version: expect.any(Number),
      proposed: null,
      report: { id: first, kind: 'wrong_info', message: 'Feil adresse.', wantsReply: true },
    });
    expect(narvik[1]!.report!.wantsReply).toBe(false);
    expect((await reportQueueItems(db, null)).map((item) => item.report!.id)).toEqual([senja, first, second, pending]);
    expect(await reportQueueItems(db, [])).toEqual([]);
    expect(await findReport(db, first)).toMatchObject({
      id: first,
      kind: 'wrong_info',
      status: 'pending',
      association_id: turlag,
      municipality_number: '1806',
      name: 'Narvik Turlag',
    });
  });

  it('closed as handled or dismissed: audited without the reporter’s address, and only once', async () => {
    const { db, id, userId } = await setup();
    const turlag = await id('Narvik Turlag');
    const a = await createReport(db, { associationId: turlag, data: report('wrong_info', 'meg@example.no'), lang: 'en', now: NOW });
    const b = await createReport(db, { associationId: turlag, data: report('closed', null), lang: 'nb', now: NOW });
    expect(await decideReport(db, { reportId: a, decision: 'handled', userId, now: later(1000) })).toEqual({
      decision: 'ok',
      reporterEmail: 'meg@example.no',
      lang: 'en',
    });
    expect(await decideReport(db, { reportId: b, decision: 'dismissed', userId, now: later(2000) })).toEqual({
      decision: 'ok',
      reporterEmail: null,
      lang: 'nb',
    });
    expect(await decideReport(db, { reportId: a, decision: 'dismissed', userId, now: later(3000) })).toEqual({
      decision: 'already-handled',
      reporterEmail: null,
      lang: 'nb',
    });
    expect(await db.selectFrom('reports').select(['id', 'status', 'decided_at']).orderBy('id').execute()).toEqual([
      { id: a, status: 'handled', decided_at: '2026-11-23T12:00:01.000Z' },
      { id: b, status: 'dismissed', decided_at: '2026-11-23T12:00:02.000Z' },
    ]);
    expect(await audits(db)).toEqual([
      { user_id: userId, action: 'handle-report', association_id: turlag, details: JSON.stringify({ report: a, kind: 'wrong_info' }) },
      { user_id: userId, action: 'dismiss-report', association_id: turlag, details: JSON.stringify({ report: b, kind: 'closed' }) },
    ]);
  });

  it('loses its reporter’s address when the entry’s personal data is erased, and only that entry’s', async () => {
    const { db, id } = await setup();
    const turlag = await id('Narvik Turlag');
    const ski = await id('Ankenes Skiklubb');
    await createReport(db, { associationId: turlag, data: report('wrong_info', 'meg@example.no'), lang: 'nb', now: NOW });
    await createReport(db, { associationId: ski, data: report('wrong_info', 'deg@example.no'), lang: 'nb', now: NOW });
    await eraseVisitorData(db, { id: turlag, email: null });
    expect(await db.selectFrom('reports').select(['association_id', 'reporter_email', 'message']).orderBy('id').execute()).toEqual([
      { association_id: turlag, reporter_email: null, message: 'Feil adresse.' },
      { association_id: ski, reporter_email: 'deg@example.no', message: 'Feil adresse.' },
    ]);
  });
});
