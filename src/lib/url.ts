/**
 * The URL if it is an absolute http(s) URL without credentials, else null. Stored links are
 * validated on the way in; this check on the way out means a bad row can never become a
 * javascript: link on a public page.
 */
export function safeExternalUrl(value: string | null | undefined): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

/** A URL as people read it: no scheme, no "www.", no lone trailing slash. */
export function displayUrl(url: URL): string {
  const host = url.hostname.replace(/^www\./, '');
  const rest = `${url.pathname}${url.search}`.replace(/^\/$/, '');
  return `${host}${rest}`;
}

/** The digits of a phone number for a tel: link, keeping a leading +. */
export function telHref(phone: string): string {
  return `tel:${phone.replace(/(?!^\+)[^\d]/g, '')}`;
}
