import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';
import { LRUCache } from 'lru-cache';
import type { AppEnv } from '../app-env.js';
import type { DB } from '../db/sqlite.js';
import { type ChangeFeed, dataVersionFeed } from './change-feed.js';
import { isFragmentRequest } from './htmx.js';
import { rememberedLanguage } from './language.js';

// Which pages are kept is the route's choice: it says so with cacheable() (below). Only
// small, bounded responses: anything bigger than MAX_ENTRY_BYTES is never stored, so an
// export under /api/v1/ cannot crowd the pages out.

// Bodies are kept gzipped (a 32 KB list page is about 5 KB), so some thousands of pages fit
// in the budget; a page waits plain (32 KB) for its few milliseconds on zlib's thread.
const MAX_ENTRIES = 10_000;
/**
 * What the kept responses may take, bodies and headers counted. 48 MB of bodies alone made
 * the server's peak RSS 283-290 MB in the bench (with the 128 MB heap cap and what Node and
 * SQLite take at rest); the mixed run's 5,066 pages are about 5 KB gzipped plus 2 KB of
 * headers each, so this keeps most of them. Not yet measured with the bench.
 */
export const DEFAULT_MAX_BYTES = 32 * 1024 * 1024;
const MAX_ENTRY_BYTES = 256 * 1024;
/** Pages also depend on the clock (the "not confirmed for a long time" notice), not only on data. */
const MAX_AGE_MS = 5 * 60 * 1000;
/** How long a request waits for the same page rendered for another, before it renders its own. */
const MAX_WAIT_MS = 2000;
/** Only an anonymous visitor's page is shared; this cookie means someone is signed in. */
const SESSION_COOKIE_MARKER = 'lagportal_session=';
/** Counted for each entry besides its body and header texts: the objects that hold them. */
const ENTRY_OVERHEAD_BYTES = 400;

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
  /** Bytes of the two header objects' names and values (ASCII, which V8 keeps a byte a character). */
  headerBytes: number;
}

/** What the cache holds and how well it did since the server started: for the bench and operators. */
export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  maxBytes: number;
  hits: number;
  misses: number;
  /** Entries dropped to stay within maxBytes (or the entry count), least recently used first. */
  evictions: number;
  /**
   * Requests that found their page being rendered for another request and were answered with
   * that request's page when it was stored (counted as hits, not misses).
   */
  waited: number;
  /** hits / (hits + misses), or null before the first request. */
  hitRatio: number | null;
}

const headerBytesOf = (...objects: Record<string, string>[]) =>
  objects.reduce((sum, headers) => sum + Object.entries(headers).reduce((n, [name, value]) => n + name.length + value.length, 0), 0);

/**
 * An LRU of finished responses, bounded by bytes (and count), valid for one data version.
 * The data version grows with every write to what the pages show, from any process, so a
 * request after a write never gets a page from before it. It is read from a change feed:
 * SQLite's data_version row by default, PostgreSQL's LISTEN/NOTIFY when given. The LRU itself
 * is lru-cache's, sized by each entry's bytes as stored (re-sized when its gzipped body replaces the plain one).
 */
export class ResponseCache {
  private readonly entries: LRUCache<string, Entry>;
  private version = -1;
  private hits = 0;
  private misses = 0;
  private evictions = 0;
  private waited = 0;
  /**
   * Keys whose page a request is rendering now, each with what settles once that request has
   * stored it (or found it could not be stored). A request for the same page meanwhile waits
   * for it instead of rendering the same page again (see cacheable()).
   */
  private readonly rendering = new Map<string, Promise<void>>();
  readonly maxBytes: number;

  private readonly feed: ChangeFeed;

  constructor(
    db: DB,
    private readonly now: () => number = Date.now,
    options: { maxBytes?: number; feed?: ChangeFeed } = {},
  ) {
    this.feed = options.feed ?? dataVersionFeed(db);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.entries = new LRUCache<string, Entry>({
      max: MAX_ENTRIES,
      maxSize: this.maxBytes,
      sizeCalculation: (entry) => entry.body.byteLength + entry.headerBytes + ENTRY_OVERHEAD_BYTES,
      dispose: (_entry, _key, reason) => {
        if (reason === 'evict') this.evictions++;
      },
    });
  }

  /**
   * The entry for key if it was stored at the current data version (and recently enough).
   * `countMiss: false` for a look that is asked again on a miss (answerFromCache, whose misses
   * reach the middleware), so each request counts once.
   */
  get(key: string, options: { countMiss?: boolean } = {}): Entry | undefined {
    // Most requests ask for something no route made cacheable: no need to read the version.
    if (!this.entries.has(key)) {
      if (options.countMiss !== false) this.misses++;
      return undefined;
    }
    this.syncVersion();
    const entry = this.entries.get(key);
    if (entry && this.now() - entry.storedAt > MAX_AGE_MS) this.entries.delete(key);
    else if (entry) {
      this.hits++;
      return entry;
    }
    if (options.countMiss !== false) this.misses++;
    return undefined;
  }

