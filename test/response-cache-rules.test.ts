import { gunzipSync } from 'node:zlib';
import { type Context, Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../src/app-env.js';
import { DEFAULT_MAX_BYTES, ResponseCache, answerFromCache, cacheable, responseCache } from '../src/lib/response-cache.js';
import { changeFeedFor } from '../src/lib/change-feed.js';
import { association, freshDatabase, get, insert } from './helpers.js';

// What the response cache stores, for how long and for whom, on a small app of its own whose
// pages say how often they were rendered. The cache on the real app (which routes say
// cacheable()) is covered by test/response-cache.test.ts; these are the rules that app would
// not reach exactly. The cache follows SQLite's data version, so on PostgreSQL (where the app
// runs without it) the tests that need a write to be noticed are skipped.

const MINUTE = 60 * 1000;
const KIB = 1024;

async function harness() {
  const { db, reference } = await freshDatabase();
  const time = { now: Date.parse('2026-11-23T12:00:00Z') };
  const feed = await changeFeedFor(db);
  await feed.ready();
  const cache = new ResponseCache(db, () => time.now, { feed });
  const renders = new Map<string, number>();
  /** What the next render of a path answers with, when a test wants more than a page. */
  const answers = new Map<string, (c: Context<AppEnv>) => Response | Promise<Response>>();
  const app = new Hono<AppEnv>();
  app.use(responseCache(cache));
  app.use(async (c, next) => {
    if (c.req.header('X-Test-User')) c.set('user', { id: 1 } as never);
    await next();
  });
  const render = (c: Context<AppEnv>) => {
    const path = c.req.path;
    const count = (renders.get(path) ?? 0) + 1;
    renders.set(path, count);
    const answer = answers.get(path);
    if (answer) return answer(c);
    c.header('Vary', 'HX-Request');
    return c.html(`<p>${path} render ${count}</p>`);
  };
  // Pages under /skjema/ are routes that never said cacheable(); every other path did.
  app.all('/skjema/*', render);
  app.all('*', cacheable(), render);
  const rendersOf = (path: string) => renders.get(path) ?? 0;
  /** Asks twice and says whether the second answer came from the cache. */
  const storedAfterOne = async (path: string, init: RequestInit = {}) => {
    await app.request(path, init);
    const second = await app.request(path, init);
    return second.headers.get('X-Cache') === 'hit';
  };
  return { app, db, reference, cache, time, answers, rendersOf, storedAfterOne };
}

describe('which requests the response cache answers', () => {
  it('stores what a route marked cacheable(), and nothing a route did not mark', async () => {
    const { storedAfterOne, rendersOf } = await harness();
    expect(await storedAfterOne('/lag/narvik-turlag')).toBe(true);
    expect(await storedAfterOne('/api/v1/organizations')).toBe(true);
    expect(await storedAfterOne('/skjema/registrer')).toBe(false);
    expect(rendersOf('/skjema/registrer')).toBe(2);
  });

  it('lets cacheable() do nothing on an app without the cache', async () => {
    const app = new Hono<AppEnv>();
    app.get('/lag', cacheable(), (c) => c.html('<p>lag</p>'));
    const page = await get(app, '/lag');
    expect(page.status).toBe(200);
    expect(page.body).toBe('<p>lag</p>');
    expect(page.response.headers.get('X-Cache')).toBeNull();
  });

  it('answers only GET: HEAD and POST always reach the app', async () => {
    const { app, rendersOf } = await harness();
    await app.request('/lag');
    expect((await app.request('/lag', { method: 'POST' })).headers.get('X-Cache')).toBeNull();
    expect((await app.request('/lag', { method: 'HEAD' })).headers.get('X-Cache')).toBeNull();
    expect(rendersOf('/lag')).toBe(3);
    expect((await app.request('/lag')).headers.get('X-Cache')).toBe('hit');
  });

  it('passes conditional requests on to the app, by If-None-Match or If-Modified-Since', async () => {
    const { app, rendersOf } = await harness();
    await app.request('/lag');
    expect((await app.request('/lag', { headers: { 'If-Modified-Since': 'Mon, 23 Nov 2026 12:00:00 GMT' } })).headers.get('X-Cache')).toBeNull();
    expect((await app.request('/lag', { headers: { 'If-None-Match': '"x"' } })).headers.get('X-Cache')).toBeNull();
    expect(rendersOf('/lag')).toBe(3);
  });

  it('never answers or stores a request that carries Authorization, however empty', async () => {
    const { app, rendersOf, storedAfterOne } = await harness();
    expect(await storedAfterOne('/metrics', { headers: { Authorization: 'Bearer hemmelig' } })).toBe(false);
    expect(rendersOf('/metrics')).toBe(2);
    await app.request('/lag');
    expect((await app.request('/lag', { headers: { Authorization: 'Bearer hemmelig' } })).headers.get('X-Cache')).toBeNull();
    expect((await app.request('/lag', { headers: { Authorization: '' } })).headers.get('X-Cache')).toBeNull();
    expect(rendersOf('/lag')).toBe(3);
    expect((await app.request('/lag')).headers.get('X-Cache')).toBe('hit');
  });

  it('shares pages with visitors who carry other cookies, never with a signed-in one', async () => {
    const { app, rendersOf } = await harness();
    await app.request('/lag', { headers: { Cookie: 'samtykke=ja' } });
    expect((await app.request('/lag', { headers: { Cookie: 'samtykke=ja' } })).headers.get('X-Cache')).toBe('hit');
    expect((await app.request('/lag', { headers: { Cookie: 'samtykke=ja; lagportal_session=abc' } })).headers.get('X-Cache')).toBeNull();
    expect(rendersOf('/lag')).toBe(2);
  });

  it('keeps a query string in the key, and leaves ?lang= to the app', async () => {
    const { app, rendersOf } = await harness();
    const first = await get(app, '/lag?side=2');
    const other = await get(app, '/lag?side=3');
    expect(first.body).toBe('<p>/lag render 1</p>');
    expect(other.body).toBe('<p>/lag render 2</p>');
    expect((await get(app, '/lag?side=2')).body).toBe('<p>/lag render 1</p>');
    // Without a query string the page is a third one.
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 3</p>');
    await app.request('/lag?lang=en');
    expect((await app.request('/lag?lang=en')).headers.get('X-Cache')).toBeNull();
    expect(rendersOf('/lag')).toBe(5);
  });

  it('keeps paths apart that differ only in their last character', async () => {
    const { app } = await harness();
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
    expect((await get(app, '/lax')).body).toBe('<p>/lax render 1</p>');
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
  });

  it('keeps pages in different remembered languages apart', async () => {
    const { app } = await harness();
    expect((await get(app, '/lag', { Cookie: 'lang=en' })).body).toBe('<p>/lag render 1</p>');
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 2</p>');
    expect((await get(app, '/lag', { Cookie: 'lang=nn' })).body).toBe('<p>/lag render 3</p>');
    expect((await get(app, '/lag', { Cookie: 'lang=en' })).body).toBe('<p>/lag render 1</p>');
  });

  it('treats an htmx history restore as a page, not a fragment', async () => {
    const { app } = await harness();
    const fragment = await get(app, '/lag', { 'HX-Request': 'true' });
    expect(fragment.body).toBe('<p>/lag render 1</p>');
    const restore = await get(app, '/lag', { 'HX-Request': 'true', 'HX-History-Restore-Request': 'true' });
    expect(restore.body).toBe('<p>/lag render 2</p>');
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 2</p>');
    expect((await get(app, '/lag', { 'HX-Request': 'true' })).body).toBe('<p>/lag render 1</p>');
  });
});

describe('what the response cache stores', () => {
  it('never stores a page for a signed-in user, or one marked private or no-store', async () => {
    const { answers, storedAfterOne } = await harness();
    expect(await storedAfterOne('/lag', { headers: { 'X-Test-User': '1' } })).toBe(false);
    answers.set('/lag/privat', (c) => {
      c.header('Cache-Control', 'private, max-age=60');
      return c.html('<p>privat</p>');
    });
    expect(await storedAfterOne('/lag/privat')).toBe(false);
    answers.set('/lag/ikke-lagre', (c) => {
      c.header('Cache-Control', 'no-store');
      return c.html('<p>no-store</p>');
    });
    expect(await storedAfterOne('/lag/ikke-lagre')).toBe(false);
    answers.set('/lag/offentlig', (c) => {
      c.header('Cache-Control', 'public, max-age=60');
      return c.html('<p>offentlig</p>');
    });
    expect(await storedAfterOne('/lag/offentlig')).toBe(true);
  });

  it('never stores an error, a redirect or a page that sets a cookie', async () => {
    const { answers, storedAfterOne } = await harness();
    answers.set('/lag/borte', (c) => c.html('<p>borte</p>', 404));
    expect(await storedAfterOne('/lag/borte')).toBe(false);
    answers.set('/lag/flyttet', (c) => c.redirect('/lag/ny', 301));
    expect(await storedAfterOne('/lag/flyttet')).toBe(false);
    answers.set('/lag/kake', (c) => {
      c.header('Set-Cookie', 'x=1');
      return c.html('<p>kake</p>');
    });
    expect(await storedAfterOne('/lag/kake')).toBe(false);
  });

  it('stores the headers the app set, adds Accept-Encoding to Vary, and drops the length', async () => {
    const { app, answers } = await harness();
    answers.set('/api/v1/organizations', (c) => {
      c.header('Content-Length', '17');
      c.header('ETag', '"v1"');
      return c.json({ data: [] });
    });
    const first = await app.request('/api/v1/organizations');
    expect(first.headers.get('X-Cache')).toBeNull();
    expect(first.headers.get('ETag')).toBe('"v1"');
    expect(await first.json()).toEqual({ data: [] });
    const hit = await app.request('/api/v1/organizations');
    expect(hit.headers.get('X-Cache')).toBe('hit');
    expect(hit.headers.get('Vary')).toBe('Accept-Encoding');
    expect(hit.headers.get('ETag')).toBe('"v1"');
    expect(hit.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(hit.headers.get('Content-Length')).toBeNull();
    expect(await hit.json()).toEqual({ data: [] });
    const page = await (async () => {
      await app.request('/lag');
      return app.request('/lag');
    })();
    expect(page.headers.get('Vary')).toBe('HX-Request, Accept-Encoding');
  });

  it('stores a streamed body as well, and sends it whole the first time too', async () => {
    const { app, answers } = await harness();
    answers.set(
      '/lag/strom',
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('<p>del 1</p>'));
              controller.enqueue(new TextEncoder().encode('<p>del 2</p>'));
              controller.close();
            },
          }),
          { headers: { 'Content-Type': 'text/html; charset=UTF-8' } },
        ),
    );
    const first = await get(app, '/lag/strom');
    expect(first.body).toBe('<p>del 1</p><p>del 2</p>');
    const hit = await get(app, '/lag/strom');
    expect(hit.response.headers.get('X-Cache')).toBe('hit');
    expect(hit.body).toBe('<p>del 1</p><p>del 2</p>');
  });

  it('drops everything at the next write to the data', async () => {
    const { app, db, reference } = await harness();
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 2</p>');
  });

  it('never stores a page when the data changed while the route rendered it', async () => {
    const { app, db, reference, answers, rendersOf } = await harness();
    answers.set('/lag', async (c) => {
      if (rendersOf('/lag') === 1) await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
      return c.html(`<p>render ${rendersOf('/lag')}</p>`);
    });
    expect((await get(app, '/lag')).body).toBe('<p>render 1</p>');
    expect((await get(app, '/lag')).body).toBe('<p>render 2</p>');
    expect((await get(app, '/lag')).body).toBe('<p>render 2</p>');
  });

  it('keeps a page exactly five minutes, and renders it again a millisecond later', async () => {
    const { app, time } = await harness();
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
    time.now += 5 * MINUTE;
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 1</p>');
    time.now += 1;
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 2</p>');
    expect((await get(app, '/lag')).body).toBe('<p>/lag render 2</p>');
  });
});

