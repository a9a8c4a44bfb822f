/**
 * True when htmx asked for a part of a page, on any source of request headers (a route's
 * Hono context, or the response cache reading Node's own). A history restore (back/forward
 * with nothing cached) also comes from htmx but needs the whole page.
 */
export function isFragmentRequest(header: (lowerCaseName: string) => string | undefined): boolean {
  return header('hx-request') === 'true' && header('hx-history-restore-request') !== 'true';
}
