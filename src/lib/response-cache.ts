import { gunzipSync, gzipSync } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { type DB, dataVersion } from '../db/sqlite.js';
import { isLanguage, DEFAULT_LANGUAGE } from '../i18n/index.js';

/**
 * The public pages an anonymous visitor's response may be kept for, in one place. Only
 * small, bounded responses: anything bigger than MAX_ENTRY_BYTES is never stored, so an
 * export under /api/v1/ cannot crowd the pages out.
 */
export const CACHEABLE_PATHS: readonly RegExp[] = [
  /^\/$/,
  /^\/lag$/,
  /^\/lag\/[^/]+$/,
  /^\/kommune\/\d{4}$/,
  /^\/kategori\/[a-z0-9-]+$/,
  /^\/region\/[a-z0-9-]+$/,
  /^\/api\/v1\/[^.]*$/,
];

// Bodies are kept gzipped (a 32 KB list page is about 5 KB), so the whole working set of a
// national directory (some thousands of pages) fits in a few tens of MB.
const MAX_ENTRIES = 10_000;
const MAX_BYTES = 48 * 1024 * 1024;
const MAX_ENTRY_BYTES = 256 * 1024;
/** Pages also depend on the clock (the "not confirmed for a long time" notice), not only on data. */
const MAX_AGE_MS = 5 * 60 * 1000;
/** Only an anonymous visitor's page is shared; this cookie means someone is signed in. */
const SESSION_COOKIE_MARKER = 'lagportal_session=';

interface Entry {
  /** The response body, gzipped. */
  body: Uint8Array;
  /** A plain object, which @hono/node-server writes out without building a Headers object. */
  headers: Record<string, string>;
  /** The same headers plus Content-Encoding: gzip, for clients that accept it. */
  gzipHeaders: Record<string, string>;
  storedAt: number;
}

/**
 * An LRU of finished responses, bounded by count and bytes, valid for one data version.
 * The data version grows with every write to what the pages show, from any process, so a
 * request after a write never gets a page from before it.
 */
export class ResponseCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private version = -1;

  constructor(private readonly db: DB, private readonly now: () => number = Date.now) {}

  /** The entry for key if it was stored at the current data version (and recently enough). */
  get(key: string): Entry | undefined {
    this.syncVersion();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.storedAt > MAX_AGE_MS) {
      this.remove(key, entry);
      return undefined;
    }
    // Re-inserting moves the entry to the end: the Map's order is least recently used first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores a response made while the data version was `version`; dropped when a write came in between. */
  set(key: string, version: number, entry: Omit<Entry, 'storedAt'>): void {
    this.syncVersion();
    if (version !== this.version || entry.body.byteLength > MAX_ENTRY_BYTES) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    this.entries.set(key, { ...entry, storedAt: this.now() });
    this.bytes += entry.body.byteLength;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.remove(oldestKey, oldest);
    }
  }

  /** The data version now; when it moved, everything stored before is dropped at once. */
  syncVersion(): number {
    const current = dataVersion(this.db);
    if (current !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = current;
    }
    return current;
  }

  get size(): number {
    return this.entries.size;
  }

  private remove(key: string, entry: Entry) {
    this.entries.delete(key);
    this.bytes -= entry.body.byteLength;
  }
}

type Ctx = Parameters<MiddlewareHandler<AppEnv>>[0];

/**
 * A request header. Under @hono/node-server straight from Node's parsed headers: building
 * the Fetch API Headers object was a noticeable part of answering from the cache.
 */
function header(c: Ctx, name: string): string | undefined {
  const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
  if (!incoming) return c.req.header(name);
  const value = incoming.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The cache key, or null when this request must not be answered from (or stored in) the cache. */
function cacheKey(c: Ctx): string | null {
  if (c.req.method !== 'GET') return null;
  const path = c.req.path;
  if (!CACHEABLE_PATHS.some((pattern) => pattern.test(path))) return null;
  const cookies = header(c, 'Cookie');
  if (cookies?.includes(SESSION_COOKIE_MARKER)) return null;
  // A conditional request is answered by the route, which may say 304 Not Modified.
  if (header(c, 'If-None-Match') !== undefined || header(c, 'If-Modified-Since') !== undefined) return null;
  const url = c.req.url;
  const search = url.indexOf('?');
  const query = search === -1 ? '' : url.slice(search);
  // ?lang= answers with Set-Cookie (it remembers the choice), which is never stored anyway.
  if (query.includes('lang=')) return null;
  const remembered = cookies ? /(?:^|;\s*)lang=([a-z]+)/.exec(cookies)?.[1] : undefined;
  const lang = isLanguage(remembered) ? remembered : DEFAULT_LANGUAGE;
  // A page and its htmx fragment share a URL (the response says Vary: HX-Request).
  // The same test as wantsFragment in render.ts, on the raw headers.
  const fragment = header(c, 'HX-Request') === 'true' && header(c, 'HX-History-Restore-Request') !== 'true';
  return `${lang} ${fragment ? 'fragment' : 'page'} ${path}${query}`;
}

/**
 * Answers repeated anonymous GETs of public pages from memory. Put first, so that a hit
 * skips every other middleware; the stored headers are the ones those middlewares set.
 */
export function responseCache(cache: ResponseCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = cacheKey(c);
    if (key === null) return next();
    const hit = cache.get(key);
    // The stored headers already say X-Cache: hit; a Response built from bytes and a plain
    // header object is the cheapest kind for @hono/node-server to write out. Browsers all
    // accept gzip and get the stored bytes as they are; other clients get them unpacked.
    if (hit) {
      if (/\bgzip\b/.test(header(c, 'Accept-Encoding') ?? '')) return new Response(hit.body, { status: 200, headers: hit.gzipHeaders });
      return new Response(gunzipSync(hit.body), { status: 200, headers: hit.headers });
    }

    const version = cache.syncVersion();
    await next();
    const res = c.res;
    if (res.status !== 200 || c.get('user') || res.headers.has('Set-Cookie')) return;
    if (/no-store|private/.test(res.headers.get('Cache-Control') ?? '')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = [...res.headers.entries()];
    c.res = new Response(body, { status: 200, headers });
    // A page with a form token is one visitor's: never share it (public forms live on their own pages).
    if (Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes('name="form_token"')) return;
    // Says where a page came from: for whoever operates the site, and for the tests.
    const stored: Record<string, string> = { ...Object.fromEntries(headers.filter(([name]) => name !== 'content-length')), 'x-cache': 'hit' };
    stored.vary = stored.vary ? `${stored.vary}, Accept-Encoding` : 'Accept-Encoding';
    cache.set(key, version, { body: gzipSync(body, { level: 3 }), headers: stored, gzipHeaders: { ...stored, 'content-encoding': 'gzip' } });
  };
}
