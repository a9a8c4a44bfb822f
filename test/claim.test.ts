import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { association, deliveredText, formToken, get, movableClock, postForm, signIn, testApp, text, viaPeer } from './helpers.js';

let app: App;
let db: DB;
let reference: Reference;
let clock: ReturnType<typeof movableClock>;
let narvik: { cookie: string; csrf: string; userId: number };
let senja: { cookie: string; csrf: string; userId: number };

const CLAIM = '/lag/narvik-idrettslag/dette-er-oss';

const valid = {
  contact_name: 'Kari Nordmann',
  contact_email: 'Kari@Example.no',
  phone: '912 34 567',
  message: 'Jeg er leder i styret.',
  accept_terms: '1',
};

/** Imports units the way npm run import:brreg does, for Narvik and Senja. */
async function importUnits(units: ReturnType<typeof brregUnit>[]) {
  const entries = units.flatMap((unit) => {
    const result = toBrregEntry(unit, new Set(['1806', '5530']), 2026);
    return result.ok ? [result.entry] : [];
  });
  await importBrregBatch(db, entries, { reference, now: clock.now(), takenSlugs: await allSlugs(db) });
}

async function count(table: 'claims' | 'outbox' | 'submission_attempts' | 'edit_tokens') {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

/** Opens the claim form, waits like a person would, and sends it. */
async function claim(fields: Record<string, string | undefined>, path = CLAIM, headers: Record<string, string> = {}) {
  const form = await get(app, path);
  clock.advance(5_000);
  return postForm(app, path, { form_token: formToken(form.doc), ...fields }, headers);
}

async function mails() {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

async function decide(who: { cookie: string; csrf: string }, path: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}) {
  return postForm(app, path, { csrf: who.csrf, ...fields }, { Cookie: who.cookie, ...headers });
}

async function onlyClaimId(): Promise<number> {
  const rows = await db.selectFrom('claims').select('id').where('status', '=', 'pending').execute();
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, reference } = await testApp(
    (ref) => [association(ref, { name: 'Registrert Lag', contactEmail: 'lag@example.no', contactName: 'Ola' })],
    { MIN_FILL_SECONDS: '3', SUBMISSIONS_PER_HOUR: '3' },
    { clock: clock.now },
  ));
  await importUnits([
    brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG', naeringskode1: { kode: '93.120' } }),
    brregUnit('923609016', {
      navn: 'SENJA KYSTLAG',
      forretningsadresse: { landkode: 'NO', postnummer: '9300', adresse: ['Storgata 1'], kommunenummer: '5530' },
    }),
  ]);
  narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
  senja = await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
});

describe('the claim prompt', () => {
  it('asks on an unclaimed entry whether it is your association, with a link to the claim page', async () => {
    const { status, doc } = await get(app, '/lag/narvik-idrettslag');
    expect(status).toBe(200);
    expect(text(doc.querySelector('#claim-heading'))).toBe('Er dette ditt lag?');
    expect(doc.querySelector('.claim-prompt a')?.getAttribute('href')).toBe(CLAIM);

    const english = await get(app, '/lag/narvik-idrettslag?lang=en');
    expect(text(english.doc.querySelector('#claim-heading'))).toBe('Is this your association?');
  });

  it('is not shown on an entry the association registered itself', async () => {
    const { doc } = await get(app, '/lag/registrert-lag');
    expect(doc.querySelector('.claim-prompt')).toBeNull();
    const form = await get(app, '/lag/registrert-lag/dette-er-oss');
    expect(form.doc.querySelector('form.claim-form')).toBeNull();
    expect(text(form.doc.querySelector('.lead'))).toContain('allerede en kontaktperson');
  });

  it('answers 404 for an unknown entry', async () => {
    expect((await get(app, '/lag/finnes-ikke/dette-er-oss')).status).toBe(404);
  });
});

describe('a moderator and an unclaimed entry', () => {
  it('can correct it without inventing a contact person, and it stays claimable', async () => {
    const entry = await db.selectFrom('associations').selectAll().where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    const fields = { version: String(entry.version), name: 'Narvik IL', short_description: 'Idrett for alle.', categories: 'idrett', municipality: '1806' };
    const saved = await decide(narvik, `/moderering/lag/${entry.id}`, { ...fields, contact_name: '', contact_email: '' });
    expect(saved.status).toBe(303);
    const after = await db.selectFrom('associations').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: 'Narvik IL', contact_name: null, contact_email: null });
    expect((await get(app, '/lag/narvik-idrettslag')).doc.querySelector('.claim-prompt')).not.toBeNull();

    // Half a contact person is still refused.
    const half = await decide(narvik, `/moderering/lag/${entry.id}`, { ...fields, version: String(after.version), contact_name: 'Kari', contact_email: '' });
    expect(half.status).toBe(422);
    expect(half.doc.querySelector('#field-contact_email-error')).not.toBeNull();
  });
});

