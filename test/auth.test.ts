import { createHash } from 'node:crypto';
import { BackgroundTasks } from '../src/lib/background.js';
import { OffLoop } from '../src/lib/off-loop.js';
import { Metrics } from '../src/lib/metrics.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AppContext, AppEnv } from '../src/app-env.js';
import { loadConfig } from '../src/config.js';
import { findSession } from '../src/db/sessions.js';
import { applicationSecret } from '../src/db/submissions.js';
import { createUser, disableUser, findUserByEmail, loadSignedInUser, setPassword } from '../src/db/users.js';
import { translator } from '../src/i18n/index.js';
import { hashPassword, verifyPassword } from '../src/lib/password.js';
import { loadStaticAssets } from '../src/lib/static-assets.js';
import { createMailer } from '../src/mail/mailer.js';
import { SESSION_COOKIE, authRoutes, isSafeLocalPath, requireCsrf, requireUser, sessionMiddleware } from '../src/routes/auth.js';
import { NOW, dom, freshDatabase, get, movableClock, postForm, text, viaPeer } from './helpers.js';

const PASSWORD = 'korrekt hest batteri';
const MINUTE = 60 * 1000;

/**
 * The auth routes and guards on their own app, with a protected page and a protected form
 * whose handler counts how often it ran.
 */
async function harness(env: Record<string, string> = {}, clock: () => Date = () => NOW) {
  const { db, reference } = await freshDatabase();
  const config = loadConfig({ DEMO_DATA: '0', BASE_URL: 'https://lag.example.no', LOGIN_SLOWDOWN_MS: '0', ...env });
  const logger = pino({ level: 'silent' });
  const outboxDir = mkdtempSync(join(tmpdir(), 'lagportal-outbox-'));
  const mailer = createMailer({ db, from: config.mailFrom, smtpUrl: config.smtpUrl, outboxDir, logger, clock });
  const ctx: AppContext = {
    db,
    config,
    logger,
    mailer,
    clock,
    background: new BackgroundTasks(logger),
    offLoop: new OffLoop(),
    responseCache: null,
    metrics: new Metrics(db),
    reference,
    assets: (await loadStaticAssets()).urls,
    secret: await applicationSecret(db),
  };
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set('requestId', 'test');
    c.set('tr', translator(c.req.query('lang') === 'en' ? 'en' : 'nb'));
    await next();
  });
  app.use(sessionMiddleware(ctx));
  app.route('/', authRoutes(ctx));
  const ran = { count: 0 };
  app.get('/moderering', requireUser(ctx), (c) => c.text(`hei ${c.get('user')!.email}`));
  app.get('/admin', requireUser(ctx, ['admin']), (c) => c.text('admin'));
  app.post('/moderering/handling', requireUser(ctx), requireCsrf(ctx), (c) => {
    ran.count += 1;
    return c.text('done');
  });
  const kari = await createUser(
    db,
    { email: ' Kari@Example.no ', name: 'Kari', role: 'moderator', password: PASSWORD, municipalities: ['1806'], regions: ['nord-troms'] },
    NOW,
  );
  return { app, db, ctx, ran, kari };
}

type App = Awaited<ReturnType<typeof harness>>['app'];

function sessionCookie(response: Response): string | undefined {
  const header = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  const value = header ? /^[^=]+=([^;]*)/.exec(header)![1] : undefined;
  return value || undefined;
}

async function login(app: App, email = 'kari@example.no', password = PASSWORD, headers: Record<string, string> = {}, neste?: string) {
  return postForm(app, '/logg-inn', { email, password, neste }, headers);
}

async function signedIn(app: App): Promise<{ cookie: string }> {
  const result = await login(app);
  expect(result.status).toBe(303);
  return { cookie: `${SESSION_COOKIE}=${sessionCookie(result.response)!}` };
}

