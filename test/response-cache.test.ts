import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pino } from 'pino';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { loadReference } from '../src/db/reference.js';
import { type DB, openDatabase } from '../src/db/sqlite.js';
import { BackgroundTasks } from '../src/lib/background.js';
import { ResponseCache } from '../src/lib/response-cache.js';
import { createMailer } from '../src/mail/mailer.js';
import { changeFeedFor } from '../src/lib/change-feed.js';
import { NOW, association, connectTestPostgres, freshPostgresUrl, get, insert, postForm, signIn, testApp, testDialect, text } from './helpers.js';

const opened: { close: () => unknown }[] = [];
afterEach(() => {
  for (const handle of opened.splice(0)) handle.close();
});

/** The names in a list page's result cards. */
async function listed(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
) {
  const { doc } = await get(app, path, headers);
  return doc.querySelectorAll('.card__title').map((h) => text(h));
}

/** Whether the response came from the response cache. */
async function fromCache(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  path: string,
  headers: Record<string, string> = {},
) {
  const { response } = await get(app, path, headers);
  return response.headers.get('X-Cache') === 'hit';
}

/** The app on a database file, so that a second connection (a CLI, say) can write to it. */
async function appOnFile() {
  const dir = mkdtempSync(join(tmpdir(), 'lagportal-cache-'));
  const path = join(dir, 'lagportal.db');
  const { db, sqlite } = await openDatabase(path);
  opened.push(sqlite);
  const reference = await loadReference(db);
  await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
  const config = loadConfig({ DEMO_DATA: '0', BASE_URL: 'https://lag.example.no', DB_PATH: path });
  const logger = pino({ level: 'silent' });
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: undefined, outboxDir: join(dir, 'outbox'), logger, clock: () => NOW });
  const app = await createApp({ db, config, logger, mailer, clock: () => NOW, background: new BackgroundTasks(logger) });
  return { app, db, path };
}