describe('requests for a page that is being rendered', () => {
  /** A gate a render waits at until the test opens it. */
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }
  /** Lets every pending request get as far as it can (the app's awaits, not a timer's worth). */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('render it once: the others wait and get the stored page, counted as hits', async () => {
    const { app, cache, answers, rendersOf } = await harness();
    const first = gate();
    answers.set('/lag', async (c) => {
      await first.opened;
      c.header('Vary', 'HX-Request');
      return c.html(`<p>render ${rendersOf('/lag')}</p>`);
    });
    const asked = [get(app, '/lag'), get(app, '/lag'), get(app, '/lag', { 'Accept-Encoding': 'identity' })];
    await settle();
    expect(rendersOf('/lag')).toBe(1);
    first.open();
    const answered = await Promise.all(asked);
    expect(answered.map((a) => a.body)).toEqual(['<p>render 1</p>', '<p>render 1</p>', '<p>render 1</p>']);
    expect(answered.map((a) => a.response.headers.get('X-Cache'))).toEqual([null, 'hit', 'hit']);
    // The waiters' answers are hits in every respect: the stored headers, Vary included.
    expect(answered[1]!.response.headers.get('Vary')).toBe('HX-Request, Accept-Encoding');
    expect(rendersOf('/lag')).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, waited: 2 });
    // Another page, the fragment of the same path or another language never waits for it.
    const second = gate();
    answers.set('/kommune/1804', async (c) => {
      await second.opened;
      return c.html(`<p>render ${rendersOf('/kommune/1804')}</p>`);
    });
    const others = [get(app, '/kommune/1804'), get(app, '/kommune/1804', { 'HX-Request': 'true' }), get(app, '/kommune/1804', { Cookie: 'lang=en' })];
    await settle();
    expect(rendersOf('/kommune/1804')).toBe(3);
    second.open();
    await Promise.all(others);
  });

  it('render their own when the page could not be stored, each at once, none waiting for another waiter', async () => {
    const { app, cache, answers, rendersOf } = await harness();
    const first = gate();
    const later = gate();
    answers.set('/lag', async (c) => {
      const n = rendersOf('/lag');
      await (n === 1 ? first.opened : later.opened);
      return c.html(`<p>render ${n}</p>`, 200, { 'Set-Cookie': 'x=1' });
    });
    const asked = [get(app, '/lag'), get(app, '/lag'), get(app, '/lag')];
    await settle();
    expect(rendersOf('/lag')).toBe(1);
    first.open();
    await settle();
    // Both waiters are rendering now, neither waiting for the other.
    expect(rendersOf('/lag')).toBe(3);
    later.open();
    const answered = await Promise.all(asked);
    expect(answered.map((a) => a.body).sort()).toEqual(['<p>render 1</p>', '<p>render 2</p>', '<p>render 3</p>']);
    expect(answered.every((a) => a.response.headers.get('X-Cache') === null)).toBe(true);
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 3, waited: 0, entries: 0 });
  });

  it('never get a page from before a write that came in while it was rendered', async () => {
    const { app, db, reference, answers, rendersOf } = await harness();
    const first = gate();
    answers.set('/lag', async (c) => {
      const n = rendersOf('/lag');
      if (n === 1) await first.opened;
      return c.html(`<p>render ${n}</p>`);
    });
    const before = get(app, '/lag');
    await settle();
    const waiting = get(app, '/lag');
    await settle();
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
    first.open();
    expect((await before).body).toBe('<p>render 1</p>');
    // The first page was turned down (the data moved while it was rendered): the waiter renders anew.
    expect((await waiting).body).toBe('<p>render 2</p>');
    expect(rendersOf('/lag')).toBe(2);
    expect((await get(app, '/lag')).body).toBe('<p>render 2</p>');
  });

  it('wait two seconds at most, then render their own', async () => {
    const { app, answers, rendersOf } = await harness();
    const stuck = gate();
    answers.set('/lag', async (c) => {
      const n = rendersOf('/lag');
      if (n === 1) await stuck.opened;
      return c.html(`<p>render ${n}</p>`);
    });
    const first = get(app, '/lag');
    await settle();
    const started = Date.now();
    const waiter = await get(app, '/lag');
    expect(waiter.body).toBe('<p>render 2</p>');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    stuck.open();
    expect((await first).body).toBe('<p>render 1</p>');
  });
});

