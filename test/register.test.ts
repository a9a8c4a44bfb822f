import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { DB } from '../src/db/sqlite.js';
import { ASSOCIATION_FORM_FIELDS } from '../src/lib/association-form.js';
import { association, deliveredText, formToken, get, movableClock, postForm, testApp, text, viaPeer } from './helpers.js';

let app: App;
let db: DB;
let clock: ReturnType<typeof movableClock>;

const valid = {
  name: 'Beisfjord Sangkor',
  short_description: 'Vi synger i Beisfjord kirke hver torsdag.',
  description: 'Koret ble startet i 1978.\n\nAlle er velkomne.',
  categories: ['kunst-og-kultur'],
  municipality: '1806',
  place: 'beisfjord',
  website: 'beisfjord-sangkor.no',
  email: 'post@beisfjord-sangkor.no',
  phone: '912 34 567',
  postal_address: 'Postboks 7',
  postal_code: '8522',
  org_number: '974760673',
  founded_year: '1978',
  links: 'https://www.facebook.com/beisfjordsangkor\ninstagram.com/beisfjordsangkor',
  contact_name: 'Kari Nordmann',
  contact_email: 'Kari@Example.no',
  publish_contact: undefined as string | undefined,
  accept_terms: '1',
};

async function counts() {
  const count = async (table: 'associations' | 'outbox' | 'edit_tokens' | 'submission_attempts' | 'association_categories') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    associations: await count('associations'),
    categories: await count('association_categories'),
    outbox: await count('outbox'),
    tokens: await count('edit_tokens'),
    attempts: await count('submission_attempts'),
  };
}

/** Opens the form, waits like a person would, and sends it. */
async function register(fields: Record<string, string | string[] | undefined>, headers: Record<string, string> = {}) {
  const form = await get(app, '/registrer');
  clock.advance(5_000);
  return postForm(app, '/registrer', { form_token: formToken(form.doc), ...fields }, headers);
}

beforeEach(async () => {
  clock = movableClock();
  ({ app, db } = await testApp(
    (reference) => [association(reference, { name: 'Bjerkvik Blandakor', categories: ['kunst-og-kultur'], orgNumber: '923609016' })],
    { MIN_FILL_SECONDS: '3', SUBMISSIONS_PER_HOUR: '3' },
    { clock: clock.now },
  ));
});

describe('GET /registrer', () => {
  it('shows a form with every field of the contract, and says what becomes public', async () => {
    const { status, doc } = await get(app, '/registrer');
    expect(status).toBe(200);
    const form = doc.querySelector('form.association-form')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/registrer');
    for (const name of ASSOCIATION_FORM_FIELDS) expect(form.querySelector(`[name="${name}"]`), name).not.toBeNull();
    expect(text(doc.querySelector('.info'))).toContain('vises ikke');
    expect(doc.querySelector('input[name="form_token"]')).not.toBeNull();
  });
});

