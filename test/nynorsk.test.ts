import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { allSlugs, importBrregBatch } from '../src/db/brreg.js';
import type { Reference } from '../src/db/reference.js';
import type { DB } from '../src/db/sqlite.js';
import { createEditToken } from '../src/db/submissions.js';
import { nb } from '../src/i18n/nb.js';
import { nn } from '../src/i18n/nn.js';
import { toBrregEntry } from '../src/lib/brreg.js';
import { brregUnit } from './brreg-fixtures.js';
import { pino } from 'pino';
import { en } from '../src/i18n/en.js';
import { sendReminders } from '../src/reminders.js';
import { NOW, association, dom, formToken, get, movableClock, postForm, signIn, testApp } from './helpers.js';

// Every page type in Nynorsk, searched for any Bokmål text of the catalogue that Nynorsk
// writes differently: a page that falls back to Bokmål anywhere fails here.

/** Every text of a catalogue, functions called with a neutral sample value. */
function texts(catalogue: unknown, path = ''): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (value: unknown, at: string) => {
    if (typeof value === 'string') found.set(at, value);
    else if (typeof value === 'function') {
      const call = (...args: unknown[]) => {
        try {
          return (value as (...a: unknown[]) => unknown)(...args);
        } catch {
          return undefined;
        }
      };
      const word = () => new Proxy({}, { get: (_target, property) => (property === Symbol.toPrimitive || property === 'toString' ? () => 'X' : 'X') });
      // A text that takes a list (weekdays, say) is tried with a one-item list.
      const sample = call(...Array.from({ length: value.length }, word)) ?? call(...Array.from({ length: value.length }, () => ['X']));
      const n = call(2, '2');
      if (typeof sample === 'string') found.set(`${at}()`, sample);
      if (typeof n === 'string') found.set(`${at}(2)`, n);
    } else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) visit(inner, at ? `${at}.${key}` : key);
  };
  visit(catalogue, path);
  return found;
}

/**
 * Bokmål phrases that must not show on a Nynorsk page: each Bokmål text that differs from its
 * Nynorsk counterpart, cut at the sample values into the fixed pieces a page would contain.
 */
function bokmalPhrases(): { key: string; phrase: string }[] {
  const nnTexts = texts(nn);
  const phrases: { key: string; phrase: string }[] = [];
  for (const [key, nbText] of texts(nb)) {
    const nnText = nnTexts.get(key);
    if (nnText === undefined || nnText === nbText) continue;
    for (const piece of nbText.split(/X|\b2\b|\n+/)) {
      const phrase = piece.trim().replace(/^[\s,.:;!?()«»–-]+|[\s,.:;!?()«»–-]+$/g, '');
      // Short pieces ("i", "av") are shared by both written forms and prove nothing.
      if (phrase.length < 8 || !/\s|\p{Lu}/u.test(phrase)) continue;
      if (nnText.includes(phrase)) continue;
      phrases.push({ key, phrase });
    }
  }
  return phrases;
}

/** The visible text and the readable attributes of a page, as a screen reader meets them. */
function readable(html: string): string {
  const doc = dom(html);
  for (const hidden of doc.querySelectorAll('script, style')) hidden.remove();
  const attributes = doc
    .querySelectorAll('[aria-label], [title], [alt], [placeholder], input[type="submit"], button[value]')
    .flatMap((el) => ['aria-label', 'title', 'alt', 'placeholder', 'value'].map((name) => el.getAttribute(name) ?? ''));
  return `${doc.textContent}\n${attributes.join('\n')}`.replace(/\s+/g, ' ');
}

let app: App;
let db: DB;
let reference: Reference;
let admin: { cookie: string; csrf: string };
let editToken: string;
const pages: { name: string; html: string; status: number }[] = [];

async function visit(name: string, path: string, headers: Record<string, string> = {}) {
  const result = await get(app, path, { Cookie: 'lang=nn', ...headers });
  pages.push({ name, html: result.body, status: result.status });
  return result;
}
async function post(name: string, path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const result = await postForm(app, path, fields, { Cookie: 'lang=nn', ...headers });
  pages.push({ name, html: result.body, status: result.status });
  return result;
}

