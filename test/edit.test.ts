import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Config } from '../src/config.js';
import type { DB } from '../src/db/sqlite.js';
import type { Mailer } from '../src/mail/mailer.js';
import { sendReminders } from '../src/reminders.js';
import { association, definitions, deliveredText, formToken, get, movableClock, postForm, testApp, text, viaPeer } from './helpers.js';

const DAY = 24 * 60 * 60 * 1000;
let app: App;
let db: DB;
let config: Config;
let mailer: Mailer;
let background: { idle: () => Promise<void> };
let clock: ReturnType<typeof movableClock>;

const registration = {
  name: 'Beisfjord Sangkor',
  short_description: 'Vi synger i Beisfjord kirke.',
  description: '',
  categories: ['kunst-og-kultur'],
  municipality: '1806',
  contact_name: 'Kari Nordmann',
  contact_email: 'kari@example.no',
  accept_terms: '1',
};

async function mails() {
  await background.idle();
  return db.selectFrom('outbox').selectAll().orderBy('id').execute();
}

function linkIn(body: string): string {
  const match = /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(body);
  if (!match) throw new Error(`no edit link in: ${body}`);
  return match[1]!;
}

async function registerAndGetLink(): Promise<string> {
  const form = await get(app, '/registrer');
  clock.advance(5_000);
  expect((await postForm(app, '/registrer', { form_token: formToken(form.doc), ...registration })).status).toBe(303);
  return linkIn(deliveredText((await mails()).at(-1)!));
}

/** Opens the edit page behind a link and sends its form with changes. */
async function saveEdit(link: string, changes: Record<string, string | string[]>) {
  const page = await get(app, link);
  const form = page.doc.querySelector('form.association-form')!;
  const fields: Record<string, string | string[]> = { form_token: formToken(page.doc) };
  for (const input of form.querySelectorAll('input[type="text"], input[type="email"], input[type="tel"]')) {
    fields[input.getAttribute('name')!] = input.getAttribute('value') ?? '';
  }
  for (const area of form.querySelectorAll('textarea')) fields[area.getAttribute('name')!] = area.textContent;
  for (const select of form.querySelectorAll('select')) {
    fields[select.getAttribute('name')!] = select.querySelector('option[selected]')?.getAttribute('value') ?? '';
  }
  fields.categories = form.querySelectorAll('input[name="categories"][checked]').map((i) => i.getAttribute('value')!);
  return postForm(app, link, { ...fields, ...changes });
}

async function publish(name: string) {
  await db
    .updateTable('associations')
    .set({ status: 'published', published_at: clock.now().toISOString(), last_confirmed_at: clock.now().toISOString() })
    .where('name', '=', name)
    .execute();
}

beforeEach(async () => {
  clock = movableClock();
  ({ app, db, config, mailer, background } = await testApp(
    (reference) => [
      association(reference, { name: 'Narvik Sjakklubb', contactName: 'Ola', contactEmail: 'ola@example.no' }),
      association(reference, { name: 'Narvik Bridgeklubb', contactEmail: 'ola@example.no' }),
    ],
    { EDIT_LINK_DAYS: '30' },
    { clock: clock.now },
  ));
});

