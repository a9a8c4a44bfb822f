import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { associationFormData, createEditToken, proposeRevision, requestRemoval } from '../src/db/submissions.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { association, deliveredText, formToken, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

// The rules that protect entries and the people behind them when moderators decide on
// proposed changes and removal requests: who may decide, that a decision is taken once, and
// that a removal leaves nothing that identifies anyone.

let app: App;
let db: DB;
let reference: Reference;
let clock: ReturnType<typeof movableClock>;
let outboxDir: string;
let background: { idle: () => Promise<void> };
let mailer: { deliverDue: () => Promise<unknown> };
type Moderator = { cookie: string; csrf: string; userId: number };
let narvik: Moderator;
let narvikToo: Moderator;
let senja: Moderator;

async function byName(name: string) {
  return db.selectFrom('associations').selectAll().where('name', '=', name).executeTakeFirstOrThrow();
}

function toBrregEntryOrThrow(unit: ReturnType<typeof brregUnit>) {
  const result = toBrregEntry(unit, new Set(['1806', '5530']), 2026);
  if (!result.ok) throw new Error('the fixture unit is not importable');
  return result.entry;
}

async function decide(who: Moderator, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return postForm(app, path, { csrf: who.csrf, ...fields }, { Cookie: who.cookie, ...headers });
}

async function auditActions(associationId: number) {
  return (await db.selectFrom('audit_log').select('action').where('association_id', '=', associationId).orderBy('id').execute()).map((r) => r.action);
}

/** Every row of every table a decision could touch, to compare before and after. */
async function tables() {
  return {
    associations: await db.selectFrom('associations').selectAll().orderBy('id').execute(),
    association_categories: await db.selectFrom('association_categories').selectAll().orderBy('association_id').orderBy('category_id').execute(),
    association_links: await db.selectFrom('association_links').selectAll().orderBy('id').execute(),
    revisions: await db.selectFrom('revisions').selectAll().orderBy('id').execute(),
    edit_tokens: await db.selectFrom('edit_tokens').selectAll().orderBy('id').execute(),
    claims: await db.selectFrom('claims').selectAll().orderBy('id').execute(),
    reports: await db.selectFrom('reports').selectAll().orderBy('id').execute(),
    outbox: await db.selectFrom('outbox').selectAll().orderBy('id').execute(),
    audit_log: await db.selectFrom('audit_log').selectAll().orderBy('id').execute(),
  };
}

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, reference, outboxDir, background, mailer } = await testApp(
    (ref) => [
      association(ref, {
        name: 'Senja Turlag',
        municipalityNumber: '5530',
        contactName: 'Sigrid Senja',
        contactEmail: 'sigrid@example.no',
        email: 'post@senjaturlag.example.no',
        phone: '+47 911 11 111',
        postalAddress: 'Storgata 1',
        postalCode: '9300',
      }),
      association(ref, { name: 'Narvik Turlag', contactName: 'Nils Narvik', contactEmail: 'nils@example.no', phone: '+47 922 22 222' }),
      association(ref, { name: 'Ventende Kor', status: 'pending', contactEmail: 'kor@example.no' }),
    ],
    {},
    { clock: clock.now },
  ));
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
  narvikToo = await signIn(db, { email: 'narvik2@example.no', role: 'moderator', regions: ['narvikregionen'] });
  senja = await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
  // Three password hashes: more than the default 10 s for a hook on a busy machine.
}, 60_000);