describe('POST /registrer', () => {
  it('stores a valid registration as pending, thanks, and emails a private edit link', async () => {
    const { status, response } = await register(valid);
    expect(status).toBe(303);
    expect(response.headers.get('Location')).toBe('/registrer/takk');
    const thanks = await get(app, '/registrer/takk');
    expect(text(thanks.doc.querySelector('h1'))).toBe('Takk! Laget er sendt inn');

    const stored = await db.selectFrom('associations').selectAll().where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      status: 'pending',
      website: 'https://beisfjord-sangkor.no/',
      phone: '+47 91 23 45 67',
      org_number: '974760673',
      founded_year: 1978,
      contact_email: 'kari@example.no',
      publish_contact: 0,
    });
    expect((await get(app, `/lag/${stored.slug}`)).status).toBe(404);
    expect(await db.selectFrom('association_links').select(['kind', 'url']).where('association_id', '=', stored.id).execute()).toEqual([
      { kind: 'facebook', url: 'https://www.facebook.com/beisfjordsangkor' },
      { kind: 'instagram', url: 'https://instagram.com/beisfjordsangkor' },
    ]);

    const mail = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(mail.recipient).toBe('Kari@example.no');
    expect(mail.subject).toBe('Vi har mottatt registreringen i Lagportal');
    const link = /https:\/\/lag\.example\.no\/endre\/([A-Za-z0-9_-]{43})/.exec(deliveredText(mail));
    expect(link).not.toBeNull();
    // Only a hash of the token is stored.
    const tokens = await db.selectFrom('edit_tokens').select('token_hash').execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.token_hash).not.toContain(link![1]);
  });

  it('rejects a website that is not http(s) and keeps the other fields', async () => {
    const before = await counts();
    const { status, doc } = await register({ ...valid, website: 'javascript:alert(1)' });
    expect(status).toBe(422);
    expect(text(doc.querySelector('#field-website-error'))).toContain('http');
    expect(doc.querySelector('#field-website')?.getAttribute('aria-invalid')).toBe('true');
    expect(doc.querySelector('#field-website')?.getAttribute('aria-describedby')).toContain('field-website-error');
    expect(doc.querySelector('#error-summary a')?.getAttribute('href')).toBe('#field-website');
    expect(doc.querySelector('#field-name')?.getAttribute('value')).toBe('Beisfjord Sangkor');
    expect(doc.querySelector('#field-contact_email')?.getAttribute('value')).toBe('Kari@Example.no');
    expect(doc.querySelector('#category-kunst-og-kultur')?.hasAttribute('checked')).toBe(true);
    expect(doc.querySelector('#field-municipality option[selected]')?.getAttribute('value')).toBe('1806');
    expect(doc.querySelector('#field-description')?.textContent).toBe(valid.description);
    expect(await counts()).toEqual(before);
  });

  it.each([
    [{ website: 'https://user:secret@example.no/' }, 'website'],
    [{ email: 'not-an-address' }, 'email'],
    [{ phone: '12' }, 'phone'],
    [{ org_number: '974760674' }, 'org_number'],
    [{ postal_code: '85' }, 'postal_code'],
    [{ founded_year: '1700' }, 'founded_year'],
    [{ founded_year: '2027' }, 'founded_year'],
    [{ municipality: '9999' }, 'municipality'],
    [{ municipality: '<script>' }, 'municipality'],
    [{ categories: ['finnes-ikke'] }, 'categories'],
    [{ categories: [] }, 'categories'],
    [{ categories: ['idrett', 'helse', 'dyrevern', 'bolig'] }, 'categories'],
    [{ place: 'finnsnes' }, 'place'],
    [{ short_description: 'x'.repeat(201) }, 'short_description'],
    [{ name: '' }, 'name'],
    [{ contact_email: '' }, 'contact_email'],
    [{ accept_terms: undefined }, 'accept_terms'],
    [{ links: 'data:text/html,hei' }, 'links'],
  ])('refuses %o with a message next to the field and stores nothing', async (change, field) => {
    const before = await counts();
    const { status, doc } = await register({ ...valid, ...change });
    expect(status).toBe(422);
    const errorId = field === 'categories' ? '#categories-error' : `#field-${field}-error`;
    expect(text(doc.querySelector(errorId)).length).toBeGreaterThan(5);
    expect(doc.querySelectorAll('#error-summary li')).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('shows HTML typed into a field as text', async () => {
    const { body, doc } = await register({ ...valid, name: '<b>Fet</b> forening', website: 'javascript:x' });
    expect(body).not.toContain('<b>Fet</b>');
    expect(doc.querySelector('#field-name')?.getAttribute('value')).toBe('<b>Fet</b> forening');
  });

  it('explains the errors in English for an English visitor', async () => {
    const { doc } = await register({ ...valid, org_number: '974760674' }, { Cookie: 'lang=en' });
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(text(doc.querySelector('#error-summary h2'))).toBe('There is a problem');
  });
});

describe('duplicates', () => {
  it('warns about a similar name in the same municipality and offers to suggest a change', async () => {
    const before = await counts();
    const { status, doc } = await register({ ...valid, name: 'Bjerkvik Blanda-kor', org_number: '' });
    expect(status).toBe(422);
    const warning = doc.querySelector('#duplicates-heading')?.parentNode;
    expect(text(warning)).toContain('Bjerkvik Blandakor');
    expect(warning?.querySelector('a[href="/lag/bjerkvik-blandakor"]')).not.toBeNull();
    expect(warning?.querySelector('a[href="/endre?lag=bjerkvik-blandakor"]')).not.toBeNull();
    expect(await counts()).toEqual(before);

    const again = await register({ ...valid, name: 'Bjerkvik Blanda-kor', org_number: '', not_duplicate: '1' });
    expect(again.status).toBe(303);
  });

  it('warns about the same organisation number', async () => {
    const { doc } = await register({ ...valid, org_number: '923 609 016' });
    expect(text(doc.querySelector('#duplicates-heading')?.parentNode)).toContain('samme organisasjonsnummer');
  });

  it('never shows a pending registration, by name or by organisation number', async () => {
    // Someone registers; while it waits for a moderator, a second visitor types a similar name.
    expect((await register({ ...valid, name: 'Hemmelig Hageklubb', org_number: '974760673' })).status).toBe(303);
    const similar = await register({ ...valid, name: 'Hemmelig Hage-klubb', org_number: '' });
    expect(similar.status).toBe(303);
    expect(similar.body).not.toContain('Hemmelig Hageklubb');
    const sameNumber = await register({ ...valid, name: 'Et helt annet lag', org_number: '974760673' });
    expect(sameNumber.status).toBe(303);
    expect(await db.selectFrom('associations').select('name').where('status', '=', 'pending').orderBy('id').execute()).toEqual([
      { name: 'Hemmelig Hageklubb' },
      { name: 'Hemmelig Hage-klubb' },
      { name: 'Et helt annet lag' },
    ]);
  });

  it('does not warn about a similar name in another municipality', async () => {
    expect((await register({ ...valid, name: 'Bjerkvik Blandakor', municipality: '5530', place: '', org_number: '' })).status).toBe(303);
  });
});

