import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Hono } from 'hono';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { AuthMessagePage, type LoginField, LoginPage } from '../../views/login.js';
import type { AppContext, AppEnv } from '../app-env.js';
import { clearAttempts, createSession, deleteAttempts, deleteSession, findSession, takeLoginAttempt } from '../db/sessions.js';
import type { UserRole } from '../db/types.js';
import { takeAttempt } from '../db/submissions.js';
import { findUserByEmail, loadSignedInUser, normalizeEmail } from '../db/users.js';
import { translator } from '../i18n/index.js';
import { authText } from '../i18n/auth-text.js';
import { limitedAddress } from '../lib/client-address.js';
import { clientAddress, clientKey, isSameOrigin, single } from '../lib/form-guard.js';
import { dummyVerify, verifyPassword } from '../lib/password.js';
import { pageMeta } from './render.js';

// Signing moderators in and out, and the guards the moderator area is built from:
// sessionMiddleware (who is this?), requireUser (must be someone, maybe of a role) and
// requireCsrf (a state-changing request must carry the session's token from our own page).

export const SESSION_COOKIE = 'lagportal_session';
export const CSRF_FIELD = 'csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
/** Where a sign-in goes when it was not sent from somewhere. */
export const DEFAULT_AFTER_LOGIN = '/moderering';

const LOGIN_WINDOW_MS = 15 * 60 * 1000;
/** Failures of one email from one client address before that pair is locked for the window. */
const MAX_FAILURES_PER_PAIR = 5;
const MAX_FAILURES_PER_ADDRESS = 20;
const MAX_SLOWDOWN_STEPS = 10;
/**
 * Failures of one email, from any address, within the window that make us tell its owner.
 * The email itself is never locked: anyone could lock a moderator out by typing their
 * address, so failures from everywhere only slow the answers down.
 */
const ALERT_AFTER_FAILURES = 10;
/** At most one such mail per account in this period, however long the guessing goes on. */
const ALERT_PERIOD_MS = 24 * 60 * 60 * 1000;

/**
 * True for a path on this site that is safe to redirect to after signing in: starts with one
 * slash, and holds only visible ASCII without backslashes (browsers read "/\evil" and
 * "/<tab>/evil" as "//evil", another host).
 */
export function isSafeLocalPath(path: string): boolean {
  return path.length <= 2000 && /^\/(?![/\\])[\x21-\x7e]*$/.test(path) && !path.includes('\\');
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export function sessionCookieOptions(ctx: AppContext) {
  return { httpOnly: true, sameSite: 'Lax', path: '/', secure: ctx.config.baseUrl.startsWith('https:') } as const;
}

/** Reads the session cookie and sets `user` when it names a live session of an active account. */
export function sessionMiddleware(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (sessionId) {
      const session = await findSession(ctx.db, sessionId, ctx.clock(), {
        idleMs: ctx.config.sessionIdleMinutes * 60 * 1000,
        maxAgeMs: ctx.config.sessionMaxHours * 60 * 60 * 1000,
      });
      const user = session ? await loadSignedInUser(ctx.db, session.userId, ctx.reference) : null;
      if (session && user) {
        c.set('user', { ...user, csrfToken: session.csrfToken });
      } else {
        // Expired, unknown, or the account was disabled: forget the cookie too.
        if (session) await deleteSession(ctx.db, sessionId);
        deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(ctx));
      }
    }
    await next();
  };
}

export function renderMessage(c: Context<AppEnv>, ctx: AppContext, status: 401 | 403, kind: 'unauthorized' | 'forbidden' | 'csrf') {
  const a = authText(c.get('tr').lang);
  const heading = { unauthorized: a.unauthorizedTitle, forbidden: a.forbiddenTitle, csrf: a.csrfTitle }[kind];
  const message = { unauthorized: a.unauthorizedText, forbidden: a.forbiddenText, csrf: a.csrfText }[kind];
  c.header('Cache-Control', 'no-store');
  return c.html(
    <AuthMessagePage
      meta={pageMeta(c, ctx, heading)}
      assets={ctx.assets}
      heading={heading}
      message={message}
      link={kind === 'unauthorized' ? { href: '/logg-inn', label: a.unauthorizedLink } : undefined}
    />,
    status,
  );
}

