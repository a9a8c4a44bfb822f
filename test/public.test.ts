import { beforeAll, describe, expect, it } from 'vitest';
import type { AssociationInput } from '../src/db/associations.js';
import type { Reference } from '../src/db/reference.js';
import { type App } from '../src/app.js';
import { association, definitions, get, testApp, text } from './helpers.js';

let app: App;

/** 30 football clubs in Narvik (to page through), a choir in Bjerkvik, a ski club in Senja, and hidden ones. */
function directory(reference: Reference): AssociationInput[] {
  const footballClubs = Array.from({ length: 30 }, (_, i) =>
    association(reference, {
      name: `Narvik Fotballag ${String(i + 1).padStart(2, '0')}`,
      createdAt: `2025-01-${String(i + 1).padStart(2, '0')}T10:00:00.000Z`,
    }),
  );
  return [
    ...footballClubs,
    association(reference, {
      name: 'Bjerkvik Blandakor',
      categories: ['kunst-og-kultur'],
      place: 'bjerkvik',
      shortDescription: 'Blandakor som synger alt fra Grieg til pop.',
      description: 'Vi øver hver onsdag.\n\nNye sangere er velkomne. <script>alert(1)</script>',
      website: 'https://blandakor.example.no/',
      email: 'post@blandakor.example.no',
      phone: '+47 91 23 45 67',
      postalAddress: 'Postboks 12',
      postalCode: '8530',
      orgNumber: '974760673',
      foundedYear: 1952,
      links: [
        { kind: 'facebook', url: 'https://www.facebook.com/blandakor' },
        { kind: 'other', url: 'javascript:alert(1)' },
      ],
      createdAt: '2026-11-01T10:00:00.000Z',
    }),
    association(reference, {
      name: 'Senja Skiklubb',
      municipalityNumber: '5530',
      categories: ['idrett', 'rekreasjon-og-sosiale-foreninger'],
      place: 'finnsnes',
      createdAt: '2026-10-01T10:00:00.000Z',
      lastConfirmedAt: null,
    }),
    association(reference, { name: 'Ventende Velforening', categories: ['lokalsamfunnsutvikling'], status: 'pending' }),
    association(reference, { name: 'Nedlagt Bridgeklubb', status: 'archived' }),
    association(reference, { name: 'Avvist Forening', status: 'rejected' }),
  ];
}

beforeAll(async () => {
  ({ app } = await testApp(directory));
});

const names = (doc: ReturnType<typeof import('./helpers.js').dom>) => doc.querySelectorAll('.card__title').map((e) => text(e));

describe('GET /', () => {
  it('shows a search box, the configured regions with counts, categories with counts and recent additions', async () => {
    const { status, doc } = await get(app, '/');
    expect(status).toBe(200);
    expect(doc.querySelector('form[action="/lag"] input[name="q"]')).not.toBeNull();
    const regions = doc.querySelectorAll('.region h3').map((h) => text(h));
    expect(regions).toEqual(['Nord-Troms', 'Midt-Troms', 'Narvikregionen']);
    const narvik = doc.querySelectorAll('.region li').find((li) => text(li).startsWith('Narvik'));
    expect(text(narvik)).toBe('Narvik (31 lag)');
    const senja = doc.querySelectorAll('.region li').find((li) => text(li).startsWith('Senja'));
    expect(text(senja)).toBe('Senja (1 lag)');
    const culture = doc.querySelectorAll('#categories-heading + ul li').find((li) => text(li).startsWith('Kultur og fritid'));
    // 30 football clubs + the choir + the ski club, which is in two subcategories of this group but counts once.
    expect(text(culture)).toBe('Kultur og fritid (32 lag)');
    expect(names(doc).slice(0, 2)).toEqual(['Bjerkvik Blandakor', 'Senja Skiklubb']);
    expect(names(doc)).not.toContain('Ventende Velforening');
  });

  it('features only the regions named in REGIONS, in that order', async () => {
    const { app: narvikOnly } = await testApp(directory, { REGIONS: 'narvikregionen' });
    const { doc } = await get(narvikOnly, '/');
    expect(doc.querySelectorAll('.region h3').map((h) => text(h))).toEqual(['Narvikregionen']);
  });
});