describe('the response cache', () => {
  it.each(['lang="en"', 'lang=%65n'])('keys a page by the language it was rendered in, however the cookie writes it (%s)', async (cookie) => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const english = await get(app, '/lag', { Cookie: cookie });
    expect(english.body).toContain('<html lang="en">');
    // The next visitor, who has chosen nothing, gets the site's language, not the English page.
    const next = await get(app, '/lag');
    expect(next.body).toContain('<html lang="nb">');
    expect((await get(app, '/lag', { Cookie: cookie })).body).toContain('<html lang="en">');
  });

  it('serves a stored page until the next write', async () => {
    const { app, db, reference } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    expect(await fromCache(app, '/lag')).toBe(false);
    expect(await fromCache(app, '/lag')).toBe(true);
    expect(await listed(app, '/lag')).toEqual(['Narvik Turlag']);
    await insert(db, reference, [association(reference, { name: 'Ankenes Skiklubb' })]);
    expect(await fromCache(app, '/lag')).toBe(false);
    expect(await listed(app, '/lag')).toEqual(['Ankenes Skiklubb', 'Narvik Turlag']);
  });

  it('shows an entry approved by a moderator on the very next request of the cached lists', async () => {
    const { app, db } = await testApp((ref) => [
      association(ref, { name: 'Narvik Turlag' }),
      association(ref, { name: 'Ventende Sangkor', status: 'pending', contactEmail: 'kor@example.no' }),
    ]);
    const moderator = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    for (const path of ['/lag', '/kommune/1806', '/']) await get(app, path);
    expect(await fromCache(app, '/kommune/1806')).toBe(true);
    expect(await listed(app, '/lag')).toEqual(['Narvik Turlag']);
    expect(await listed(app, '/kommune/1806')).toEqual(['Narvik Turlag']);

    const pending = await db.selectFrom('associations').selectAll().where('name', '=', 'Ventende Sangkor').executeTakeFirstOrThrow();
    const approval = await postForm(
      app,
      `/moderering/innsending/${pending.id}/godkjenn`,
      { csrf: moderator.csrf, version: String(pending.version) },
      { Cookie: moderator.cookie },
    );
    expect(approval.status).toBe(303);

    expect(await listed(app, '/lag')).toEqual(['Narvik Turlag', 'Ventende Sangkor']);
    expect(await listed(app, '/kommune/1806')).toEqual(['Narvik Turlag', 'Ventende Sangkor']);
    expect(text((await get(app, '/')).doc.querySelector('#recent-heading')?.parentNode)).toContain('Ventende Sangkor');
  });

  it('lets the API answer a conditional request with 304 even when the response is cached', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    await get(app, '/api/v1/organizations');
    const cached = await get(app, '/api/v1/organizations');
    expect(cached.response.headers.get('X-Cache')).toBe('hit');
    const etag = cached.response.headers.get('ETag')!;
    const conditional = await get(app, '/api/v1/organizations', { 'If-None-Match': etag });
    expect(conditional.status).toBe(304);
  });

  it('keeps pages gzipped and sends them so to clients that accept gzip, unpacked to others', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const first = await (await app.request('/lag')).text();
    // Compressing happens off the request's time; until it is done the stored page goes out as it is.
    let zipped = await app.request('/lag', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    for (let attempt = 0; attempt < 50 && zipped.headers.get('Content-Encoding') === null; attempt++) {
      expect(await zipped.text()).toBe(first);
      await new Promise((resolve) => setTimeout(resolve, 20));
      zipped = await app.request('/lag', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    }
    expect(zipped.headers.get('X-Cache')).toBe('hit');
    expect(zipped.headers.get('Content-Encoding')).toBe('gzip');
    expect(zipped.headers.get('Vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString('utf8')).toBe(first);
    const plain = await app.request('/lag');
    expect(plain.headers.get('X-Cache')).toBe('hit');
    expect(plain.headers.get('Content-Encoding')).toBeNull();
    expect(await plain.text()).toBe(first);
  });

  it('keeps the page and its htmx fragment apart', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const fragment = await get(app, '/lag?q=turlag', { 'HX-Request': 'true' });
    const page = await get(app, '/lag?q=turlag');
    expect(fragment.doc.querySelector('h1')).toBeNull();
    expect(page.doc.querySelector('h1')).not.toBeNull();
    expect((await get(app, '/lag?q=turlag', { 'HX-Request': 'true' })).doc.querySelector('h1')).toBeNull();
    expect(page.response.headers.get('Vary')).toContain('HX-Request');
  });

  it('keeps the languages apart', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const nb = await get(app, '/lag');
    const en = await get(app, '/lag', { Cookie: 'lang=en' });
    expect(nb.doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
    expect(en.doc.querySelector('html')?.getAttribute('lang')).toBe('en');
    expect((await get(app, '/lag')).doc.querySelector('html')?.getAttribute('lang')).toBe('nb');
  });

  it('keys a quoted or percent-encoded language cookie by the language the page was rendered in', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    for (const cookie of ['lang="en"', 'lang=%65n']) {
      const english = await get(app, '/lag', { Cookie: cookie });
      expect({ cookie, lang: english.doc.querySelector('html')?.getAttribute('lang') }).toEqual({ cookie, lang: 'en' });
      // The next visitor without a cookie gets Norwegian, not the English page stored just now.
      const norwegian = await get(app, '/lag');
      expect({ cookie, lang: norwegian.doc.querySelector('html')?.getAttribute('lang') }).toEqual({ cookie, lang: 'nb' });
    }
    // And the English page is kept for the next English visitor, whichever way the cookie is written.
    const again = await get(app, '/lag', { Cookie: 'lang=en' });
    expect(again.response.headers.get('X-Cache')).toBe('hit');
    expect(again.doc.querySelector('html')?.getAttribute('lang')).toBe('en');
  });

  it('keeps only what a route marked cacheable: never a public form with its token', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    for (const path of ['/registrer', '/endre', '/lag/narvik-turlag/meld-feil', '/vilkar', '/api/v1/openapi.json']) {
      const first = await get(app, path);
      expect({ path, status: first.status }).toEqual({ path, status: 200 });
      expect({ path, cached: await fromCache(app, path) }).toEqual({ path, cached: false });
    }
    for (const path of ['/', '/lag', '/lag/narvik-turlag', '/kommune/1806', '/kategori/idrett', '/api/v1/organizations', '/api/v1/municipalities']) {
      await get(app, path);
      expect({ path, cached: await fromCache(app, path) }).toEqual({ path, cached: true });
    }
  });

  it.runIf(testDialect === 'sqlite')('is invalidated by a write from another database connection, as a command-line import makes', async () => {
    const { app, path } = await appOnFile();
    expect(await listed(app, '/kommune/1806')).toEqual(['Narvik Turlag']);
    expect(await fromCache(app, '/kommune/1806')).toBe(true);

    const cli = await openDatabase(path);
    opened.push(cli.sqlite);
    const reference = await loadReference(cli.db);
    await insert(cli.db, reference, [association(reference, { name: 'Ankenes Skiklubb' })]);

    expect(await listed(app, '/kommune/1806')).toEqual(['Ankenes Skiklubb', 'Narvik Turlag']);
  });

  // PostgreSQL's side of the test above: the other connection's commit is heard through
  // LISTEN/NOTIFY a moment later, not on the very next read as SQLite's data_version is; the
  // promise is that every node sees it within a second.
  it.runIf(testDialect === 'postgres')('is invalidated within a second by a write from another connection to the database (PostgreSQL)', async () => {
    const url = await freshPostgresUrl();
    const db = await connectTestPostgres(url);
    const reference = await loadReference(db);
    await insert(db, reference, [association(reference, { name: 'Narvik Turlag' })]);
    const config = loadConfig({ DEMO_DATA: '0', BASE_URL: 'https://lag.example.no', DATABASE_URL: url });
    const logger = pino({ level: 'silent' });
    const outboxDir = mkdtempSync(join(tmpdir(), 'lagportal-outbox-'));
    const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: undefined, outboxDir, logger, clock: () => NOW });
    const app = await createApp({ db, config, logger, mailer, clock: () => NOW, background: new BackgroundTasks(logger) });
    expect(await listed(app, '/kommune/1806')).toEqual(['Narvik Turlag']);
    expect(await fromCache(app, '/kommune/1806')).toBe(true);

    const cli = await connectTestPostgres(url);
    await insert(cli, reference, [association(reference, { name: 'Ankenes Skiklubb' })]);
    const written = Date.now();
    await expect.poll(() => listed(app, '/kommune/1806'), { timeout: 1_000, interval: 10 }).toEqual(['Ankenes Skiklubb', 'Narvik Turlag']);
    expect(Date.now() - written).toBeLessThan(1_000);
    // And kept again once every listening connection has heard the write (the pool's too,
    // each a moment apart, each dropping what was stored before it).
    await expect.poll(() => fromCache(app, '/kommune/1806'), { timeout: 1_000, interval: 10 }).toBe(true);
  });

  it('never stores or serves pages for a signed-in moderator', async () => {
    const { app, db } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    const moderator = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    const signedIn = await get(app, '/lag', { Cookie: moderator.cookie });
    expect(signedIn.doc.querySelector('form[action="/logg-ut"]')).not.toBeNull();

    const anonymous = await get(app, '/lag');
    expect(anonymous.response.headers.get('X-Cache')).toBeNull();
    expect(anonymous.doc.querySelector('form[action="/logg-ut"]')).toBeNull();
    expect(anonymous.body).not.toContain(moderator.csrf);

    expect(await fromCache(app, '/lag')).toBe(true);
    expect(await fromCache(app, '/lag', { Cookie: moderator.cookie })).toBe(false);
    expect((await get(app, '/lag', { Cookie: moderator.cookie })).doc.querySelector('form[action="/logg-ut"]')).not.toBeNull();
  });

  it('does not store error pages or pages that set a cookie', async () => {
    const { app } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })]);
    expect((await get(app, '/lag?side=abc')).status).toBe(400);
    expect(await fromCache(app, '/lag?side=abc')).toBe(false);
    expect((await get(app, '/lag?lang=en')).response.headers.get('Set-Cookie')).toContain('lang=en');
    expect(await fromCache(app, '/lag?lang=en')).toBe(false);
    expect((await get(app, '/lag/finnes-ikke')).status).toBe(404);
    expect(await fromCache(app, '/lag/finnes-ikke')).toBe(false);
  });

  it('is really off with RESPONSE_CACHE=off', async () => {
    const { app, db, reference } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })], { RESPONSE_CACHE: 'off' });
    expect(await listed(app, '/lag')).toEqual(['Narvik Turlag']);
    expect(await fromCache(app, '/lag')).toBe(false);
    expect(await fromCache(app, '/lag')).toBe(false);
    await insert(db, reference, [association(reference, { name: 'Ankenes Skiklubb' })]);
    expect(await listed(app, '/lag')).toEqual(['Ankenes Skiklubb', 'Narvik Turlag']);
  });
});