describe('passwords', () => {
  it('are stored as scrypt hashes that verify the right password only', async () => {
    const { db } = await harness();
    const stored = (await findUserByEmail(db, 'KARI@example.no'))!.password_hash;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(stored).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
    expect(await verifyPassword('korrekt hest batteri!', stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, 'scrypt$1$1$1$x$y')).toBe(false);
    expect(await verifyPassword(PASSWORD, 'plain')).toBe(false);
    // A fresh salt every time.
    expect(await hashPassword(PASSWORD)).not.toBe(await hashPassword(PASSWORD));
  });

  it('refuses short passwords, duplicate emails and unknown scopes with clear messages', async () => {
    const { db } = await harness();
    await expect(createUser(db, { email: 'ola@example.no', role: 'moderator', password: 'kort' }, NOW)).rejects.toThrow(/at least 12 characters/);
    await expect(createUser(db, { email: 'KARI@example.no', role: 'admin', password: PASSWORD }, NOW)).rejects.toThrow(/already exists/);
    await expect(createUser(db, { email: 'ola@example.no', role: 'moderator', password: PASSWORD, municipalities: ['9999'] }, NOW)).rejects.toThrow(
      /Unknown municipality number: 9999/,
    );
    await expect(createUser(db, { email: 'ola@example.no', role: 'moderator', password: PASSWORD, regions: ['atlantis'] }, NOW)).rejects.toThrow(
      /Unknown region: atlantis/,
    );
    await expect(createUser(db, { email: 'ola@example.no', role: 'boss', password: PASSWORD }, NOW)).rejects.toThrow(/Unknown role/);
  });

  it('expands region scopes to municipalities, and gives admins everything', async () => {
    const { db, ctx, kari } = await harness();
    const user = (await loadSignedInUser(db, kari.id, ctx.reference))!;
    expect(user.municipalityNumbers).not.toBe('all');
    const numbers = user.municipalityNumbers as ReadonlySet<string>;
    expect(numbers.has('1806')).toBe(true);
    for (const m of ctx.reference.regionMembers.get('nord-troms')!) expect(numbers.has(m)).toBe(true);
    const admin = await createUser(db, { email: 'admin@example.no', role: 'admin', password: PASSWORD }, NOW);
    expect((await loadSignedInUser(db, admin.id, ctx.reference))!.municipalityNumbers).toBe('all');
    await disableUser(db, admin.id, NOW);
    expect(await loadSignedInUser(db, admin.id, ctx.reference)).toBeNull();
  });
});