describe('GET /lag', () => {
  it('lists published associations alphabetically, 25 a page, with the total', async () => {
    const { status, doc } = await get(app, '/lag');
    expect(status).toBe(200);
    expect(text(doc.querySelector('#result-summary'))).toBe('32 lag funnet · Viser 1–25 av 32');
    const first = names(doc);
    expect(first).toHaveLength(25);
    expect(first[0]).toBe('Bjerkvik Blandakor');
    expect(first).not.toContain('Ventende Velforening');
    expect(first).not.toContain('Nedlagt Bridgeklubb');
    expect(doc.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/lag?side=2');

    const page2 = await get(app, '/lag?side=2');
    expect(names(page2.doc)).toHaveLength(7);
    expect(names(page2.doc).at(-1)).toBe('Senja Skiklubb');
    expect(page2.doc.querySelector('a[rel="prev"]')?.getAttribute('href')).toBe('/lag');
    expect(page2.doc.querySelector('ol.cards')?.getAttribute('start')).toBe('26');
  });

  it('filters by municipality, and by several municipalities at once', async () => {
    expect(names((await get(app, '/lag?kommune=5530')).doc)).toEqual(['Senja Skiklubb']);
    const both = await get(app, '/lag?kommune=5530&kommune=1806');
    expect(text(both.doc.querySelector('#result-summary'))).toMatch(/^32 lag funnet/);
  });

  it('filters by category, including the subcategories of a group', async () => {
    expect(names((await get(app, '/lag?kategori=kunst-og-kultur')).doc)).toEqual(['Bjerkvik Blandakor']);
    const group = await get(app, '/lag?kategori=kultur-og-fritid');
    expect(text(group.doc.querySelector('#result-summary'))).toMatch(/^32 lag funnet/);
    expect(names((await get(app, '/lag?kategori=kunst-og-kultur&kategori=rekreasjon-og-sosiale-foreninger')).doc)).toEqual([
      'Bjerkvik Blandakor',
      'Senja Skiklubb',
    ]);
  });

  it('filters by place', async () => {
    expect(names((await get(app, '/lag?sted=bjerkvik')).doc)).toEqual(['Bjerkvik Blandakor']);
  });

  it('combines search and filters', async () => {
    expect(names((await get(app, '/lag?q=fotball&kommune=1806&side=2')).doc)).toHaveLength(5);
    expect(names((await get(app, '/lag?q=fotball&kommune=5530')).doc)).toEqual([]);
    expect(names((await get(app, '/lag?q=ski&kommune=5530&kategori=idrett&sted=finnsnes')).doc)).toEqual(['Senja Skiklubb']);
    expect(names((await get(app, '/lag?q=ski&kategori=kunst-og-kultur')).doc)).toEqual([]);
  });

  it('keeps the search in the form and the filters as removable links', async () => {
    const { doc } = await get(app, '/lag?q=kor&kommune=1806&kategori=kunst-og-kultur');
    expect(doc.querySelector('input[name="q"]')?.getAttribute('value')).toBe('kor');
    expect(doc.querySelector('select[name="kommune"] option[selected]')?.getAttribute('value')).toBe('1806');
    expect(doc.querySelector('select[name="kategori"] option[selected]')?.getAttribute('value')).toBe('kunst-og-kultur');
    const chips = doc.querySelectorAll('.chip').map((a) => a.getAttribute('href'));
    expect(chips).toEqual(['/lag?kommune=1806&kategori=kunst-og-kultur', '/lag?q=kor&kategori=kunst-og-kultur', '/lag?q=kor&kommune=1806']);
  });

  it('keeps a second municipality from the URL when the form is sent again', async () => {
    const { doc } = await get(app, '/lag?kommune=1806&kommune=5530');
    expect(doc.querySelector('input[type="hidden"][name="kommune"]')?.getAttribute('value')).toBe('5530');
  });

  it('says so when nothing matches', async () => {
    const { status, doc } = await get(app, '/lag?q=zzzzzz');
    expect(status).toBe(200);
    expect(text(doc.querySelector('.empty'))).toContain('Ingen lag passer til søket.');
  });

  it('explains a page past the end and links to the first page', async () => {
    const { status, doc } = await get(app, '/lag?side=9');
    expect(status).toBe(200);
    expect(text(doc.querySelector('.empty'))).toContain('Denne siden finnes ikke i resultatet.');
  });
});

describe('page or fragment', () => {
  it('sends htmx only the results, and says the response varies by HX-Request', async () => {
    const { response, body, doc } = await get(app, '/lag?q=blandakor', { 'HX-Request': 'true' });
    expect(response.status).toBe(200);
    expect(response.headers.get('Vary')).toContain('HX-Request');
    expect(body).not.toContain('<html');
    expect(doc.querySelector('h1')).toBeNull();
    expect(names(doc)).toEqual(['Bjerkvik Blandakor']);
  });

  it('updates the status element out of band so screen readers hear the new count', async () => {
    const page = await get(app, '/lag?q=blandakor');
    expect(page.doc.querySelector('#result-status')?.getAttribute('role')).toBe('status');
    const fragment = await get(app, '/lag?q=fotball&side=2', { 'HX-Request': 'true' });
    const status = fragment.doc.querySelector('#result-status');
    expect(status?.getAttribute('hx-swap-oob')).toBe('innerHTML');
    expect(text(status)).toBe('30 lag funnet. Viser 26–30 av 30');
  });

  it('names the search in the fragment title and pushes the clean URL', async () => {
    const { response, doc } = await get(app, '/lag?q=fotball&kommune=&sted=&kategori=', { 'HX-Request': 'true' });
    expect(text(doc.querySelector('title'))).toBe('Søk: fotball – Lagportal');
    expect(response.headers.get('HX-Push-Url')).toBe('/lag?q=fotball');
  });

  it('leaves a URL with a notice as it is, so reloading shows the notice again', async () => {
    const { response } = await get(app, '/lag?kommune=abc', { 'HX-Request': 'true' });
    expect(response.headers.get('HX-Push-Url')).toBeNull();
  });

  it('sends the whole page for a normal request and for an htmx history restore', async () => {
    const cases: Record<string, string>[] = [{}, { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' }, { 'HX-History-Restore-Request': 'true' }];
    for (const headers of cases) {
      const { body, doc } = await get(app, '/lag?q=sangere', headers);
      expect(body.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(doc.querySelector('#results')).not.toBeNull();
      expect(names(doc)).toEqual(['Bjerkvik Blandakor']);
    }
  });

  it('makes the form update the results in place and push the URL, and still work as a plain form', async () => {
    const { doc } = await get(app, '/lag');
    const form = doc.querySelector('form.search-form')!;
    expect(form.getAttribute('action')).toBe('/lag');
    expect(form.getAttribute('method')).toBe('get');
    expect(form.getAttribute('hx-get')).toBe('/lag');
    expect(form.getAttribute('hx-target')).toBe('#results');
    expect(form.getAttribute('hx-push-url')).toBe('true');
    expect(form.getAttribute('hx-trigger')).toContain('delay:');
    expect(doc.querySelector('script[src^="/static/vendor/htmx.min.js"]')).not.toBeNull();
  });
});

describe('GET /lag/:slug', () => {
  it('shows the association with its contact details, links and facts', async () => {
    const { status, doc, body } = await get(app, '/lag/bjerkvik-blandakor');
    expect(status).toBe(200);
    expect(text(doc.querySelector('h1'))).toBe('Bjerkvik Blandakor');
    expect(doc.querySelectorAll('h1')).toHaveLength(1);
    expect(doc.querySelectorAll('.association .tags li').map((li) => text(li))).toEqual(['Kunst og kultur']);
    expect(doc.querySelectorAll('#about-heading ~ p').map((p) => text(p))).toEqual([
      'Vi øver hver onsdag.',
      'Nye sangere er velkomne. <script>alert(1)</script>',
    ]);
    expect(body).not.toContain('<script>alert(1)</script>');
    const website = doc.querySelector('a.external[href="https://blandakor.example.no/"]')!;
    expect(website.getAttribute('rel')).toContain('noopener');
    expect(text(website)).toBe('blandakor.example.no (ekstern lenke)↗');
    expect(doc.querySelector('a[href="mailto:post@blandakor.example.no"]')).not.toBeNull();
    expect(doc.querySelector('a[href="tel:+4791234567"]')).not.toBeNull();
    expect(definitions(doc.querySelector('#facts-heading')?.parentNode)).toEqual({
      Kommune: 'Narvik',
      Sted: 'Bjerkvik',
      Organisasjonsnummer: '974 760 673',
      Stiftet: '1952',
      'Opplysningene sist bekreftet': '1. juni 2026',
    });
    expect(definitions(doc.querySelector('#contact-heading')?.parentNode)).toEqual({
      Nettside: 'blandakor.example.no (ekstern lenke)↗',
      'E-post': 'post@blandakor.example.no',
      Telefon: '+47 91 23 45 67',
      Postadresse: 'Postboks 12, 8530',
    });
    expect(doc.querySelector('time')?.getAttribute('datetime')).toBe('2026-06-01');
    expect(text(doc.querySelector('time'))).toBe('1. juni 2026');
    expect(doc.querySelector('a[href^="https://www.facebook.com/blandakor"]')?.getAttribute('rel')).toContain('noopener');
  });

  it('never turns a stored javascript: link into a link', async () => {
    const { body } = await get(app, '/lag/bjerkvik-blandakor');
    expect(body).not.toContain('javascript:');
  });

  it('says when the details were never confirmed', async () => {
    const { doc } = await get(app, '/lag/senja-skiklubb');
    expect(definitions(doc.querySelector('#facts-heading')?.parentNode)['Opplysningene sist bekreftet']).toBe('Ikke bekreftet ennå');
  });

  it.each(['ventende-velforening', 'nedlagt-bridgeklubb', 'avvist-forening', 'finnes-ikke', "x'%20or%201=1"])(
    'answers 404 with a page for %s',
    async (slug) => {
      const { status, doc } = await get(app, `/lag/${slug}`);
      expect(status).toBe(404);
      expect(text(doc.querySelector('h1'))).toBe('Fant ikke siden');
    },
  );
});

describe('landing pages', () => {
  it('GET /kommune/:nummer lists that municipality with its places and other names', async () => {
    const { status, doc } = await get(app, '/kommune/1806');
    expect(status).toBe(200);
    expect(text(doc.querySelector('h1'))).toBe('Lag og foreninger i Narvik');
    expect(text(doc.querySelector('#result-summary'))).toMatch(/^31 lag funnet/);
    expect(doc.querySelector('a[href="/kommune/1806?sted=kjopsvik"]')).not.toBeNull();
    const nordreisa = await get(app, '/kommune/5544');
    expect(text(nordreisa.doc.querySelector('.landing-intro'))).toContain('Ráisa');
  });

  it('pages within the landing page', async () => {
    const { doc } = await get(app, '/kommune/1806');
    expect(doc.querySelector('a[rel="next"]')?.getAttribute('href')).toBe('/kommune/1806?kommune=1806&side=2');
    const page2 = await get(app, '/kommune/1806?kommune=1806&side=2');
    expect(names(page2.doc)).toHaveLength(6);
  });

  it('GET /kategori/:slug lists the category and its subcategories', async () => {
    const { status, doc } = await get(app, '/kategori/kultur-og-fritid');
    expect(status).toBe(200);
    expect(text(doc.querySelector('h1'))).toBe('Lag og foreninger: Kultur og fritid');
    expect(text(doc.querySelector('#result-summary'))).toMatch(/^32 lag funnet/);
    expect(doc.querySelector('a[href="/kategori/idrett"]')).not.toBeNull();
    const sub = await get(app, '/kategori/kunst-og-kultur');
    expect(names(sub.doc)).toEqual(['Bjerkvik Blandakor']);
    expect(sub.doc.querySelector('a[href="/kategori/kultur-og-fritid"]')).not.toBeNull();
  });

  it.each(['/kommune/9999', '/kommune/abc', '/kommune/18060', '/kategori/finnes-ikke'])('answers 404 for %s', async (path) => {
    expect((await get(app, path)).status).toBe(404);
  });
});

describe('languages', () => {
  it('speaks Bokmål by default', async () => {
    const { doc } = await get(app, '/');
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(text(doc.querySelector('h1'))).toBe('Finn lag og foreninger');
    expect(doc.querySelector('a[hreflang="en"]')?.getAttribute('href')).toBe('/?lang=en');
  });

  it('switches to English with ?lang=en and remembers it in a cookie', async () => {
    const { response, doc } = await get(app, '/lag?lang=en&kommune=5530');
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(text(doc.querySelector('h1'))).toBe('Clubs and associations');
    expect(text(doc.querySelector('#result-summary'))).toBe('1 association found');
    expect(doc.querySelector('a[hreflang="nb"]')?.getAttribute('href')).toBe('/lag?lang=nb&kommune=5530');
    const cookie = response.headers.get('Set-Cookie') ?? '';
    expect(cookie).toMatch(/^lang=en;/);
    expect(cookie).toContain('SameSite=Lax');

    const later = await get(app, '/lag/senja-skiklubb', { Cookie: 'lang=en' });
    expect(later.doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect(text(later.doc.querySelector('#facts-heading'))).toBe('Facts');
    expect(later.doc.querySelectorAll('.association .tags li').map((li) => text(li))).toEqual(['Sports', 'Other Recreation and Social Clubs']);
  });

  it('formats counts and dates the English way', async () => {
    const { doc } = await get(app, '/lag/bjerkvik-blandakor?lang=en');
    expect(text(doc.querySelector('time'))).toBe('1 June 2026');
  });

  it('ignores an unknown language', async () => {
    const { doc, response } = await get(app, '/?lang=xx', { Cookie: 'lang=de' });
    expect(doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(response.headers.get('Set-Cookie')).toBeNull();
  });
});

describe('bad input in the list URL', () => {
  it.each([
    ['/lag?kommune=abc', '«abc» er ikke et kommunenummer'],
    ['/lag?kommune=18', '«18» er ikke et kommunenummer'],
    ['/lag?kommune=9999', 'Vi fant ingen kommune med nummer 9999'],
    ['/lag?kategori=finnes-ikke', 'Vi fant ingen kategori som heter «finnes-ikke»'],
    ['/lag?sted=atlantis', 'Vi fant ikke stedet «atlantis»'],
    ['/lag?side=0', '«0» er ikke et gyldig sidenummer'],
    ['/lag?side=abc', '«abc» er ikke et gyldig sidenummer'],
    ['/lag?side=-1', '«-1» er ikke et gyldig sidenummer'],
    ['/lag?side=99999999999999999999', 'er ikke et gyldig sidenummer'],
    [`/lag?q=${'a'.repeat(5000)}`, 'Søketeksten er lengre enn 200 tegn'],
    ['/lag?q=a&q=b', '«q» var oppgitt flere ganger'],
  ])('%s answers 400 with a notice and the rest of the list', async (path, message) => {
    const { status, doc, body } = await get(app, path);
    expect(status).toBe(400);
    expect(text(doc.querySelector('.notice'))).toContain(message);
    expect(doc.querySelector('.notice')?.getAttribute('role')).toBe('alert');
    expect(doc.querySelectorAll('.card').length).toBeGreaterThan(0);
    expect(body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('applies the valid filters and leaves out only the bad one', async () => {
    const { status, doc } = await get(app, '/lag?kommune=5530&kommune=nope&kategori=idrett');
    expect(status).toBe(400);
    expect(names(doc)).toEqual(['Senja Skiklubb']);
    expect(doc.querySelectorAll('.notice li')).toHaveLength(1);
  });

  it('echoes hostile values only as escaped, shortened text', async () => {
    const hostile = `<img src=x onerror=alert(1)>${'x'.repeat(300)}`;
    const { body, doc } = await get(app, `/lag?kategori=${encodeURIComponent(hostile)}`);
    expect(body).not.toContain('<img src=x');
    expect(body).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(text(doc.querySelector('.notice'))).not.toContain('x'.repeat(100));
  });

  it('sends the notice in the fragment too, so htmx shows it in place', async () => {
    const { status, doc } = await get(app, '/lag?kommune=abc', { 'HX-Request': 'true' });
    expect(status).toBe(400);
    expect(text(doc.querySelector('.notice'))).toContain('«abc» er ikke et kommunenummer');
  });

  it('explains bad input in English too', async () => {
    const { doc } = await get(app, '/lag?side=abc&lang=en');
    expect(text(doc.querySelector('.notice'))).toContain('“abc” is not a valid page number. Showing page 1.');
  });
});

describe('service routes', () => {
  it('GET /healthz answers 200 with a tiny JSON body', async () => {
    const response = await app.request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves htmx and the stylesheet from our own origin with long caching when versioned', async () => {
    const { doc } = await get(app, '/');
    const htmxUrl = doc.querySelector('script[src^="/static/vendor/htmx.min.js"]')!.getAttribute('src')!;
    const htmx = await app.request(htmxUrl);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get('Content-Type')).toContain('javascript');
    expect(htmx.headers.get('Cache-Control')).toContain('immutable');
    expect(await htmx.text()).toContain('htmx');
    const css = await app.request(doc.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!);
    expect(css.headers.get('Content-Type')).toContain('text/css');
    expect((await app.request('/static/../package.json')).status).toBe(404);
  });

  it('answers unknown paths with the 404 page', async () => {
    const { status, doc } = await get(app, '/finnes/ikke');
    expect(status).toBe(404);
    expect(text(doc.querySelector('h1'))).toBe('Fant ikke siden');
  });

  it('sends security headers with every page', async () => {
    const response = await app.request('/lag');
    const csp = response.headers.get('Content-Security-Policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(response.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('Strict-Transport-Security')).toContain('max-age=');
  });
});