  /**
   * Stores a response made while the data version was `version` (dropped when a write came in
   * between), and has it gzipped in the background.
   */
  set(key: string, version: number, response: { body: Uint8Array; headers: Record<string, string>; gzipHeaders: Record<string, string> }): void {
    this.syncVersion();
    if (version !== this.version || response.body.byteLength > MAX_ENTRY_BYTES) return;
    const entry: Entry = { ...response, gzipped: false, storedAt: this.now(), headerBytes: headerBytesOf(response.headers, response.gzipHeaders) };
    this.entries.set(key, entry);
    gzip(entry.body, { level: 3 }, (error, zipped) => {
      // Unless the entry was dropped or replaced meanwhile.
      if (error || this.entries.peek(key) !== entry) return;
      entry.body = zipped;
      entry.gzipped = true;
      // Sized again by its smaller body; the same object, so whoever holds it is unaffected.
      this.entries.delete(key);
      this.entries.set(key, entry);
    });
  }

  /**
   * Says that a request is rendering the page for key, unless one already is; returns what
   * to call once its answer is stored or turned down, or null when another request got there first.
   */
  startRendering(key: string): (() => void) | null {
    if (this.rendering.has(key)) return null;
    let settle!: () => void;
    this.rendering.set(
      key,
      new Promise<void>((resolve) => {
        settle = resolve;
      }),
    );
    return () => {
      this.rendering.delete(key);
      settle();
    };
  }

  /** What settles when the request rendering key's page now is done with it; undefined when none is. */
  renderingNow(key: string): Promise<void> | undefined {
    return this.rendering.get(key);
  }

  /**
   * The entry another request just stored for key, for a request that waited for it: counted
   * as a hit instead of the miss this request was counted as on arrival.
   */
  takeAfterWaiting(key: string): Entry | undefined {
    const entry = this.get(key, { countMiss: false });
    if (entry) {
      this.misses--;
      this.waited++;
    }
    return entry;
  }

  /** The data version now; when it moved, everything stored before is dropped at once. */
  syncVersion(): number {
    const current = this.feed.version();
    if (current !== this.version) {
      this.entries.clear();
      this.version = current;
    }
    return current;
  }

  get size(): number {
    return this.entries.size;
  }

  stats(): ResponseCacheStats {
    const asked = this.hits + this.misses;
    return {
      entries: this.entries.size,
      bytes: this.entries.calculatedSize,
      maxBytes: this.maxBytes,
      hits: this.hits,
      misses: this.misses,
      evictions: this.evictions,
      waited: this.waited,
      hitRatio: asked === 0 ? null : this.hits / asked,
    };
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
  // A request with credentials of its own (/metrics' bearer token) is nobody else's to share (RFC 9111 §3.5).
  if (header('authorization') !== undefined) return null;
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
  const hit = key === null ? undefined : cache.get(key, { countMiss: false });
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
  /** Set while this request renders a page others may wait for: called once it is stored or turned down. */
  settle?: () => void;
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
    try {
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
    } finally {
      // Whoever waited for this page finds it stored now (or renders it after all).
      slot.settle?.();
    }
  };
}

/**
 * A route says its answer to an anonymous visitor may be kept until the next write: public
 * pages that show only published data and carry no form token. Before the route runs it
 * reads the data version, so whatever the route renders is at least that new; a write in
 * between makes the cache drop the page instead of keeping an older one. While one request
 * renders a page, others asking for the same one wait for it and get what it stored (at most
 * MAX_WAIT_MS; each waits once, and renders its own when that page was not stored). Without a
 * cache (RESPONSE_CACHE=off, signed-in users, POSTs) it does nothing.
 */
export function cacheable(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const slot = c.get('cacheSlot');
    if (!slot) return next();
    const { cache, key } = slot;
    // The same page is being rendered for another request (a popular page just after a start
    // or a write, asked for by many at once): wait for it instead of rendering it again. A
    // request waits once; when that page could not be stored, it renders its own.
    const elsewhere = cache.renderingNow(key);
    if (elsewhere) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([elsewhere, new Promise<void>((resolve) => (timer = setTimeout(resolve, MAX_WAIT_MS)))]);
      clearTimeout(timer);
      const hit = cache.takeAfterWaiting(key);
      if (hit) {
        const { body, headers } = representation(hit, headersOf(c));
        return new Response(body, { status: 200, headers });
      }
    } else {
      slot.settle = cache.startRendering(key) ?? undefined;
    }
    slot.version = cache.syncVersion();
    return next();
  };
}
