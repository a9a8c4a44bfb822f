import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import { sendReminders } from '../src/reminders.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { NOW, association, definitions, formToken, get, movableClock, postForm, signIn, testApp, text } from './helpers.js';

// What the public sees and what a visitor may do: consent to show a contact person, the
// warning on entries nobody has confirmed for 18 months, the cache following a category
// rename, and each public form's own rate limit.

describe('the contact person on the public detail page', () => {
  const contact = { contactName: 'Kari Kontaktsen', contactEmail: 'kari.kontakt@example.no' };

  it('is not shown, name nor address, when the association did not consent', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Stille Lag', ...contact, publishContact: false, website: 'https://stille.example.no' })]);
    const { status, body, doc } = await get(app, '/lag/stille-lag');
    expect(status).toBe(200);
    expect(definitions(doc.querySelector('article'))).toEqual({
      Nettside: 'stille.example.no (ekstern lenke)↗',
      Kommune: 'Narvik',
      'Opplysningene sist bekreftet': '1. juni 2026',
    });
    expect(body).not.toContain('Kari Kontaktsen');
    expect(body).not.toContain('kari.kontakt@example.no');
    expect(body).not.toContain('Kontaktperson');
  });

  it('is shown with the address when the association consented', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Åpent Lag', ...contact, publishContact: true })]);
    const { doc } = await get(app, '/lag/apent-lag');
    expect(definitions(doc.querySelector('article'))).toEqual({
      Kontaktperson: 'Kari Kontaktsen, kari.kontakt@example.no',
      Kommune: 'Narvik',
      'Opplysningene sist bekreftet': '1. juni 2026',
    });
    expect(doc.querySelector('a[href="mailto:kari.kontakt@example.no"]')).not.toBeNull();
  });

  it('shows the name but not the address when the association takes mail through the contact form', async () => {
    const { app } = await testApp((ref) => [
      association(ref, { name: 'Skjemalaget', ...contact, publishContact: true, contactViaForm: true, email: 'post@skjema.example.no' }),
    ]);
    const { body, doc } = await get(app, '/lag/skjemalaget');
    expect(definitions(doc.querySelector('article'))).toEqual({
      Kontaktperson: 'Kari Kontaktsen',
      'E-post': 'Send en melding',
      Kommune: 'Narvik',
      'Opplysningene sist bekreftet': '1. juni 2026',
    });
    expect(body).not.toContain('post@skjema.example.no');
    expect(body).not.toContain('kari.kontakt@example.no');
  });
});

describe('the 18-month stale rule, exactly at the edge', () => {
  // NOW is 2026-11-23T12:00:00Z, so 18 months earlier is 2025-05-23T12:00:00Z.
  const confirmations = {
    'Sytten Måneder': '2025-05-25T12:00:00.000Z', // 17 months and 29 days
    'Atten Måneder': '2025-05-23T12:00:00.000Z', // exactly 18 months: not yet *over* 18 months
    'Atten Og Litt': '2025-05-23T11:59:59.999Z', // a millisecond more
    'Aldri Bekreftet': null,
  };

  async function appAt(now: Date) {
    return testApp(
      (ref) =>
        Object.entries(confirmations).map(([name, lastConfirmedAt]) => association(ref, { name, lastConfirmedAt, createdAt: '2024-01-01T10:00:00.000Z' })),
      {},
      { clock: () => now },
    );
  }

  it('warns visitors on the detail page only after more than 18 months', async () => {
    const { app } = await appAt(NOW);
    const warned = async (slug: string) => (await get(app, `/lag/${slug}`)).doc.querySelectorAll('.notice.stale').map((p) => text(p));
    const warning = ['Opplysningene er ikke bekreftet av laget på over 18 måneder, og kan være utdaterte.'];
    expect(await warned('sytten-maneder')).toEqual([]);
    expect(await warned('atten-maneder')).toEqual([]);
    expect(await warned('atten-og-litt')).toEqual(warning);
    expect(await warned('aldri-bekreftet')).toEqual(warning);
  });

  it('puts the same entries in the moderators’ stale queue', async () => {
    const { app, db } = await appAt(NOW);
    const moderator = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    const { doc } = await get(app, '/moderering?type=stale', { Cookie: moderator.cookie });
    expect(
      doc
        .querySelectorAll('.queue-item__title')
        .map((h) => text(h))
        .sort(),
    ).toEqual(['Aldri Bekreftet', 'Atten Og Litt']);
    expect(text(doc.querySelector('.queue-counts'))).toContain('Ikke bekreftet på 18 måneder (2)');
  });

  it('moves with the clock: a day later the entry confirmed exactly 18 months before is stale too', async () => {
    const { app } = await appAt(new Date('2026-11-24T12:00:00.000Z'));
    expect((await get(app, '/lag/atten-maneder')).doc.querySelector('.notice.stale')).not.toBeNull();
    expect((await get(app, '/lag/sytten-maneder')).doc.querySelector('.notice.stale')).toBeNull();
  });
});

