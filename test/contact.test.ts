import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { associationFormData, proposeRevision } from '../src/db/submissions.js';
import { publicContactEmail, publicEmail } from '../src/lib/contact.js';
import { association, deliveredText, formToken, get, movableClock, postForm, signIn, testApp, text, viaPeer } from './helpers.js';

let app: App;
let db: DB;
let reference: Reference;
let clock: ReturnType<typeof movableClock>;

const valid = { name: 'Per Hansen', email: 'per@example.org', message: 'Hei!\n\nKan jeg bli med på trening?' };

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, reference } = await testApp(
    (ref) => [
      association(ref, {
        name: 'Skjult Skiklubb',
        email: 'post@ski.example.no',
        contactViaForm: true,
        contactName: 'Kari',
        contactEmail: 'kari@example.no',
        publishContact: true,
      }),
      association(ref, { name: 'Åpen Korforening', email: 'post@kor.example.no' }),
      association(ref, { name: 'Uten Adresse', contactViaForm: true }),
    ],
    {},
    { clock: clock.now },
  ));
});

async function outbox() {
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

async function send(slug: string, fields: Record<string, string>, headers: Record<string, string> = {}, target: App = app) {
  const page = await get(target, `/lag/${slug}/kontakt`);
  clock.advance(5_000);
  return postForm(target, `/lag/${slug}/kontakt`, { form_token: formToken(page.doc), ...fields }, headers);
}

describe('the detail page', () => {
  it('hides every email address and links to the contact form when the association chose it', async () => {
    const { body, doc } = await get(app, '/lag/skjult-skiklubb');
    expect(body).not.toContain('post@ski.example.no');
    expect(body).not.toContain('kari@example.no');
    expect(body).not.toContain('mailto:');
    const link = doc.querySelector('a[href="/lag/skjult-skiklubb/kontakt"]');
    expect(text(link)).toBe('Send en melding');
    // The contact person they agreed to show is still named.
    expect(text(doc.querySelector('#contact-heading')?.parentNode)).toContain('Kari');
  });

  it('shows the address as before when the association did not choose the form', async () => {
    const { body, doc } = await get(app, '/lag/apen-korforening');
    expect(doc.querySelector('a[href="mailto:post@kor.example.no"]')).not.toBeNull();
    expect(body).not.toContain('/kontakt');
  });

  it('publicEmail and publicContactEmail say the same for the API and exports', () => {
    expect(publicEmail({ email: 'a@b.no', contact_via_form: 1 })).toBeNull();
    expect(publicEmail({ email: 'a@b.no', contact_via_form: 0 })).toBe('a@b.no');
    expect(publicContactEmail({ email: null, contact_via_form: 1, contact_email: 'k@b.no', publish_contact: 1 })).toBeNull();
    expect(publicContactEmail({ email: null, contact_via_form: 0, contact_email: 'k@b.no', publish_contact: 1 })).toBe('k@b.no');
    expect(publicContactEmail({ email: null, contact_via_form: 0, contact_email: 'k@b.no', publish_contact: 0 })).toBeNull();
  });
});

describe('the contact page', () => {
  it('404s unless the association chose the form and has an email address', async () => {
    expect((await get(app, '/lag/skjult-skiklubb/kontakt')).status).toBe(200);
    expect((await get(app, '/lag/apen-korforening/kontakt')).status).toBe(404);
    expect((await get(app, '/lag/uten-adresse/kontakt')).status).toBe(404);
    expect((await get(app, '/lag/finnes-ikke/kontakt')).status).toBe(404);
    expect((await postForm(app, '/lag/apen-korforening/kontakt', valid)).status).toBe(404);
  });

  it('keeps the sender name out of the subject, so it cannot carry an RFC 2047 encoded word', async () => {
    const sent = await send('skjult-skiklubb', { ...valid, name: '=?utf-8?q?Kontoen_din_er_stengt_-_logg_inn_her?=' });
    expect(sent.status).toBe(303);
    const [mail] = await outbox();
    expect(mail!.subject).toBe('Ny melding via kontaktskjemaet i Lagportal');
    const eml = readFileSync(mail!.eml_path!, 'utf8');
    const subjectLine = /^Subject: (.*)$/m.exec(eml)![1]!;
    expect(subjectLine).not.toContain('stengt');
    expect(subjectLine).not.toContain('Kontoen');
  });

  it('accepts each form once: the same token sent again is refused and mails nothing', async () => {
    const page = await get(app, '/lag/skjult-skiklubb/kontakt');
    clock.advance(5_000);
    const token = formToken(page.doc);
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 10; i++) {
      const sent = await postForm(app, '/lag/skjult-skiklubb/kontakt', { form_token: token, ...valid, message: `Melding ${i}` });
      statuses.push(sent.status);
      last = sent.body;
    }
    expect(statuses).toEqual([303, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
    expect(last).toContain('Dette skjemaet er allerede sendt én gang');
    // What they typed is kept, with a fresh token to send it again.
    expect(last).toContain('Melding 9');
    expect((await outbox()).map((m) => m.text_body.split('\n')[0])).toEqual(['Melding 0']);
  });

  it('mails one association at most MAILS_PER_RECIPIENT_PER_HOUR times an hour, from however many clients', async () => {
    const senders = ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].map((peer) => viaPeer(app, peer) as unknown as App);
    const statuses: number[] = [];
    for (const sender of senders) statuses.push((await send('skjult-skiklubb', valid, {}, sender)).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
    expect(await outbox()).toHaveLength(3);
    const refused = await send('skjult-skiklubb', { ...valid, message: 'Fjerde gang' }, {}, viaPeer(app, '203.0.113.5') as unknown as App);
    expect(refused.status).toBe(429);
    expect(text(refused.doc.querySelector('.notice'))).toContain('Det er sendt mange e-poster til denne adressen den siste timen');
    expect(refused.doc.querySelector('#field-message')?.textContent).toBe('Fjerde gang');
    clock.advance(61 * 60 * 1000);
    expect((await send('skjult-skiklubb', valid, {}, senders[3])).status).toBe(303);
  });

  it('mails the message to the association through the outbox with the visitor as Reply-To', async () => {
    const sent = await send('skjult-skiklubb', valid);
    expect(sent.status).toBe(303);
    expect(sent.response.headers.get('Location')).toBe('/lag/skjult-skiklubb/kontakt/takk');
    const [mail, ...rest] = await outbox();
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({ recipient: 'post@ski.example.no', reply_to: 'per@example.org', subject: 'Ny melding via kontaktskjemaet i Lagportal' });
    expect(mail!.text_body).toContain('Kan jeg bli med på trening?');
    expect(mail!.text_body).toContain('via kontaktskjemaet for Skjult Skiklubb på Lagportal');
    const eml = readFileSync(mail!.eml_path!, 'utf8');
    expect(eml).toMatch(/^Reply-To: per@example\.org$/m);
    expect(eml).toMatch(/^To: post@ski\.example\.no$/m);

    const thanks = await get(app, '/lag/skjult-skiklubb/kontakt/takk');
    expect(thanks.status).toBe(200);
    expect(thanks.body).not.toContain('post@ski.example.no');
    // Nothing but the outbox holds the visitor's address.
    expect(await db.selectFrom('reports').select('id').execute()).toEqual([]);
  });

  it.each([
    ['name', { name: '' }, 'Skriv navnet ditt.'],
    ['name', { name: 'x'.repeat(121) }, 'høyst 120 tegn'],
    ['email', { email: '' }, 'så laget kan svare deg'],
    ['email', { email: 'per@' }, 'riktig format'],
    ['message', { message: ' \n ' }, 'Skriv en melding'],
    ['message', { message: 'x'.repeat(3001) }, 'høyst 3000 tegn'],
  ])('rejects a bad %s with a message next to it, keeps the other fields and sends nothing', async (field, change, message) => {
    const sent = await send('skjult-skiklubb', { ...valid, ...change });
    expect(sent.status).toBe(422);
    expect(text(sent.doc.querySelector(`#field-${field}`)?.parentNode.querySelector('.field-error'))).toContain(message);
    expect(sent.doc.querySelector(`#error-summary a[href="#field-${field}"]`)).not.toBeNull();
    if (field !== 'name') expect(sent.doc.querySelector('#field-name')?.getAttribute('value')).toBe(valid.name);
    if (field !== 'email') expect(sent.doc.querySelector('#field-email')?.getAttribute('value')).toBe(valid.email);
    if (field !== 'message') expect(sent.doc.querySelector('#field-message')?.textContent).toBe(valid.message);
    expect(sent.body).not.toContain('post@ski.example.no');
    expect(await outbox()).toEqual([]);
  });

  it('turns away honeypots, bad tokens and other sites kindly, sending nothing', async () => {
    const honeypot = await send('skjult-skiklubb', { ...valid, homepage: 'x' });
    expect(honeypot.status).toBe(422);
    expect(honeypot.doc.querySelector('#field-name')?.getAttribute('value')).toBe(valid.name);
    expect((await postForm(app, '/lag/skjult-skiklubb/kontakt', { ...valid, form_token: 'forged' })).status).toBe(422);
    const page = await get(app, '/lag/skjult-skiklubb/kontakt');
    clock.advance(25 * 60 * 60 * 1000);
    const stale = await postForm(app, '/lag/skjult-skiklubb/kontakt', { form_token: formToken(page.doc), ...valid });
    expect(stale.status).toBe(422);
    expect(text(stale.doc.querySelector('.notice'))).toContain('vært åpent lenge');
    const foreign = await send('skjult-skiklubb', valid, { Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(text(foreign.doc.querySelector('.notice'))).toContain('Lagportals egne sider');
    expect(await outbox()).toEqual([]);
  });

  it('limits messages per client address per hour', async () => {
    const { app: limited, db: limitedDb } = await testApp(
      (ref) => [association(ref, { name: 'Skjult Skiklubb', email: 'post@ski.example.no', contactViaForm: true })],
      { CONTACT_MESSAGES_PER_HOUR: '1' },
      { clock: clock.now },
    );
    expect((await send('skjult-skiklubb', valid, {}, limited)).status).toBe(303);
    const second = await send('skjult-skiklubb', valid, {}, limited);
    expect(second.status).toBe(429);
    expect(text(second.doc.querySelector('.notice'))).toContain('Vent litt');
    expect(second.doc.querySelector('#field-message')?.textContent).toBe(valid.message);
    expect(await limitedDb.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });
});

describe('erasure', () => {
  it('deletes the contact messages, with the visitors’ addresses, when the entry is removed', async () => {
    expect((await send('skjult-skiklubb', valid)).status).toBe(303);
    const entry = await db.selectFrom('associations').selectAll().where('name', '=', 'Skjult Skiklubb').executeTakeFirstOrThrow();
    const { requestRemoval } = await import('../src/db/submissions.js');
    await requestRemoval(db, entry.id, clock.now());
    const revision = await db.selectFrom('revisions').select('id').where('association_id', '=', entry.id).executeTakeFirstOrThrow();
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    expect((await postForm(app, `/moderering/endring/${revision.id}/godkjenn`, { csrf: admin.csrf }, { Cookie: admin.cookie })).status).toBe(303);
    expect((await outbox()).filter((m) => m.reply_to === 'per@example.org')).toEqual([]);
  });
});

describe('choosing the contact form', () => {
  const registration = {
    name: 'Beisfjord Sangkor',
    short_description: 'Vi synger.',
    categories: 'kunst-og-kultur',
    municipality: '1806',
    email: 'post@sang.example.no',
    contact_name: 'Kari Nordmann',
    contact_email: 'kari@example.no',
    accept_terms: '1',
  };

  async function register(fields: Record<string, string>) {
    const form = await get(app, '/registrer');
    clock.advance(5_000);
    return postForm(app, '/registrer', { form_token: formToken(form.doc), ...fields });
  }

  it('is stored from the registration form and comes back ticked in the edit form', async () => {
    expect((await register({ ...registration, contact_via_form: '1' })).status).toBe(303);
    const stored = await db.selectFrom('associations').selectAll().where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow();
    expect(stored.contact_via_form).toBe(1);
    const mail = (await outbox()).at(-1)!;
    const link = /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(deliveredText(mail))![1]!;
    const edit = await get(app, link);
    expect(edit.doc.querySelector('#field-contact_via_form')?.hasAttribute('checked')).toBe(true);

    // Sending the edit form back without the tick turns the form off again.
    const form = edit.doc.querySelector('form.association-form')!;
    const fields: Record<string, string | string[]> = { form_token: formToken(edit.doc) };
    for (const input of form.querySelectorAll('input[type="text"], input[type="email"]'))
      fields[input.getAttribute('name')!] = input.getAttribute('value') ?? '';
    fields.municipality = '1806';
    fields.categories = 'kunst-og-kultur';
    clock.advance(5_000);
    expect((await postForm(app, link, fields)).status).toBe(303);
    const after = await db.selectFrom('associations').selectAll().where('id', '=', stored.id).executeTakeFirstOrThrow();
    expect(after.contact_via_form).toBe(0);
    expect(after.email).toBe('post@sang.example.no');
  });

  it('needs the association’s email address to send the messages to', async () => {
    const sent = await register({ ...registration, email: '', contact_via_form: '1' });
    expect(sent.status).toBe(422);
    expect(text(sent.doc.querySelector('#field-contact_via_form')?.parentNode.querySelector('.field-error'))).toContain('Skriv lagets e-postadresse');
    expect(sent.doc.querySelector('#field-contact_via_form')?.hasAttribute('checked')).toBe(true);
    expect(await db.selectFrom('associations').select('id').where('name', '=', 'Beisfjord Sangkor').execute()).toEqual([]);
  });

  it('is shown in the moderation diff when a published entry proposes it', async () => {
    const entry = await db.selectFrom('associations').selectAll().where('name', '=', 'Åpen Korforening').executeTakeFirstOrThrow();
    const current = await associationFormData(db, entry, reference);
    expect(current.contactViaForm).toBe(false);
    await proposeRevision(db, entry.id, { ...current, contactViaForm: true }, clock.now());
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    const { doc } = await get(app, '/moderering?type=revision', { Cookie: admin.cookie });
    const rows = doc.querySelectorAll('table.diff tbody tr').map((tr) => tr.querySelectorAll('th, td').map((cell) => text(cell)));
    expect(rows).toEqual([['Skjul e-postadressen og la besøkende sende en melding gjennom et skjema', '–', '✓']]);
  });
});
