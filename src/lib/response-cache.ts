import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import type { DB } from '../db/sqlite.js';
import { type ChangeFeed, dataVersionFeed } from './change-feed.js';
import { isLanguage } from '../i18n/index.js';
import { rememberedLanguage } from './language.js';
import { isFragmentRequest } from './render.js';

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
  /**
   * The response body: as rendered at first, gzipped as soon as zlib (on a worker thread, so
   * that compressing is not on the request's time) has finished.
   */
  body: Uint8Array;
  gzipped: boolean;
  /** A plain object, which @hono/node-server writes out without building a Headers object. */
  headers: Record<string, string>;
  /** The same headers plus Content-Encoding: gzip, for clients that accept it. */
  gzipHeaders: Record<string, string>;
  storedAt: number;
}

/**
 * An LRU of finished responses, bounded by count and bytes, valid for one data version.
 * The data version grows with every write to what the pages show, from any process, so a
 * request after a write never gets a page from before it. It is read from a change feed:
 * SQLite's data_version row by default, PostgreSQL's LISTEN/NOTIFY when given.
 */
export class ResponseCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private version = -1;

  private readonly feed: ChangeFeed;
  /** Hits and misses since start, for /metrics. */
  readonly stats = { hits: 0, misses: 0 };

  constructor(db: DB, private readonly now: () => number = Date.now, feed?: ChangeFeed) {
    this.feed = feed ?? dataVersionFeed(db);
  }

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

  /**
   * Stores a response made while the data version was `version` (dropped when a write came in
   * between), and has it gzipped in the background.
   */
  set(key: string, version: number, response: { body: Uint8Array; headers: Record<string, string>; gzipHeaders: Record<string, string> }): void {
    this.syncVersion();
    if (version !== this.version || response.body.byteLength > MAX_ENTRY_BYTES) return;
    const old = this.entries.get(key);
    if (old) this.remove(key, old);
    const entry: Entry = { ...response, gzipped: false, storedAt: this.now() };
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    gzip(entry.body, { level: 3 }, (error, zipped) => {
      // Unless the entry was dropped or replaced meanwhile.
      if (error || this.entries.get(key) !== entry) return;
      this.bytes += zipped.byteLength - entry.body.byteLength;
      entry.body = zipped;
      entry.gzipped = true;
    });
    for (const [oldestKey, oldest] of this.entries) {
      if (this.entries.size <= MAX_ENTRIES && this.bytes <= MAX_BYTES) break;
      this.remove(oldestKey, oldest);
    }
  }

  /** The data version now; when it moved, everything stored before is dropped at once. */
  syncVersion(): number {
    const current = this.feed.version();
    if (current !== this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = current;
    }
    return current;
  }

  /** The data version as of the last get() or syncVersion(), without reading it again. */
  get lastSeenVersion(): number {
    return this.version;
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

/** A request header by its lower-case name, as Node parsed it (several values joined). */
type HeaderOf = (lowerCaseName: string) => string | undefined;

function fromNodeHeaders(headers: IncomingHttpHeaders): HeaderOf {
  return (name) => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

/**
 * A request header. Under @hono/node-server straight from Node's parsed headers: building
 * the Fetch API Headers object was a noticeable part of answering from the cache.
 */
function headersOf(c: Ctx): HeaderOf {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming ? fromNodeHeaders(incoming.headers) : (name) => c.req.header(name);
}

/**
 * The cache key, or null when this request must not be answered from (or stored in) the
 * cache. `url` is the path with its query string.
 */
function cacheKey(method: string, url: string, header: HeaderOf): string | null {
  if (method !== 'GET') return null;
  const search = url.indexOf('?');
  const path = search === -1 ? url : url.slice(0, search);
  if (!CACHEABLE_PATHS.some((pattern) => pattern.test(path))) return null;
  const cookies = header('cookie');
  if (cookies?.includes(SESSION_COOKIE_MARKER)) return null;
  // A conditional request is answered by the route, which may say 304 Not Modified.
  if (header('if-none-match') !== undefined || header('if-modified-since') !== undefined) return null;
  const query = search === -1 ? '' : url.slice(search);
  // ?lang= answers with Set-Cookie (it remembers the choice), which is never stored anyway.
  if (query.includes('lang=')) return null;
  const remembered = rememberedLanguage(cookies);
  // Without a remembered choice the page is in the site's language (DEFAULT_LANG), whatever that is.
  const lang = isLanguage(remembered) ? remembered : 'site';
  // A page and its htmx fragment share a URL (the response says Vary: HX-Request).
  return `${lang} ${isFragmentRequest(header) ? 'fragment' : 'page'} ${path}${query}`;
}

function acceptsGzip(header: HeaderOf): boolean {
  return /\bgzip\b/.test(header('accept-encoding') ?? '');
}

/** What to send of a stored entry: gzipped to clients that accept it, plain to the rest. */
function representation(entry: Entry, header: HeaderOf): { body: Uint8Array; headers: Record<string, string> } {
  if (!entry.gzipped) return { body: entry.body, headers: entry.headers };
  if (acceptsGzip(header)) return { body: entry.body, headers: entry.gzipHeaders };
  return { body: gunzipSync(entry.body), headers: entry.headers };
}

/**
 * The bytes of a response the app made. @hono/node-server's Response keeps a string or byte
 * body in a field of its own (keyed by a symbol named "cache") and writes it out directly;
 * reading it through arrayBuffer() would first turn it into a full Fetch Response and copy it
 * through a web stream, a fifth of a list page's time. `untouched` says the response can
 * still be sent as it is; otherwise the caller must send a new one made from the bytes.
 */
async function bodyOf(res: Response): Promise<{ bytes: Uint8Array; untouched: boolean }> {
  const slot = Object.getOwnPropertySymbols(res).find((symbol) => symbol.description === 'cache');
  const kept = slot ? (res as unknown as Record<symbol, unknown>)[slot] : undefined;
  const body = Array.isArray(kept) ? kept[1] : undefined;
  if (typeof body === 'string') return { bytes: Buffer.from(body), untouched: true };
  if (body instanceof Uint8Array) return { bytes: body, untouched: true };
  return { bytes: new Uint8Array(await res.arrayBuffer()), untouched: false };
}

/**
 * Answers a request from the cache straight on Node's objects, before Hono sees it, and says
 * whether it did. The same key and entries as the middleware below, which still answers
 * when the app runs without a Node server (the tests' app.request()); this path skips
 * building the Fetch API Request and Response, which took most of a cached answer's time.
 */
export function answerFromCache(cache: ResponseCache, request: IncomingMessage, response: ServerResponse): boolean {
  const header = fromNodeHeaders(request.headers);
  const key = cacheKey(request.method ?? '', request.url ?? '', header);
  const hit = key === null ? undefined : cache.get(key);
  // A miss is counted by the middleware, which then answers the request.
  if (!hit) return false;
  cache.stats.hits++;
  const { body, headers } = representation(hit, header);
  response.writeHead(200, { ...headers, 'content-length': String(body.byteLength) });
  response.end(body);
  return true;
}

/**
 * Answers repeated anonymous GETs of public pages from memory. Put first, so that a hit
 * skips every other middleware; the stored headers are the ones those middlewares set.
 */
export function responseCache(cache: ResponseCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = headersOf(c);
    const url = c.req.url;
    const key = cacheKey(c.req.method, url.slice(url.indexOf('/', url.indexOf('//') + 2)), header);
    if (key === null) return next();
    const hit = cache.get(key);
    if (hit) cache.stats.hits++;
    else cache.stats.misses++;
    // The stored headers already say X-Cache: hit; a Response built from bytes and a plain
    // header object is the cheapest kind for @hono/node-server to write out. Browsers all
    // accept gzip and get the stored bytes as they are; other clients get them unpacked.
    if (hit) {
      const { body, headers } = representation(hit, header);
      return new Response(body, { status: 200, headers });
    }

    // The version get() has just read: a page rendered from now on is at least that new.
    const version = cache.lastSeenVersion;
    await next();
    const res = c.res;
    if (res.status !== 200 || c.get('user') || res.headers.has('Set-Cookie')) return;
    if (/no-store|private/.test(res.headers.get('Cache-Control') ?? '')) return;
    const { bytes: body, untouched } = await bodyOf(res);
    const headers = [...res.headers.entries()];
    if (!untouched) c.res = new Response(body, { status: 200, headers });
    // A page with a form token is one visitor's: never share it (public forms live on their own pages).
    if (Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes('name="form_token"')) return;
    // Says where a page came from: for whoever operates the site, and for the tests.
    const stored: Record<string, string> = { ...Object.fromEntries(headers.filter(([name]) => name !== 'content-length')), 'x-cache': 'hit' };
    stored.vary = stored.vary ? `${stored.vary}, Accept-Encoding` : 'Accept-Encoding';
    cache.set(key, version, { body, headers: stored, gzipHeaders: { ...stored, 'content-encoding': 'gzip' } });
  };
}