beforeAll(async () => {
  const clock = movableClock();
  ({ app, db, reference } = await testApp(
    (r) => [
      association(r, { name: 'Bjerkvik Songlag', categories: ['kunst-og-kultur'], email: 'post@songlag.example', contactViaForm: true }),
      association(r, { name: 'Gammalt Lag', lastConfirmedAt: '2020-01-01T00:00:00.000Z' }),
      association(r, { name: 'Ventande Lag', status: 'pending', contactEmail: 'kari@example.no' }),
    ],
    {},
    { clock: clock.now },
  ));
  const unit = brregUnit('974760673', { navn: 'NARVIK IDRETTSLAG' });
  const entry = toBrregEntry(unit, new Set(['1806']), 2026);
  if (!entry.ok) throw new Error('fixture unit did not convert');
  await importBrregBatch(db, [entry.entry], { reference, now: NOW, takenSlugs: await allSlugs(db) });
  const songlag = await db.selectFrom('associations').select('id').where('slug', '=', 'bjerkvik-songlag').executeTakeFirstOrThrow();
  editToken = await createEditToken(db, songlag.id, NOW, 30);
  admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
  const pending = await db.selectFrom('associations').select('id').where('slug', '=', 'ventande-lag').executeTakeFirstOrThrow();
  const signedIn = { Cookie: `lang=nn; ${admin.cookie}` };

  await visit('front page', '/');
  await visit('list', '/lag');
  await visit('list with bad filters', '/lag?kommune=abc&kategori=finst-ikkje&side=0');
  await visit('search without hits', '/lag?q=zzzzzzzz');
  await visit('detail page', '/lag/bjerkvik-songlag');
  await visit('stale detail page', '/lag/gammalt-lag');
  await visit('municipality', '/kommune/1806');
  await visit('category', '/kategori/idrett');
  await visit('registration form', '/registrer');
  await post('registration with errors', '/registrer', { name: '', website: 'ftp://x', phone: 'abc', org_number: '123' });
  await visit('registration thanks', '/registrer/takk');
  await visit('edit-link request', '/endre');
  await post('edit-link request with errors', '/endre', { email: 'ikkje-ei-adresse' });
  await visit('edit page', `/endre/${editToken}`);
  await visit('unknown edit link', '/endre/finst-ikkje');
  await visit('error report', '/lag/bjerkvik-songlag/meld-feil');
  await post('error report with errors', '/lag/bjerkvik-songlag/meld-feil', { kind: '', message: '' });
  await visit('contact form', '/lag/bjerkvik-songlag/kontakt');
  await post('contact form with errors', '/lag/bjerkvik-songlag/kontakt', { name: '', email: 'x', message: '' });
  await visit('claim form', '/lag/narvik-idrettslag/dette-er-oss');
  await visit('what is on', '/hva-skjer');
  await visit('what is on with bad filters', '/hva-skjer?fra=i-morgon&alder=gammal');
  await visit('what is on in a municipality', '/kommune/1806/hva-skjer');
  await visit('region page', '/region/narvikregionen');
  await visit('sharing help', '/om/deling');
  await visit('embed', '/embed/lag?kommune=1806');
  await visit('terms', '/vilkar');
  await visit('login', '/logg-inn');
  await post('failed login', '/logg-inn', { email: 'admin@example.no', password: 'feil passord' });
  await visit('not found', '/finst-ikkje');
  await visit('moderation queue', '/moderering', signedIn);
  await visit('moderation entry', `/moderering/lag/${pending.id}`, signedIn);
  await visit('entry history', `/moderering/lag/${pending.id}/historikk`, signedIn);
  await visit('users', '/moderering/brukere', signedIn);
  await visit('places', '/moderering/steder', signedIn);
  await visit('categories', '/moderering/kategorier', signedIn);
  await visit('regions', '/moderering/regioner', signedIn);
  await visit('site texts', '/moderering/tekster', signedIn);
  await visit('outbox', '/moderering/utboks', signedIn);
  await visit('link check', '/moderering/lenkesjekk', signedIn);
  await visit('new events', '/moderering/arrangementer', signedIn);
  await visit('account', '/moderering/konto', signedIn);
  await visit('forgot password', '/logg-inn/glemt');
  // Signed out, the moderator area sends the visitor to the login page (which is visited above).
  const signedOut = await get(app, '/moderering', { Cookie: 'lang=nn' });
  if (signedOut.status !== 303) throw new Error(`expected the signed-out moderator area to redirect, got ${signedOut.status}`);
});

describe('the Nynorsk interface', () => {
  it('finds Bokmål texts to look for (the check itself works)', () => {
    const phrases = bokmalPhrases().map((p) => p.phrase);
    expect(phrases.length).toBeGreaterThan(300);
    expect(phrases).toContain('Finn lag og foreninger');
    expect(readable('<p>Finn lag og foreninger</p>')).toContain('Finn lag og foreninger');
  });

  it('answers every page type in Nynorsk, with <html lang="nn">', () => {
    expect(pages.length).toBeGreaterThan(35);
    const wrong = pages.filter((page) => !page.html.includes('<html lang="nn">')).map((page) => page.name);
    expect(wrong).toEqual([]);
  });

  it('leaves no Bokmål text of the catalogue on any page', () => {
    const phrases = bokmalPhrases();
    const found: string[] = [];
    for (const page of pages) {
      const text = readable(page.html);
      for (const { key, phrase } of phrases) {
        // The switch names Bokmål in Bokmål on purpose, and the site-text editor shows each
        // language's default text as the content it edits.
        if (key === 'languageName') continue;
        if (page.name === 'site texts' && ['homeIntro', 'admin.terms.default', 'privateInfoText'].includes(key)) continue;
        if (text.includes(phrase)) found.push(`${page.name}: «${phrase}» (${key})`);
      }
    }
    expect(found).toEqual([]);
  });

  it('shows category names in Nynorsk where Nynorsk writes them differently', async () => {
    const { doc } = await get(app, '/kategori/rekreasjon-og-sosiale-foreninger', { Cookie: 'lang=nn' });
    expect(doc.querySelector('h1')?.textContent.trim()).toBe('Lag og foreiningar: Rekreasjon og sosiale foreiningar');
    const bokmal = await get(app, '/kategori/rekreasjon-og-sosiale-foreninger', { Cookie: 'lang=nb' });
    expect(bokmal.doc.querySelector('h1')?.textContent.trim()).toBe('Lag og foreninger: Rekreasjon og sosiale foreninger');
  });

  it('offers the two other languages in the language switch, each named in itself', async () => {
    const { doc } = await get(app, '/lag', { Cookie: 'lang=nn' });
    const links = doc.querySelectorAll('a[hreflang]').map((a) => [a.getAttribute('hreflang'), a.textContent.trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['nb', 'Norsk (bokmål)', '/lag?lang=nb'],
      ['en', 'English', '/lag?lang=en'],
    ]);
  });

  it('answers the API’s messages in Nynorsk with ?lang=nn', async () => {
    const response = await app.request('/api/v1/organizations?lang=nn&page=0');
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('Må vera eit heilt tal frå 1 til');
  });
});