describe('abuse limits', () => {
  it('answers a filled-in honeypot kindly and stores nothing', async () => {
    const before = await counts();
    const { status, doc } = await register({ ...valid, homepage: 'http://spam.example' });
    expect(status).toBe(422);
    expect(text(doc.querySelector('.notice'))).toContain('Vi kunne ikke ta imot skjemaet');
    expect(doc.querySelector('#field-name')?.getAttribute('value')).toBe(valid.name);
    expect(await counts()).toEqual(before);
  });

  it('asks a form sent faster than the minimum fill time to be sent again', async () => {
    const form = await get(app, '/registrer');
    clock.advance(1_000);
    const { status, doc } = await postForm(app, '/registrer', { form_token: formToken(form.doc), ...valid });
    expect(status).toBe(422);
    expect(text(doc.querySelector('.notice'))).toContain('svært raskt');
    clock.advance(5_000);
    expect((await postForm(app, '/registrer', { form_token: formToken(doc), ...valid })).status).toBe(303);
  });

  it('refuses a forged or missing form token', async () => {
    const before = await counts();
    expect((await postForm(app, '/registrer', { ...valid, form_token: '1.abc' })).status).toBe(422);
    expect((await postForm(app, '/registrer', valid)).status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('limits registrations per client address per hour, keeping what was typed', async () => {
    const headers = { 'X-Forwarded-For': '203.0.113.9' };
    const limited = await testApp(() => [], { SUBMISSIONS_PER_HOUR: '2', TRUSTED_PROXIES: '10.1.0.1' }, { clock: clock.now });
    const proxied = viaPeer(limited.app, '10.1.0.1');
    const proxiedDb = limited.db;
    const send = async (name: string, h = headers) => {
      const form = await get(proxied, '/registrer');
      clock.advance(5_000);
      return postForm(proxied, '/registrer', { form_token: formToken(form.doc), ...valid, name, org_number: '' }, h);
    };
    expect((await send('Lag én')).status).toBe(303);
    expect((await send('Lag to')).status).toBe(303);
    const third = await send('Lag tre');
    expect(third.status).toBe(429);
    expect(text(third.doc.querySelector('.notice'))).toContain('Vent litt');
    expect(third.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Lag tre');
    // Only the address the proxy appended counts; what the client put before it is ignored.
    expect((await send('Lag fire', { 'X-Forwarded-For': '10.0.0.1, 203.0.113.9' })).status).toBe(429);
    expect((await send('Lag fire', { 'X-Forwarded-For': '198.51.100.4' })).status).toBe(303);
    clock.advance(61 * 60 * 1000);
    expect((await send('Lag fem')).status).toBe(303);
    expect(await proxiedDb.selectFrom('associations').select('name').orderBy('id').execute()).toEqual([
      { name: 'Lag én' },
      { name: 'Lag to' },
      { name: 'Lag fire' },
      { name: 'Lag fem' },
    ]);
  });

  it('accepts a form token once: sent ten times, it registers one association', async () => {
    const form = await get(app, '/registrer');
    clock.advance(5_000);
    const token = formToken(form.doc);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await postForm(app, '/registrer', { form_token: token, ...valid, name: `Lag nummer ${i}`, org_number: '' })).status);
    }
    expect(statuses).toEqual([303, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
    expect(await db.selectFrom('associations').select('name').where('name', 'like', 'Lag nummer%').execute()).toEqual([{ name: 'Lag nummer 0' }]);
    expect(await db.selectFrom('outbox').select('id').execute()).toHaveLength(1);
  });

  it('gives two visitors who open the form at the same moment tokens of their own', async () => {
    const first = await get(app, '/registrer');
    const second = await get(app, '/registrer');
    expect(formToken(first.doc)).not.toBe(formToken(second.doc));
    clock.advance(5_000);
    expect((await postForm(app, '/registrer', { form_token: formToken(first.doc), ...valid, name: 'Første lag', org_number: '' })).status).toBe(303);
    expect((await postForm(app, '/registrer', { form_token: formToken(second.doc), ...valid, name: 'Andre lag', org_number: '' })).status).toBe(303);
  });

  it('mails one contact address at most three receipts an hour, however many clients register it', async () => {
    const answers: Awaited<ReturnType<typeof postForm>>[] = [];
    for (const [i, peer] of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].entries()) {
      const connection = viaPeer(app, peer);
      const form = await get(connection, '/registrer');
      clock.advance(5_000);
      const fields = { form_token: formToken(form.doc), ...valid, name: `Spamlag ${i} KJØP NÅ`, org_number: '', not_duplicate: '1' };
      answers.push(await postForm(connection, '/registrer', fields));
    }
    expect(answers.map((a) => a.status)).toEqual([303, 303, 303, 429]);
    const refused = answers[3]!;
    expect(text(refused.doc.querySelector('.notice'))).toContain('Det er sendt mange e-poster til denne adressen den siste timen');
    expect(refused.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Spamlag 3 KJØP NÅ');
    const sent = await db.selectFrom('outbox').select(['recipient', 'subject']).execute();
    expect(sent).toHaveLength(3);
    // The name they typed never reaches the subject line.
    expect(new Set(sent.map((m) => m.subject))).toEqual(new Set(['Vi har mottatt registreringen i Lagportal']));
  });

  it('refuses a form posted from another site', async () => {
    const before = await counts();
    const { status } = await register(valid, { Origin: 'https://evil.example' });
    expect(status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('judges the origin by BASE_URL only, not by the Host the request names', async () => {
    const before = await counts();
    const form = await get(app, '/registrer');
    clock.advance(5_000);
    // A domain the attacker points at our address: Host and Origin agree, and both are theirs.
    const sent = await postForm(
      app,
      'https://evil.example/registrer',
      { form_token: formToken(form.doc), ...valid },
      { Origin: 'https://evil.example', Host: 'evil.example' },
    );
    expect(sent.status).toBe(403);
    expect(await counts()).toEqual(before);
  });
});

describe('email over SMTP', () => {
  let server: SMTPServer | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('sends the confirmation with the edit link to a real SMTP server', async () => {
    const received: { to: string[]; data: string }[] = [];
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as { port: number }).port;
    let mailer;
    ({ app, db, mailer } = await testApp(() => [], { SMTP_URL: `smtp://127.0.0.1:${port}` }, { clock: clock.now }));

    expect((await register(valid)).status).toBe(303);
    // Delivered from the outbox in the background, not by the request.
    await mailer.deliverDue();
    expect(received).toHaveLength(1);
    expect(received[0]!.to).toEqual(['Kari@example.no']);
    const unfolded = received[0]!.data.replace(/=\r?\n/g, '');
    expect(unfolded).toMatch(/https:\/\/lag\.example\.no\/endre\/[A-Za-z0-9_-]{43}/);
    const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
    expect(row.sent_at).not.toBeNull();
    expect(row.error).toBeNull();
    // The recipient got the link; the copy in the outbox has it taken out, and nothing else keeps it.
    expect(row.text_body).toContain('https://lag.example.no/endre/[…]');
    expect(row.text_body).not.toMatch(/\/endre\/[A-Za-z0-9_-]{43}/);
    expect(row.unsent_text).toBeNull();
    await mailer.close();
  });
});

describe('page structure', () => {
  it('has one h1, a skip link and an error summary linked to fields', async () => {
    const { doc } = await register({ ...valid, name: '', phone: 'abc' });
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    const links = doc.querySelectorAll('#error-summary a').map((a) => a.getAttribute('href'));
    expect(links).toEqual(['#field-name', '#field-phone']);
    expect(links.map((href) => doc.querySelector(href!)?.getAttribute('name'))).toEqual(['name', 'phone']);
    const skip = doc.querySelector('a.skip-link');
    expect(skip?.getAttribute('href')).toBe('#main');
    expect(text(skip)).toBe('Hopp til hovedinnholdet');
    expect(doc.querySelector('main')?.getAttribute('id')).toBe('main');
  });
});
