import { HtmlValidate } from 'html-validate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { proposeRevision, associationFormData } from '../src/db/submissions.js';
import { createReport } from '../src/db/reports.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import { createClaim } from '../src/db/claims.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { association, deliveredText, formToken, get, movableClock, postForm, signIn, testApp } from './helpers.js';

// html-validate's recommended rules check HTML5 validity plus accessibility basics
// (labels, unique ids, headings, landmarks). Only rules about our own formatting style are off.
const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    'no-trailing-whitespace': 'off',
    'attribute-boolean-style': 'off',
    'attribute-empty-style': 'off',
    'void-style': 'off',
    'no-inline-style': 'error',
    // kommune and kategori are repeatable: a select for the first value, hidden inputs for the rest.
    // The rule cannot be told that a select and hidden inputs may share a name, so it is off.
    'form-dup-name': 'off',
  },
});

let app: App;
let db: DB;
let reference: Reference;
const clock = movableClock();
beforeAll(async () => {
  ({ app, db, reference } = await testApp(
    (reference) => [
      association(reference, {
        name: 'Bjerkvik Blandakor',
        categories: ['kunst-og-kultur', 'idrett'],
        place: 'bjerkvik',
        website: 'https://kor.example.no/',
        email: 'post@kor.example.no',
        phone: '+47 91 23 45 67',
        links: [{ kind: 'instagram', url: 'https://www.instagram.com/kor/' }],
      }),
      association(reference, { name: 'Senja Skiklubb', municipalityNumber: '5530' }),
      association(reference, { name: 'Skjult Sangkor', email: 'post@sang.example.no', contactViaForm: true }),
    ],
    {},
    { clock: clock.now },
  ));
  // An unclaimed entry, as npm run import:brreg creates them.
  const imported = toBrregEntry(brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG', hjemmeside: 'narvik-il.no' }), new Set(['1806']), 2026);
  if (!imported.ok) throw new Error('fixture unit not imported');
  await importBrregBatch(db, [imported.entry], { reference, now: clock.now(), takenSlugs: await allSlugs(db) });
});

/** Registers an association and returns the path of its edit link. */
async function registered(app: App, name: string): Promise<string> {
  const form = await get(app, '/registrer');
  clock.advance(5_000);
  const sent = await postForm(app, '/registrer', {
    form_token: formToken(form.doc),
    name,
    short_description: 'Et lag.',
    categories: 'idrett',
    municipality: '1806',
    contact_name: 'Kari',
    contact_email: 'kari@example.no',
    accept_terms: '1',
  });
  expect(sent.status).toBe(303);
  const mail = await db.selectFrom('outbox').select('eml_path').orderBy('id', 'desc').executeTakeFirstOrThrow();
  return /https:\/\/lag\.example\.no(\/endre\/[A-Za-z0-9_-]+)/.exec(deliveredText(mail))![1]!;
}

/** Pages that only exist after a post: a form with errors, in both languages. */
const postedPages: [string, Record<string, string>][] = [
  ['/registrer', { name: '', website: 'javascript:x', phone: 'abc', categories: 'finnes-ikke', municipality: '1806', accept_terms: '' }],
  ['/endre', { email: 'ikke en adresse' }],
  ['/lag/bjerkvik-blandakor/meld-feil', { kind: '', message: '', email: 'ikke en adresse' }],
  ['/lag/skjult-sangkor/kontakt', { name: '', email: 'ikke en adresse', message: '' }],
  ['/lag/narvik-idrettslag/dette-er-oss', { contact_name: '', contact_email: 'x', phone: 'abc', message: '' }],
];

const pages = [
  '/',
  '/lag',
  '/lag?q=kor&kommune=1806&kommune=5530&kategori=idrett&kategori=helse&sted=bjerkvik',
  '/lag?q=finnes-ikke',
  '/lag?kommune=abc&side=0',
  '/lag/bjerkvik-blandakor',
  '/lag/narvik-idrettslag',
  '/lag/narvik-idrettslag/dette-er-oss',
  '/lag/narvik-idrettslag/dette-er-oss/takk',
  '/lag/bjerkvik-blandakor/dette-er-oss',
  '/kommune/1806',
  '/kommune/5544',
  '/kategori/kultur-og-fritid',
  '/region/nord-troms',
  '/region/narvikregionen?kategori=idrett',
  '/lag?region=nord-troms&kommune=1806',
  '/lag?region=atlantis',
  '/logg-inn/glemt',
  '/logg-inn/glemt?sendt=1',
  '/finnes-ikke',
  '/registrer',
  '/registrer/takk',
  '/endre',
  '/endre?sendt=1&lag=bjerkvik-blandakor',
  '/endre/utlopt-eller-ukjent-lenke-som-er-lang',
  '/lag/bjerkvik-blandakor/meld-feil',
  '/lag/bjerkvik-blandakor/meld-feil/takk',
  '/lag/skjult-sangkor',
  '/lag/skjult-sangkor/kontakt',
  '/lag/skjult-sangkor/kontakt/takk',
  '/om/deling',
  '/om/deling?kommune=1806&kategori=idrett',
  '/om/deling?kommune=abc',
  '/api/v1/profile',
];

/** The embed has no site header, skip link or main#main: it is a fragment of another site's page. */
const embedPages = [
  '/embed/lag?kommune=1806',
  '/embed/lag?kommune=1806&kategori=kunst-og-kultur&farge=8a0b3c',
  '/embed/lag?kommune=abc&side=0&farge=rød',
  '/embed/lag?kommune=5544',
];

async function problems(body: string): Promise<string[]> {
  const report = await validator.validateString(body);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line})`));
}

describe.each(['nb', 'en'])('moderator pages in %s', (lang) => {
  it('the login page, the queue with a diff, an entry and its history are valid HTML5', async () => {
    const login = await get(app, '/logg-inn', { Cookie: `lang=${lang}` });
    expect(await problems(login.body)).toEqual([]);
    const failed = await postForm(app, '/logg-inn', { email: 'nobody@example.no', password: 'feil passord' }, { Cookie: `lang=${lang}` });
    expect(failed.status).toBe(401);
    expect(await problems(failed.body)).toEqual([]);

    const moderator = await signIn(db, { email: `mod-${lang}@example.no`, role: 'admin' });
    const cookie = `${moderator.cookie}; lang=${lang}`;
    const club = await db.selectFrom('associations').selectAll().where('name', '=', 'Senja Skiklubb').executeTakeFirstOrThrow();
    await proposeRevision(db, club.id, { ...(await associationFormData(db, club, reference)), name: `Senja Skiklubb ${lang}` }, clock.now());
    await createReport(db, {
      associationId: club.id,
      data: { kind: 'broken_link', message: 'Lenken virker ikke.\nSe selv.', email: 'ola@example.no' },
      lang,
      now: clock.now(),
    });
    const imported = await db.selectFrom('associations').select('id').where('slug', '=', 'narvik-idrettslag').executeTakeFirstOrThrow();
    await createClaim(
      db,
      { associationId: imported.id, contactName: 'Kari', contactEmail: `kari-${lang}@example.no`, phone: null, message: 'Leder', lang },
      clock.now(),
    );
    for (const path of [
      '/moderering',
      '/moderering?type=stale&q=skiklubb',
      `/moderering/lag/${club.id}`,
      `/moderering/lag/${club.id}/historikk`,
      '/moderering/konto',
      '/moderering/brukere',
    ]) {
      const page = await get(app, path, { Cookie: cookie });
      expect(page.status, path).toBe(200);
      expect(await problems(page.body), path).toEqual([]);
      expect(page.doc.querySelectorAll('h1'), path).toHaveLength(1);
    }
  });
});

describe.each(['nb', 'en'])('link check pages in %s', (lang) => {
  it('the link-check page and the queue showing a flagged link are valid HTML5', async () => {
    const moderator = await signIn(db, { email: `links-${lang}@example.no`, role: 'moderator', municipalities: ['1806'] });
    const cookie = `${moderator.cookie}; lang=${lang}`;
    const kor = await db.selectFrom('associations').select('id').where('name', '=', 'Bjerkvik Blandakor').executeTakeFirstOrThrow();
    await db
      .insertInto('link_checks')
      .values({
        association_id: kor.id,
        url: 'https://kor.example.no/',
        checked_at: clock.now().toISOString(),
        status: 200,
        final_url: 'https://parkert.example.com/',
        title: 'Domain for sale',
        problem: 'elsewhere',
        detail: 'example.com',
        flagged_at: clock.now().toISOString(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const path of ['/moderering?type=link', '/moderering/lenkesjekk', '/moderering/lenkesjekk?melding=started']) {
      const page = await get(app, path, { Cookie: cookie });
      expect(page.status, path).toBe(200);
      expect(await problems(page.body), path).toEqual([]);
      expect(page.doc.querySelectorAll('h1'), path).toHaveLength(1);
    }
    const queue = await get(app, '/moderering?type=link', { Cookie: cookie });
    expect(queue.doc.querySelectorAll('.queue-item dl')).toHaveLength(1);
  });
});

describe.each(['nb', 'en'])('every page type in %s', (lang) => {
  it.each(embedPages)('the embed %s is valid HTML5 with one h1', async (path) => {
    const { body, doc } = await get(app, `${path}&lang=${lang}`);
    expect(await problems(body)).toEqual([]);
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe(lang);
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
  });

  it.each(postedPages)('%s showing validation errors is valid HTML5 with labelled fields', async (path, fields) => {
    const form = await get(app, path, { Cookie: `lang=${lang}` });
    clock.advance(5_000);
    const { status, body, doc } = await postForm(app, path, { form_token: formToken(form.doc), ...fields }, { Cookie: `lang=${lang}` });
    expect(status).toBe(422);
    expect(await problems(body)).toEqual([]);
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    expect(doc.querySelector('#error-summary')).not.toBeNull();
  });

  it('the edit page behind a private link is valid HTML5, also after a save and with errors', async () => {
    const link = await registered(app, `Gyldig lag ${lang === 'nb' ? 'én' : 'to'}`);
    for (const path of [link, `${link}?ferdig=saved`]) {
      const { status, body } = await get(app, path, { Cookie: `lang=${lang}` });
      expect(status).toBe(200);
      expect(await problems(body)).toEqual([]);
    }
    const page = await get(app, link, { Cookie: `lang=${lang}` });
    const invalid = await postForm(app, link, { form_token: formToken(page.doc), name: '', municipality: 'x' }, { Cookie: `lang=${lang}` });
    expect(invalid.status).toBe(422);
    expect(await problems(invalid.body)).toEqual([]);
  });

  it.each(pages)('%s is valid HTML5 with one h1, a skip link and labelled fields', async (path) => {
    const { body, doc } = await get(app, path, { Cookie: `lang=${lang}` });
    expect(await problems(body)).toEqual([]);

    expect(doc.querySelector('html')?.getAttribute('lang')).toBe(lang);
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    const skip = doc.querySelector('body > a.skip-link');
    expect(skip?.getAttribute('href')).toBe('#main');
    expect(doc.querySelector('main#main')).not.toBeNull();
    for (const field of doc.querySelectorAll('input:not([type=hidden]), select, textarea')) {
      const id = field.getAttribute('id');
      expect(id, `field ${field.getAttribute('name')} has an id`).toBeTruthy();
      expect(doc.querySelector(`label[for="${id}"]`), `field ${id} has a label`).not.toBeNull();
    }
  });
});