describe('signing in', () => {
  it('shows a labelled form with one h1', async () => {
    const { app } = await harness();
    const page = await get(app, '/logg-inn?neste=%2Fmoderering%2Fkø');
    expect(page.status).toBe(200);
    expect(page.response.headers.get('Cache-Control')).toBe('no-store');
    expect(page.doc.querySelectorAll('h1')).toHaveLength(1);
    const email = page.doc.querySelector('input[name="email"]')!;
    const password = page.doc.querySelector('input[name="password"]')!;
    expect(email.getAttribute('autocomplete')).toBe('username');
    expect(password.getAttribute('autocomplete')).toBe('current-password');
    expect(password.getAttribute('type')).toBe('password');
    expect(page.doc.querySelector(`label[for="${email.id}"]`)).not.toBeNull();
    expect(page.doc.querySelector(`label[for="${password.id}"]`)).not.toBeNull();
  });

  it('sets a secure session cookie and lets the user into protected pages', async () => {
    const { app, db } = await harness();
    const result = await login(app, ' KARI@example.no ');
    expect(result.status).toBe(303);
    expect(result.response.headers.get('Location')).toBe('/moderering');
    const header = result.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(/; Secure/);
    const sessionId = sessionCookie(result.response)!;
    // Only the hash is stored.
    const rows = await db.selectFrom('sessions').select('id_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id_hash).not.toBe(sessionId);

    const page = await get(app, '/moderering', { Cookie: `${SESSION_COOKIE}=${sessionId}` });
    expect(page.status).toBe(200);
    expect(page.body).toBe('hei kari@example.no');
    expect(page.response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('has no Secure flag on a plain http site', async () => {
    const { app } = await harness({ BASE_URL: 'http://localhost:3000' });
    const result = await login(app, 'kari@example.no', PASSWORD, { Origin: 'http://localhost:3000' });
    expect(result.status).toBe(303);
    const header = result.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(header).not.toMatch(/Secure/);
  });

  it('sends visitors without a session to the sign-in page and back afterwards', async () => {
    const { app } = await harness();
    const page = await get(app, '/moderering?side=2');
    expect(page.status).toBe(303);
    expect(page.response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering%3Fside%3D2');
    const form = await get(app, page.response.headers.get('Location')!);
    expect(form.doc.querySelector('input[name="neste"]')!.getAttribute('value')).toBe('/moderering?side=2');
    const result = await login(app, 'kari@example.no', PASSWORD, {}, '/moderering?side=2');
    expect(result.response.headers.get('Location')).toBe('/moderering?side=2');
    // Other methods are told, not redirected.
    const post = await postForm(app, '/moderering/handling', {});
    expect(post.status).toBe(401);
  });

  it.each(['//evil.example', 'https://evil.example', '/\\evil.example', '/\t/evil.example', 'javascript:alert(1)', ''])(
    'refuses to redirect to %j after signing in',
    async (neste) => {
      const { app } = await harness();
      const result = await login(app, 'kari@example.no', PASSWORD, {}, neste);
      expect(result.status).toBe(303);
      expect(result.response.headers.get('Location')).toBe('/moderering');
      const form = await get(app, `/logg-inn?neste=${encodeURIComponent(neste)}`);
      expect(form.doc.querySelector('input[name="neste"]')).toBeNull();
    },
  );

  it('checks safe local paths', () => {
    expect(isSafeLocalPath('/moderering/sak/3?x=1')).toBe(true);
    expect(isSafeLocalPath('//evil.example')).toBe(false);
    expect(isSafeLocalPath('/\\evil.example')).toBe(false);
    expect(isSafeLocalPath('https://evil.example')).toBe(false);
    expect(isSafeLocalPath('/a b')).toBe(false);
  });

  it('forbids users without the role', async () => {
    const { app } = await harness();
    const { cookie } = await signedIn(app);
    const page = await get(app, '/admin', { Cookie: cookie });
    expect(page.status).toBe(403);
    expect(page.doc.querySelectorAll('h1')).toHaveLength(1);
    expect(page.response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('rotates the session id on sign-in', async () => {
    const { app, db } = await harness();
    const first = await signedIn(app);
    const result = await login(app, 'kari@example.no', PASSWORD, { Cookie: first.cookie });
    const second = sessionCookie(result.response)!;
    expect(`${SESSION_COOKIE}=${second}`).not.toBe(first.cookie);
    expect((await get(app, '/moderering', { Cookie: first.cookie })).status).toBe(303);
    expect((await get(app, '/moderering', { Cookie: `${SESSION_COOKIE}=${second}` })).status).toBe(200);
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });

  it('ends sessions when the account is disabled or its password changes', async () => {
    const { app, db, kari } = await harness();
    const a = await signedIn(app);
    await setPassword(db, kari.id, 'ett helt nytt passord');
    expect((await get(app, '/moderering', { Cookie: a.cookie })).status).toBe(303);
    const b = (await login(app, 'kari@example.no', 'ett helt nytt passord')).response;
    const cookie = `${SESSION_COOKIE}=${sessionCookie(b)!}`;
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);
    await disableUser(db, kari.id, NOW);
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(303);
    const refused = await login(app, 'kari@example.no', 'ett helt nytt passord');
    expect(refused.status).toBe(401);
  });
});

/** The session's CSRF token, as the moderator pages will print it (the harness has no such page). */
async function csrfOf(ctx: AppContext, cookie: string): Promise<string> {
  const session = await findSession(ctx.db, cookie.split('=')[1]!, ctx.clock(), { idleMs: 60 * MINUTE, maxAgeMs: 12 * 60 * MINUTE });
  return session!.csrfToken;
}

describe('failed sign-ins', () => {
  it('give byte-identical answers for a wrong password and an unknown email', async () => {
    const { app } = await harness();
    const wrong = await login(app, 'kari@example.no', 'feil passord her');
    const unknown = await login(app, 'nobody@example.no', 'feil passord her');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(sessionCookie(wrong.response)).toBeUndefined();
    // The typed email is kept in the form (and is the only difference); the password never is.
    expect(wrong.doc.querySelector('input[name="email"]')!.getAttribute('value')).toBe('kari@example.no');
    expect(wrong.doc.querySelector('input[name="password"]')!.hasAttribute('value')).toBe(false);
    expect(wrong.body).not.toContain('feil passord her');
    expect(wrong.body.replaceAll('kari@example.no', 'EMAIL')).toBe(unknown.body.replaceAll('nobody@example.no', 'EMAIL'));
    expect(text(wrong.doc.querySelector('.error-summary'))).toContain('E-postadressen eller passordet er feil.');
  });

  it('lock an email only from the address that failed, so nobody can lock a moderator out', async () => {
    const { app: direct } = await harness({ TRUSTED_PROXIES: '10.1.0.1' });
    const app = viaPeer(direct, '10.1.0.1') as unknown as App;
    const attacker = { 'X-Forwarded-For': '203.0.113.66' };
    for (let i = 0; i < 5; i++) expect((await login(app, 'kari@example.no', 'feil passord her', attacker)).status).toBe(401);
    expect((await login(app, 'kari@example.no', PASSWORD, attacker)).status).toBe(429);
    // Kari, from her own address, signs in as always.
    expect((await login(app, 'kari@example.no', PASSWORD, { 'X-Forwarded-For': '198.51.100.20' })).status).toBe(303);
    // An IPv6 attacker cannot step around the lock inside its own /64.
    for (let i = 0; i < 5; i++) await login(app, 'kari@example.no', 'feil passord her', { 'X-Forwarded-For': `2001:db8:7:7::${i + 1}` });
    expect((await login(app, 'kari@example.no', PASSWORD, { 'X-Forwarded-For': '2001:db8:7:7::ff' })).status).toBe(429);
  }, 60_000);

  it('mail the owner once per day when their account is being guessed at from many addresses', async () => {
    const clock = movableClock();
    const { app: direct, db, ctx } = await harness({ TRUSTED_PROXIES: '10.1.0.1' }, clock.now);
    const app = viaPeer(direct, '10.1.0.1') as unknown as App;
    const from = (i: number) => ({ 'X-Forwarded-For': `203.0.113.${i + 1}` });
    const mails = async () => {
      await ctx.background.idle();
      return db.selectFrom('outbox').select(['recipient', 'subject', 'text_body']).execute();
    };
    for (let i = 0; i < 9; i++) expect((await login(app, 'kari@example.no', 'feil passord her', from(i))).status).toBe(401);
    expect(await mails()).toEqual([]);
    for (let i = 9; i < 13; i++) expect((await login(app, 'Kari@example.no', 'feil passord her', from(i))).status).toBe(401);
    const sent = await mails();
    expect(sent.map((m) => [m.recipient, m.subject])).toEqual([['kari@example.no', 'Mislykkede innloggingsforsøk på kontoen din i Lagportal']]);
    expect(sent[0]!.text_body).toContain('10 mislykkede forsøk på å logge inn som kari@example.no');
    expect(sent[0]!.text_body).toContain('https://lag.example.no/logg-inn');
    // Guessing at an email without an account mails nobody.
    for (let i = 0; i < 10; i++) await login(app, 'nobody@example.no', 'feil passord her', from(i));
    expect(await mails()).toHaveLength(1);
    // The next day's guessing is told again, once.
    clock.advance(24 * 60 * MINUTE + 1000);
    for (let i = 0; i < 11; i++) await login(app, 'kari@example.no', 'feil passord her', from(100 + i));
    expect((await mails()).map((m) => m.recipient)).toEqual(['kari@example.no', 'kari@example.no']);
    // Each sign-in checks a password with scrypt: many of them, on a busy machine.
  }, 90_000);

  it('lock an email for 15 minutes after 5 failures from one address, whether or not it has an account', async () => {
    const clock = movableClock();
    const { app } = await harness({}, clock.now);
    for (const email of ['kari@example.no', 'nobody@example.no']) {
      for (let i = 0; i < 5; i++) expect((await login(app, email, 'feil passord her')).status).toBe(401);
    }
    const locked = await login(app, 'kari@example.no');
    expect(locked.status).toBe(429);
    expect(text(locked.doc.querySelector('.error-summary'))).toContain('For mange forsøk. Vent 15 minutter og prøv igjen.');
    const lockedUnknown = await login(app, 'nobody@example.no', 'feil passord her');
    expect(lockedUnknown.status).toBe(429);
    expect(locked.body.replaceAll('kari@example.no', 'EMAIL')).toBe(lockedUnknown.body.replaceAll('nobody@example.no', 'EMAIL'));

    clock.advance(14 * MINUTE);
    expect((await login(app, 'kari@example.no')).status).toBe(429);
    clock.advance(1 * MINUTE + 1000);
    expect((await login(app, 'kari@example.no')).status).toBe(303);
  });

  it('start over for an email after a successful sign-in', async () => {
    const { app } = await harness();
    for (let i = 0; i < 4; i++) await login(app, 'kari@example.no', 'feil passord her');
    expect((await login(app)).status).toBe(303);
    for (let i = 0; i < 4; i++) expect((await login(app, 'kari@example.no', 'feil passord her')).status).toBe(401);
    expect((await login(app)).status).toBe(303);
  });

  it('lock an address after 20 failures, for every email', async () => {
    const { app: direct } = await harness({ TRUSTED_PROXIES: '10.1.0.1' });
    const app = viaPeer(direct, '10.1.0.1') as unknown as App;
    const from = { 'X-Forwarded-For': '203.0.113.7' };
    for (let i = 0; i < 20; i++) expect((await login(app, `guess${i}@example.no`, 'feil passord her', from)).status).toBe(401);
    expect((await login(app, 'kari@example.no', PASSWORD, from)).status).toBe(429);
    expect((await login(app, 'kari@example.no', PASSWORD, { 'X-Forwarded-For': '198.51.100.1' })).status).toBe(303);
  });

  it('are answered more slowly the more there have been', async () => {
    const { app } = await harness({ LOGIN_SLOWDOWN_MS: '100' });
    for (let i = 0; i < 3; i++) await login(app, 'kari@example.no', 'feil passord her');
    const started = performance.now();
    const fourth = await login(app, 'kari@example.no', 'feil passord her');
    expect(fourth.status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('ask for missing fields without counting them', async () => {
    const { app } = await harness();
    const empty = await login(app, '', '');
    expect(empty.status).toBe(422);
    expect(empty.doc.querySelectorAll('.error-summary li')).toHaveLength(2);
  });

  it('are refused from a foreign origin', async () => {
    const { app } = await harness();
    const result = await login(app, 'kari@example.no', PASSWORD, { Origin: 'https://evil.example' });
    expect(result.status).toBe(403);
    expect(sessionCookie(result.response)).toBeUndefined();
  });

  it('speak English when asked', async () => {
    const { app } = await harness();
    const result = await postForm(app, '/logg-inn?lang=en', { email: 'kari@example.no', password: 'feil passord her' });
    expect(result.status).toBe(401);
    expect(text(dom(result.body).querySelector('.error-summary'))).toContain('The email address or the password is wrong.');
    expect(text(result.doc.querySelector('h1'))).toBe('Sign in');
  });
});

describe('CSRF protection', () => {
  it('refuses a post without the token, or with a wrong one, before the handler runs', async () => {
    const { app, ran } = await harness();
    const { cookie } = await signedIn(app);
    const missing = await postForm(app, '/moderering/handling', {}, { Cookie: cookie });
    expect(missing.status).toBe(403);
    expect(missing.doc.querySelectorAll('h1')).toHaveLength(1);
    const wrong = await postForm(app, '/moderering/handling', { csrf: 'A'.repeat(43) }, { Cookie: cookie });
    expect(wrong.status).toBe(403);
    const wrongHeader = await postForm(app, '/moderering/handling', {}, { Cookie: cookie, 'X-CSRF-Token': 'short' });
    expect(wrongHeader.status).toBe(403);
    expect(ran.count).toBe(0);
  });

  it('accepts the session token from the form or the header', async () => {
    const { app, ctx, ran } = await harness();
    const { cookie } = await signedIn(app);
    const csrf = await csrfOf(ctx, cookie);
    expect((await postForm(app, '/moderering/handling', { csrf }, { Cookie: cookie })).status).toBe(200);
    expect((await postForm(app, '/moderering/handling', {}, { Cookie: cookie, 'X-CSRF-Token': csrf })).status).toBe(200);
    expect(ran.count).toBe(2);
  });

  it('refuses the right token from a foreign origin', async () => {
    const { app, ctx, ran } = await harness();
    const { cookie } = await signedIn(app);
    const csrf = await csrfOf(ctx, cookie);
    const foreign = await postForm(app, '/moderering/handling', { csrf }, { Cookie: cookie, Origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect(ran.count).toBe(0);
  });

  it("refuses another session's token", async () => {
    const { app, ctx, ran } = await harness();
    const first = await signedIn(app);
    const second = await signedIn(app);
    const csrf = await csrfOf(ctx, first.cookie);
    expect((await postForm(app, '/moderering/handling', { csrf }, { Cookie: second.cookie })).status).toBe(403);
    expect(ran.count).toBe(0);
  });
});

describe('what a sign-in stores', () => {
  it('keeps only the SHA-256 of the session id, and no attempt rows once it succeeded', async () => {
    const { app, db } = await harness();
    const failed = await login(app, 'kari@example.no', 'feil passord her');
    expect(failed.status).toBe(401);
    expect(await db.selectFrom('submission_attempts').select('action').orderBy('action').execute()).toEqual([
      { action: 'login-address' },
      { action: 'login-email' },
      { action: 'login-pair' },
    ]);
    const { cookie } = await signedIn(app);
    const sessionId = cookie.slice(`${SESSION_COOKIE}=`.length);
    expect(await db.selectFrom('sessions').select('id_hash').execute()).toEqual([{ id_hash: createHash('sha256').update(sessionId).digest('base64url') }]);
    // A success takes its own rows and the email's earlier failures out again.
    expect(await db.selectFrom('submission_attempts').selectAll().execute()).toEqual([expect.objectContaining({ action: 'login-address' })]);
  });
});

describe('signing out and idle sessions', () => {
  it('destroys the session, so the old cookie no longer works', async () => {
    const { app, ctx, db } = await harness();
    const { cookie } = await signedIn(app);
    const csrf = await csrfOf(ctx, cookie);
    // Not without the token: a foreign page cannot sign anyone out either.
    expect((await postForm(app, '/logg-ut', {}, { Cookie: cookie })).status).toBe(403);
    const out = await postForm(app, '/logg-ut', { csrf }, { Cookie: cookie });
    expect(out.status).toBe(303);
    expect(out.response.headers.get('Location')).toBe('/');
    const cleared = out.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(303);
  });

  it('ends a session left idle longer than SESSION_IDLE_MINUTES', async () => {
    const clock = movableClock();
    const { app, db } = await harness({ SESSION_IDLE_MINUTES: '30' }, clock.now);
    const { cookie } = await signedIn(app);
    clock.advance(29 * MINUTE);
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);
    // Using it keeps it alive.
    clock.advance(29 * MINUTE);
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);
    clock.advance(31 * MINUTE);
    const page = await get(app, '/moderering', { Cookie: cookie });
    expect(page.status).toBe(303);
    expect(page.response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering');
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('keeps a session idle exactly SESSION_IDLE_MINUTES, and ends it a millisecond later', async () => {
    const clock = movableClock();
    const { app, db } = await harness({ SESSION_IDLE_MINUTES: '30' }, clock.now);
    const first = await signedIn(app);
    clock.advance(30 * MINUTE);
    expect((await get(app, '/moderering', { Cookie: first.cookie })).status).toBe(200);
    const second = await signedIn(app);
    clock.advance(30 * MINUTE + 1);
    expect((await get(app, '/moderering', { Cookie: second.cookie })).status).toBe(303);
    // Only the idle session is gone; the first one was used 30 minutes and 1 ms ago too.
    expect((await get(app, '/moderering', { Cookie: first.cookie })).status).toBe(303);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('writes last_seen_at again exactly one minute after the last write', async () => {
    const clock = movableClock();
    const { app, db } = await harness({}, clock.now);
    const { cookie } = await signedIn(app);
    const seen = async () => (await db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    clock.advance(60 * 1000 - 1);
    await get(app, '/moderering', { Cookie: cookie });
    expect(await seen()).toBe('2026-11-23T12:00:00.000Z');
    clock.advance(1);
    await get(app, '/moderering', { Cookie: cookie });
    expect(await seen()).toBe('2026-11-23T12:01:00.000Z');
  });

  it('ends a session SESSION_MAX_HOURS after sign-in, however busy it was', async () => {
    const clock = movableClock();
    const { app, db } = await harness({ SESSION_MAX_HOURS: '2' }, clock.now);
    const { cookie } = await signedIn(app);
    // Used every 20 minutes, so it is never idle.
    for (let i = 0; i < 5; i++) {
      clock.advance(20 * MINUTE);
      expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);
    }
    clock.advance(20 * MINUTE + 1000);
    const page = await get(app, '/moderering', { Cookie: cookie });
    expect(page.status).toBe(303);
    expect(page.response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering');
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
  });

  it('lasts 12 hours at most by default', async () => {
    const clock = movableClock();
    const { app } = await harness({}, clock.now);
    const { cookie } = await signedIn(app);
    for (let i = 0; i < 11; i++) {
      clock.advance(60 * MINUTE);
      expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(200);
    }
    clock.advance(60 * MINUTE + 1000);
    expect((await get(app, '/moderering', { Cookie: cookie })).status).toBe(303);
  });

  it('updates last_seen_at at most once a minute', async () => {
    const clock = movableClock();
    const { app, db } = await harness({}, clock.now);
    const { cookie } = await signedIn(app);
    const seen = async () => (await db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
    const before = await seen();
    clock.advance(30 * 1000);
    await get(app, '/moderering', { Cookie: cookie });
    expect(await seen()).toBe(before);
    clock.advance(31 * 1000);
    await get(app, '/moderering', { Cookie: cookie });
    expect(await seen()).toBe(clock.now().toISOString());
  });
});

describe('auth pages', () => {
  it('are valid, accessible HTML', async () => {
    const { HtmlValidate } = await import('html-validate');
    const validator = new HtmlValidate({
      extends: ['html-validate:recommended'],
      rules: { 'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'attribute-empty-style': 'off', 'void-style': 'off' },
    });
    const { app } = await harness();
    const { cookie } = await signedIn(app);
    const pages = [
      (await get(app, '/logg-inn?neste=%2Fmoderering')).body,
      (await login(app, 'kari@example.no', 'feil passord her', {}, '/moderering')).body,
      (await login(app, '', '')).body,
      (await postForm(app, '/moderering/handling', {})).body,
      (await postForm(app, '/moderering/handling', {}, { Cookie: cookie })).body,
      (await get(app, '/admin', { Cookie: cookie })).body,
    ];
    for (const html of pages) {
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
    }
  });
});

// Found by mutation testing (docs/testing.md): behaviour of the sign-in pages and guards that
// no test above reached.
describe('the edges of signing in and out', () => {
  it('keeps a return path of exactly 2000 characters, and drops one of 2001', async () => {
    const { app } = await harness();
    const longest = `/lag/${'a'.repeat(1995)}`;
    expect(longest).toHaveLength(2000);
    const kept = await get(app, `/logg-inn?neste=${encodeURIComponent(longest)}`);
    expect(kept.doc.querySelector('input[name="neste"]')!.getAttribute('value')).toBe(longest);
    const tooLong = await get(app, `/logg-inn?neste=${encodeURIComponent(`${longest}a`)}`);
    expect(tooLong.doc.querySelector('input[name="neste"]')).toBeNull();
    expect(isSafeLocalPath(longest)).toBe(true);
    expect(isSafeLocalPath(`${longest}a`)).toBe(false);
  });

  it('sends a signed-in moderator on from the sign-in page, to the return path when it is safe', async () => {
    const { app } = await harness();
    const { cookie } = await signedIn(app);
    const plain = await get(app, '/logg-inn', { Cookie: cookie });
    expect(plain.status).toBe(303);
    expect(plain.response.headers.get('Location')).toBe('/moderering');
    const back = await get(app, '/logg-inn?neste=%2Fmoderering%3Fside%3D2', { Cookie: cookie });
    expect(back.status).toBe(303);
    expect(back.response.headers.get('Location')).toBe('/moderering?side=2');
    const foreign = await get(app, '/logg-inn?neste=%2F%2Fevil.example', { Cookie: cookie });
    expect(foreign.response.headers.get('Location')).toBe('/moderering');
  });

  it('says the password was changed only after a password reset', async () => {
    const { app } = await harness();
    const after = await get(app, '/logg-inn?melding=passord-endret');
    expect(after.body).toContain('Passordet er byttet, og alle øktene dine er avsluttet. Logg inn med det nye passordet.');
    const other = await get(app, '/logg-inn?melding=noe-annet');
    expect(other.status).toBe(200);
    expect(other.body).not.toContain('Passordet er byttet');
  });

  it('keeps the typed email trimmed and cut at 254 characters when the password is missing', async () => {
    const { app } = await harness();
    const typed = `${'k'.repeat(250)}@example.no`;
    const result = await login(app, `  ${typed}  `, '');
    expect(result.status).toBe(422);
    expect(result.doc.querySelector('input[name="email"]')!.getAttribute('value')).toBe(typed.slice(0, 254));
    expect(result.doc.querySelectorAll('.error-summary li')).toHaveLength(1);
    const noEmail = await login(app, '   ', PASSWORD);
    expect(noEmail.status).toBe(422);
    expect(noEmail.doc.querySelectorAll('.error-summary li')).toHaveLength(1);
  });

  it('tells a visitor without a session where to sign in when a form post is refused', async () => {
    const { app } = await harness();
    const post = await postForm(app, '/moderering/handling', {});
    expect(post.status).toBe(401);
    expect(post.response.headers.get('Cache-Control')).toBe('no-store');
    expect(post.doc.querySelector('main a[href="/logg-inn"]')).not.toBeNull();
    expect(text(post.doc.querySelector('h1'))).not.toBe('');
  });

  it('marks a sign-in refused from another site no-store, like every answer about signing in', async () => {
    const { app } = await harness();
    const refused = await login(app, 'kari@example.no', PASSWORD, { Origin: 'https://evil.example' });
    expect(refused.status).toBe(403);
    expect(refused.response.headers.get('Cache-Control')).toBe('no-store');
    expect(refused.doc.querySelector('main a[href="/logg-inn"]')).toBeNull();
  });

  it('sends a HEAD request without a session to the sign-in page too', async () => {
    const { app } = await harness();
    const response = await app.request('/moderering', { method: 'HEAD' });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/logg-inn?neste=%2Fmoderering');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('reads the CSRF token from a multipart form too, and marks the refusal no-store', async () => {
    const { app, ctx, ran } = await harness();
    const { cookie } = await signedIn(app);
    const csrf = await csrfOf(ctx, cookie);
    const form = new FormData();
    form.append('csrf', csrf);
    const accepted = await app.request('/moderering/handling', { method: 'POST', body: form, headers: { Cookie: cookie, Origin: 'https://lag.example.no' } });
    expect(accepted.status).toBe(200);
    expect(ran.count).toBe(1);
    const wrong = new FormData();
    wrong.append('csrf', 'A'.repeat(43));
    const refused = await app.request('/moderering/handling', { method: 'POST', body: wrong, headers: { Cookie: cookie, Origin: 'https://lag.example.no' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('Cache-Control')).toBe('no-store');
    expect(ran.count).toBe(1);
  });

  it('forgets the session of an account that was disabled, row and cookie', async () => {
    const { app, db, kari } = await harness();
    const { cookie } = await signedIn(app);
    await disableUser(db, kari.id, NOW);
    const page = await get(app, '/moderering', { Cookie: cookie });
    expect(page.status).toBe(303);
    const cleared = page.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(cleared).toMatch(/Max-Age=0/);
    expect(cleared).toMatch(/; Path=\//);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('shuts out a live session whose account was disabled behind its back, and deletes it', async () => {
    // disableUser() deletes the sessions itself; a row changed another way (by hand, or by a
    // process that only sets disabled_at) must still end the session on its next request.
    const { app, db, kari } = await harness();
    const { cookie } = await signedIn(app);
    await db.updateTable('users').set({ disabled_at: NOW.toISOString() }).where('id', '=', kari.id).execute();
    const page = await get(app, '/moderering', { Cookie: cookie });
    expect(page.status).toBe(303);
    expect(page.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
    expect(await db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('drops an unknown session cookie without a database row to delete', async () => {
    const { app, db } = await harness();
    await signedIn(app);
    const page = await get(app, '/moderering', { Cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` });
    expect(page.status).toBe(303);
    expect(page.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
    // The other, live session is untouched.
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(1);
  });

  it('signs out a visitor without a session by dropping the cookie and going home', async () => {
    const { app } = await harness();
    const out = await postForm(app, '/logg-ut', {}, { Cookie: `${SESSION_COOKIE}=${'x'.repeat(43)}` });
    expect(out.status).toBe(303);
    expect(out.response.headers.get('Location')).toBe('/');
    expect(out.response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))).toMatch(/Max-Age=0/);
  });

  it('marks the sign-out answer no-store', async () => {
    const { app, ctx } = await harness();
    const { cookie } = await signedIn(app);
    const out = await postForm(app, '/logg-ut', { csrf: await csrfOf(ctx, cookie) }, { Cookie: cookie });
    expect(out.status).toBe(303);
    expect(out.response.headers.get('Cache-Control')).toBe('no-store');
  });

  it('mails nobody about guessing at a disabled account, and says the window and the period', async () => {
    const { app: direct, db, ctx, kari } = await harness({ TRUSTED_PROXIES: '10.1.0.1' });
    const app = viaPeer(direct, '10.1.0.1') as unknown as App;
    await createUser(db, { email: 'ola@example.no', name: 'Ola', role: 'moderator', password: PASSWORD, municipalities: ['1806'], regions: [] }, NOW);
    await disableUser(db, kari.id, NOW);
    for (let i = 0; i < 10; i++) {
      expect((await login(app, 'kari@example.no', 'feil passord her', { 'X-Forwarded-For': `203.0.113.${i + 1}` })).status).toBe(401);
      expect((await login(app, 'ola@example.no', 'feil passord her', { 'X-Forwarded-For': `198.51.100.${i + 1}` })).status).toBe(401);
    }
    await ctx.background.idle();
    const sent = await db.selectFrom('outbox').select(['recipient', 'text_body']).execute();
    expect(sent.map((m) => m.recipient)).toEqual(['ola@example.no']);
    expect(sent[0]!.text_body).toContain('de siste 15 minuttene');
    expect(sent[0]!.text_body).toContain('høyst én gang hver 24. time');
  }, 120_000);
});

describe('what the mutation run of the auth routes pointed at', () => {
  it('lets a signed-in HEAD or OPTIONS request through without a token, like a GET', async () => {
    const { app, ctx } = await harness();
    app.on(['GET', 'HEAD', 'OPTIONS'], '/moderering/les', requireUser(ctx), requireCsrf(ctx), (c) => c.text('les'));
    const { cookie } = await signedIn(app);
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const response = await app.request('/moderering/les', { method, headers: { Cookie: cookie } });
      expect({ method, status: response.status }).toEqual({ method, status: 200 });
    }
  });

  it('reads the token from a form whose Content-Type names its charset', async () => {
    const { app, ctx, ran } = await harness();
    const { cookie } = await signedIn(app);
    const csrf = await csrfOf(ctx, cookie);
    const response = await app.request('/moderering/handling', {
      method: 'POST',
      body: new URLSearchParams({ csrf }).toString(),
      headers: { Cookie: cookie, Origin: 'https://lag.example.no', 'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    });
    expect(response.status).toBe(200);
    expect(ran.count).toBe(1);
  });

  it('says on each refusal page why it was refused', async () => {
    const { app } = await harness();
    const unauthorized = await postForm(app, '/moderering/handling', {});
    expect(unauthorized.status).toBe(401);
    expect(text(unauthorized.doc.querySelector('main'))).toContain('Denne siden er bare for innloggede moderatorer.');
    const { cookie } = await signedIn(app);
    const forbidden = await get(app, '/admin', { Cookie: cookie });
    expect(forbidden.status).toBe(403);
    expect(text(forbidden.doc.querySelector('main'))).toContain('Brukeren din har ikke tilgang til denne siden.');
    const csrf = await postForm(app, '/moderering/handling', {}, { Cookie: cookie });
    expect(csrf.status).toBe(403);
    expect(text(csrf.doc.querySelector('main'))).toContain('Skjemaet kom ikke fra en gyldig økt på Lagportals egne sider');
    expect(text(forbidden.doc.querySelector('main'))).not.toBe(text(csrf.doc.querySelector('main')));
  });

  it('shows an empty sign-in form, and asks for fields left out of the post altogether', async () => {
    const { app, ran } = await harness();
    const page = await get(app, '/logg-inn');
    expect(page.doc.querySelector('input[name="email"]')?.getAttribute('value') ?? '').toBe('');
    const bare = await postForm(app, '/logg-inn', {});
    expect(bare.status).toBe(422);
    expect(bare.doc.querySelectorAll('.error-summary li')).toHaveLength(2);
    const noPassword = await postForm(app, '/logg-inn', { email: 'kari@example.no' });
    expect(noPassword.status).toBe(422);
    expect(noPassword.doc.querySelectorAll('.error-summary li')).toHaveLength(1);
    expect(ran.count).toBe(0);
  });

  it('counts guessing per account: one account guessed at neither alerts nor silences the owner of another', async () => {
    const clock = movableClock();
    const { app: direct, db, ctx } = await harness({ TRUSTED_PROXIES: '10.1.0.1' }, clock.now);
    await createUser(db, { email: 'ola@example.no', name: 'Ola', role: 'moderator', password: PASSWORD, municipalities: ['1806'], regions: [] }, NOW);
    const app = viaPeer(direct, '10.1.0.1') as unknown as App;
    const from = (i: number) => ({ 'X-Forwarded-For': `203.0.113.${i + 1}` });
    const mailedTo = async () => {
      await ctx.background.idle();
      return (await db.selectFrom('outbox').select('recipient').execute()).map((m) => m.recipient);
    };
    for (let i = 0; i < 10; i++) await login(app, 'kari@example.no', 'feil passord her', from(i));
    expect(await mailedTo()).toEqual(['kari@example.no']);
    await login(app, 'ola@example.no', 'feil passord her', from(50));
    expect(await mailedTo()).toEqual(['kari@example.no']);
    for (let i = 1; i < 10; i++) await login(app, 'ola@example.no', 'feil passord her', from(50 + i));
    expect(await mailedTo()).toEqual(['kari@example.no', 'ola@example.no']);
  }, 90_000);
});