describe('mail to an association goes in the language it registered in', () => {
  const registration = {
    name: 'Ølen Songlag',
    short_description: 'Vi syng kvar torsdag.',
    description: 'Alle er velkomne.',
    categories: ['kunst-og-kultur'],
    municipality: '1806',
    contact_name: 'Kari Nordmann',
    contact_email: 'kari@example.no',
    accept_terms: '1',
  };

  async function registerIn(lang: 'nn' | 'en') {
    const clock = movableClock();
    const site = await testApp(() => [], { MIN_FILL_SECONDS: '3' }, { clock: clock.now });
    const form = await get(site.app, `/registrer?lang=${lang}`);
    clock.advance(5_000);
    const sent = await postForm(site.app, '/registrer', { form_token: formToken(form.doc), ...registration }, { Cookie: `lang=${lang}` });
    expect(sent.status).toBe(303);
    return site;
  }

  it('sends the receipt of a registration made in Nynorsk in Nynorsk, and remembers the language', async () => {
    const { db: site } = await registerIn('nn');
    const mail = await site.selectFrom('outbox').select(['subject', 'text_body']).executeTakeFirstOrThrow();
    expect(mail.subject).toBe('Vi har fått registreringa i Lagportal');
    expect(mail.text_body).toContain('Lenkja verkar i 30 dagar.');
    expect((await site.selectFrom('associations').select('language').executeTakeFirstOrThrow()).language).toBe('nn');
  });

  it('sends the yearly reminder of an association registered in English in English', async () => {
    const { db: site, config, mailer } = await registerIn('en');
    await site.updateTable('associations').set({ status: 'published', last_confirmed_at: '2020-01-01T00:00:00.000Z' }).execute();
    await site.deleteFrom('outbox').execute();
    const sent = await sendReminders({ db: site, mailer, config, logger: pino({ level: 'silent' }), now: NOW });
    expect(sent).toBe(1);
    const mail = await site.selectFrom('outbox').select(['subject', 'text_body']).executeTakeFirstOrThrow();
    expect(mail.subject).toBe(en.mailReminderSubject('Ølen Songlag'));
    expect(mail.subject).not.toBe(nb.mailReminderSubject('Ølen Songlag'));
  });
});

describe('DEFAULT_LANG: a Nynorsk municipality', () => {
  it('serves Nynorsk to visitors who have not chosen, with canonical URLs without ?lang', async () => {
    const site = await testApp((r) => [association(r, { name: 'Stranda Songlag' })], { DEFAULT_LANG: 'nn' });
    const home = await get(site.app, '/');
    expect(home.body).toContain('<html lang="nn">');
    expect(home.doc.querySelector('h1')?.textContent.trim()).toBe('Finn lag og foreiningar');
    const detail = await get(site.app, '/lag/stranda-songlag');
    expect(detail.doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://lag.example.no/lag/stranda-songlag');
    const bokmal = await get(site.app, '/lag/stranda-songlag?lang=nb');
    expect(bokmal.body).toContain('<html lang="nb">');
    expect(bokmal.doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://lag.example.no/lag/stranda-songlag?lang=nb');
  });
});

describe('a category renamed by an admin', () => {
  it('is shown by its new Bokmål name in Nynorsk rather than by a Nynorsk name of the old one', async () => {
    const site = await testApp((r) => [association(r, { name: 'Fjordlaget', categories: ['rekreasjon-og-sosiale-foreninger'] })]);
    const category = site.reference.categoryBySlug.get('rekreasjon-og-sosiale-foreninger')!;
    const { renameCategory } = await import('../src/db/admin.js');
    const owner = await signIn(site.db, { email: 'admin@example.no', role: 'admin' });
    await renameCategory(site.db, { category, nameNb: 'Sosiale foreninger', nameEn: 'Social clubs', userId: owner.userId, now: NOW });
    const row = await site.db.selectFrom('categories').select(['name_nb', 'name_nn']).where('id', '=', category.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ name_nb: 'Sosiale foreninger', name_nn: null });
  });
});