/**
 * Lets only signed-in users (of one of `roles`, when given) through. A GET without a session
 * is sent to the sign-in page and comes back afterwards; other methods get 401. Everything
 * behind it is marked no-store, so moderator pages stay out of shared and browser caches.
 */
export function requireUser(ctx: AppContext, roles?: readonly UserRole[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const user = c.get('user');
    if (!user) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const url = new URL(c.req.url);
        return c.redirect(`/logg-inn?neste=${encodeURIComponent(url.pathname + url.search)}`, 303);
      }
      return renderMessage(c, ctx, 401, 'unauthorized');
    }
    if (roles && !roles.includes(user.role)) return renderMessage(c, ctx, 403, 'forbidden');
    await next();
    c.header('Cache-Control', 'no-store');
  };
}

/**
 * For anything but GET/HEAD/OPTIONS: the form field `csrf` or the X-CSRF-Token header must
 * be the session's token, and the request must come from our own origin. Otherwise 403 and
 * the handler does not run. Use after requireUser.
 */
export function requireCsrf(ctx: AppContext): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (isSafeMethod(c.req.method)) return next();
    const user = c.get('user');
    let given = c.req.header(CSRF_HEADER);
    if (given === undefined) {
      const type = c.req.header('Content-Type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        // Hono keeps the parsed body, so the handler can read it again.
        given = single((await c.req.parseBody({ all: true }))[CSRF_FIELD]);
      }
    }
    if (!user || !sameToken(given, user.csrfToken) || !isSameOrigin(c, ctx.config.baseUrl)) {
      return renderMessage(c, ctx, 403, 'csrf');
    }
    await next();
  };
}