describe('the private edit link', () => {
  it('follows the whole path: submit → pending → email with link → edit → published → change pending as a revision', async () => {
    const link = await registerAndGetLink();
    const page = await get(app, link);
    expect(page.status).toBe(200);
    expect(page.response.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(page.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Beisfjord Sangkor');

    // While pending, a change is made in place.
    const saved = await saveEdit(link, { short_description: 'Vi synger i Beisfjord kirke hver torsdag.' });
    expect(saved.status).toBe(303);
    expect(saved.response.headers.get('Location')).toBe(`${link}?ferdig=saved`);
    const pending = await db.selectFrom('associations').selectAll().where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow();
    expect(pending.short_description).toBe('Vi synger i Beisfjord kirke hver torsdag.');
    expect(pending.status).toBe('pending');
    // An edit of a pending entry is in the audit log too, like a moderator's (#16.13).
    const edits = await db.selectFrom('audit_log').select(['action', 'user_id', 'details']).where('association_id', '=', pending.id).execute();
    expect(edits.map((e) => [e.action, e.user_id])).toEqual([['edit-pending', null]]);
    expect(JSON.parse(edits[0]!.details)).toMatchObject({
      after: { name: 'Beisfjord Sangkor', shortDescription: 'Vi synger i Beisfjord kirke hver torsdag.' },
    });

    // A moderator publishes it; a later change waits for approval while the published version stays.
    await publish('Beisfjord Sangkor');
    const change = await saveEdit(link, { name: 'Beisfjord Blandakor', website: 'beisfjordkor.no' });
    expect(change.response.headers.get('Location')).toBe(`${link}?ferdig=saved-for-review`);
    const publicPage = await get(app, `/lag/${pending.slug}`);
    expect(text(publicPage.doc.querySelector('h1'))).toBe('Beisfjord Sangkor');
    const revisions = await db.selectFrom('revisions').selectAll().where('association_id', '=', pending.id).execute();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]).toMatchObject({ kind: 'update', status: 'pending' });
    expect(JSON.parse(revisions[0]!.data!)).toMatchObject({ name: 'Beisfjord Blandakor', website: 'https://beisfjordkor.no/' });

    const after = await get(app, `${link}?ferdig=saved-for-review`);
    expect(text(after.doc.querySelector('.success'))).toContain('venter på godkjenning');
    expect(after.doc.querySelector('#field-name')?.getAttribute('value')).toBe('Beisfjord Blandakor');
    expect(text(after.doc.querySelector('main'))).toContain('Du har sendt inn endringer som venter på godkjenning');

    // A second proposal replaces the first instead of piling up.
    await saveEdit(link, { name: 'Beisfjord Kor' });
    const statuses = await db.selectFrom('revisions').select('status').where('association_id', '=', pending.id).orderBy('id').execute();
    expect(statuses.map((r) => r.status)).toEqual(['superseded', 'pending']);
  });

  it('re-renders the edit form with messages and changes nothing when a field is wrong', async () => {
    const link = await registerAndGetLink();
    await publish('Beisfjord Sangkor');
    const { status, doc } = await saveEdit(link, { website: 'javascript:alert(1)', name: 'Nytt navn' });
    expect(status).toBe(422);
    expect(doc.querySelector('#field-name')?.getAttribute('value')).toBe('Nytt navn');
    expect(text(doc.querySelector('#field-website-error'))).not.toBe('');
    expect(await db.selectFrom('revisions').selectAll().execute()).toEqual([]);
  });

  it('can be used again until it expires, then explains how to get a new one', async () => {
    const link = await registerAndGetLink();
    expect((await saveEdit(link, { short_description: 'Første endring.' })).status).toBe(303);
    clock.advance(29 * DAY);
    expect((await saveEdit(link, { short_description: 'Andre endring.' })).status).toBe(303);
    clock.advance(2 * DAY);
    const expired = await get(app, link);
    expect(expired.status).toBe(410);
    expect(text(expired.doc.querySelector('h1'))).toBe('Lenken virker ikke lenger');
    expect(expired.doc.querySelector('a[href="/endre"]')).not.toBeNull();
    const before = await db.selectFrom('associations').select('short_description').where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow();
    expect((await postForm(app, link, { name: 'Kapret' })).status).toBe(410);
    expect(await db.selectFrom('associations').select('short_description').where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow()).toEqual(before);
  });

  it('stops working when a newer link is requested', async () => {
    const first = await registerAndGetLink();
    const form = await get(app, '/endre');
    clock.advance(5_000);
    await postForm(app, '/endre', { form_token: formToken(form.doc), email: 'kari@example.no' });
    const second = linkIn(deliveredText((await mails()).at(-1)!));
    expect(second).not.toBe(first);
    expect((await get(app, first)).status).toBe(410);
    expect((await get(app, second)).status).toBe(200);
  });

  it.each(['/endre/ikke-en-lenke-men-lang-nok-til-aa-sjekkes', '/endre/kort', "/endre/'%20or%201=1"])('answers 404 for the unknown link %s', async (path) => {
    const { status, doc } = await get(app, path);
    expect(status).toBe(404);
    expect(text(doc.querySelector('h1'))).toBe('Fant ikke lenken');
  });

  it('refuses a change posted from another site', async () => {
    const link = await registerAndGetLink();
    const page = await get(app, link);
    const { status } = await postForm(app, link, { form_token: formToken(page.doc), ...registration, name: 'Kapret' }, { Origin: 'https://evil.example' });
    expect(status).toBe(403);
    expect(await db.selectFrom('associations').select('name').where('name', '=', 'Kapret').execute()).toEqual([]);
  });

  it('confirms a published entry with one button, and asks for removal', async () => {
    const link = await registerAndGetLink();
    await publish('Beisfjord Sangkor');
    clock.advance(20 * DAY);
    const page = await get(app, link);
    const confirm = await postForm(app, `${link}/bekreft`, { form_token: formToken(page.doc) });
    expect(confirm.status).toBe(303);
    const row = await db.selectFrom('associations').selectAll().where('name', '=', 'Beisfjord Sangkor').executeTakeFirstOrThrow();
    expect(row.last_confirmed_at).toBe(clock.now().toISOString());
    // Audited like every change, by the one writer (#16.13).
    const confirmations = await db
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'details'])
      .where('association_id', '=', row.id)
      .where('action', '=', 'confirm')
      .execute();
    expect(confirmations.map((e) => [e.action, e.user_id, JSON.parse(e.details).after])).toEqual([
      ['confirm', null, { last_confirmed_at: clock.now().toISOString() }],
    ]);

    const removal = await postForm(app, `${link}/slett`, { form_token: formToken(page.doc) });
    expect(removal.response.headers.get('Location')).toBe(`${link}?ferdig=removal`);
    expect(await db.selectFrom('revisions').select(['kind', 'status']).where('association_id', '=', row.id).execute()).toEqual([
      { kind: 'removal', status: 'pending' },
    ]);
    // Still public until a moderator acts.
    expect((await get(app, `/lag/${row.slug}`)).status).toBe(200);
  });
});