/** The node's change feed on db (data_version on SQLite, LISTEN/NOTIFY on PostgreSQL), once it listens. */
async function listeningFeed(db: DB) {
  const feed = await changeFeedFor(db);
  await feed.ready();
  return feed;
}

describe("the response cache's memory bound", () => {
  const page = (body: Uint8Array) => ({
    body,
    headers: { 'content-type': 'text/html' },
    gzipHeaders: { 'content-type': 'text/html', 'content-encoding': 'gzip' },
  });

  it('drops the least recently used pages once the stored bytes pass the limit, and counts hits, misses and evictions', async () => {
    const { db } = await testApp(() => []);
    // Three pages of 3,000 bytes that gzip cannot shrink; two fit in 8,000 bytes with their headers.
    const cache = new ResponseCache(db, () => NOW.getTime(), { maxBytes: 8_000, feed: await listeningFeed(db) });
    const version = cache.syncVersion();
    cache.set('a', version, page(randomBytes(3_000)));
    cache.set('b', version, page(randomBytes(3_000)));
    expect(cache.get('a')).toBeDefined();
    cache.set('c', version, page(randomBytes(3_000)));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    const stats = cache.stats();
    expect(stats).toMatchObject({ entries: 2, maxBytes: 8_000, hits: 3, misses: 1, evictions: 1, hitRatio: 0.75 });
    expect(stats.bytes).toBeGreaterThan(6_000);
    expect(stats.bytes).toBeLessThanOrEqual(8_000);
  });

  it('never keeps a page bigger than the whole budget, and counts a page by its gzipped size once zlib is done', async () => {
    const { db } = await testApp(() => []);
    const cache = new ResponseCache(db, () => NOW.getTime(), { maxBytes: 50_000, feed: await listeningFeed(db) });
    const version = cache.syncVersion();
    cache.set('huge', version, page(randomBytes(60_000)));
    expect(cache.get('huge')).toBeUndefined();
    cache.set('list', version, page(new Uint8Array(40_000).fill(97)));
    expect(cache.stats().bytes).toBeGreaterThan(40_000);
    await vi.waitFor(() => expect(cache.get('list')?.gzipped).toBe(true));
    expect(cache.stats().bytes).toBeLessThan(2_000);
    expect(gunzipSync(cache.get('list')!.body)).toHaveLength(40_000);
  });
});
