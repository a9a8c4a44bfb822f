import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { EmbedListPage, SharingHelpPage } from '../../views/embed.js';
import type { AppContext, AppEnv } from '../app-env.js';
import type { Config } from '../config.js';
import { listPublished } from '../db/associations.js';
import { PAGE_SIZE, type ListQuery, associationFilter, listUrl, parseListQuery } from '../lib/list-query.js';
import { pageMeta } from './render.js';

/** The list other sites may show in a frame. */
export const EMBED_PATH = '/embed/lag';
/** Every path other sites may show in a frame: the list and "what's on" (src/routes/calendar.tsx). */
export const FRAMEABLE_PATHS: ReadonlySet<string> = new Set([EMBED_PATH, '/embed/hva-skjer']);

/**
 * CSP frame-ancestors for a request: the configured hosts for the embed, nobody elsewhere.
 * Used as a secureHeaders directive callback, so the policy is written in one place.
 */
export function frameAncestorsFor(config: Config) {
  const allowed = config.embedFrameAncestors.join(' ');
  return (c: Context) => (FRAMEABLE_PATHS.has(c.req.path) ? allowed : "'none'");
}

/**
 * Runs around secureHeaders (register it first) and removes X-Frame-Options from the embed:
 * the header cannot name a list of sites, and CSP frame-ancestors already says who may frame it.
 */
export const allowFramingOfEmbed: MiddlewareHandler = async (c, next) => {
  await next();
  if (FRAMEABLE_PATHS.has(c.req.path)) c.res.headers.delete('X-Frame-Options');
};

/** Colours a host may set in the embed URL, and the custom property each one sets. */
const THEME_PARAMETERS = { farge: '--lp-accent', tekst: '--lp-text', bakgrunn: '--lp-background' } as const;
type ThemeParameter = keyof typeof THEME_PARAMETERS;
const HEX_COLOUR = /^[0-9a-fA-F]{6}$/;

/** The valid colours from a URL, and the values that were not colours. */
export function parseTheme(params: URLSearchParams): { colours: Partial<Record<ThemeParameter, string>>; bad: [ThemeParameter, string][] } {
  const colours: Partial<Record<ThemeParameter, string>> = {};
  const bad: [ThemeParameter, string][] = [];
  for (const name of Object.keys(THEME_PARAMETERS) as ThemeParameter[]) {
    const value = params.get(name)?.trim();
    if (value === undefined || value === '') continue;
    if (HEX_COLOUR.test(value)) colours[name] = value.toLowerCase();
    else bad.push([name, value.length > 20 ? `${value.slice(0, 19)}…` : value]);
  }
  return { colours, bad };
}

export function themeQuery(colours: Partial<Record<ThemeParameter, string>>): URLSearchParams {
  return new URLSearchParams(Object.entries(colours));
}

