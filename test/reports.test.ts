import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { DB } from '../src/db/sqlite.js';
import { requestRemoval } from '../src/db/submissions.js';
import { association, formToken, get, movableClock, postForm, signIn, testApp, text, viaPeer } from './helpers.js';

let app: App;
let db: DB;
let clock: ReturnType<typeof movableClock>;

const valid = { kind: 'wrong_info', message: 'Treningene er flyttet til tirsdager.', email: 'Ola@Example.no' };

beforeEach(async () => {
  clock = movableClock();
  ({ app, db } = await testApp(
    (ref) => [
      association(ref, { name: 'Narvik Turlag', contactEmail: 'tur@example.no', email: 'post@tur.example.no' }),
      association(ref, { name: 'Senja Skiklubb', municipalityNumber: '5530' }),
      association(ref, { name: 'Ventende Lag', status: 'pending' }),
    ],
    {},
    { clock: clock.now },
  ));
});

async function reports() {
  return db.selectFrom('reports').selectAll().orderBy('id').execute();
}

/** Opens the report page of an entry and sends it, at human speed. */
async function report(slug: string, fields: Record<string, string>, headers: Record<string, string> = {}, target: Pick<App, 'request'> = app) {
  const page = await get(target, `/lag/${slug}/meld-feil`);
  clock.advance(5_000);
  return postForm(target, `/lag/${slug}/meld-feil`, { form_token: formToken(page.doc), ...fields }, headers);
}

describe('the report page', () => {
  it('is linked from every published detail page', async () => {
    const { doc } = await get(app, '/lag/narvik-turlag');
    expect(doc.querySelector('a[href="/lag/narvik-turlag/meld-feil"]')).not.toBeNull();
    const page = await get(app, '/lag/narvik-turlag/meld-feil');
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('input[type="radio"][name="kind"]').map((r) => r.getAttribute('value'))).toEqual([
      'wrong_info',
      'closed',
      'broken_link',
      'other',
    ]);
  });

  it('does not exist for entries that are not published', async () => {
    expect((await get(app, '/lag/ventende-lag/meld-feil')).status).toBe(404);
    expect((await get(app, '/lag/finnes-ikke/meld-feil')).status).toBe(404);
  });

  it('stores a report and thanks the visitor on a page of its own', async () => {
    const { status, response } = await report('narvik-turlag', valid);
    expect(status).toBe(303);
    expect(response.headers.get('Location')).toBe('/lag/narvik-turlag/meld-feil/takk');
    const thanks = await get(app, '/lag/narvik-turlag/meld-feil/takk');
    expect(thanks.status).toBe(200);
    expect(text(thanks.doc.querySelector('h1'))).toBe('Takk for at du sa fra');
    const stored = await reports();
    expect(stored).toMatchObject([{ kind: 'wrong_info', message: valid.message, reporter_email: 'Ola@example.no', status: 'pending' }]);
  });

  it('takes a report without an email address', async () => {
    expect((await report('narvik-turlag', { kind: 'closed', message: 'Laget er lagt ned.' })).status).toBe(303);
    expect((await reports())[0]?.reporter_email).toBeNull();
  });
});

describe('validation', () => {
  it.each([
    ['kind', { kind: '' }, 'Velg hva som er feil.'],
    ['kind', { kind: 'drop table' }, 'Velg hva som er feil.'],
    ['message', { message: '   ' }, 'Beskriv feilen'],
    ['message', { message: 'x'.repeat(2001) }, 'høyst 2000 tegn'],
    ['email', { email: 'ikke en adresse' }, 'riktig format'],
  ])('rejects a bad %s with a message next to it, keeps the other fields and stores nothing', async (field, change, message) => {
    const sent = await report('narvik-turlag', { ...valid, ...change });
    expect(sent.status).toBe(422);
    const wrapper = field === 'kind' ? sent.doc.querySelector('fieldset.radios') : sent.doc.querySelector(`#field-${field}`)?.parentNode;
    expect(text(wrapper?.querySelector('.field-error'))).toContain(message);
    expect(sent.doc.querySelector('#error-summary')).not.toBeNull();
    if (field !== 'message') expect(sent.doc.querySelector('#field-message')?.textContent).toBe(valid.message);
    if (field !== 'email') expect(sent.doc.querySelector('#field-email')?.getAttribute('value')).toBe(valid.email);
    if (field !== 'kind') expect(sent.doc.querySelector('#field-kind-wrong_info')?.hasAttribute('checked')).toBe(true);
    expect(await reports()).toEqual([]);
  });

  it('answers in English with ?lang=en', async () => {
    const page = await get(app, '/lag/narvik-turlag/meld-feil?lang=en');
    clock.advance(5_000);
    const sent = await postForm(app, '/lag/narvik-turlag/meld-feil', { form_token: formToken(page.doc), ...valid, message: '' }, { Cookie: 'lang=en' });
    expect(sent.status).toBe(422);
    expect(text(sent.doc.querySelector('#field-message')?.parentNode.querySelector('.field-error'))).toBe(
      'Describe the error, so the moderator knows what to correct.',
    );
  });
});

