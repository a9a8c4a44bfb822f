import { parse } from 'hono/utils/cookie';
import { DEFAULT_LANGUAGE, type Language, isLanguage } from '../i18n/index.js';

/** The name of the cookie that remembers a visitor's choice of language. */
export const LANGUAGE_COOKIE = 'lang';

/**
 * The language a Cookie header remembers, parsed the way Hono's getCookie parses it (quotes
 * removed, percent-encoding decoded), or Bokmål. The app renders in it and the response cache
 * keys by it: the same function, so `lang="en"` or `lang=%65n` cannot be rendered in one
 * language and stored under the other.
 */
export function rememberedLanguage(cookieHeader: string | undefined): Language {
  if (!cookieHeader?.includes(`${LANGUAGE_COOKIE}=`)) return DEFAULT_LANGUAGE;
  const value = parse(cookieHeader, LANGUAGE_COOKIE)[LANGUAGE_COOKIE];
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}
