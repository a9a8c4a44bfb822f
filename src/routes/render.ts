import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppContext, AppEnv } from '../app-env.js';
import type { PageMeta } from '../../views/layout.js';
import type { Language } from '../i18n/index.js';
import { isFragmentRequest } from '../lib/htmx.js';

/**
 * True when htmx asked for a part of a page. A history restore (back/forward with nothing
 * cached) also comes from htmx but needs the whole page.
 */
export function wantsFragment(c: Context<AppEnv>): boolean {
  return isFragmentRequest((name) => c.req.header(name));
}

/**
 * Sends the fragment to htmx and the full page to everyone else: the one place that decides.
 * Both share a component, so the markup exists once.
 */
export function renderPageOrFragment(c: Context<AppEnv>, parts: { page: () => JSX.Element; fragment: () => JSX.Element }, status: ContentfulStatusCode = 200) {
  c.header('Vary', 'HX-Request, Cookie', { append: true });
  return c.html(wantsFragment(c) ? parts.fragment() : parts.page(), status);
}

/** The current URL with `lang` set to each language, for the language switch. */
function languageLinks(c: Context<AppEnv>): PageMeta['languageLinks'] {
  const url = new URL(c.req.url);
  const withLanguage = (lang: string) => {
    url.searchParams.set('lang', lang);
    return `${url.pathname}?${url.searchParams.toString()}`;
  };
  return { nb: withLanguage('nb'), nn: withLanguage('nn'), en: withLanguage('en') };
}

/**
 * A page in a language other than the site's own is its own URL (?lang=en), so it is not
 * taken for a copy of the page in the site's language.
 */
export function canonicalInLanguage(path: string, lang: Language, siteLanguage: Language): string {
  if (lang === siteLanguage) return path;
  return `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
}

/** Title, language links and canonical URL for a page. */
export function pageMeta(
  c: Context<AppEnv>,
  ctx: AppContext,
  title: string,
  extra: Partial<Omit<PageMeta, 'tr' | 'title' | 'languageLinks'>> & { canonicalPath?: string } = {},
): PageMeta {
  const { canonicalPath, ...rest } = extra;
  return {
    tr: c.get('tr'),
    title,
    languageLinks: languageLinks(c),
    canonical: canonicalPath ? `${ctx.config.baseUrl}${canonicalInLanguage(canonicalPath, c.get('tr').lang, ctx.config.defaultLanguage)}` : undefined,
    user: c.get('user'),
    ...rest,
  };
}