describe('guards', () => {
  it('turns away a filled-in honeypot kindly and stores nothing', async () => {
    const sent = await report('narvik-turlag', { ...valid, homepage: 'http://spam.example' });
    expect(sent.status).toBe(422);
    expect(text(sent.doc.querySelector('.notice'))).toContain('prøv igjen');
    expect(sent.doc.querySelector('#field-message')?.textContent).toBe(valid.message);
    expect(await reports()).toEqual([]);
  });

  it('asks again for a forged, missing, stale or too fast form token', async () => {
    expect((await postForm(app, '/lag/narvik-turlag/meld-feil', { ...valid, form_token: '1.abc' })).status).toBe(422);
    expect((await postForm(app, '/lag/narvik-turlag/meld-feil', valid)).status).toBe(422);
    const page = await get(app, '/lag/narvik-turlag/meld-feil');
    const tooFast = await postForm(app, '/lag/narvik-turlag/meld-feil', { form_token: formToken(page.doc), ...valid });
    expect(tooFast.status).toBe(422);
    expect(text(tooFast.doc.querySelector('.notice'))).toContain('svært raskt');
    clock.advance(25 * 60 * 60 * 1000);
    const stale = await postForm(app, '/lag/narvik-turlag/meld-feil', { form_token: formToken(page.doc), ...valid });
    expect(stale.status).toBe(422);
    expect(text(stale.doc.querySelector('.notice'))).toContain('vært åpent lenge');
    // A token for another form is no good here either.
    const registration = await get(app, '/registrer');
    clock.advance(5_000);
    expect((await postForm(app, '/lag/narvik-turlag/meld-feil', { form_token: formToken(registration.doc), ...valid })).status).toBe(422);
    expect(await reports()).toEqual([]);
  });

  it('refuses a report posted from another site', async () => {
    const sent = await report('narvik-turlag', valid, { Origin: 'https://evil.example' });
    expect(sent.status).toBe(403);
    expect(text(sent.doc.querySelector('.notice'))).toContain('Lagportals egne sider');
    expect(await reports()).toEqual([]);
  });

  it('takes reports that will mail one address at most three times an hour, from however many clients', async () => {
    const statuses: number[] = [];
    for (const peer of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) {
      statuses.push((await report('narvik-turlag', valid, {}, viaPeer(app, peer) as Pick<App, 'request'>)).status);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    // Without an address nobody will be mailed, so the report is taken.
    expect((await report('narvik-turlag', { ...valid, email: '' }, {}, viaPeer(app, '203.0.113.5') as Pick<App, 'request'>)).status).toBe(303);
    expect(await reports()).toHaveLength(4);
  });

  it('limits reports per client address per hour, keeping what was typed', async () => {
    const behindProxy = await testApp(
      (ref) => [association(ref, { name: 'Narvik Turlag' })],
      { REPORTS_PER_HOUR: '2', TRUSTED_PROXIES: '10.1.0.1' },
      { clock: clock.now },
    );
    const limited = viaPeer(behindProxy.app, '10.1.0.1') as Pick<App, 'request'>;
    const limitedDb = behindProxy.db;
    const headers = { 'X-Forwarded-For': '203.0.113.9' };
    expect((await report('narvik-turlag', valid, headers, limited)).status).toBe(303);
    expect((await report('narvik-turlag', valid, headers, limited)).status).toBe(303);
    const third = await report('narvik-turlag', { ...valid, message: 'Tredje gang.' }, headers, limited);
    expect(third.status).toBe(429);
    expect(text(third.doc.querySelector('.notice'))).toContain('Vent litt');
    expect(third.doc.querySelector('#field-message')?.textContent).toBe('Tredje gang.');
    expect((await report('narvik-turlag', valid, { 'X-Forwarded-For': '198.51.100.4' }, limited)).status).toBe(303);
    expect(await limitedDb.selectFrom('reports').select('id').execute()).toHaveLength(3);
  });
});

describe('in the moderation queue', () => {
  async function reportId(slug: string, fields = valid) {
    expect((await report(slug, fields)).status).toBe(303);
    return (await db.selectFrom('reports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  }

  it('shows the kind, the message and a link to the entry to moderators of its municipality only', async () => {
    await reportId('narvik-turlag');
    await reportId('senja-skiklubb', { kind: 'broken_link', message: 'Nettsiden svarer ikke.', email: '' });
    const narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    const { doc } = await get(app, '/moderering?type=report', { Cookie: narvik.cookie });
    const rows = doc.querySelectorAll('.queue-item');
    expect(rows.map((r) => text(r.querySelector('.queue-item__title')))).toEqual(['Narvik Turlag']);
    const row = rows[0]!;
    expect(text(row.querySelector('.queue-item__kind'))).toBe('Meldt feil');
    expect(text(row.querySelector('.report'))).toContain('Feil eller utdaterte opplysninger');
    expect(text(row.querySelector('.report__message'))).toBe(valid.message);
    expect(row.querySelector('a[href="/lag/narvik-turlag"]')).not.toBeNull();
    // The reporter's address is private, even from moderators.
    expect(doc.toString()).not.toContain('Ola@example.no');
    expect(text(doc.querySelector('.queue-counts'))).toContain('Meldte feil (1)');

    const senja = await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
    const other = await get(app, '/moderering?type=report', { Cookie: senja.cookie });
    expect(other.doc.querySelectorAll('.queue-item__title').map((h) => text(h))).toEqual(['Senja Skiklubb']);
  });

  it('marks a report as handled once: audited without the address, reporter told, second try 409', async () => {
    const id = await reportId('narvik-turlag');
    const narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    const path = `/moderering/feilmelding/${id}/behandlet`;
    const first = await postForm(app, path, { csrf: narvik.csrf }, { Cookie: narvik.cookie, 'HX-Request': 'true' });
    expect(first.status).toBe(200);
    expect(text(first.doc.querySelector(`#queue-report-${id}`))).toBe('Markert som behandlet.');
    expect((await reports())[0]?.status).toBe('handled');

    const audit = await db.selectFrom('audit_log').selectAll().execute();
    expect(audit.map((a) => [a.action, a.user_id])).toEqual([['handle-report', narvik.userId]]);
    expect(audit[0]!.details).not.toContain('example.no');

    const mail = await db.selectFrom('outbox').selectAll().execute();
    expect(mail.map((m) => [m.recipient, m.subject])).toEqual([['Ola@example.no', 'Feilen du meldte om Narvik Turlag er behandlet']]);

    const again = await postForm(app, path, { csrf: narvik.csrf }, { Cookie: narvik.cookie, 'HX-Request': 'true' });
    expect(again.status).toBe(409);
    expect(text(again.doc)).toContain('allerede behandlet');
    const dismiss = await postForm(app, `/moderering/feilmelding/${id}/avvis`, { csrf: narvik.csrf }, { Cookie: narvik.cookie, 'HX-Request': 'true' });
    expect(dismiss.status).toBe(409);
    expect(await db.selectFrom('audit_log').select('id').execute()).toHaveLength(1);
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });

  it('dismisses a report without mailing the reporter, and a plain form goes back to the queue', async () => {
    const id = await reportId('narvik-turlag');
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const sent = await postForm(app, `/moderering/feilmelding/${id}/avvis`, { csrf: admin.csrf }, { Cookie: admin.cookie });
    expect(sent.status).toBe(303);
    expect(sent.response.headers.get('Location')).toBe('/moderering?melding=report-dismissed');
    expect(text((await get(app, '/moderering?melding=report-dismissed', { Cookie: admin.cookie })).doc.querySelector('.success'))).toBe('Avvist.');
    expect((await reports())[0]?.status).toBe('dismissed');
    expect(await db.selectFrom('outbox').select('id').execute()).toEqual([]);
    expect((await db.selectFrom('audit_log').select('action').execute()).map((a) => a.action)).toEqual(['dismiss-report']);
    const again = await postForm(app, `/moderering/feilmelding/${id}/avvis`, { csrf: admin.csrf }, { Cookie: admin.cookie });
    expect(again.response.headers.get('Location')).toBe('/moderering?melding=already-handled');
  });

  it('refuses a moderator outside the municipality with 403 and changes nothing', async () => {
    const id = await reportId('narvik-turlag');
    const senja = await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
    for (const decision of ['behandlet', 'avvis']) {
      const sent = await postForm(app, `/moderering/feilmelding/${id}/${decision}`, { csrf: senja.csrf }, { Cookie: senja.cookie });
      expect(sent.status).toBe(403);
    }
    expect((await reports())[0]?.status).toBe('pending');
    expect(await db.selectFrom('audit_log').select('id').execute()).toEqual([]);
  });

  it('needs a session and its CSRF token to decide', async () => {
    const id = await reportId('narvik-turlag');
    expect((await postForm(app, `/moderering/feilmelding/${id}/behandlet`, {})).status).toBe(401);
    const narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    expect((await postForm(app, `/moderering/feilmelding/${id}/behandlet`, { csrf: 'feil' }, { Cookie: narvik.cookie })).status).toBe(403);
    expect((await postForm(app, `/moderering/feilmelding/999/behandlet`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(404);
    expect((await reports())[0]?.status).toBe('pending');
  });

  it('erases the reporter addresses when the entry is removed with its personal data', async () => {
    await reportId('narvik-turlag');
    const entry = await db.selectFrom('associations').selectAll().where('name', '=', 'Narvik Turlag').executeTakeFirstOrThrow();
    await requestRemoval(db, entry.id, clock.now());
    const revision = await db.selectFrom('revisions').select('id').where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    expect((await postForm(app, `/moderering/endring/${revision.id}/godkjenn`, { csrf: admin.csrf }, { Cookie: admin.cookie })).status).toBe(303);
    expect((await reports())[0]?.reporter_email).toBeNull();
  });
});
