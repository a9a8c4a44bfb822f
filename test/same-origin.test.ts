import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createUser } from '../src/db/users.js';
import type { DB } from '../src/db/sqlite.js';
import { association, dom, formToken, get, movableClock, signIn, testApp, text } from './helpers.js';

// The same-origin check is the only cross-site protection on the login form and the public
// forms (they have no session to carry a CSRF token), and a second one behind the moderators'
// CSRF token. It must accept exactly BASE_URL's origin (https://lag.example.no in tests), and
// fall back to Sec-Fetch-Site only when a browser sends no Origin.

const OURS = 'https://lag.example.no';

/** Origins a hostile page could post from, each one character or label away from ours. */
const LOOK_ALIKES = [
  'https://lag.example.no.evil.example',
  'https://evil.example',
  'https://lag.example.nope',
  'https://evil-lag.example.no',
  'https://sub.lag.example.no',
  'http://lag.example.no',
  'https://lag.example.no:8443',
  'https://lag.example.no/',
  'null',
];

let app: App;
let db: DB;
let clock: ReturnType<typeof movableClock>;

beforeEach(async () => {
  clock = movableClock();
  ({ app, db } = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })], {}, { clock: clock.now }));
});

/** A form post with exactly the headers given: no Origin unless a test sends one. */
async function post(path: string, fields: Record<string, string>, headers: Record<string, string>) {
  const response = await app.request(path, {
    method: 'POST',
    body: new URLSearchParams(fields),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  });
  const body = await response.text();
  return { status: response.status, response, doc: dom(body) };
}

async function count(table: 'reports' | 'sessions' | 'submission_attempts') {
  return Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
}