/** Appends parameters to a path that may already have a query string. */
export function withParams(path: string, params: URLSearchParams): string {
  const extra = params.toString();
  if (!extra) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${extra}`;
}

/** The embeddable list at /embed/lag, its colour stylesheet, and the help page /om/deling. */
export function embedRoutes(ctx: AppContext) {
  const { db, reference, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function headingFor(c: Context<AppEnv>, query: ListQuery): string {
    const tr = c.get('tr');
    const [municipality] = query.municipalities;
    const [category] = query.categories;
    if (query.municipalities.length === 1 && municipality && query.categories.length === 0) return tr.t.municipalityTitle(municipality.display_name);
    if (query.categories.length === 1 && category && query.municipalities.length === 0) return tr.t.categoryTitle(tr.name(category));
    if (municipality && query.municipalities.length === 1 && category && query.categories.length === 1)
      return `${tr.t.municipalityTitle(municipality.display_name)}: ${tr.name(category)}`;
    return tr.t.listTitle;
  }

  app.get(EMBED_PATH, async (c) => {
    const tr = c.get('tr');
    const params = new URL(c.req.url).searchParams;
    const query = parseListQuery(params, reference);
    const theme = parseTheme(params);
    const result = await listPublished(db, associationFilter(query, reference), { limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
    // A frame on another site rarely gets our language cookie, so links carry the language.
    const keep = themeQuery(theme.colours);
    const otherLanguage = tr.lang !== ctx.config.defaultLanguage;
    if (otherLanguage) keep.set('lang', tr.lang);
    const fullList = withParams(listUrl({ ...query, page: 1 }), otherLanguage ? new URLSearchParams({ lang: tr.lang }) : new URLSearchParams());
    c.header('Vary', 'Cookie', { append: true });
    c.header('Cache-Control', 'public, max-age=300');
    const bad = query.notices.length > 0 || theme.bad.length > 0;
    return c.html(
      <EmbedListPage
        tr={tr}
        reference={reference}
        assets={assets}
        heading={headingFor(c, query)}
        fullListUrl={`${config.baseUrl}${fullList}`}
        baseUrl={config.baseUrl}
        languageQuery={otherLanguage ? `?lang=${tr.lang}` : ''}
        themeUrl={Object.keys(theme.colours).length > 0 ? withParams('/embed/tema.css', themeQuery(theme.colours)) : null}
        notices={query.notices}
        themeProblems={theme.bad.map(([name, value]) => tr.t.share.themeBadColor(name, value))}
        total={result.total}
        rows={result.rows}
        page={query.page}
        pageCount={Math.ceil(result.total / PAGE_SIZE)}
        pageUrl={(page) => withParams(listUrl({ ...query, page }, EMBED_PATH), keep)}
      />,
      bad ? 400 : 200,
    );
  });

  // The host's colours as a stylesheet of our own origin: CSP allows no inline styles.
  app.get('/embed/tema.css', (c) => {
    const { colours } = parseTheme(new URL(c.req.url).searchParams);
    const declarations = (Object.entries(colours) as [ThemeParameter, string][]).map(([name, value]) => `  ${THEME_PARAMETERS[name]}: #${value};`);
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(`:root {\n${declarations.join('\n')}\n}\n`);
  });

  app.get('/om/deling', (c) => {
    const tr = c.get('tr');
    const params = new URL(c.req.url).searchParams;
    const query = parseListQuery(params, reference);
    // Until someone chooses, show the code for a municipality of the first featured region.
    const featured = reference.regionMembers.get(config.regions[0] ?? '')?.[0];
    const municipality = query.municipalities[0] ?? reference.municipalityByNumber.get(featured ?? '') ?? reference.municipalities[0] ?? null;
    const category = query.categories[0] ?? null;
    const embedPath = listUrl({ q: '', municipalities: municipality ? [municipality] : [], categories: category ? [category] : [], place: null }, EMBED_PATH);
    const embedUrl = `${config.baseUrl}${embedPath}`;
    const title = tr.t.share.iframeTitle(municipality?.display_name ?? tr.t.siteName);
    const snippet = `<iframe src="${embedUrl.replace(/&/g, '&amp;')}" title="${title.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" width="100%" height="600" loading="lazy" style="border: 0"></iframe>`;
    const regions = config.regions.map((slug) => reference.regions.find((r) => r.slug === slug)).filter((r) => r !== undefined);
    const others = reference.regions.filter((r) => !regions.includes(r));
    return c.html(
      <SharingHelpPage
        meta={pageMeta(c, ctx, tr.t.share.helpTitle, { canonicalPath: '/om/deling' })}
        assets={assets}
        reference={reference}
        regions={[...regions, ...others]}
        notices={query.notices}
        municipalityNumber={municipality?.number ?? null}
        categorySlug={category?.slug ?? null}
        snippet={snippet}
        embedUrl={embedPath}
        baseUrl={config.baseUrl}
      />,
      query.notices.length > 0 ? 400 : 200,
    );
  });

  return app;
}
