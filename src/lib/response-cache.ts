import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.js';
import { type DB, dataVersion } from '../db/sqlite.js';
import { isFragmentRequest } from './htmx.js';
import { rememberedLanguage } from './language.js';

// Which pages are kept is the route's choice: it says so with cacheable() (below). Only
// small, bounded responses: anything bigger than MAX_ENTRY_BYTES is never stored, so an
// export under /api/v1/ cannot crowd the pages out.

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
 * request after a write never gets a page from before it.
 */
export class ResponseCache {
  private entries = new Map<string, Entry>();
  private bytes = 0;
  private version = -1;

  constructor(private readonly db: DB, private readonly now: () => number = Date.now) {}

  /** The entry for key if it was stored at the current data version (and recently enough). */
  get(key: string): Entry | undefined {
    // Most requests ask for something no route made cacheable: no need to read the version.
    if (!this.entries.has(key)) return undefined;
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
  // Only a real Node request has parsed headers; an env that carries just the socket (as a
  // proxy test's does) reads them from the Fetch Request.
  const headers = (c.env as { incoming?: Partial<IncomingMessage> } | undefined)?.incoming?.headers;
  return headers ? fromNodeHeaders(headers) : (name) => c.req.header(name);
}

/**
 * The cache key, or null when this request must not be answered from (or stored in) the
 * cache. `url` is the path with its query string.
 */
function cacheKey(method: string, url: string, header: HeaderOf): string | null {
  if (method !== 'GET') return null;
  const search = url.indexOf('?');
  const path = search === -1 ? url : url.slice(0, search);
  const cookies = header('cookie');
  if (cookies?.includes(SESSION_COOKIE_MARKER)) return null;
  // A conditional request is answered by the route, which may say 304 Not Modified.
  if (header('if-none-match') !== undefined || header('if-modified-since') !== undefined) return null;
  const query = search === -1 ? '' : url.slice(search);
  // ?lang= answers with Set-Cookie (it remembers the choice), which is never stored anyway.
  if (query.includes('lang=')) return null;
  // The language exactly as the app reads it from the cookie (quoted, percent-encoded and all),
  // so a page is never stored under another language than the one it was rendered in. Without
  // a remembered choice the page is in the site's language (DEFAULT_LANG), whatever that is.
  const lang = rememberedLanguage(cookies) ?? 'site';
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
 * Answers a request from the cache straight on Node's objects, before Hono sees it, and says
 * whether it did. The same key and entries as the middleware below, which still answers
 * when the app runs without a Node server (the tests' app.request()); this path skips
 * building the Fetch API Request and Response, which took most of a cached answer's time.
 */
export function answerFromCache(cache: ResponseCache, request: IncomingMessage, response: ServerResponse): boolean {
  const header = fromNodeHeaders(request.headers);
  const key = cacheKey(request.method ?? '', request.url ?? '', header);
  const hit = key === null ? undefined : cache.get(key);
  if (!hit) return false;
  const { body, headers } = representation(hit, header);
  response.writeHead(200, { ...headers, 'content-length': String(body.byteLength) });
  response.end(body);
  return true;
}

/** What the cache middleware hands a cacheable() route: where its answer would be stored. */
export interface CacheSlot {
  cache: ResponseCache;
  key: string;
  /** The data version read just before the route ran; null until a route says it is cacheable. */
  version: number | null;
}

/**
 * Answers repeated anonymous GETs from memory. Put first, so that a hit skips every other
 * middleware; the stored headers are the ones those middlewares set. A miss is stored only
 * when the route that answered it said cacheable(), once every middleware has finished.
 */
export function responseCache(cache: ResponseCache): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = headersOf(c);
    const url = c.req.url;
    const key = cacheKey(c.req.method, url.slice(url.indexOf('/', url.indexOf('//') + 2)), header);
    if (key === null) return next();
    const hit = cache.get(key);
    // The stored headers already say X-Cache: hit; a Response built from bytes and a plain
    // header object is the cheapest kind for @hono/node-server to write out. Browsers all
    // accept gzip and get the stored bytes as they are; other clients get them unpacked.
    if (hit) {
      const { body, headers } = representation(hit, header);
      return new Response(body, { status: 200, headers });
    }

    const slot: CacheSlot = { cache, key, version: null };
    c.set('cacheSlot', slot);
    await next();
    if (slot.version === null) return;
    const res = c.res;
    if (res.status !== 200 || c.get('user') || res.headers.has('Set-Cookie')) return;
    if (/no-store|private/.test(res.headers.get('Cache-Control') ?? '')) return;
    // Read through the Fetch API, which uses the body up: the visitor gets a new Response made
    // of the same bytes. Clearing c.res first keeps Hono from copying it into yet another one.
    const body = new Uint8Array(await res.arrayBuffer());
    const headers = [...res.headers.entries()];
    c.res = undefined;
    c.res = new Response(body, { status: 200, headers });
    // Says where a page came from: for whoever operates the site, and for the tests.
    const stored: Record<string, string> = { ...Object.fromEntries(headers.filter(([name]) => name !== 'content-length')), 'x-cache': 'hit' };
    stored.vary = stored.vary ? `${stored.vary}, Accept-Encoding` : 'Accept-Encoding';
    cache.set(key, slot.version, { body, headers: stored, gzipHeaders: { ...stored, 'content-encoding': 'gzip' } });
  };
}

/**
 * A route says its answer to an anonymous visitor may be kept until the next write: public
 * pages that show only published data and carry no form token. Before the route runs it
 * reads the data version, so whatever the route renders is at least that new; a write in
 * between makes the cache drop the page instead of keeping an older one. Without a cache
 * (RESPONSE_CACHE=off, signed-in users, POSTs) it does nothing.
 */
export function cacheable(): MiddlewareHandler<AppEnv> {
  return (c, next) => {
    const slot = c.get('cacheSlot');
    if (slot) slot.version = slot.cache.syncVersion();
    return next();
  };
}