describe('a public form (Meld feil)', () => {
  const PATH = '/lag/narvik-turlag/meld-feil';
  const fields = { kind: 'wrong_info', message: 'Treningene er flyttet.', email: '' };

  async function report(headers: Record<string, string>) {
    const page = await get(app, PATH);
    clock.advance(5_000);
    return post(PATH, { form_token: formToken(page.doc), ...fields }, headers);
  }

  it('accepts a post whose Origin is exactly BASE_URL’s', async () => {
    expect((await report({ Origin: OURS })).status).toBe(303);
    expect(await count('reports')).toBe(1);
  });

  it.each(LOOK_ALIKES)('refuses a post from the look-alike origin %s, keeps what was typed and stores nothing', async (origin) => {
    const refused = await report({ Origin: origin });
    expect(refused.status).toBe(403);
    expect(text(refused.doc.querySelector('.form-message, [role="alert"]'))).toContain('Skjemaet må sendes fra Lagportals egne sider.');
    expect(refused.doc.querySelector('textarea[name="message"]')?.textContent).toBe('Treningene er flyttet.');
    expect(await count('reports')).toBe(0);
    expect(await count('submission_attempts')).toBe(0);
  });

  it('refuses an Origin that only contains ours, whatever Sec-Fetch-Site claims', async () => {
    expect((await report({ Origin: OURS + '.evil.example', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(403);
    expect((await report({ Origin: 'null', 'Sec-Fetch-Site': 'same-origin' })).status).toBe(403);
    expect(await count('reports')).toBe(0);
  });

  it.each([
    ['same-origin', 303],
    ['none', 303],
    ['same-site', 403],
    ['cross-site', 403],
  ] as const)('without Origin, goes by Sec-Fetch-Site: %s → %i', async (site, status) => {
    expect((await report({ 'Sec-Fetch-Site': site })).status).toBe(status);
    expect(await count('reports')).toBe(status === 303 ? 1 : 0);
  });

  it('lets a post with neither header through to the form token check, which a forged token fails', async () => {
    expect((await report({})).status).toBe(303);
    const forged = await post(PATH, { form_token: '1.' + 'a'.repeat(43), ...fields }, {});
    expect(forged.status).toBe(422);
    expect(await count('reports')).toBe(1);
  });
});

describe('the login form', () => {
  beforeEach(async () => {
    await createUser(db, { email: 'kari@example.no', name: 'Kari', role: 'admin', password: 'et langt og trygt passord' }, clock.now());
  });

  const credentials = { email: 'kari@example.no', password: 'et langt og trygt passord' };

  it('signs in from our own origin', async () => {
    const result = await post('/logg-inn', credentials, { Origin: OURS });
    expect(result.status).toBe(303);
    expect(result.response.headers.get('Set-Cookie')).toContain('lagportal_session=');
    expect(await count('sessions')).toBe(1);
  });

  it.each(LOOK_ALIKES)('refuses a sign-in posted from %s: no session, no cookie', async (origin) => {
    const result = await post('/logg-inn', credentials, { Origin: origin });
    expect(result.status).toBe(403);
    expect(result.response.headers.get('Set-Cookie') ?? '').not.toContain('lagportal_session=');
    expect(text(result.doc.querySelector('h1'))).toBe('Skjemaet ble avvist');
    expect(await count('sessions')).toBe(0);
  });

  it('refuses a sign-in without Origin from another site by Sec-Fetch-Site', async () => {
    expect((await post('/logg-inn', credentials, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post('/logg-inn', credentials, { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect(await count('sessions')).toBe(0);
    expect((await post('/logg-inn', credentials, { 'Sec-Fetch-Site': 'same-origin' })).status).toBe(303);
    expect(await count('sessions')).toBe(1);
  });
});

describe('a moderator’s decision', () => {
  it('needs our origin as well as the CSRF token', async () => {
    const moderator = await signIn(db, { email: 'narvik@example.no', role: 'moderator', municipalities: ['1806'] });
    const entry = await db.selectFrom('associations').selectAll().where('slug', '=', 'narvik-turlag').executeTakeFirstOrThrow();
    const archive = (headers: Record<string, string>) =>
      post(`/moderering/lag/${entry.id}/arkiver`, { csrf: moderator.csrf, version: String(entry.version) }, { Cookie: moderator.cookie, ...headers });
    for (const origin of LOOK_ALIKES) expect({ origin, status: (await archive({ Origin: origin })).status }).toEqual({ origin, status: 403 });
    expect((await archive({ 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await db.selectFrom('associations').select('status').where('id', '=', entry.id).executeTakeFirstOrThrow()).status).toBe('published');
    expect((await archive({ Origin: OURS })).status).toBe(303);
    expect((await db.selectFrom('associations').select('status').where('id', '=', entry.id).executeTakeFirstOrThrow()).status).toBe('archived');
  });
});

describe('the fill-time token of a public form', () => {
  const PATH = '/lag/narvik-turlag/meld-feil';
  const fields = { kind: 'wrong_info', message: 'Treningene er flyttet.', email: '' };

  /** Shows the form, waits `ms`, and sends it from our own origin. */
  async function reportAfter(ms: number, extra: Record<string, string> = {}) {
    const page = await get(app, PATH);
    clock.advance(ms);
    return post(PATH, { form_token: formToken(page.doc), ...fields, ...extra }, { Origin: OURS });
  }

  it('accepts a form sent exactly MIN_FILL_SECONDS (3 s) after it was shown, and refuses one a millisecond sooner', async () => {
    const early = await reportAfter(2_999);
    expect(early.status).toBe(422);
    expect(text(early.doc.querySelector('.form-message, [role="alert"]'))).toContain('svært raskt');
    expect((await reportAfter(3_000)).status).toBe(303);
    expect(await count('reports')).toBe(1);
  });

  it('accepts a form shown exactly 24 hours ago, and asks for a fresh one a millisecond later', async () => {
    expect((await reportAfter(24 * 60 * 60 * 1000)).status).toBe(303);
    const stale = await reportAfter(24 * 60 * 60 * 1000 + 1);
    expect(stale.status).toBe(422);
    expect(text(stale.doc.querySelector('.form-message, [role="alert"]'))).toContain('Skjemaet har vært åpent lenge.');
    expect(await count('reports')).toBe(1);
  });

  it('refuses a token made for another form, or with its time changed', async () => {
    const registration = await get(app, '/registrer');
    const page = await get(app, PATH);
    clock.advance(5_000);
    const foreign = await post(PATH, { form_token: formToken(registration.doc), ...fields }, { Origin: OURS });
    expect(foreign.status).toBe(422);
    expect(text(foreign.doc.querySelector('.form-message, [role="alert"]'))).toContain('Skjemaet har vært åpent lenge.');
    const [issuedAt, signature] = formToken(page.doc).split('.');
    const moved = await post(PATH, { form_token: `${Number(issuedAt) - 10_000}.${signature}`, ...fields }, { Origin: OURS });
    expect(moved.status).toBe(422);
    const padded = await post(PATH, { form_token: ` ${formToken(page.doc)}`, ...fields }, { Origin: OURS });
    expect(padded.status).toBe(422);
    const tail = await post(PATH, { form_token: `${formToken(page.doc)}x`, ...fields }, { Origin: OURS });
    expect(tail.status).toBe(422);
    expect(await count('reports')).toBe(0);
    expect((await post(PATH, { form_token: formToken(page.doc), ...fields }, { Origin: OURS })).status).toBe(303);
  });

  it('refuses a filled-in honeypot even when everything else is right', async () => {
    const trapped = await reportAfter(5_000, { homepage: 'http://spam.example' });
    expect(trapped.status).toBe(422);
    expect(text(trapped.doc.querySelector('.form-message, [role="alert"]'))).toContain('Vi kunne ikke ta imot skjemaet.');
    expect(trapped.doc.querySelector('textarea[name="message"]')?.textContent).toBe('Treningene er flyttet.');
    expect(await count('reports')).toBe(0);
  });
});

describe('who the hourly limit counts', () => {
  const PATH = '/lag/narvik-turlag/meld-feil';
  const fields = { kind: 'wrong_info', message: 'Treningene er flyttet.', email: '' };

  async function limitedApp(env: Record<string, string>) {
    const limited = await testApp((ref) => [association(ref, { name: 'Narvik Turlag' })], { REPORTS_PER_HOUR: '1', ...env }, { clock: clock.now });
    const report = async (headers: Record<string, string>) => {
      const page = await get(limited.app, PATH);
      clock.advance(5_000);
      const response = await limited.app.request(PATH, {
        method: 'POST',
        body: new URLSearchParams({ form_token: formToken(page.doc), ...fields }),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: OURS, ...headers },
      });
      return response.status;
    };
    return { ...limited, report };
  }

  it('ignores X-Forwarded-For from a client that is not a trusted proxy: a client cannot pose as many', async () => {
    const { report } = await limitedApp({});
    expect(await report({ 'X-Forwarded-For': '203.0.113.9' })).toBe(303);
    expect(await report({ 'X-Forwarded-For': '198.51.100.4' })).toBe(429);
  });

  // Behind a proxy (TRUSTED_PROXIES) the address is read as test/client-address.test.ts shows.

  it('stores a short keyed hash, never the address', async () => {
    const { report, db: limitedDb } = await limitedApp({});
    expect(await report({})).toBe(303);
    const keys = (await limitedDb.selectFrom('submission_attempts').select('client_key').execute()).map((r) => r.client_key);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