describe('POST /lag/:slug/dette-er-oss', () => {
  it('stores a claim for the moderators and thanks the claimant', async () => {
    const { status, response } = await claim(valid);
    expect(status).toBe(303);
    expect(response.headers.get('Location')).toBe(`${CLAIM}/takk`);
    const stored = await db.selectFrom('claims').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      contact_name: 'Kari Nordmann',
      contact_email: 'kari@example.no',
      phone: '+47 91 23 45 67',
      message: 'Jeg er leder i styret.',
      status: 'pending',
    });
    // Nothing changes on the entry until a moderator approves.
    const entry = await db.selectFrom('associations').select(['contact_email']).where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    expect(entry.contact_email).toBeNull();
    expect((await get(app, `${CLAIM}/takk`)).status).toBe(200);
  });

  it('rejects a claim without a name or role, keeps what was typed and stores nothing', async () => {
    const { status, doc } = await claim({ ...valid, contact_name: '', message: '  ', contact_email: 'ikke-en-adresse', phone: '123', accept_terms: undefined });
    expect(status).toBe(422);
    expect(text(doc.querySelector('#claim-contact_name-error'))).toBe('Skriv navnet ditt.');
    expect(text(doc.querySelector('#claim-contact_email-error'))).toContain('gyldig e-postadresse');
    expect(text(doc.querySelector('#claim-message-error'))).toBe('Skriv hvilken rolle du har i laget.');
    expect(doc.querySelector('#claim-phone-error')).not.toBeNull();
    expect(doc.querySelector('#claim-accept_terms-error')).not.toBeNull();
    expect(doc.querySelectorAll('.error-summary a').map((a) => a.getAttribute('href'))).toEqual([
      '#claim-contact_name',
      '#claim-contact_email',
      '#claim-phone',
      '#claim-message',
      '#claim-accept_terms',
    ]);
    expect(doc.querySelector('input[name="contact_email"]')?.getAttribute('value')).toBe('ikke-en-adresse');
    expect(doc.querySelector('input[name="phone"]')?.getAttribute('value')).toBe('123');
    expect(await count('claims')).toBe(0);
  });

  it('refuses a post from another site, a filled honeypot, a form sent too fast or without a token', async () => {
    const foreign = await claim(valid, CLAIM, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await claim({ ...valid, homepage: 'http://spam.example' })).status).toBe(422);

    const form = await get(app, CLAIM);
    const fast = await postForm(app, CLAIM, { form_token: formToken(form.doc), ...valid });
    expect(fast.status).toBe(422);
    expect(fast.doc.querySelector('input[name="contact_name"]')?.getAttribute('value')).toBe('Kari Nordmann');
    expect((await postForm(app, CLAIM, { form_token: 'forged', ...valid })).status).toBe(422);
    expect(await count('claims')).toBe(0);
  });

  it('limits claims per client address', async () => {
    for (let i = 0; i < 3; i++) expect((await claim({ ...valid, contact_email: `person${i}@example.no` })).status).toBe(303);
    const limited = await claim(valid);
    expect(limited.status).toBe(429);
    expect(await count('claims')).toBe(3);
  });

  it('takes claims that will mail one address at most three times an hour, from however many clients', async () => {
    const statuses: number[] = [];
    for (const peer of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      const connection = viaPeer(app, peer);
      const form = await get(connection, CLAIM);
      clock.advance(5_000);
      statuses.push((await postForm(connection, CLAIM, { form_token: formToken(form.doc), ...valid })).status);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('replaces an earlier claim from the same address, and keeps claims from different people side by side', async () => {
    await claim(valid);
    await claim({ ...valid, message: 'Jeg er sekretær.' });
    await claim({ ...valid, contact_name: 'Per', contact_email: 'per@example.no' });
    const pending = await db.selectFrom('claims').select(['contact_email', 'message']).where('status', '=', 'pending').orderBy('id').execute();
    expect(pending).toEqual([
      { contact_email: 'kari@example.no', message: 'Jeg er sekretær.' },
      { contact_email: 'per@example.no', message: 'Jeg er leder i styret.' },
    ]);
  });
});

describe('deciding a claim', () => {
  it('shows the claim in the queue of the municipality moderator, with who asks', async () => {
    await claim(valid);
    const { doc } = await get(app, '/moderering?type=claim', { Cookie: narvik.cookie });
    const rows = doc.querySelectorAll('.queue-item');
    expect(rows).toHaveLength(1);
    expect(text(rows[0]!.querySelector('.queue-item__title'))).toBe('Narvik Idrettslag');
    expect(text(rows[0]!.querySelector('.queue-item__kind'))).toBe('Vil ta over oppføringen');
    expect(text(rows[0]!.querySelector('.claim-summary'))).toContain('Kari Nordmann');
    expect(text(rows[0]!.querySelector('.claim-summary'))).toContain('Jeg er leder i styret.');
    expect(text(doc.querySelector('.queue-counts'))).toContain('Vil ta over oppføringen (1)');

    const other = await get(app, '/moderering?type=claim', { Cookie: senja.cookie });
    expect(other.doc.querySelectorAll('.queue-item')).toHaveLength(0);
  });

  it('approving makes the claimant the contact person and mails a private edit link that works', async () => {
    await claim(valid);
    const id = await onlyClaimId();
    const approved = await decide(narvik, `/moderering/krav/${id}/godkjenn`);
    expect(approved.status).toBe(303);
    expect(approved.response.headers.get('Location')).toBe('/moderering?melding=approved');

    const entry = await db.selectFrom('associations').selectAll().where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ contact_name: 'Kari Nordmann', contact_email: 'kari@example.no', publish_contact: 0 });
    const mail = (await mails()).at(-1)!;
    expect(mail.recipient).toBe('kari@example.no');
    expect(mail.subject).toContain('Narvik Idrettslag');
    const link = /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(deliveredText(mail))?.[1];
    expect(link).toBeDefined();
    const edit = await get(app, link!);
    expect(edit.status).toBe(200);
    expect(edit.doc.querySelector('input[name="name"]')?.getAttribute('value')).toBe('Narvik Idrettslag');

    const actions = await db.selectFrom('audit_log').select('action').where('association_id', '=', entry.id).execute();
    expect(actions.map((a) => a.action)).toContain('approve-claim');

    // Claimed now: no prompt, no form.
    const page = await get(app, '/lag/narvik-idrettslag');
    expect(page.doc.querySelector('.claim-prompt')).toBeNull();
    expect((await get(app, CLAIM)).doc.querySelector('form.claim-form')).toBeNull();
    const again = await decide(narvik, `/moderering/krav/${id}/godkjenn`);
    expect(again.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
  });

  it('approving one claim rejects the others for the same entry, and tells them why', async () => {
    await claim(valid);
    await claim({ ...valid, contact_name: 'Per', contact_email: 'per@example.no' });
    const [first] = await db.selectFrom('claims').select('id').orderBy('id').execute();
    await decide(narvik, `/moderering/krav/${first!.id}/godkjenn`);
    const statuses = await db.selectFrom('claims').select(['contact_email', 'status']).orderBy('id').execute();
    expect(statuses).toEqual([
      { contact_email: 'kari@example.no', status: 'approved' },
      { contact_email: 'per@example.no', status: 'superseded' },
    ]);
    const toPer = (await mails()).filter((m) => m.recipient === 'per@example.no');
    expect(toPer).toHaveLength(1);
    expect(toPer[0]!.text_body).toContain('En annen person fra laget');
    expect(toPer[0]!.text_body).not.toContain('/endre/');
  });

  it('rejecting needs a reason, mails it, and leaves the entry unclaimed', async () => {
    await claim(valid);
    const id = await onlyClaimId();
    const empty = await decide(narvik, `/moderering/krav/${id}/avvis`, { reason: ' ' }, { 'HX-Request': 'true' });
    expect(empty.status).toBe(422);
    expect(empty.doc.querySelector('.field-error')).not.toBeNull();
    expect(await onlyClaimId()).toBe(id);

    const rejected = await decide(narvik, `/moderering/krav/${id}/avvis`, { reason: 'Vi fant deg ikke i styret.' });
    expect(rejected.status).toBe(303);
    const mail = (await mails()).at(-1)!;
    expect(mail.recipient).toBe('kari@example.no');
    expect(mail.text_body).toContain('Vi fant deg ikke i styret.');
    expect(mail.text_body).not.toContain('/endre/');
    expect(await count('edit_tokens')).toBe(0);
    expect((await get(app, '/lag/narvik-idrettslag')).doc.querySelector('.claim-prompt')).not.toBeNull();
    // The rejection is on the record: who, which claim and why, without the claimant's address.
    const entry = await db.selectFrom('associations').select('id').where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    const log = await db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'details'])
      .where('association_id', '=', entry.id)
      .where('action', '!=', 'brreg-import')
      .execute();
    expect(log.map((row) => ({ ...row, details: JSON.parse(row.details) }))).toEqual([
      { action: 'reject-claim', user_id: narvik.userId, details: { claimId: id, reason: 'Vi fant deg ikke i styret.' } },
    ]);
    // Decided once: a second rejection is told it was handled and writes nothing.
    const again = await decide(narvik, `/moderering/krav/${id}/avvis`, { reason: 'Igjen.' });
    expect(again.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
    expect(await db.selectFrom('audit_log').select('action').where('action', '=', 'reject-claim').execute()).toHaveLength(1);
  });

  it('refuses a moderator of another municipality with 403 and changes nothing', async () => {
    await claim(valid);
    const id = await onlyClaimId();
    const forbidden = await decide(senja, `/moderering/krav/${id}/godkjenn`);
    expect(forbidden.status).toBe(403);
    expect((await decide(senja, `/moderering/krav/${id}/avvis`, { reason: 'Nei' })).status).toBe(403);
    expect(await onlyClaimId()).toBe(id);
    expect(await count('outbox')).toBe(0);
  });

  it('refuses a decision without a session or without the CSRF token', async () => {
    await claim(valid);
    const id = await onlyClaimId();
    expect((await postForm(app, `/moderering/krav/${id}/godkjenn`, {})).status).toBe(401);
    expect((await postForm(app, `/moderering/krav/${id}/godkjenn`, { csrf: 'wrong' }, { Cookie: narvik.cookie })).status).toBe(403);
    expect(await onlyClaimId()).toBe(id);
  });
});
