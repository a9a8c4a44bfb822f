import { Hono } from 'hono';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { type FeedEntry, lastChanges, newlyPublished, publishedSlugsAfter, sitemapParts } from '../db/discovery.js';
import { escapeXml } from '../lib/xml.js';
import { canonicalInLanguage } from './render.js';
import { renderNotFound } from './errors.js';

/** How many associations an Atom feed holds. */
export const FEED_SIZE = 50;
/** Rows read per query while a sitemap file streams. */
const SITEMAP_BATCH = 1000;
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
/** Crawlers and feed readers may keep these for a while; they change with publications only. */
const PUBLIC_CACHE = 'public, max-age=900';

/** An XML element with escaped text content; attributes are escaped too. */
function element(name: string, content: string, attributes: Record<string, string> = {}): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return `<${name}${attrs}>${escapeXml(content)}</${name}>`;
}

function emptyElement(name: string, attributes: Record<string, string>): string {
  const attrs = Object.entries(attributes)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  return `<${name}${attrs}/>`;
}

/**
 * Atom ids must never change, even when an association is renamed and its slug with it: a
 * tag: URI on the site's host and the row id. The date is when the scheme was minted.
 */
function tagId(baseUrl: string, specific: string): string {
  return `tag:${new URL(baseUrl).hostname},2026:${specific}`;
}