describe('municipality scope on change and removal decisions', () => {
  it('refuses a Narvik moderator approving or rejecting a Senja entry’s proposed change, and changes no table', async () => {
    const entry = await byName('Senja Turlag');
    const revisionId = await proposeRevision(
      db,
      entry.id,
      { ...(await associationFormData(db, entry, reference)), name: 'Senja Turlag og Friluftslag' },
      clock.now(),
    );
    await createEditToken(db, entry.id, clock.now(), 30);
    const before = await tables();
    for (const [path, fields] of [
      [`/moderering/endring/${revisionId}/godkjenn`, {}],
      [`/moderering/endring/${revisionId}/avvis`, { reason: 'Feil navn.' }],
    ] as const) {
      const plain = await decide(narvik, path, fields);
      expect(plain.status).toBe(403);
      const fragment = await decide(narvik, path, fields, { 'HX-Request': 'true' });
      expect(fragment.status).toBe(403);
      expect(text(fragment.doc.querySelector('li'))).toBe('Dette laget hører til en kommune du ikke moderer.');
    }
    const after = await tables();
    expect(after.associations).toEqual(before.associations);
    expect(after.association_categories).toEqual(before.association_categories);
    expect(after.association_links).toEqual(before.association_links);
    expect(after.revisions).toEqual(before.revisions);
    expect(after.revisions.map((r) => r.status)).toEqual(['pending']);
    expect(after.edit_tokens).toEqual(before.edit_tokens);
    expect(after.outbox).toEqual([]);
    expect(after.audit_log).toEqual([]);
  });

  it('refuses a Narvik moderator approving the removal of a Senja entry: nothing archived, nothing erased', async () => {
    const entry = await byName('Senja Turlag');
    await requestRemoval(db, entry.id, clock.now());
    await createEditToken(db, entry.id, clock.now(), 30);
    const removal = await db.selectFrom('revisions').select('id').where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    const before = await tables();
    expect((await decide(narvik, `/moderering/endring/${removal.id}/godkjenn`)).status).toBe(403);
    expect((await decide(narvik, `/moderering/endring/${removal.id}/avvis`, { reason: 'Nei.' })).status).toBe(403);
    const after = await tables();
    expect(after.associations).toEqual(before.associations);
    expect(await byName('Senja Turlag')).toMatchObject({
      status: 'published',
      contact_name: 'Sigrid Senja',
      contact_email: 'sigrid@example.no',
      email: 'post@senjaturlag.example.no',
      phone: '+47 911 11 111',
      postal_address: 'Storgata 1',
      postal_code: '9300',
    });
    expect(after.revisions).toEqual(before.revisions);
    expect(after.revisions.map((r) => [r.kind, r.status])).toEqual([['removal', 'pending']]);
    expect(after.edit_tokens).toHaveLength(1);
    expect(after.edit_tokens).toEqual(before.edit_tokens);
    expect(after.outbox).toEqual([]);
    // Only the association's own request is recorded; the refused decision adds nothing.
    expect(after.audit_log.map((r) => r.action)).toEqual(['request-removal']);
    expect(after.audit_log).toEqual(before.audit_log);
    expect((await get(app, `/lag/${entry.slug}`)).status).toBe(200);

    // The entry's own moderator may.
    expect((await decide(senja, `/moderering/endring/${removal.id}/godkjenn`)).status).toBe(303);
    expect((await byName('Senja Turlag')).status).toBe('archived');
  });
});