/** Sign-in and sign-out pages. */
export function authRoutes(ctx: AppContext) {
  const { db, config, assets } = ctx;
  const app = new Hono<AppEnv>();

  function renderLogin(
    c: Context<AppEnv>,
    status: 200 | 401 | 403 | 422 | 429,
    state: { email: string; next: string; errors: Partial<Record<LoginField, string>>; notice?: string },
  ) {
    const a = authText(c.get('tr').lang);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <LoginPage meta={pageMeta(c, ctx, a.loginTitle)} assets={assets} email={state.email} next={state.next} errors={state.errors} notice={state.notice} />,
      status,
    );
  }

  /**
   * Mails the owner of an account that someone is guessing at, at most once per
   * ALERT_PERIOD_MS (the claim on that period is kept in the database, so every node agrees).
   */
  async function tellOwnerOfGuessing(email: string, failures: number, now: Date) {
    const firstInPeriod = await takeAttempt(db, {
      clientKey: clientKey(ctx.secret, `email:${email}`),
      action: 'login-alert',
      limit: 1,
      windowMs: ALERT_PERIOD_MS,
      now,
    });
    if (!firstInPeriod) return;
    // Moderators read Bokmål, like every other mail Lagportal sends them.
    const tr = translator('nb');
    const text = authText('nb');
    await ctx.mailer.send({
      to: email,
      subject: text.guessingMailSubject,
      text: text.guessingMailBody({
        email,
        failures: tr.number(failures),
        minutes: tr.number(LOGIN_WINDOW_MS / 60_000),
        hours: tr.number(ALERT_PERIOD_MS / 3_600_000),
        loginUrl: `${config.baseUrl}/logg-inn`,
      }),
    });
    ctx.logger.warn({ failures }, 'sign-in guessing: owner told');
  }

  app.get('/logg-inn', (c) => {
    const requested = c.req.query('neste') ?? '';
    const next = isSafeLocalPath(requested) ? requested : '';
    if (c.get('user')) return c.redirect(next || DEFAULT_AFTER_LOGIN, 303);
    // After a password reset (src/routes/account.tsx) the page says so.
    const notice = c.req.query('melding') === 'passord-endret' ? c.get('tr').t.work.resetDone : undefined;
    return renderLogin(c, 200, { email: '', next, errors: {}, notice });
  });

  app.post('/logg-inn', async (c) => {
    const a = authText(c.get('tr').lang);
    const now = ctx.clock();
    const body = await c.req.parseBody({ all: true });
    const typedEmail = (single(body.email) ?? '').trim().slice(0, 254);
    const password = single(body.password) ?? '';
    const requested = single(body.neste) ?? '';
    const next = isSafeLocalPath(requested) ? requested : '';
    const state = { email: typedEmail, next };

    // A sign-in posted from another site could log the visitor into someone else's account.
    if (!isSameOrigin(c, config.baseUrl)) return renderMessage(c, ctx, 403, 'csrf');
    const errors: Partial<Record<LoginField, string>> = {};
    if (!typedEmail) errors.email = a.emailMissing;
    if (!password) errors.password = a.passwordMissing;
    if (errors.email || errors.password) return renderLogin(c, 422, { ...state, errors });

    const email = normalizeEmail(typedEmail);
    const address = limitedAddress(clientAddress(c, config.trustedProxies));
    const emailKey = { clientKey: clientKey(ctx.secret, `email:${email}`), action: 'login-email' as const };
    const pairKey = { clientKey: clientKey(ctx.secret, `email:${email}|${address}`), action: 'login-pair' as const };
    const addressKey = { clientKey: clientKey(ctx.secret, address), action: 'login-address' as const };
    // Counted and recorded before the password is checked, so parallel guesses all count.
    const attempt = await takeLoginAttempt(db, {
      keys: [
        { ...pairKey, limit: MAX_FAILURES_PER_PAIR },
        { ...addressKey, limit: MAX_FAILURES_PER_ADDRESS },
        { ...emailKey, limit: Number.POSITIVE_INFINITY },
      ],
      windowMs: LOGIN_WINDOW_MS,
      now,
    });
    // Locked whether or not the email has an account, so the lock says nothing about that.
    if (!attempt.allowed) return renderLogin(c, 429, { ...state, errors: { email: a.lockedOut } });

    const user = await findUserByEmail(db, email);
    let valid = false;
    if (user) {
      // Checked for disabled accounts too, so they take as long to refuse as any other.
      valid = (await verifyPassword(password, user.password_hash)) && user.disabled_at === null;
    } else {
      await dummyVerify(password);
    }

    if (!valid || !user) {
      const failures = Math.max(...attempt.earlier) + 1;
      const delay = Math.min(failures, MAX_SLOWDOWN_STEPS) * config.loginSlowdownMs;
      const emailFailures = attempt.earlier[2]! + 1;
      // After the answer, so that its timing is the same for accounts that exist and those that do not.
      if (user && user.disabled_at === null && emailFailures >= ALERT_AFTER_FAILURES) {
        ctx.background.run('sign-in guessing mail', () => tellOwnerOfGuessing(user.email, emailFailures, now));
      }
      if (delay > 0) await sleep(delay);
      return renderLogin(c, 401, { ...state, errors: { email: a.loginFailed } });
    }

    // A success is no failure: the email's and this pair's counts start over, and this
    // attempt leaves the address's.
    await deleteAttempts(db, attempt.ids);
    await clearAttempts(db, emailKey);
    await clearAttempts(db, pairKey);
    // A new session id on every sign-in: an id planted before it is worth nothing after.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deleteSession(db, previous);
    const session = await createSession(db, user.id, now);
    setCookie(c, SESSION_COOKIE, session.sessionId, sessionCookieOptions(ctx));
    ctx.logger.info({ requestId: c.get('requestId'), userId: user.id }, 'signed in');
    return c.redirect(next || DEFAULT_AFTER_LOGIN, 303);
  });

  app.post(
    '/logg-ut',
    async (c, next) => {
      // Without a session there is nothing to end; just drop whatever cookie is left.
      if (c.get('user')) return next();
      deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(ctx));
      return c.redirect('/', 303);
    },
    requireCsrf(ctx),
    async (c) => {
      const sessionId = getCookie(c, SESSION_COOKIE);
      if (sessionId) await deleteSession(db, sessionId);
      deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(ctx));
      c.header('Cache-Control', 'no-store');
      return c.redirect('/', 303);
    },
  );

  return app;
}
