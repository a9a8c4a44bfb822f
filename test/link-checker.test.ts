import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { BackgroundTasks } from '../src/lib/background.js';
import type { DB } from '../src/db/sqlite.js';
import { openDatabase } from '../src/db/sqlite.js';
import { recordLinkResults } from '../src/db/link-checks.js';
import { loadReference } from '../src/db/reference.js';
import { threadId } from 'node:worker_threads';
import { type CheckOptions, type LinkToCheck, checkLinks, fetchPage, pageTitle, registrableDomain, titleResembles } from '../src/lib/link-checker.js';
import { OffLoop } from '../src/lib/off-loop.js';
import { NOW, association, get, insert, postForm, signIn, testApp, text } from './helpers.js';
import { ROOT, nodeTs } from './node-ts.js';

// Every page the checker visits is served by a node:http server on 127.0.0.1 started here;
// "another domain" is the same server reached as localhost. Nothing goes to the internet.

let server: Server;
let port: number;
let base: string;
/** Requests in progress right now, and the most there ever were at once. */
let inFlight = 0;
let maxInFlight = 0;
const seen: { path: string; userAgent: string | undefined; host: string | undefined }[] = [];
/** A promise and the function that resolves it (Promise.withResolvers is newer than Node 20). */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
/** For /fiendtlig-treg: resolved when its first half is out, and what lets the second half go. */
let hostileHalfSent = signal();
let hostileRelease = signal();

function html(res: ServerResponse, status: number, title: string | null, body = '') {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html><head>${title === null ? '' : `<title>${title}</title>`}</head><body>${body}</body></html>`);
}

function redirect(res: ServerResponse, status: number, location: string) {
  res.writeHead(status, { Location: location });
  res.end();
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? '/';
  seen.push({ path, userAgent: req.headers['user-agent'], host: req.headers.host });
  inFlight++;
  maxInFlight = Math.max(maxInFlight, inFlight);
  res.on('close', () => inFlight--);
  if (path === '/fiendtlig') {
    // 256 KB of "<title" and never a closing tag: a lazy regular expression was quadratic on it.
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<title'.repeat(Math.ceil((256 * 1024) / 6)));
    return;
  }
  if (path === '/fiendtlig-treg') {
    // The same, sent in two halves with a pause the test controls: the check is under way
    // (the page half read) while the test asks the server something else.
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.write('<title'.repeat(Math.ceil((128 * 1024) / 6)));
    hostileHalfSent.resolve();
    void hostileRelease.promise.then(() => res.end('<title'.repeat(Math.ceil((128 * 1024) / 6))));
    return;
  }
  if (path.startsWith('/delay/')) {
    setTimeout(() => html(res, 200, 'Narvik Turlag'), 150);
    return;
  }
  switch (path) {
    case '/turlag':
      return html(res, 200, 'Velkommen til Narvik Turlag!');
    case '/kor':
      return html(res, 200, 'Bj&oslash;rnev&aring;g &amp; Omegn Blandakor &#8211; forsiden');
    case '/hjem':
      return html(res, 200, 'Hjem');
    case '/uten-tittel':
      return html(res, 200, null, '<p>Velkommen</p>');
    case '/borte':
      return html(res, 404, 'Not found');
    case '/feil':
      return html(res, 500, 'Internal error');
    case '/flyttet':
      return redirect(res, 301, '/mellom');
    case '/mellom':
      return redirect(res, 302, `http://localhost:${port}/annet-sted`);
    case '/annet-sted':
      return html(res, 200, 'Narvik Turlag');
    case '/https-samme':
      return redirect(res, 308, `${base}/turlag`);
    case '/parkert':
      return html(res, 200, 'This domain is for sale!', '<p>Buy this domain today.</p>');
    case '/kapret':
      return html(res, 200, 'Beste nettcasino 2026 – store bonuser');
    case '/treg':
      return; // Never answers; the checker's timeout must end it.
    case '/ring-a':
      return redirect(res, 302, '/ring-b');
    case '/ring-b':
      return redirect(res, 302, '/ring-a');
    case '/kjede':
      return redirect(res, 302, '/kjede/1');
    default: {
      const step = /^\/kjede\/(\d+)$/.exec(path);
      if (step) return redirect(res, 302, `/kjede/${Number(step[1]) + 1}`);
      return html(res, 404, 'Not found');
    }
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen.length = 0;
  maxInFlight = 0;
  hostileHalfSent = signal();
  hostileRelease = signal();
});

