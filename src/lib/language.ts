import { parse } from 'hono/utils/cookie';

/** The cookie that remembers a visitor's choice of language. */
export const LANGUAGE_COOKIE = 'lang';

/**
 * The language remembered in a Cookie header, read with Hono's own cookie parser: quoted and
 * percent-encoded values (`lang="en"`, `lang=%65n`) mean what they say. The app and the
 * response cache both read it here, so a page is never cached under another language than the
 * one it was rendered in.
 */
export function rememberedLanguage(cookieHeader: string | undefined | null): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader, LANGUAGE_COOKIE)[LANGUAGE_COOKIE];
}
