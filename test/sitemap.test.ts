import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { association, get, testApp } from './helpers.js';

// The sitemap index, its files and robots.txt, read back with a real XML parser.

const parser = new XMLParser({ isArray: (name) => ['url', 'sitemap'].includes(name) });
type App = Awaited<ReturnType<typeof testApp>>['app'];
interface Entry {
  loc: string;
  lastmod?: string;
}

async function xml(app: App, path: string) {
  // Not get(): it also parses the body as HTML, which is slow for a file of 50,000 URLs.
  const response = await app.request(path);
  const body = await response.text();
  expect(response.status, path).toBe(200);
  expect(response.headers.get('Content-Type'), path).toBe('application/xml; charset=utf-8');
  expect(XMLValidator.validate(body), path).toBe(true);
  return parser.parse(body) as { sitemapindex?: { sitemap?: Entry[] }; urlset?: { url?: Entry[] } };
}

/** The index's files, as paths. */
async function indexFiles(app: App): Promise<Entry[]> {
  const index = await xml(app, '/sitemap.xml');
  return (index.sitemapindex?.sitemap ?? []).map((s) => ({ ...s, loc: s.loc.replace('https://lag.example.no', '') }));
}

async function urls(app: App, path: string): Promise<Entry[]> {
  return (await xml(app, path)).urlset?.url ?? [];
}

describe('sitemap', () => {
  it('lists the overview pages and every published detail page with its last change, and nothing else', async () => {
    const { app } = await testApp((reference) => [
      association(reference, { name: 'Narvik Fotballklubb' }),
      association(reference, { name: 'Kor & <Korps>', categories: ['kunst-og-kultur'] }),
      association(reference, { name: 'Venter', status: 'pending' }),
      association(reference, { name: 'Arkivert', status: 'archived' }),
      association(reference, { name: 'Avvist', status: 'rejected' }),
    ]);
    const files = await indexFiles(app);
    expect(files.map((f) => f.loc)).toEqual(['/sitemap-sider.xml', '/sitemap-lag-1.xml']);
    expect(files.map((f) => f.lastmod)).toEqual(['2026-11-23T12:00:00.000Z', '2026-11-23T12:00:00.000Z']);

    // Landing pages without a published association (Senja, other categories) are left out.
    expect(await urls(app, '/sitemap-sider.xml')).toEqual([
      { loc: 'https://lag.example.no/', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/lag', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/om/deling' },
      { loc: 'https://lag.example.no/kommune/1806', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/region/narvikregionen', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/kategori/kultur-og-fritid', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/kategori/kunst-og-kultur', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/kategori/idrett', lastmod: '2026-11-23T12:00:00.000Z' },
    ]);

    const details = await urls(app, '/sitemap-lag-1.xml');
    expect(details).toEqual([
      { loc: 'https://lag.example.no/lag/narvik-fotballklubb', lastmod: '2026-11-23T12:00:00.000Z' },
      { loc: 'https://lag.example.no/lag/kor-korps', lastmod: '2026-11-23T12:00:00.000Z' },
    ]);
  });

  it('splits detail pages into files of at most the configured size that together hold each published page once', async () => {
    const { app, db } = await testApp(
      (reference) =>
        Array.from({ length: 26 }, (_, i) =>
          association(reference, { name: `Lag ${String(i + 1).padStart(2, '0')}`, status: i % 5 === 4 ? 'pending' : 'published' }),
        ),
      { SITEMAP_URLS_PER_FILE: '8' },
    );
    const files = await indexFiles(app);
    expect(files.map((f) => f.loc)).toEqual(['/sitemap-sider.xml', '/sitemap-lag-1.xml', '/sitemap-lag-2.xml', '/sitemap-lag-3.xml', '/sitemap-lag-4.xml']);

    // File N holds the ids in ((N-1)·8, N·8]; every fifth entry (5, 10, 15, …) is pending.
    const perFile: Record<string, string[]> = {};
    for (const file of files.slice(1)) perFile[file.loc] = (await urls(app, file.loc)).map((e) => e.loc.replace('https://lag.example.no/lag/', ''));
    expect(perFile).toEqual({
      '/sitemap-lag-1.xml': ['lag-01', 'lag-02', 'lag-03', 'lag-04', 'lag-06', 'lag-07', 'lag-08'],
      '/sitemap-lag-2.xml': ['lag-09', 'lag-11', 'lag-12', 'lag-13', 'lag-14', 'lag-16'],
      '/sitemap-lag-3.xml': ['lag-17', 'lag-18', 'lag-19', 'lag-21', 'lag-22', 'lag-23', 'lag-24'],
      '/sitemap-lag-4.xml': ['lag-26'],
    });
    expect(await db.selectFrom('associations').select('id').where('status', '=', 'published').execute()).toHaveLength(21);
    expect((await get(app, '/sitemap-lag-5.xml')).status).toBe(404);
    expect((await get(app, '/sitemap-lag-0.xml')).status).toBe(404);
  });

  it('streams a file of thousands of pages in batches without losing or repeating one', async () => {
    const { app } = await testApp((reference) =>
      Array.from({ length: 2_345 }, (_, i) => association(reference, { name: `Forening ${i + 1}`, categories: [] })),
    );
    const entries = await urls(app, '/sitemap-lag-1.xml');
    expect(entries).toHaveLength(2_345);
    expect(new Set(entries.map((e) => e.loc)).size).toBe(2_345);
  });

  it('keeps to the protocol limit of 50,000 URLs a file with the default setting', async () => {
    const { app, db } = await testApp();
    // Rows are made inside SQLite in one statement: 50,001 inserts from JavaScript would be slow.
    await sql`
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50001)
      INSERT INTO associations (slug, name, sort_name, short_description, description, municipality_number, status, created_at, updated_at, published_at)
      SELECT 'lag-' || i, 'Lag ' || i, 'lag ' || i, '', '', '1806', 'published', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z' FROM n
    `.execute(db);
    const files = await indexFiles(app);
    expect(files.map((f) => f.loc)).toEqual(['/sitemap-sider.xml', '/sitemap-lag-1.xml', '/sitemap-lag-2.xml']);
    const first = await urls(app, '/sitemap-lag-1.xml');
    expect(first).toHaveLength(50_000);
    expect(await urls(app, '/sitemap-lag-2.xml')).toEqual([{ loc: 'https://lag.example.no/lag/lag-50001', lastmod: '2026-01-01T00:00:00.000Z' }]);
  }, 60_000);

  it('robots.txt keeps crawlers out of forms, private links and moderation, and names the sitemap', async () => {
    const { app } = await testApp();
    const { status, body, response } = await get(app, '/robots.txt');
    expect(status).toBe(200);
    expect(response.headers.get('Content-Type')).toMatch(/^text\/plain/);
    expect(body).toBe(
      [
        'User-agent: *',
        'Allow: /',
        'Disallow: /moderering',
        'Disallow: /endre',
        'Disallow: /registrer',
        'Disallow: /logg-inn',
        'Disallow: /logg-ut',
        'Disallow: /lag/*/meld-feil',
        'Disallow: /lag/*/kontakt',
        'Disallow: /lag/*/dette-er-oss',
        'Disallow: /embed/',
        '',
        'Sitemap: https://lag.example.no/sitemap.xml',
        '',
      ].join('\n'),
    );
  });
});
