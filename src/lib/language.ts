import { parse } from 'hono/utils/cookie';
import { type Language, isLanguage } from '../i18n/index.js';

/** The name of the cookie that remembers a visitor's choice of language. */
export const LANGUAGE_COOKIE = 'lang';

/**
 * The language a Cookie header remembers, parsed the way Hono's getCookie parses it (quotes
 * removed, percent-encoding decoded), or undefined when it remembers none (the page is then in
 * the site's language, DEFAULT_LANG). The app renders in it and the response cache keys by it:
 * the same function, so `lang="en"` or `lang=%65n` cannot be rendered in one language and
 * stored under the other.
 */
export function rememberedLanguage(cookieHeader: string | undefined): Language | undefined {
  if (!cookieHeader?.includes(`${LANGUAGE_COOKIE}=`)) return undefined;
  const value = parse(cookieHeader, LANGUAGE_COOKIE)[LANGUAGE_COOKIE];
  return isLanguage(value) ? value : undefined;
}