describe('a decision is taken once', () => {
  it('lets only one of two moderators racing on a proposed change apply it: applied once, one audit row', async () => {
    const entry = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(
      db,
      entry.id,
      { ...(await associationFormData(db, entry, reference)), name: 'Narvik Turlag og Friluftslag' },
      clock.now(),
    );
    const [first, second] = await Promise.all([
      decide(narvik, `/moderering/endring/${revisionId}/godkjenn`, {}, { 'HX-Request': 'true' }),
      decide(narvikToo, `/moderering/endring/${revisionId}/godkjenn`, {}, { 'HX-Request': 'true' }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const loser = first.status === 409 ? first : second;
    expect(text(loser.doc.querySelector('li'))).toBe(
      'Dette er allerede behandlet av en annen moderator, eller endret siden du åpnet det. Last inn køen på nytt.',
    );
    expect(await byName('Narvik Turlag og Friluftslag')).toMatchObject({ version: entry.version + 1 });
    expect(await auditActions(entry.id)).toEqual(['approve-revision']);
  });

  it('does not apply a proposed change twice when it is approved again later', async () => {
    const entry = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(
      db,
      entry.id,
      { ...(await associationFormData(db, entry, reference)), name: 'Narvik Turlag og Friluftslag' },
      clock.now(),
    );
    expect((await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`)).response.headers.get('Location')).toBe('/moderering?melding=approved');
    const applied = await byName('Narvik Turlag og Friluftslag');
    // The association changes the name back in the meantime; a second approval must not undo that.
    await db.updateTable('associations').set({ name: 'Narvik Turlag' }).where('id', '=', entry.id).execute();
    const again = await decide(narvikToo, `/moderering/endring/${revisionId}/godkjenn`);
    expect(again.status).toBe(303);
    expect(again.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect(await byName('Narvik Turlag')).toMatchObject({ version: applied.version });
    expect(await auditActions(entry.id)).toEqual(['approve-revision']);
    const rejectedLater = await decide(narvikToo, `/moderering/endring/${revisionId}/avvis`, { reason: 'For sent.' });
    expect(rejectedLater.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect((await db.selectFrom('revisions').select('status').where('id', '=', revisionId).executeTakeFirstOrThrow()).status).toBe('approved');
    expect(await auditActions(entry.id)).toEqual(['approve-revision']);
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });

  it('lets only one of two moderators racing on a removal decide it: one audit row, no mail for the loser', async () => {
    const entry = await byName('Narvik Turlag');
    await requestRemoval(db, entry.id, clock.now());
    const removal = await db.selectFrom('revisions').select('id').where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    const [approved, rejected] = await Promise.all([
      decide(narvik, `/moderering/endring/${removal.id}/godkjenn`, {}, { 'HX-Request': 'true' }),
      decide(narvikToo, `/moderering/endring/${removal.id}/avvis`, { reason: 'Laget finnes fortsatt.' }, { 'HX-Request': 'true' }),
    ]);
    expect([approved.status, rejected.status].sort()).toEqual([200, 409]);
    // Whichever came first decides; the other is told it was handled, and its decision leaves no trace.
    const removalWon = approved.status === 200;
    const entryNow = await byName('Narvik Turlag');
    expect({
      actions: await auditActions(entry.id),
      revision: (await db.selectFrom('revisions').select('status').where('id', '=', removal.id).executeTakeFirstOrThrow()).status,
      entry: { status: entryNow.status, contact_email: entryNow.contact_email },
    }).toEqual(
      removalWon
        ? { actions: ['request-removal', 'approve-removal'], revision: 'approved', entry: { status: 'archived', contact_email: null } }
        : { actions: ['request-removal', 'reject-removal'], revision: 'rejected', entry: { status: 'published', contact_email: 'nils@example.no' } },
    );
  });

  it('refuses approving a removal a second time', async () => {
    const entry = await byName('Narvik Turlag');
    await requestRemoval(db, entry.id, clock.now());
    const removal = await db.selectFrom('revisions').select('id').where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    // Every mail so far has been written out, so the erasure below has files to remove.
    await mailer.deliverDue();
    expect((await decide(narvik, `/moderering/endring/${removal.id}/godkjenn`)).response.headers.get('Location')).toBe('/moderering?melding=archived');
    const archived = await byName('Narvik Turlag');
    const again = await decide(narvikToo, `/moderering/endring/${removal.id}/godkjenn`, {}, { 'HX-Request': 'true' });
    expect(again.status).toBe(409);
    expect(await byName('Narvik Turlag')).toEqual(archived);
    expect(await auditActions(entry.id)).toEqual(['request-removal', 'approve-removal']);
  });

  it('does not publish a rejected entry, even when approved with its current version', async () => {
    const pending = await byName('Ventende Kor');
    await decide(narvik, `/moderering/innsending/${pending.id}/avvis`, { version: String(pending.version), reason: 'Ikke et lag.' });
    const rejected = await byName('Ventende Kor');
    expect(rejected.status).toBe('rejected');
    const approval = await decide(narvikToo, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(rejected.version) });
    expect(approval.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect(await byName('Ventende Kor')).toEqual(rejected);
    expect((await get(app, `/lag/${pending.slug}`)).status).toBe(404);
    expect(await auditActions(pending.id)).toEqual(['reject']);
    // Only the rejection was mailed.
    expect((await db.selectFrom('outbox').select('subject').execute()).map((m) => m.subject)).toEqual(['Registreringen av Ventende Kor ble ikke godkjent']);
    const rejectedAgain = await decide(narvikToo, `/moderering/innsending/${pending.id}/avvis`, { version: String(rejected.version), reason: 'Igjen.' });
    expect(rejectedAgain.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect(await auditActions(pending.id)).toEqual(['reject']);
  });

  it('does not republish an archived entry through the submission approval', async () => {
    const entry = await byName('Narvik Turlag');
    await decide(narvik, `/moderering/lag/${entry.id}/arkiver`, { version: String(entry.version) });
    const archived = await byName('Narvik Turlag');
    expect(archived.status).toBe('archived');
    const approval = await decide(narvikToo, `/moderering/innsending/${entry.id}/godkjenn`, { version: String(archived.version) }, { 'HX-Request': 'true' });
    expect(approval.status).toBe(409);
    expect(await byName('Narvik Turlag')).toEqual(archived);
    expect((await get(app, `/lag/${entry.slug}`)).status).toBe(404);
    const archiveAgain = await decide(narvikToo, `/moderering/lag/${entry.id}/arkiver`, { version: String(archived.version) });
    expect(archiveAgain.response.headers.get('Location')).toBe(`/moderering/lag/${entry.id}?melding=already-handled`);
    expect(await auditActions(entry.id)).toEqual(['archive']);
  });

  it('refuses approving a published entry as if it were a new submission', async () => {
    const entry = await byName('Narvik Turlag');
    const approval = await decide(narvik, `/moderering/innsending/${entry.id}/godkjenn`, { version: String(entry.version) });
    expect(approval.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect(await byName('Narvik Turlag')).toEqual(entry);
    expect(await auditActions(entry.id)).toEqual([]);
    expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});

describe('a removal erases what identifies people', () => {
  /** Opens a public form, waits like a person would, and sends it. */
  async function send(path: string, fields: Record<string, string>) {
    const form = await get(app, path);
    clock.advance(5_000);
    return postForm(app, path, { form_token: formToken(form.doc), ...fields });
  }

  it('leaves no claimant, contact person, reporter or mail to the contact person behind, table by table', async () => {
    await importBrregBatch(db, [toBrregEntryOrThrow(brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG', naeringskode1: { kode: '93.120' } }))], {
      reference,
      now: clock.now(),
      takenSlugs: await allSlugs(db),
    });
    const claimPath = '/lag/narvik-idrettslag/dette-er-oss';
    const kari = { contact_name: 'Kari Klaimsen', contact_email: 'kari@example.no', phone: '912 34 567', message: 'Jeg er leder i styret.', accept_terms: '1' };
    const per = { contact_name: 'Per Pretendent', contact_email: 'per@example.no', phone: '987 65 432', message: 'Jeg er kasserer.', accept_terms: '1' };
    expect((await send(claimPath, kari)).status).toBe(303);
    expect((await send(claimPath, per)).status).toBe(303);
    const entry = await db.selectFrom('associations').selectAll().where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    const [kariClaim] = await db.selectFrom('claims').select('id').where('contact_email', '=', 'kari@example.no').execute();
    expect((await decide(narvik, `/moderering/krav/${kariClaim!.id}/godkjenn`)).status).toBe(303);

    // Kari, now the contact person, opens her edit link and gives a phone number and address.
    const approvalMail = await db.selectFrom('outbox').selectAll().where('recipient', '=', 'kari@example.no').executeTakeFirstOrThrow();
    const link = /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(deliveredText(approvalMail))![1]!;
    await db
      .updateTable('associations')
      .set({ phone: '+47 955 55 555', email: 'post@narvikil.example.no', postal_address: 'Idrettsveien 2', postal_code: '8514', publish_contact: 1 })
      .where('id', '=', entry.id)
      .execute();
    // A visitor reports an error and leaves an address for the answer.
    expect(
      (await send('/lag/narvik-idrettslag/meld-feil', { kind: 'wrong_info', message: 'Treningstidene er feil.', email: 'ola.melder@example.no' })).status,
    ).toBe(303);

    // Before: the personal data is there, so the checks below can fail.
    const before = JSON.stringify(await tables());
    for (const trace of [
      'Kari Klaimsen',
      'kari@example.no',
      '91 23 45 67',
      'Per Pretendent',
      'per@example.no',
      '98 76 54 32',
      '955 55 555',
      'post@narvikil.example.no',
      'Idrettsveien 2',
      'ola.melder@example.no',
    ]) {
      expect(before.toLowerCase()).toContain(trace.toLowerCase());
    }

    const page = await get(app, link);
    expect((await postForm(app, `${link}/slett`, { form_token: formToken(page.doc) })).status).toBe(303);
    const removal = await db
      .selectFrom('revisions')
      .select('id')
      .where('association_id', '=', entry.id)
      .where('kind', '=', 'removal')
      .executeTakeFirstOrThrow();
    expect((await decide(narvik, `/moderering/endring/${removal.id}/godkjenn`)).response.headers.get('Location')).toBe('/moderering?melding=archived');

    const after = await tables();
    expect(after.associations.find((a) => a.id === entry.id)).toMatchObject({
      status: 'archived',
      contact_name: null,
      contact_email: null,
      publish_contact: 0,
      email: null,
      phone: null,
      postal_address: null,
      postal_code: null,
    });
    expect(after.claims.filter((c) => c.association_id === entry.id)).toEqual([]);
    expect(after.edit_tokens.filter((t) => t.association_id === entry.id)).toEqual([]);
    expect(after.revisions.filter((r) => r.association_id === entry.id).map((r) => ({ kind: r.kind, status: r.status, data: r.data }))).toEqual([
      { kind: 'removal', status: 'approved', data: null },
    ]);
    expect(after.reports.map((r) => ({ message: r.message, reporter_email: r.reporter_email }))).toEqual([
      { message: 'Treningstidene er feil.', reporter_email: null },
    ]);
    expect(after.outbox.filter((m) => m.recipient.toLowerCase() === 'kari@example.no')).toEqual([]);
    for (const [table, rows] of Object.entries(after)) {
      const dump = JSON.stringify(rows).toLowerCase();
      for (const trace of [
        'Kari Klaimsen',
        'kari@example.no',
        '91 23 45 67',
        'Per Pretendent',
        '98 76 54 32',
        '955 55 555',
        'post@narvikil.example.no',
        'Idrettsveien 2',
        'ola.melder@example.no',
      ]) {
        expect({ table, found: dump.includes(trace.toLowerCase()) ? trace : null }).toEqual({ table, found: null });
      }
    }
    expect(await auditActions(entry.id)).toEqual(['brreg-import', 'approve-claim', 'request-removal', 'approve-removal']);
    // Without SMTP every mail is also a file in OUTBOX_DIR; the contact person's go with the rows.
    // The .eml copies of erased mail are removed right after the answer, off the request.
    await background.idle();
    const files = readdirSync(outboxDir).map((name) => readFileSync(join(outboxDir, name), 'utf8').toLowerCase());
    expect(files.filter((eml) => eml.includes('kari@example.no'))).toEqual([]);
    // Mail to the other claimant is about this entry's claim, so it goes too.
    expect(files).toEqual([]);
  });
});

describe('what a decision writes', () => {
  it('publishes an approved submission with the decision time as published and last confirmed', async () => {
    const pending = await byName('Ventende Kor');
    clock.advance(60_000);
    await decide(narvik, `/moderering/innsending/${pending.id}/godkjenn`, { version: String(pending.version) });
    expect(await byName('Ventende Kor')).toMatchObject({
      status: 'published',
      published_at: '2026-11-23T12:01:00.000Z',
      last_confirmed_at: '2026-11-23T12:01:00.000Z',
      updated_at: '2026-11-23T12:01:00.000Z',
      version: pending.version + 1,
    });
    const [row] = await db.selectFrom('audit_log').selectAll().where('association_id', '=', pending.id).execute();
    expect({ ...row, details: JSON.parse(row!.details) }).toMatchObject({
      action: 'approve',
      user_id: narvik.userId,
      created_at: '2026-11-23T12:01:00.000Z',
      details: { before: { status: 'pending' }, after: { status: 'published' } },
    });
  });

  it('records a rejection with its reason and time, and keeps the entry off the site', async () => {
    const pending = await byName('Ventende Kor');
    await decide(narvik, `/moderering/innsending/${pending.id}/avvis`, { version: String(pending.version), reason: '  Ikke et lag.  ' });
    expect(await byName('Ventende Kor')).toMatchObject({ status: 'rejected', published_at: null, version: pending.version + 1 });
    const rows = await db.selectFrom('audit_log').select(['action', 'user_id', 'details']).where('association_id', '=', pending.id).execute();
    expect(rows.map((r) => ({ ...r, details: JSON.parse(r.details) }))).toEqual([
      { action: 'reject', user_id: narvik.userId, details: { before: { status: 'pending' }, after: { status: 'rejected' }, reason: 'Ikke et lag.' } },
    ]);
  });

  it('keeps personal data out of a revision’s audit row, saying only whether each field changed', async () => {
    const entry = await byName('Narvik Turlag');
    const current = await associationFormData(db, entry, reference);
    const revisionId = await proposeRevision(db, entry.id, { ...current, name: 'Narvik Turlag og Friluftslag', phone: '+47 933 33 333' }, clock.now());
    await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`);
    const row = await db.selectFrom('audit_log').select(['action', 'revision_id', 'details']).where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    expect(row.action).toBe('approve-revision');
    expect(row.revision_id).toBe(revisionId);
    const details = JSON.parse(row.details);
    const personal = (form: Record<string, unknown>) => ({
      contactName: form.contactName,
      contactEmail: form.contactEmail,
      email: form.email,
      phone: form.phone,
      postalAddress: form.postalAddress,
      postalCode: form.postalCode,
    });
    expect(personal(details.before)).toEqual({
      contactName: '(uendret)',
      contactEmail: '(uendret)',
      email: null,
      phone: '(endret)',
      postalAddress: null,
      postalCode: null,
    });
    expect(personal(details.after)).toEqual({
      contactName: '(uendret)',
      contactEmail: '(uendret)',
      email: null,
      phone: '(endret)',
      postalAddress: null,
      postalCode: null,
    });
    expect({ before: details.before.name, after: details.after.name }).toEqual({ before: 'Narvik Turlag', after: 'Narvik Turlag og Friluftslag' });
    expect(row.details).not.toContain('922 22 222');
    expect(row.details).not.toContain('933 33 333');
    expect(row.details).not.toContain('nils@example.no');
  });

  it('records a rejected change and a rejected removal under their own names, and mails the reason', async () => {
    const entry = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(db, entry.id, { ...(await associationFormData(db, entry, reference)), name: 'Spam' }, clock.now());
    await decide(narvik, `/moderering/endring/${revisionId}/avvis`, { reason: 'Feil navn.' });
    await requestRemoval(db, entry.id, clock.now());
    const removal = await db.selectFrom('revisions').select('id').where('kind', '=', 'removal').executeTakeFirstOrThrow();
    await decide(narvik, `/moderering/endring/${removal.id}/avvis`, { reason: 'Laget finnes.' });
    const rows = await db.selectFrom('audit_log').select(['action', 'revision_id', 'details']).where('association_id', '=', entry.id).orderBy('id').execute();
    expect(rows.map((r) => ({ ...r, details: JSON.parse(r.details) }))).toEqual([
      { action: 'reject-revision', revision_id: revisionId, details: { reason: 'Feil navn.' } },
      { action: 'request-removal', revision_id: removal.id, details: {} },
      { action: 'reject-removal', revision_id: removal.id, details: { reason: 'Laget finnes.' } },
    ]);
    expect(await db.selectFrom('revisions').select(['status', 'reason']).orderBy('id').execute()).toEqual([
      { status: 'rejected', reason: 'Feil navn.' },
      { status: 'rejected', reason: 'Laget finnes.' },
    ]);
    expect(await byName('Narvik Turlag')).toMatchObject({ status: 'published', contact_email: 'nils@example.no', version: entry.version });
    expect((await db.selectFrom('outbox').select(['recipient']).execute()).map((m) => m.recipient)).toEqual(['nils@example.no', 'nils@example.no']);
  });

  it('honours a waiting removal request when the entry is rejected or merged instead', async () => {
    const pending = await byName('Ventende Kor');
    await requestRemoval(db, pending.id, clock.now());
    await decide(narvik, `/moderering/innsending/${pending.id}/avvis`, { version: String(pending.version), reason: 'Dobbelt.' });
    expect(await byName('Ventende Kor')).toMatchObject({ status: 'rejected', contact_email: null });
    expect(await auditActions(pending.id)).toEqual(['request-removal', 'reject', 'approve-removal']);
    const honoured = await db
      .selectFrom('audit_log')
      .select(['details', 'user_id'])
      .where('association_id', '=', pending.id)
      .where('action', '=', 'approve-removal')
      .executeTakeFirstOrThrow();
    expect({ ...honoured, details: JSON.parse(honoured.details) }).toEqual({ user_id: narvik.userId, details: { after: { personalDataErased: true } } });

    const duplicate = await byName('Narvik Turlag');
    await requestRemoval(db, duplicate.id, clock.now());
    await insertTarget();
    const target = await byName('Narvik Turlag Og Friluftslag');
    await decide(narvik, `/moderering/lag/${duplicate.id}/sla-sammen`, { version: String(duplicate.version), target: target.slug });
    expect(await byName('Narvik Turlag')).toMatchObject({
      status: 'archived',
      merged_into_id: target.id,
      contact_email: null,
      contact_name: null,
      phone: null,
    });
    expect(await auditActions(duplicate.id)).toEqual(['request-removal', 'merge', 'approve-removal']);
    expect(await db.selectFrom('revisions').select(['association_id', 'kind', 'status']).orderBy('id').execute()).toEqual([
      { association_id: pending.id, kind: 'removal', status: 'approved' },
      { association_id: duplicate.id, kind: 'removal', status: 'approved' },
    ]);
  });

  it('leaves an entry without a removal request its contact details when it is archived', async () => {
    const entry = await byName('Narvik Turlag');
    await decide(narvik, `/moderering/lag/${entry.id}/arkiver`, { version: String(entry.version) });
    expect(await byName('Narvik Turlag')).toMatchObject({ status: 'archived', contact_email: 'nils@example.no', phone: '+47 922 22 222' });
    expect(await auditActions(entry.id)).toEqual(['archive']);
  });

  it('does not archive a pending entry (it is rejected instead) nor merge into an entry that is not published', async () => {
    const pending = await byName('Ventende Kor');
    const archive = await decide(narvik, `/moderering/lag/${pending.id}/arkiver`, { version: String(pending.version) });
    expect(archive.response.headers.get('Location')).toBe(`/moderering/lag/${pending.id}?melding=already-handled`);
    expect((await byName('Ventende Kor')).status).toBe('pending');
    const entry = await byName('Narvik Turlag');
    const merge = await decide(narvik, `/moderering/lag/${entry.id}/sla-sammen`, { version: String(entry.version), target: pending.slug });
    expect(merge.status).toBe(422);
    const self = await decide(narvik, `/moderering/lag/${entry.id}/sla-sammen`, { version: String(entry.version), target: entry.slug });
    expect(self.status).toBe(422);
    expect(await byName('Narvik Turlag')).toEqual(entry);
    expect(await db.selectFrom('audit_log').selectAll().execute()).toEqual([]);
  });

  it('shows the history newest first, with who did what', async () => {
    const entry = await byName('Narvik Turlag');
    const revisionId = await proposeRevision(
      db,
      entry.id,
      { ...(await associationFormData(db, entry, reference)), name: 'Narvik Turlag og Friluftslag' },
      clock.now(),
    );
    await decide(narvik, `/moderering/endring/${revisionId}/godkjenn`);
    clock.advance(60_000);
    const renamed = await byName('Narvik Turlag og Friluftslag');
    await decide(narvikToo, `/moderering/lag/${entry.id}/arkiver`, { version: String(renamed.version) });
    const { doc } = await get(app, `/moderering/lag/${entry.id}/historikk`, { Cookie: narvik.cookie });
    const rows = doc.querySelectorAll('table.history tbody tr').map((tr) =>
      tr
        .querySelectorAll('td')
        .map((td) => text(td))
        .slice(1, 2),
    );
    expect(rows).toEqual([['narvik2@example.no'], ['narvik@example.no']]);
  });

  async function insertTarget() {
    const { insert } = await import('./helpers.js');
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag Og Friluftslag' })]);
  }
});

describe('the queue a moderator sees', () => {
  async function queue(who: Moderator, query = '') {
    const { doc } = await get(app, `/moderering${query}`, { Cookie: who.cookie });
    return doc.querySelectorAll('.queue-item').map((li) => ({ id: li.getAttribute('id'), title: text(li.querySelector('.queue-item__title')) }));
  }

  it('lists submissions, changes and removals of the moderator’s municipalities only, oldest first', async () => {
    const narvikEntry = await byName('Narvik Turlag');
    const senjaEntry = await byName('Senja Turlag');
    const change = await proposeRevision(db, narvikEntry.id, { ...(await associationFormData(db, narvikEntry, reference)), name: 'Nytt navn' }, clock.now());
    clock.advance(1_000);
    await requestRemoval(db, senjaEntry.id, clock.now());
    const senjaRemoval = await db.selectFrom('revisions').select('id').where('association_id', '=', senjaEntry.id).executeTakeFirstOrThrow();
    const pending = await byName('Ventende Kor');
    expect(await queue(narvik)).toEqual([
      { id: `queue-submission-${pending.id}`, title: 'Ventende Kor' },
      { id: `queue-revision-${change}`, title: 'Narvik Turlag' },
    ]);
    expect(await queue(senja)).toEqual([{ id: `queue-revision-${senjaRemoval.id}`, title: 'Senja Turlag' }]);
    // Asking for another municipality does not widen the scope.
    expect(await queue(narvik, '?kommune=5530')).toEqual(await queue(narvik));
    expect(await queue(narvik, '?type=removal')).toEqual([]);
    expect(await queue(senja, '?type=removal')).toEqual([{ id: `queue-revision-${senjaRemoval.id}`, title: 'Senja Turlag' }]);
  });

  it('drops a waiting change once its entry has left the site, and an entry never confirmed counts as stale', async () => {
    const entry = await byName('Narvik Turlag');
    await proposeRevision(db, entry.id, { ...(await associationFormData(db, entry, reference)), name: 'Nytt navn' }, clock.now());
    await decide(narvik, `/moderering/lag/${entry.id}/arkiver`, { version: String(entry.version) });
    const pending = await byName('Ventende Kor');
    expect(await queue(narvik)).toEqual([{ id: `queue-submission-${pending.id}`, title: 'Ventende Kor' }]);
    await db.updateTable('associations').set({ last_confirmed_at: null }).where('name', '=', 'Senja Turlag').execute();
    const senjaEntry = await byName('Senja Turlag');
    expect(await queue(senja, '?type=stale')).toEqual([{ id: `queue-stale-${senjaEntry.id}`, title: 'Senja Turlag' }]);
  });
});

describe('a removal and what waits for the entry', () => {
  it('supersedes a waiting change, empties every copy of the data, and removes the contact-form messages to the entry', async () => {
    const entry = await byName('Senja Turlag');
    const update = await proposeRevision(db, entry.id, { ...(await associationFormData(db, entry, reference)), phone: '+47 944 44 444' }, clock.now());
    await requestRemoval(db, entry.id, clock.now());
    const removal = await db.selectFrom('revisions').select('id').where('kind', '=', 'removal').executeTakeFirstOrThrow();
    // A visitor's message through the contact form (Reply-To: the visitor) and the site's own mail to the entry.
    await db
      .insertInto('outbox')
      .values([
        {
          recipient: 'POST@senjaturlag.example.no',
          subject: 'Melding fra en besøkende',
          text_body: 'Hei fra Vera',
          created_at: clock.now().toISOString(),
          reply_to: 'vera@example.org',
        },
        { recipient: 'post@senjaturlag.example.no', subject: 'Kvittering', text_body: 'Takk', created_at: clock.now().toISOString() },
      ])
      .execute();
    clock.advance(60_000);
    await decide(senja, `/moderering/endring/${removal.id}/godkjenn`);
    expect(await db.selectFrom('revisions').select(['id', 'status', 'decided_at', 'data']).orderBy('id').execute()).toEqual([
      { id: update, status: 'superseded', decided_at: '2026-11-23T12:01:00.000Z', data: null },
      { id: removal.id, status: 'approved', decided_at: '2026-11-23T12:01:00.000Z', data: null },
    ]);
    expect(await byName('Senja Turlag')).toMatchObject({ status: 'archived', updated_at: '2026-11-23T12:01:00.000Z', version: entry.version + 1 });
    expect((await db.selectFrom('outbox').select('subject').execute()).map((m) => m.subject)).toEqual(['Kvittering']);
    const [request, row] = await db.selectFrom('audit_log').selectAll().where('association_id', '=', entry.id).orderBy('id').execute();
    expect(request).toMatchObject({ action: 'request-removal', user_id: null, revision_id: removal.id });
    expect({ ...row, details: JSON.parse(row!.details) }).toMatchObject({
      action: 'approve-removal',
      user_id: senja.userId,
      revision_id: removal.id,
      details: { before: { status: 'published' }, after: { status: 'archived', personalDataErased: true } },
    });
  });
});
