import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reference } from '../src/db/reference.js';
import { type App } from '../src/app.js';
import { association, get, testApp, text } from './helpers.js';

// Region pages (/region/:slug) and `region` as a filter on the list, the embed, the exports
// and the API. Nord-Troms is Kåfjord (5540), Nordreisa (5544) and four more; Narvik (1806)
// is in Narvikregionen.

let app: App;

function directory(reference: Reference) {
  return [
    association(reference, { name: 'Nordreisa Idrettslag', municipalityNumber: '5544', categories: ['idrett'] }),
    association(reference, { name: 'Reisa Songlag', municipalityNumber: '5544', categories: ['kunst-og-kultur'] }),
    association(reference, { name: 'Kåfjord Kystlag', municipalityNumber: '5540', categories: ['idrett', 'rekreasjon-og-sosiale-foreninger'] }),
    association(reference, { name: 'Narvik Svømmeklubb', municipalityNumber: '1806', categories: ['idrett'] }),
    association(reference, { name: 'Ventende Reisalag', municipalityNumber: '5544', status: 'pending' }),
  ];
}

beforeAll(async () => {
  ({ app } = await testApp(directory));
});

const names = (doc: Awaited<ReturnType<typeof get>>['doc']) => doc.querySelectorAll('.card__title').map((e) => text(e));

describe('GET /region/:slug', () => {
  it('shows the region’s municipalities with counts and Sami and Kven names, its categories, its list and its feed', async () => {
    const { status, doc } = await get(app, '/region/nord-troms');
    expect(status).toBe(200);
    expect(text(doc.querySelector('h1'))).toBe('Lag og foreninger i Nord-Troms');

    const municipalities = doc.querySelectorAll('nav[aria-labelledby="region-municipalities-heading"] li').map((li) => text(li));
    expect(municipalities).toHaveLength(6);
    expect(municipalities).toContain('Nordreisa (Ráisa, Raisi) (2 lag)');
    expect(municipalities).toContain('Kåfjord (Gáivuotna, Kaivuono) (1 lag)');
    expect(municipalities).toContain('Skjervøy (0 lag)');

    const categories = doc.querySelectorAll('nav[aria-labelledby="region-categories-heading"] li').map((li) => text(li));
    // Kåfjord Kystlag is in two categories of the same group and counts once there.
    expect(categories).toEqual(['Kultur og fritid (3 lag)']);
    expect(doc.querySelector('nav[aria-labelledby="region-categories-heading"] a')?.getAttribute('href')).toBe('/region/nord-troms?kategori=kultur-og-fritid');

    expect(names(doc)).toEqual(['Kåfjord Kystlag', 'Nordreisa Idrettslag', 'Reisa Songlag']);
    expect(doc.querySelector('a[href="/region/nord-troms/nye.atom"]')).not.toBeNull();
    expect(doc.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute('href')).toBe(
      'https://lag.example.no/region/nord-troms/nye.atom',
    );
    expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe('https://lag.example.no/region/nord-troms');
  });

  it('narrows to a category or a member municipality, and speaks English', async () => {
    expect(names((await get(app, '/region/nord-troms?kategori=kunst-og-kultur')).doc)).toEqual(['Reisa Songlag']);
    expect(names((await get(app, '/region/nord-troms?kommune=5540')).doc)).toEqual(['Kåfjord Kystlag']);
    const english = await get(app, '/region/midt-troms?lang=en');
    expect(text(english.doc.querySelector('h1'))).toBe('Clubs and associations in Central Troms');
    expect(text(english.doc.querySelector('nav[aria-labelledby="region-categories-heading"]'))).toContain('No associations are published in the region yet.');
  });

  it('answers 404 for an unknown region', async () => {
    const { status, doc } = await get(app, '/region/finnes-ikke');
    expect(status).toBe(404);
    expect(text(doc.querySelector('h1'))).toBe('Fant ikke siden');
  });

  it('is linked from the front page, where municipalities show their Sami and Kven names', async () => {
    const { doc } = await get(app, '/');
    expect(doc.querySelector('a[href="/region/nord-troms"]')).not.toBeNull();
    expect(text(doc.querySelector('a[href="/kommune/5544"]'))).toBe('Nordreisa (Ráisa, Raisi)');
  });
});

describe('region as a filter', () => {
  it('keeps /lag to the region, with a chip to remove it and the choice kept in the form', async () => {
    const { status, doc } = await get(app, '/lag?region=nord-troms');
    expect(status).toBe(200);
    expect(names(doc)).toEqual(['Kåfjord Kystlag', 'Nordreisa Idrettslag', 'Reisa Songlag']);
    expect(doc.querySelector('select[name="region"] option[selected]')?.getAttribute('value')).toBe('nord-troms');
    expect(doc.querySelector('.active-filters a')?.getAttribute('href')).toBe('/lag');
  });

  it('answers an unknown region on the list with 400 and a message, and still shows the list', async () => {
    const { status, doc } = await get(app, '/lag?region=atlantis');
    expect(status).toBe(400);
    expect(text(doc)).toContain('Vi fant ingen region som heter «atlantis». Filteret er ikke brukt.');
    expect(names(doc)).toHaveLength(4);
  });

  it('explains a municipality outside the region instead of emptying the list', async () => {
    const { status, doc } = await get(app, '/lag?region=nord-troms&kommune=1806');
    expect(status).toBe(400);
    expect(text(doc)).toContain('Narvik er ikke med i regionen Nord-Troms. Kommunefilteret er ikke brukt.');
    expect(names(doc)).toEqual(['Kåfjord Kystlag', 'Nordreisa Idrettslag', 'Reisa Songlag']);
  });

  it('filters /lag.csv and /embed/lag, and refuses an unknown region there', async () => {
    const csv = await app.request('/lag.csv?region=nord-troms');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('Content-Disposition')).toBe('attachment; filename="lag-nord-troms-2026-11-23.csv"');
    const rows = parse((await csv.text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => Object.values(r)[1]).sort()).toEqual(['Kåfjord Kystlag', 'Nordreisa Idrettslag', 'Reisa Songlag']);
    const badCsv = await app.request('/lag.csv?region=atlantis');
    expect(badCsv.status).toBe(400);
    expect(await badCsv.text()).toContain('Vi fant ingen region som heter «atlantis».');

    const embed = await get(app, '/embed/lag?region=narvikregionen');
    expect(embed.status).toBe(200);
    expect(embed.doc.querySelectorAll('.lp-item__name').map((e) => text(e))).toEqual(['Narvik Svømmeklubb']);
    expect((await get(app, '/embed/lag?region=atlantis')).status).toBe(400);
  });

  it('filters the API, and names the parameter of an unknown region', async () => {
    const ok = await app.request('/api/v1/organizations?region=nord-troms');
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { total_items: number; contents: { name: string }[] };
    expect(body.total_items).toBe(3);
    expect(body.contents.map((o) => o.name).sort()).toEqual(['Kåfjord Kystlag', 'Nordreisa Idrettslag', 'Reisa Songlag']);
    const bad = await app.request('/api/v1/organizations?region=atlantis&lang=en');
    expect(bad.status).toBe(400);
    const problem = (await bad.json()) as { errors: { parameter: string; message: string }[] };
    expect(problem.errors).toEqual([{ parameter: 'region', message: 'We found no region called “atlantis”. The filter was not applied.' }]);
  });
});