describe('GET and POST /endre', () => {
  it('gives the same answer whether or not the address is known, and mails only a known one', async () => {
    const ask = async (email: string) => {
      const form = await get(app, '/endre');
      clock.advance(5_000);
      return postForm(app, '/endre', { form_token: formToken(form.doc), email });
    };
    const known = await ask('OLA@example.no');
    const unknown = await ask('nobody@example.no');
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.response.headers.get('Location')).toBe(unknown.response.headers.get('Location'));
    expect(known.body).toBe(unknown.body);
    const sent = await mails();
    // Ola is the contact for two associations: one link each.
    expect(sent.map((m) => m.subject)).toEqual(['Lenke for å endre oppføringen i Lagportal', 'Lenke for å endre oppføringen i Lagportal']);
    expect(sent.map((m) => /endre oppføringen til (.+) i Lagportal/.exec(m.text_body)?.[1]).sort()).toEqual(['Narvik Bridgeklubb', 'Narvik Sjakklubb']);
    const page = await get(app, '/endre?sendt=1');
    expect(text(page.doc.querySelector('.success'))).toContain('Hvis adressen hører til et lag');
  });

  it('sends one address at most three links an hour, from however many clients, and says so for any address', async () => {
    const ask = async (email: string, peer: string) => {
      const connection = viaPeer(app, peer);
      const form = await get(connection, '/endre');
      clock.advance(5_000);
      return postForm(connection, '/endre', { form_token: formToken(form.doc), email });
    };
    const before = (await mails()).length;
    const statuses: number[] = [];
    for (const peer of ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4']) statuses.push((await ask('ola@example.no', peer)).status);
    expect(statuses).toEqual([303, 303, 303, 429]);
    // Ola has two associations: two links per request that got through.
    expect((await mails()).length - before).toBe(6);
    const refused = await ask('OLA@example.no', '203.0.113.5');
    expect(refused.status).toBe(429);
    expect(text(refused.doc.querySelector('.notice'))).toContain('Det er sendt mange e-poster til denne adressen den siste timen');
    expect(refused.doc.querySelector('input[name="email"]')?.getAttribute('value')).toBe('OLA@example.no');
    // An unknown address is limited the same way, so the limit tells nothing about who is known.
    const unknown: number[] = [];
    for (const peer of ['203.0.113.6', '203.0.113.7', '203.0.113.8', '203.0.113.9']) unknown.push((await ask('nobody@example.no', peer)).status);
    expect(unknown).toEqual([303, 303, 303, 429]);
    expect((await mails()).length - before).toBe(6);
  });

  it('names the association when coming from a duplicate warning', async () => {
    const { doc } = await get(app, '/endre?lag=narvik-sjakklubb');
    expect(text(doc.querySelector('.lead'))).toContain('Narvik Sjakklubb');
  });

  it('asks for a real address and keeps what was typed', async () => {
    const form = await get(app, '/endre');
    clock.advance(5_000);
    const { status, doc } = await postForm(app, '/endre', { form_token: formToken(form.doc), email: 'ikke en adresse' });
    expect(status).toBe(422);
    expect(text(doc.querySelector('#field-email-error'))).toContain('e-postadresse');
    expect(doc.querySelector('#field-email')?.getAttribute('value')).toBe('ikke en adresse');
    expect(await mails()).toEqual([]);
  });
});