function atomFeed(options: {
  baseUrl: string;
  lang: string;
  id: string;
  title: string;
  subtitle: string;
  selfPath: string;
  alternatePath: string;
  entries: FeedEntry[];
  now: Date;
}): string {
  const { baseUrl, entries } = options;
  // The feed changed when its newest entry did; an empty feed has nothing older to point to.
  const updated = entries.reduce<string | null>((max, e) => (max === null || e.updated_at > max ? e.updated_at : max), null) ?? options.now.toISOString();
  const lines = [
    XML_DECLARATION.trimEnd(),
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(options.lang)}">`,
    element('id', options.id),
    element('title', options.title),
    element('subtitle', options.subtitle),
    element('updated', updated),
    `<author>${element('name', 'Lagportal')}${element('uri', `${baseUrl}/`)}</author>`,
    emptyElement('link', { rel: 'self', type: 'application/atom+xml', href: `${baseUrl}${options.selfPath}` }),
    emptyElement('link', { rel: 'alternate', type: 'text/html', href: `${baseUrl}${options.alternatePath}` }),
    element('generator', 'Lagportal'),
  ];
  for (const e of entries) {
    lines.push(
      '<entry>',
      element('id', tagId(baseUrl, `lag/${e.id}`)),
      element('title', e.name),
      element('published', e.published_at),
      element('updated', e.updated_at),
      emptyElement('link', { rel: 'alternate', type: 'text/html', href: `${baseUrl}/lag/${e.slug}` }),
      ...(e.short_description ? [element('summary', e.short_description)] : []),
      '</entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

function xmlResponse(c: Context<AppEnv>, body: string | ReadableStream<Uint8Array>, contentType: string) {
  c.header('Content-Type', `${contentType}; charset=utf-8`);
  c.header('Cache-Control', PUBLIC_CACHE);
  return c.body(body);
}

/** Atom feeds of new associations, the sitemap and robots.txt. */
export function discoveryRoutes(ctx: AppContext) {
  const { db, reference, config } = ctx;
  const app = new Hono<AppEnv>();

  function sendFeed(c: Context<AppEnv>, entries: FeedEntry[], options: { id: string; title: string; selfPath: string; alternatePath: string }) {
    const tr = c.get('tr');
    // The titles follow the visitor's language (?lang=en or the cookie).
    c.header('Vary', 'Cookie', { append: true });
    const selfPath = canonicalInLanguage(options.selfPath, tr.lang, config.defaultLanguage);
    const body = atomFeed({ ...options, selfPath, baseUrl: config.baseUrl, lang: tr.lang, subtitle: tr.t.share.feedSubtitle, entries, now: ctx.clock() });
    return xmlResponse(c, body, 'application/atom+xml');
  }

  app.get('/kommune/:nummer/nye.atom', async (c) => {
    const municipality = reference.municipalityByNumber.get(c.req.param('nummer'));
    if (!municipality) return renderNotFound(c, ctx);
    const entries = await newlyPublished(db, [municipality.number], FEED_SIZE);
    return sendFeed(c, entries, {
      id: tagId(config.baseUrl, `kommune/${municipality.number}/nye`),
      title: c.get('tr').t.share.feedMunicipalityTitle(municipality.display_name),
      selfPath: `/kommune/${municipality.number}/nye.atom`,
      alternatePath: `/kommune/${municipality.number}`,
    });
  });

  app.get('/region/:slug/nye.atom', async (c) => {
    const region = reference.regions.find((r) => r.slug === c.req.param('slug'));
    if (!region) return renderNotFound(c, ctx);
    const members = reference.regionMembers.get(region.slug) ?? [];
    const entries = await newlyPublished(db, members, FEED_SIZE);
    return sendFeed(c, entries, {
      id: tagId(config.baseUrl, `region/${region.slug}/nye`),
      title: c.get('tr').t.share.feedRegionTitle(c.get('tr').name(region)),
      selfPath: `/region/${region.slug}/nye.atom`,
      alternatePath: `/region/${region.slug}`,
    });
  });

  // The index: one file of overview pages, then one per id range of detail pages.
  app.get('/sitemap.xml', async (c) => {
    const [parts, changes] = await Promise.all([sitemapParts(db, config.sitemapUrlsPerFile), lastChanges(db)]);
    const lines = [XML_DECLARATION.trimEnd(), `<sitemapindex xmlns="${SITEMAP_NS}">`];
    const sitemap = (path: string, lastmod: string | null) =>
      `<sitemap>${element('loc', `${config.baseUrl}${path}`)}${lastmod ? element('lastmod', lastmod) : ''}</sitemap>`;
    lines.push(sitemap('/sitemap-sider.xml', changes.overall));
    for (const p of parts) lines.push(sitemap(`/sitemap-lag-${p.part}.xml`, p.lastmod));
    lines.push('</sitemapindex>', '');
    return xmlResponse(c, lines.join('\n'), 'application/xml');
  });

  // Front page, the list, and the landing pages of municipalities and categories that have
  // published associations (an empty landing page is nothing to offer a search engine).
  app.get('/sitemap-sider.xml', async (c) => {
    const changes = await lastChanges(db);
    const url = (path: string, lastmod: string | null | undefined) =>
      `<url>${element('loc', `${config.baseUrl}${path}`)}${lastmod ? element('lastmod', lastmod) : ''}</url>`;
    const lines = [
      XML_DECLARATION.trimEnd(),
      `<urlset xmlns="${SITEMAP_NS}">`,
      url('/', changes.overall),
      url('/lag', changes.overall),
      url('/om/deling', null),
    ];
    for (const m of reference.municipalities) {
      const lastmod = changes.byMunicipality.get(m.number);
      if (lastmod) lines.push(url(`/kommune/${m.number}`, lastmod));
    }
    for (const region of reference.regions) {
      const lastmod = (reference.regionMembers.get(region.slug) ?? [])
        .map((n) => changes.byMunicipality.get(n))
        .reduce<string | undefined>((max, v) => (v && (!max || v > max) ? v : max), undefined);
      if (lastmod) lines.push(url(`/region/${region.slug}`, lastmod));
    }
    for (const category of reference.categories) {
      // A group's page lists its subcategories' associations too.
      const ids = [category.id, ...reference.categories.filter((x) => x.parent_id === category.id).map((x) => x.id)];
      const lastmod = ids.map((id) => changes.byCategory.get(id)).reduce<string | undefined>((max, v) => (v && (!max || v > max) ? v : max), undefined);
      if (lastmod) lines.push(url(`/kategori/${category.slug}`, lastmod));
    }
    lines.push('</urlset>', '');
    return xmlResponse(c, lines.join('\n'), 'application/xml');
  });

  app.get('/:file{sitemap-lag-[0-9]{1,7}\\.xml}', async (c) => {
    const part = Number(/\d+/.exec(c.req.param('file'))![0]);
    const size = config.sitemapUrlsPerFile;
    const firstId = (part - 1) * size;
    const lastId = part * size;
    const first = await publishedSlugsAfter(db, firstId, lastId, SITEMAP_BATCH);
    if (first.length === 0) return renderNotFound(c, ctx);

    // Streamed in batches: 50,000 URLs are a few megabytes that need not sit in memory at once.
    const encoder = new TextEncoder();
    let batch: typeof first | null = first;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode(`${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}">\n`));
      },
      async pull(controller) {
        try {
          const rows = batch ?? [];
          batch = null;
          if (rows.length === 0) {
            controller.enqueue(encoder.encode('</urlset>\n'));
            controller.close();
            return;
          }
          const text = rows.map((r) => `<url>${element('loc', `${config.baseUrl}/lag/${r.slug}`)}${element('lastmod', r.updated_at)}</url>\n`).join('');
          controller.enqueue(encoder.encode(text));
          batch = rows.length < SITEMAP_BATCH ? [] : await publishedSlugsAfter(db, rows.at(-1)!.id, lastId, SITEMAP_BATCH);
        } catch (error) {
          ctx.logger.error({ err: error, part }, 'sitemap stream failed');
          controller.error(error);
        }
      },
    });
    return xmlResponse(c, stream, 'application/xml');
  });

  app.get('/robots.txt', (c) => {
    const lines = [
      'User-agent: *',
      'Allow: /',
      // Forms, private links and the moderator area are no use in search results.
      'Disallow: /moderering',
      'Disallow: /endre',
      'Disallow: /registrer',
      'Disallow: /logg-inn',
      'Disallow: /logg-ut',
      // Wildcards as Google, Bing and the robots.txt RFC 9309 read them: the per-entry forms.
      'Disallow: /lag/*/meld-feil',
      'Disallow: /lag/*/kontakt',
      'Disallow: /lag/*/dette-er-oss',
      // The embed repeats the lists for other sites' frames; the lists themselves are indexed.
      'Disallow: /embed/',
      '',
      `Sitemap: ${config.baseUrl}/sitemap.xml`,
      '',
    ];
    c.header('Cache-Control', 'public, max-age=3600');
    return c.text(lines.join('\n'));
  });

  return app;
}