describe('the bounds of the response cache', () => {
  /** A response whose headers take `headerBytes` (names and values, both header objects). */
  const page = (bytes: number, headerBytes = 0) => ({
    body: new Uint8Array(bytes),
    headers: (headerBytes > 0 ? { x: 'v'.repeat(headerBytes - 1) } : {}) as Record<string, string>,
    gzipHeaders: {},
  });
  /** What an entry of a given body may take with the headers counted and 400 bytes for the objects holding it. */
  const OVERHEAD = 400;

  it('stores a body of exactly 256 KiB, never a byte more', async () => {
    const { cache } = await harness();
    const version = cache.syncVersion();
    cache.set('exact', version, page(256 * KIB));
    cache.set('over', version, page(256 * KIB + 1));
    expect(cache.get('exact')).toBeDefined();
    expect(cache.get('over')).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('drops a response made before a write came in', async () => {
    const { cache, db, reference } = await harness();
    const before = cache.syncVersion();
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
    cache.set('late', before, page(10));
    expect(cache.get('late')).toBeUndefined();
    const now = cache.syncVersion();
    expect(now).toBeGreaterThan(before);
    cache.set('fresh', now, page(10));
    expect(cache.get('fresh')).toBeDefined();
  });

  it('holds at most 32 MiB, bodies, headers and each entry’s objects counted, dropping the least recently used first', async () => {
    const { cache } = await harness();
    expect(cache.maxBytes).toBe(32 * KIB * KIB);
    expect(DEFAULT_MAX_BYTES).toBe(32 * KIB * KIB);
    const version = cache.syncVersion();
    // 128 entries of exactly 256 KiB each (body, 100 bytes of headers, the overhead) are exactly 32 MiB; all stay.
    const body = 256 * KIB - 100 - OVERHEAD;
    for (let i = 0; i < 128; i++) cache.set(`page ${i}`, version, page(body, 100));
    expect(cache.size).toBe(128);
    expect(cache.stats()).toMatchObject({ entries: 128, bytes: 32 * KIB * KIB, evictions: 0 });
    // Reading page 0 makes page 1 the least recently used.
    expect(cache.get('page 0')).toBeDefined();
    cache.set('page 128', version, page(body, 100));
    expect(cache.size).toBe(128);
    expect(cache.stats().evictions).toBe(1);
    expect(cache.get('page 1')).toBeUndefined();
    expect(cache.get('page 0')).toBeDefined();
    expect(cache.get('page 128')).toBeDefined();
    // With one more byte of headers, one entry's room is one byte short: the two least recently used go.
    cache.set('page 129', version, page(body, 101));
    expect(cache.stats().evictions).toBe(3);
    expect(cache.get('page 2')).toBeUndefined();
    expect(cache.get('page 3')).toBeUndefined();
    expect(cache.get('page 4')).toBeDefined();
    expect(cache.get('page 129')).toBeDefined();
  });

  it('counts both header objects, name and value, in what an entry takes', async () => {
    const { cache } = await harness();
    const version = cache.syncVersion();
    cache.set('a', version, { body: new Uint8Array(1000), headers: { 'content-type': 'text/html' }, gzipHeaders: { 'content-encoding': 'gzip' } });
    expect(cache.stats().bytes).toBe(1000 + 'content-type'.length + 'text/html'.length + 'content-encoding'.length + 'gzip'.length + OVERHEAD);
  });

  it('counts a replaced entry once', async () => {
    const { cache } = await harness();
    const version = cache.syncVersion();
    const body = 256 * KIB - OVERHEAD;
    for (let i = 0; i < 127; i++) cache.set(`page ${i}`, version, page(body));
    // Storing the same key again many times must not count its old bytes.
    for (let i = 0; i < 5; i++) cache.set('again', version, page(body));
    expect(cache.size).toBe(128);
    expect(cache.stats().evictions).toBe(0);
    expect(cache.get('page 0')).toBeDefined();
  });

  it('never brings back a page dropped by a write when its gzip finishes afterwards', async () => {
    const { cache, db, reference } = await harness();
    cache.set('side', cache.syncVersion(), page(4 * KIB));
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
    cache.syncVersion();
    expect(cache.size).toBe(0);
    // Long enough for zlib to have finished the dropped page's body.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cache.get('side')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('holds at most 10 000 entries', async () => {
    const { cache } = await harness();
    const version = cache.syncVersion();
    for (let i = 0; i < 10_000; i++) cache.set(`page ${i}`, version, page(1));
    expect(cache.size).toBe(10_000);
    cache.set('page 10000', version, page(1));
    expect(cache.size).toBe(10_000);
    expect(cache.get('page 0')).toBeUndefined();
    expect(cache.get('page 1')).toBeDefined();
  });

  it('counts as evictions only what the bound pushed out: not an expired page, and not a write', async () => {
    const { cache, time } = await harness();
    const version = cache.syncVersion();
    cache.set('old', version, page(10));
    time.now += 5 * MINUTE + 1;
    expect(cache.get('old')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 0, hits: 0, misses: 1, evictions: 0 });
  });
});

describe('answering from the cache on Node’s own objects', () => {
  function nodeRequest(method: string, url: string, headers: Record<string, string | string[]> = {}) {
    return { method, url, headers } as never;
  }
  function nodeResponse() {
    const written: { status?: number; headers?: Record<string, string>; body?: Uint8Array } = {};
    const response = {
      writeHead(status: number, headers: Record<string, string>) {
        written.status = status;
        written.headers = headers;
      },
      end(body: Uint8Array) {
        written.body = body;
      },
    };
    return { response: response as never, written };
  }

  it('sends a stored page with its headers and length, and leaves everything else to the app', async () => {
    const { app, cache } = await harness();
    await app.request('/lag?side=2');
    const hit = nodeResponse();
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=2'), hit.response)).toBe(true);
    expect(hit.written.status).toBe(200);
    expect(hit.written.headers!['x-cache']).toBe('hit');
    expect(Buffer.from(hit.written.body!).toString('utf8')).toBe('<p>/lag render 1</p>');
    expect(hit.written.headers!['content-length']).toBe(String(Buffer.byteLength('<p>/lag render 1</p>')));

    const miss = nodeResponse();
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=3'), miss.response)).toBe(false);
    expect(miss.written).toEqual({});
    expect(answerFromCache(cache, nodeRequest('POST', '/lag?side=2'), nodeResponse().response)).toBe(false);
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=2', { cookie: ['a=1', 'lagportal_session=x'] }), nodeResponse().response)).toBe(false);
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=2', { 'hx-request': 'true' }), nodeResponse().response)).toBe(false);
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=2', { authorization: 'Bearer hemmelig' }), nodeResponse().response)).toBe(false);
  });

  it('counts a request once: a miss here is counted when the app answers it', async () => {
    const { app, cache } = await harness();
    await app.request('/lag');
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 1 });
    expect(answerFromCache(cache, nodeRequest('GET', '/lag?side=9'), nodeResponse().response)).toBe(false);
    expect(answerFromCache(cache, nodeRequest('GET', '/lag'), nodeResponse().response)).toBe(true);
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, hitRatio: 0.5 });
  });

  it('sends the gzipped bytes to a client that accepts gzip, once they are ready', async () => {
    const { app, cache } = await harness();
    await app.request('/lag');
    const body = '<p>/lag render 1</p>';
    let zipped = nodeResponse();
    for (let attempt = 0; attempt < 50; attempt++) {
      zipped = nodeResponse();
      answerFromCache(cache, nodeRequest('GET', '/lag', { 'accept-encoding': 'br, gzip' }), zipped.response);
      if (zipped.written.headers!['content-encoding'] === 'gzip') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(zipped.written.headers!['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.written.body!).toString('utf8')).toBe(body);
    // Re-sizing the entry by its gzipped body is no eviction.
    expect(cache.stats().evictions).toBe(0);
    const plain = nodeResponse();
    answerFromCache(cache, nodeRequest('GET', '/lag', { 'accept-encoding': 'deflate, br' }), plain.response);
    expect(plain.written.headers!['content-encoding']).toBeUndefined();
    expect(Buffer.from(plain.written.body!).toString('utf8')).toBe(body);
    expect(plain.written.headers!['content-length']).toBe(String(body.length));
    // "gzip" only as a whole word.
    const lookalike = nodeResponse();
    answerFromCache(cache, nodeRequest('GET', '/lag', { 'accept-encoding': 'x-gzipped' }), lookalike.response);
    expect(lookalike.written.headers!['content-encoding']).toBeUndefined();
  });
});