describe('npm run remind', () => {
  it('emails associations not confirmed for a year once, however often it runs', async () => {
    const logger = pino({ level: 'silent' });
    await db.updateTable('associations').set({ last_confirmed_at: '2025-10-01T00:00:00.000Z' }).where('name', '=', 'Narvik Sjakklubb').execute();
    await db.updateTable('associations').set({ last_confirmed_at: '2026-10-01T00:00:00.000Z' }).where('name', '=', 'Narvik Bridgeklubb').execute();
    expect(await sendReminders({ db, mailer, config, logger, now: clock.now() })).toBe(1);
    expect(await sendReminders({ db, mailer, config, logger, now: clock.now() })).toBe(0);
    const sent = await mails();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe('Stemmer opplysningene om Narvik Sjakklubb?');

    // The link in the reminder confirms with one button; a year later it reminds again.
    const link = linkIn(deliveredText(sent[0]!));
    clock.advance(2 * DAY);
    const page = await get(app, link);
    expect(text(page.doc.querySelector('#confirm-heading'))).toBe('Stemmer opplysningene?');
    await postForm(app, `${link}/bekreft`, { form_token: formToken(page.doc) });
    clock.advance(366 * DAY);
    expect(await sendReminders({ db, mailer, config, logger, now: clock.now() })).toBe(2);
  });

  it('marks entries not confirmed for 18 months as possibly out of date on the public page', async () => {
    await db.updateTable('associations').set({ last_confirmed_at: '2025-04-01T00:00:00.000Z' }).where('name', '=', 'Narvik Sjakklubb').execute();
    const stale = await get(app, '/lag/narvik-sjakklubb');
    expect(text(stale.doc.querySelector('.stale'))).toContain('over 18 måneder');
    const fresh = await get(app, '/lag/narvik-bridgeklubb');
    expect(fresh.doc.querySelector('.stale')).toBeNull();
    expect(definitions(fresh.doc.querySelector('#contact-heading')?.parentNode)['Kontaktperson']).toBeUndefined();
  });
});