const options: CheckOptions = {
  timeoutMs: 1500,
  concurrency: 4,
  userAgent: 'Lagportal-lenkesjekk/1.0 (+https://lag.example.no)',
  allowPrivate: true,
  clock: () => NOW,
};

function link(path: string, name = 'Narvik Turlag', checkTitle = true): LinkToCheck {
  return { associationId: 1, name, url: `${base}${path}`, checkTitle };
}

async function checkOne(path: string, name?: string) {
  const [result] = await checkLinks([link(path, name)], options);
  return result!;
}

describe('checking one link', () => {
  it('finds a page whose title names the association fine, and records status, final URL and title', async () => {
    const result = await checkOne('/turlag');
    expect(result.problem).toBeNull();
    expect(result.page).toMatchObject({ status: 200, finalUrl: `${base}/turlag`, title: 'Velkommen til Narvik Turlag!' });
    expect(result.checkedAt).toBe(NOW.toISOString());
  });

  it('decodes entities in the title and matches æ, ø and å against their folded forms', async () => {
    const result = await checkOne('/kor', 'Bjørnevåg og omegn blandakor');
    expect(result.page.title).toBe('Bjørnevåg & Omegn Blandakor – forsiden');
    expect(result.problem).toBeNull();
  });

  it('does not flag a page without a title or with only a generic one', async () => {
    expect((await checkOne('/uten-tittel')).problem).toBeNull();
    expect((await checkOne('/hjem')).problem).toBeNull();
  });

  it('flags 404 and 500 answers as dead, with the status', async () => {
    const missing = await checkOne('/borte');
    expect(missing).toMatchObject({ problem: 'dead', detail: 'http-404' });
    expect(missing.page.status).toBe(404);
    expect(await checkOne('/feil')).toMatchObject({ problem: 'dead', detail: 'http-500' });
  });

  it('follows a redirect chain to another host and flags it, knowing the whole chain', async () => {
    const result = await checkOne('/flyttet');
    expect(result.page.chain).toEqual([`${base}/flyttet`, `${base}/mellom`, `http://localhost:${port}/annet-sted`]);
    expect(result.page.finalUrl).toBe(`http://localhost:${port}/annet-sted`);
    expect(result.page.status).toBe(200);
    expect(result).toMatchObject({ problem: 'elsewhere', detail: 'localhost' });
  });

  it('accepts a redirect that stays on the same host', async () => {
    const result = await checkOne('/https-samme');
    expect(result.page.finalUrl).toBe(`${base}/turlag`);
    expect(result.problem).toBeNull();
  });

  it('flags a parked domain for sale', async () => {
    expect(await checkOne('/parkert')).toMatchObject({ problem: 'parked', detail: 'This domain is for sale!' });
  });

  it('flags a page whose title has nothing to do with the association', async () => {
    expect(await checkOne('/kapret')).toMatchObject({ problem: 'title', detail: 'Beste nettcasino 2026 – store bonuser' });
  });

  it('judges only the status of social media links', async () => {
    const [result] = await checkLinks([link('/kapret', 'Narvik Turlag', false)], options);
    expect(result!.problem).toBeNull();
  });

  it('gives up on a page that does not answer in time', async () => {
    const result = await checkOne('/treg');
    expect(result).toMatchObject({ problem: 'dead', detail: 'timeout' });
    expect(result.page.status).toBeNull();
  }, 10_000);

  it('stops in a redirect loop and after five redirects', async () => {
    expect(await checkOne('/ring-a')).toMatchObject({ problem: 'dead', detail: 'redirect-loop' });
    const chain = await checkOne('/kjede');
    expect(chain).toMatchObject({ problem: 'dead', detail: 'too-many-redirects' });
    expect(seen.filter((r) => r.path.startsWith('/kjede'))).toHaveLength(6);
  });

  it('flags a host that refuses connections as dead', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const [result] = await checkLinks([{ ...link('/'), url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 1}/` }], options);
    expect(result).toMatchObject({ problem: 'dead', detail: 'refused' });
  });

  it('introduces itself with a User-Agent naming Lagportal and its address', async () => {
    await checkOne('/turlag');
    expect(seen[0]!.userAgent).toContain('Lagportal');
    expect(seen[0]!.userAgent).toContain('https://lag.example.no');
  });

  it('refuses loopback and private addresses unless allowed, without connecting', async () => {
    const refused = await fetchPage(`${base}/turlag`, { ...options, allowPrivate: false });
    expect(refused.error).toBe('private-address');
    const byName = await fetchPage(`http://localhost:${port}/turlag`, { ...options, allowPrivate: false });
    expect(byName.error).toBe('private-address');
    expect(seen).toHaveLength(0);
  });

  it.each([
    ['NAT64 of loopback', 'http://[64:ff9b::127.0.0.1]/'],
    ['NAT64 of a private network, in hex', 'http://[64:ff9b::a00:1]/'],
    ['local-use NAT64', 'http://[64:ff9b:1::808:808]/'],
    ['6to4 of loopback', 'http://[2002:7f00:1::]/'],
    ['6to4 of a private network', 'http://[2002:c0a8:0101::1]/'],
    ['IPv4-compatible loopback', 'http://[::127.0.0.1]/'],
    ['the unspecified address', 'http://[::]/'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/'],
    ['IPv4-translated private network', 'http://[::ffff:0:10.0.0.1]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
  ])('refuses %s (%s) without connecting', async (_, url) => {
    expect((await fetchPage(url, { ...options, allowPrivate: false })).error).toBe('private-address');
  });

  it('fetches only ports 80 and 443 unless private addresses are allowed', async () => {
    expect((await fetchPage('http://lag.example.no:8080/', { ...options, allowPrivate: false })).error).toBe('port');
    expect((await fetchPage('https://lag.example.no:22/', { ...options, allowPrivate: false })).error).toBe('port');
    expect((await fetchPage(`${base}/turlag`, options)).status).toBe(200);
  });

  it('fetches nothing but http(s)', async () => {
    expect((await fetchPage('file:///etc/passwd', options)).error).toBe('not-http');
  });
});

describe('finding the title', () => {
  it('reads the first <title> of the page, whatever its case, attributes and inner tags', () => {
    expect(pageTitle('<html><head><TITLE lang="nb">Narvik <b>Turlag</b> &amp; venner</TITLE ></head>')).toBe('Narvik Turlag & venner');
    expect(pageTitle('<titlebar>Nei</titlebar><title>Ja</title>')).toBe('Ja');
    expect(pageTitle('<title>Uten slutt')).toBeNull();
    expect(pageTitle('<title>a < b, og <<< c</title>')).toBe('a');
  });

  it('looks only in the first 32 KB, where a head belongs', () => {
    const late = `<!-- ${'x'.repeat(40 * 1024)} --><title>Narvik Turlag</title>`;
    expect(pageTitle(late)).toBeNull();
    expect(pageTitle(`<!-- ${'x'.repeat(30 * 1024)} --><title>Narvik Turlag</title>`)).toBe('Narvik Turlag');
  });

  it('gets through a page made of nothing but "<title" in one pass', () => {
    const hostile = '<title'.repeat(Math.ceil((1024 * 1024) / 6));
    const started = performance.now();
    expect(pageTitle(hostile)).toBeNull();
    expect(pageTitle(`<title>${'<'.repeat(32 * 1024)}`)).toBeNull();
    // A sanity bound only, far above the milliseconds a linear scan takes; the regular
    // expression took seconds on a quarter of this.
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('the off-loop worker', () => {
  it('fetches and reads a page in a thread of its own, and can be used again after closing', async () => {
    const offLoop = new OffLoop();
    const page = await offLoop.run('fetch-page', { url: `${base}/turlag`, options: { timeoutMs: 1500, userAgent: 'test', allowPrivate: true } });
    expect(page).toMatchObject({ status: 200, title: 'Velkommen til Narvik Turlag!', error: null });
    expect(offLoop.stats.completed).toBe(1);
    expect(offLoop.stats.lastThreadId).not.toBeNull();
    expect(offLoop.stats.lastThreadId).not.toBe(threadId);
    await offLoop.close();
    const again = await offLoop.run('fetch-page', { url: `${base}/borte`, options: { timeoutMs: 1500, userAgent: 'test', allowPrivate: true } });
    expect(again.status).toBe(404);
    await offLoop.close();
  });

  it('gives up a job that runs past its deadline and starts afresh for the next', async () => {
    const offLoop = new OffLoop();
    await expect(
      offLoop.run('fetch-page', { url: `${base}/treg`, options: { timeoutMs: 60_000, userAgent: 'test', allowPrivate: true } }, { deadlineMs: 300 }),
    ).rejects.toThrow(/ran past its deadline of 300 ms/);
    const next = await offLoop.run('fetch-page', { url: `${base}/turlag`, options: { timeoutMs: 1500, userAgent: 'test', allowPrivate: true } });
    expect(next.status).toBe(200);
    await offLoop.close();
  });
});

describe('checking many links', () => {
  it('never has more requests open than the concurrency allows', async () => {
    const links = Array.from({ length: 9 }, (_, i) => ({ ...link(`/delay/${i}`), associationId: i + 1 }));
    const results = await checkLinks(links, { ...options, concurrency: 3 });
    expect(results.every((r) => r.problem === null)).toBe(true);
    expect(seen).toHaveLength(9);
    expect(maxInFlight).toBeLessThanOrEqual(3);
    expect(maxInFlight).toBeGreaterThan(1);
  });

  it('fetches a URL shared by two associations once and judges it for each', async () => {
    const results = await checkLinks([link('/turlag', 'Narvik Turlag'), { ...link('/turlag', 'Ofoten Sjakklubb'), associationId: 2 }], options);
    expect(seen).toHaveLength(1);
    expect(results.map((r) => r.problem)).toEqual([null, 'title']);
  });
});

describe('judging names and domains', () => {
  it('counts www. and another scheme on the same domain as the same place', () => {
    expect(registrableDomain('www.narvikturlag.no')).toBe(registrableDomain('narvikturlag.no'));
    expect(registrableDomain('narvik.kommune.no')).not.toBe(registrableDomain('tromso.kommune.no'));
    expect(registrableDomain('www.example.co.uk')).toBe('example.co.uk');
  });

  it('sees resemblance through folding, small misspellings and initials', () => {
    expect(titleResembles('Tromsø Skiklubb', 'Tromso skiklubb')).toBe(true);
    expect(titleResembles('Bjerkvikk Blandakor', 'Bjerkvik Blandakor')).toBe(true);
    expect(titleResembles('NIL – hjem', 'Narvik Idrettslag')).toBe(true);
    expect(titleResembles('Cheap flights to Spain', 'Bjerkvik Blandakor')).toBe(false);
  });
});

describe('the moderator button and the queue', () => {
  let app: App;
  let db: DB;
  let background: BackgroundTasks;
  let narvik: { cookie: string; csrf: string; userId: number };

  beforeEach(async () => {
    ({ app, db, background } = await testApp(
      (ref) => [
        association(ref, { name: 'Narvik Turlag', website: `${base}/turlag` }),
        association(ref, { name: 'Ofoten Sjakklubb', website: `${base}/borte`, links: [{ kind: 'other', url: `${base}/kapret` }] }),
        association(ref, { name: 'Bjerkvik Blandakor', website: `${base}/parkert` }),
        association(ref, { name: 'Senja Skiklubb', municipalityNumber: '5530', website: `${base}/feil` }),
        association(ref, { name: 'Ventende Lag', status: 'pending', website: `${base}/feil` }),
      ],
      { LINK_CHECK_ALLOW_PRIVATE: '1', LINK_CHECK_TIMEOUT_MS: '2000' },
    ));
    narvik = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
  });

  async function runCheck(who: { cookie: string; csrf: string }) {
    const response = await postForm(app, '/moderering/lenkesjekk', { csrf: who.csrf }, { Cookie: who.cookie });
    await background.idle();
    return response;
  }

  async function linkQueue(who: { cookie: string }) {
    const { doc } = await get(app, '/moderering?type=link', who.cookie ? { Cookie: who.cookie } : {});
    return doc.querySelectorAll('.queue-item').map((item) => ({
      name: text(item.querySelector('.queue-item__title')),
      facts: text(item.querySelector('dl')),
      id: item.getAttribute('id') ?? '',
    }));
  }

  it('reports links into the network and to other ports as dead when private addresses are not allowed, without fetching them', async () => {
    const guarded = await testApp(
      (ref) => [
        association(ref, { name: 'Narvik Turlag', website: `http://[64:ff9b::7f00:1]/turlag` }),
        association(ref, { name: 'Ofoten Sjakklubb', website: `http://[2002:7f00:1::1]/turlag` }),
        association(ref, { name: 'Bjerkvik Blandakor', website: 'http://lag.example.no:6379/' }),
      ],
      { LINK_CHECK_TIMEOUT_MS: '2000' },
    );
    const admin = await signIn(guarded.db, { email: 'admin@example.no', role: 'admin' });
    expect((await postForm(guarded.app, '/moderering/lenkesjekk', { csrf: admin.csrf }, { Cookie: admin.cookie })).status).toBe(303);
    await guarded.background.idle();
    const rows = await guarded.db.selectFrom('link_checks').select(['url', 'problem', 'detail']).orderBy('url').execute();
    expect(rows).toEqual([
      { url: 'http://[2002:7f00:1::1]/turlag', problem: 'dead', detail: 'private-address' },
      { url: 'http://[64:ff9b::7f00:1]/turlag', problem: 'dead', detail: 'private-address' },
      { url: 'http://lag.example.no:6379/', problem: 'dead', detail: 'port' },
    ]);
    const page = await get(guarded.app, '/moderering?type=link', { Cookie: admin.cookie });
    expect(text(page.doc.querySelector('main'))).toContain('bruker en annen port enn 80 og 443');
    expect(seen).toHaveLength(0);
  });

  it('checks a hostile page in the worker thread while the server goes on answering', async () => {
    const hostile = await testApp(
      (ref) => [
        association(ref, { name: 'Narvik Turlag', website: `${base}/fiendtlig-treg` }),
        association(ref, { name: 'Ofoten Sjakklubb', website: `${base}/fiendtlig` }),
      ],
      { LINK_CHECK_ALLOW_PRIVATE: '1', LINK_CHECK_TIMEOUT_MS: '20000' },
    );
    const admin = await signIn(hostile.db, { email: 'admin@example.no', role: 'admin' });
    expect((await postForm(hostile.app, '/moderering/lenkesjekk', { csrf: admin.csrf }, { Cookie: admin.cookie })).status).toBe(303);
    await hostileHalfSent.promise;
    // The check is under way (half the page is in), and the server answers.
    const health = await hostile.app.request('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await get(hostile.app, '/lag/narvik-turlag')).status).toBe(200);
    expect(await hostile.db.selectFrom('link_checks').select('url').where('url', '=', `${base}/fiendtlig-treg`).execute()).toEqual([]);
    hostileRelease.resolve();
    await hostile.background.idle();
    const rows = await hostile.db.selectFrom('link_checks').select(['url', 'status', 'title', 'problem']).orderBy('url').execute();
    expect(rows).toEqual([
      { url: `${base}/fiendtlig`, status: 200, title: null, problem: null },
      { url: `${base}/fiendtlig-treg`, status: 200, title: null, problem: null },
    ]);
    // Both pages were fetched and read by the worker thread, not by this one.
    expect(hostile.offLoop.stats.completed).toBe(2);
    expect(hostile.offLoop.stats.lastThreadId).not.toBe(threadId);
    await hostile.offLoop.close();
  });

  it('refuses to start a check without the CSRF token, and checks nothing', async () => {
    const { status } = await postForm(app, '/moderering/lenkesjekk', {}, { Cookie: narvik.cookie });
    expect(status).toBe(403);
    await background.idle();
    expect(seen).toHaveLength(0);
    expect(await db.selectFrom('link_checks').select('id').execute()).toHaveLength(0);
  });

  it("checks a moderator's municipalities in the background and shows the flags in the queue", async () => {
    const { status, response } = await runCheck(narvik);
    expect(status).toBe(303);
    expect(response.headers.get('Location')).toBe('/moderering/lenkesjekk?melding=started');
    // Senja is not theirs and a pending entry is not public: neither is fetched.
    expect(seen.map((r) => r.path).sort()).toEqual(['/borte', '/kapret', '/parkert', '/turlag']);
    const items = await linkQueue(narvik);
    expect(items.map((i) => i.name).sort()).toEqual(['Bjerkvik Blandakor', 'Ofoten Sjakklubb', 'Ofoten Sjakklubb']);
    const dead = items.find((i) => i.facts.includes('/borte'))!;
    expect(dead.facts).toContain('Lenken virker ikke: svarte med HTTP-status 404');
    expect(dead.facts).toContain('404');
    const hijacked = items.find((i) => i.facts.includes('/kapret'))!;
    expect(hijacked.facts).toContain('Sidetittelen ligner ikke lagets navn');
    expect(hijacked.facts).toContain('Beste nettcasino 2026');
    const { doc } = await get(app, '/moderering', { Cookie: narvik.cookie });
    expect(text(doc.querySelector('.queue-counts'))).toContain('Lenker med problemer (3)');
    const page = await get(app, '/moderering/lenkesjekk', { Cookie: narvik.cookie });
    expect(text(page.doc.querySelector('main'))).toContain('Antall lenker sjekket: 4');
  });

  it('lets an admin check every municipality', async () => {
    const admin = await signIn(db, { email: 'admin@example.no', role: 'admin' });
    await runCheck(admin);
    expect(seen.map((r) => r.path)).toContain('/feil');
    expect((await linkQueue(admin)).map((i) => i.name)).toContain('Senja Skiklubb');
  });

  it('removes a flag marked as checked, and not for a moderator of another municipality', async () => {
    await runCheck(narvik);
    const [first] = await linkQueue(narvik);
    const id = first!.id.replace('queue-link-', '');
    const senja = await signIn(db, { email: 'senja@example.no', role: 'moderator', municipalities: ['5530'] });
    const outside = await postForm(app, `/moderering/lenke/${id}/ignorer`, { csrf: senja.csrf }, { Cookie: senja.cookie });
    expect(outside.status).toBe(403);
    expect((await linkQueue(narvik)).map((i) => i.id)).toContain(first!.id);

    const done = await postForm(app, `/moderering/lenke/${id}/ignorer`, { csrf: narvik.csrf }, { Cookie: narvik.cookie, 'HX-Request': 'true' });
    expect(done.status).toBe(200);
    expect(done.doc.querySelector(`#${first!.id}`)).not.toBeNull();
    expect((await linkQueue(narvik)).map((i) => i.id)).not.toContain(first!.id);
    // The same problem found again stays set aside.
    await runCheck(narvik);
    expect((await linkQueue(narvik)).map((i) => i.id)).not.toContain(first!.id);
  });

  it('drops a flag when the website changes or a later check finds the link fine', async () => {
    await runCheck(narvik);
    expect(await linkQueue(narvik)).toHaveLength(3);
    await db
      .updateTable('associations')
      .set({ website: `${base}/hjem` })
      .where('name', '=', 'Bjerkvik Blandakor')
      .execute();
    expect((await linkQueue(narvik)).map((i) => i.name)).not.toContain('Bjerkvik Blandakor');
    await db
      .updateTable('association_links')
      .set({ url: `${base}/kor` })
      .execute();
    await db.updateTable('associations').set({ name: 'Bjørnevåg og Omegn Blandakor' }).where('name', '=', 'Ofoten Sjakklubb').execute();
    await db.updateTable('associations').set({ website: null }).where('name', '=', 'Bjørnevåg og Omegn Blandakor').execute();
    await runCheck(narvik);
    expect(await linkQueue(narvik)).toHaveLength(0);
    // Checks of links nobody has any more are forgotten, so an old verdict cannot come back.
    const urls = (await db.selectFrom('link_checks').select('url').execute()).map((r) => r.url);
    expect(urls).not.toContain(`${base}/parkert`);
    expect(urls).toContain(`${base}/hjem`);
  });

  it('flags a set-aside link again when it gets a different problem', async () => {
    const turlag = await db.selectFrom('associations').select('id').where('name', '=', 'Narvik Turlag').executeTakeFirstOrThrow();
    const found = (problem: 'dead' | 'title', at: string) =>
      recordLinkResults(db, [
        {
          associationId: turlag.id,
          name: 'Narvik Turlag',
          url: `${base}/turlag`,
          checkTitle: true,
          page: { url: `${base}/turlag`, chain: [], finalUrl: `${base}/turlag`, status: 200, title: 'Casino', error: null, parked: false },
          problem,
          detail: null,
          checkedAt: at,
        },
      ]);
    await found('title', '2026-11-20T00:00:00.000Z');
    const [flag] = await linkQueue(narvik);
    expect(flag?.name).toBe('Narvik Turlag');
    const id = flag!.id.replace('queue-link-', '');
    expect((await postForm(app, `/moderering/lenke/${id}/ignorer`, { csrf: narvik.csrf }, { Cookie: narvik.cookie })).status).toBe(303);
    await found('title', '2026-11-21T00:00:00.000Z');
    expect(await linkQueue(narvik)).toHaveLength(0);
    await found('dead', '2026-11-22T00:00:00.000Z');
    expect((await linkQueue(narvik)).map((i) => i.name)).toEqual(['Narvik Turlag']);
  });

  it('shows the button with the session token, and the flags in English', async () => {
    await runCheck(narvik);
    const page = await get(app, '/moderering/lenkesjekk', { Cookie: narvik.cookie });
    expect(page.status).toBe(200);
    expect(page.doc.querySelectorAll('h1')).toHaveLength(1);
    expect(page.doc.querySelector('form[action="/moderering/lenkesjekk"] input[name="csrf"]')?.getAttribute('value')).toBe(narvik.csrf);
    const english = await get(app, '/moderering?type=link&lang=en', { Cookie: narvik.cookie });
    expect(text(english.doc.querySelector('.queue'))).toContain('The link does not work');
  });
});

describe('npm run check-links', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
    // A minimal environment: Vitest sets variables of its own (BASE_URL=/ among them).
    const child = spawn(...nodeTs('src/cli/check-links.ts'), {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('checks every published link, prints a summary and exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagportal-links-'));
    dirs.push(dir);
    const dbPath = join(dir, 'lagportal.db');
    const { db, sqlite } = await openDatabase(dbPath);
    const reference = await loadReference(db);
    await insert(db, reference, [
      association(reference, { name: 'Narvik Turlag', website: `${base}/turlag` }),
      association(reference, { name: 'Ofoten Sjakklubb', website: `${base}/borte` }),
      association(reference, {
        name: 'Senja Skiklubb',
        municipalityNumber: '5530',
        website: `${base}/flyttet`,
        links: [{ kind: 'other', url: `${base}/kapret` }],
      }),
    ]);
    sqlite.close();

    const result = await run({ DB_PATH: dbPath, BASE_URL: 'https://lag.example.no', LINK_CHECK_ALLOW_PRIVATE: '1', LINK_CHECK_CONCURRENCY: '2' });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('checked: 4');
    expect(result.stdout).toContain('ok: 1');
    expect(result.stdout).toContain('dead: 1');
    expect(result.stdout).toContain('redirected elsewhere: 1');
    expect(result.stdout).toContain('title mismatch: 1');
    expect(seen.find((r) => r.path === '/turlag')?.userAgent).toContain('https://lag.example.no');

    const reopened = await openDatabase(dbPath);
    const rows = await reopened.db.selectFrom('link_checks').select(['url', 'status', 'problem', 'final_url']).orderBy('url').execute();
    reopened.sqlite.close();
    expect(rows).toContainEqual({ url: `${base}/borte`, status: 404, problem: 'dead', final_url: `${base}/borte` });
    expect(rows).toContainEqual({ url: `${base}/flyttet`, status: 200, problem: 'elsewhere', final_url: `http://localhost:${port}/annet-sted` });
  }, 60_000);

  it('exits non-zero and names the variable on a bad configuration', async () => {
    const result = await run({ DB_PATH: ':memory:', LINK_CHECK_CONCURRENCY: '0' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('LINK_CHECK_CONCURRENCY must be between 1 and 32');
  }, 60_000);
});