describe('the 12-month reminder, exactly at the edge', () => {
  it('reminds an association only after more than 12 months without confirmation, once', async () => {
    const { db, mailer, config } = await testApp((ref) => [
      association(ref, { name: 'Elleve Måneder', contactEmail: 'elleve@example.no', lastConfirmedAt: '2025-11-24T12:00:00.000Z' }),
      association(ref, { name: 'Tolv Måneder', contactEmail: 'tolv@example.no', lastConfirmedAt: '2025-11-23T12:00:00.000Z' }),
      association(ref, { name: 'Tolv Og Litt', contactEmail: 'tolvoglitt@example.no', lastConfirmedAt: '2025-11-23T11:59:59.999Z' }),
      association(ref, { name: 'Uten Kontakt', lastConfirmedAt: '2024-01-01T00:00:00.000Z' }),
      association(ref, { name: 'Ventende', status: 'pending', contactEmail: 'ventende@example.no', lastConfirmedAt: '2024-01-01T00:00:00.000Z' }),
    ]);
    // What the run logs is what an operator reading cron's output learns.
    const logged: { msg: string; sent?: number; due?: number }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    expect(await sendReminders({ db, mailer, config, logger, now: NOW })).toBe(1);
    const mails = await db.selectFrom('outbox').select(['recipient', 'subject']).execute();
    expect(mails).toEqual([{ recipient: 'tolvoglitt@example.no', subject: 'Stemmer opplysningene om Tolv Og Litt?' }]);
    expect(await sendReminders({ db, mailer, config, logger, now: NOW })).toBe(0);
    expect(await db.selectFrom('edit_tokens').selectAll().execute()).toHaveLength(1);
    expect(logged.map(({ msg, sent, due }) => ({ msg, sent, due }))).toEqual([
      { msg: 'reminders sent', sent: 1, due: 1 },
      { msg: 'reminders sent', sent: 0, due: 0 },
    ]);
  });
});

describe('the response cache and a category rename', () => {
  it('advances the data version, so cached pages show the new name at once', async () => {
    const { app, db, reference } = await testApp((ref) => [association(ref, { name: 'Bjerkvik Idrettslag' })]);
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    for (const path of ['/lag/bjerkvik-idrettslag', '/kategori/idrett', '/']) {
      await get(app, path);
      expect({ path, cache: (await get(app, path)).response.headers.get('X-Cache') }).toEqual({ path, cache: 'hit' });
    }
    const idrett = reference.categoryBySlug.get('idrett')!;
    const renamed = await postForm(
      app,
      `/moderering/kategorier/${idrett.id}`,
      { csrf: admin.csrf, name_nb: 'Idrett og friluftsliv', name_en: 'Sports and outdoors' },
      { Cookie: admin.cookie },
    );
    expect(renamed.status).toBe(303);
    const detail = await get(app, '/lag/bjerkvik-idrettslag');
    expect(detail.response.headers.get('X-Cache')).not.toBe('hit');
    expect(detail.doc.querySelectorAll('ul.tags a').map((a) => text(a))).toEqual(['Idrett og friluftsliv']);
    expect(text((await get(app, '/kategori/idrett')).doc.querySelector('h1'))).toContain('Idrett og friluftsliv');
    expect(text((await get(app, '/')).doc.querySelector('main'))).toContain('Idrett og friluftsliv');
  });
});

describe('rate limits', () => {
  it('counts each public form on its own: using up one does not block the others', async () => {
    const clock = movableClock();
    const { app, db, reference } = await testApp(
      (ref) => [association(ref, { name: 'Narvik Turlag', email: 'post@turlag.example.no', contactViaForm: true, contactEmail: 'tur@example.no' })],
      { SUBMISSIONS_PER_HOUR: '1', REPORTS_PER_HOUR: '1', CONTACT_MESSAGES_PER_HOUR: '1' },
      { clock: clock.now },
    );
    const unit = toBrregEntry(brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG', naeringskode1: { kode: '93.120' } }), new Set(['1806']), 2026);
    if (!unit.ok) throw new Error('the fixture unit is not importable');
    await importBrregBatch(db, [unit.entry], { reference, now: clock.now(), takenSlugs: await allSlugs(db) });

    async function send(path: string, fields: Record<string, string | string[]>) {
      const form = await get(app, path);
      clock.advance(5_000);
      return (await postForm(app, path, { form_token: formToken(form.doc), ...fields })).status;
    }
    const forms = (round: number): [string, Record<string, string | string[]>][] => [
      ['/lag/narvik-turlag/meld-feil', { kind: 'wrong_info', message: 'Feil tid.', email: '' }],
      ['/lag/narvik-turlag/kontakt', { name: 'Per', email: 'per@example.org', message: 'Hei!' }],
      ['/endre', { email: 'tur@example.no' }],
      [
        '/registrer',
        {
          name: round === 1 ? 'Beisfjord Sangkor' : 'Ankenes Skiklubb',
          short_description: 'Vi møtes hver uke.',
          categories: ['kunst-og-kultur'],
          municipality: '1806',
          contact_name: 'Kari',
          contact_email: `kari${round}@example.no`,
          accept_terms: '1',
        },
      ],
      ['/lag/narvik-idrettslag/dette-er-oss', { contact_name: 'Ola', contact_email: 'ola@example.no', phone: '', message: 'Leder.', accept_terms: '1' }],
    ];
    const first = [];
    for (const [path, fields] of forms(1)) first.push([path, await send(path, fields)]);
    expect(first).toEqual(forms(1).map(([path]) => [path, 303]));
    const second = [];
    for (const [path, fields] of forms(2)) second.push([path, await send(path, fields)]);
    expect(second).toEqual(forms(2).map(([path]) => [path, 429]));
  });
});
