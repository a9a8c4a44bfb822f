import { Hono } from 'hono';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { AccountPage, ForgotPasswordPage, type PasswordErrors, ResetPasswordPage } from '../../views/account.js';
import { AuthMessagePage } from '../../views/login.js';
import type { AppContext, AppEnv, SignedInUser } from '../app-env.js';
import { recordAudit } from '../db/audit.js';
import { recentDecisionsBy } from '../db/moderation.js';
import { checkPasswordReset, createPasswordReset, usePasswordReset } from '../db/password-resets.js';
import { createSession, deleteSession, takeLoginAttempt } from '../db/sessions.js';
import type { DigestFrequency } from '../db/types.js';
import {
  enableUser,
  findUserByEmail,
  findUserById,
  isDigestFrequency,
  normalizeEmail,
  replacePasswordHash,
  setDigestFrequency,
  setNotifyRegistrations,
} from '../db/users.js';
import type { Translator } from '../i18n/index.js';
import { clientAddress, clientKey, isSameOrigin, single } from '../lib/form-guard.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, passwordProblem, verifyPassword } from '../lib/password.js';
import { pageMeta } from './render.js';
import { SESSION_COOKIE, renderMessage, requireUser, sessionCookieOptions } from './auth.js';

// A moderator's own account (/moderering/konto), "forgot password" (/logg-inn/glemt and the
// one-time link /logg-inn/nytt-passord/:token), and two admin actions on other accounts:
// enabling a disabled one and "tell me at once" about new registrations.

/** How long a reset link works. */
export const RESET_LINK_MS = 60 * 60 * 1000;
const RESET_WINDOW_MS = 60 * 60 * 1000;
/** Links asked for per email address and per client address in RESET_WINDOW_MS. */
const MAX_RESETS_PER_EMAIL = 3;
const MAX_RESETS_PER_ADDRESS = 10;
const RECENT_DECISIONS = 20;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks a new password typed twice; the messages go next to their fields. */
function newPasswordErrors(tr: Translator, password: string, repeat: string): PasswordErrors {
  const w = tr.t.work;
  const problem = passwordProblem(password);
  if (problem === 'too-short') return { password: w.newPasswordTooShort(tr.number(MIN_PASSWORD_LENGTH)) };
  if (problem === 'too-long') return { password: w.newPasswordTooLong(tr.number(MAX_PASSWORD_LENGTH)) };
  if (password !== repeat) return { repeat: w.repeatPasswordMismatch };
  return {};
}

const userOf = (c: Context<AppEnv>): SignedInUser => c.get('user')!;

/** A moderator's own account, mounted at /moderering/konto behind the moderator area's guard. */
export function accountRoutes(ctx: AppContext) {
  const { db, assets } = ctx;
  const app = new Hono<AppEnv>();

  async function renderAccount(
    c: Context<AppEnv>,
    status: 200 | 422,
    state: { digestError?: string; digest?: DigestFrequency; passwordErrors?: PasswordErrors } = {},
  ) {
    const user = userOf(c);
    const tr = c.get('tr');
    const [account, decisions] = await Promise.all([findUserById(db, user.id), recentDecisionsBy(db, user.id, RECENT_DECISIONS)]);
    const melding = c.req.query('melding');
    const message = melding === 'varsler' ? tr.t.work.digestSaved : melding === 'passord' ? tr.t.work.passwordChanged : undefined;
    return c.html(
      <AccountPage
        meta={pageMeta(c, ctx, tr.t.work.accountTitle)}
        assets={assets}
        user={user}
        digestFrequency={state.digest ?? account?.digest_frequency ?? 'daily'}
        notifyRegistrations={account?.notify_registrations === 1}
        decisions={decisions}
        message={message && status === 200 ? { text: message, problem: false } : undefined}
        digestError={state.digestError}
        passwordErrors={state.passwordErrors}
      />,
      status,
    );
  }

  app.get('/', (c) => renderAccount(c, 200));

  app.post('/varsler', async (c) => {
    const body = await c.req.parseBody();
    const digest = single(body.digest);
    if (!isDigestFrequency(digest)) return renderAccount(c, 422, { digestError: c.get('tr').t.work.digestInvalid });
    await setDigestFrequency(db, userOf(c).id, digest);
    return c.redirect('/moderering/konto?melding=varsler', 303);
  });

  app.post('/passord', async (c) => {
    const user = userOf(c);
    const tr = c.get('tr');
    const body = await c.req.parseBody();
    const current = single(body.current) ?? '';
    const password = single(body.password) ?? '';
    const account = await findUserById(db, user.id);
    if (!account) return c.notFound();
    if (!current) return renderAccount(c, 422, { passwordErrors: { current: tr.t.work.currentPasswordMissing } });
    const errors = newPasswordErrors(tr, password, single(body.repeat) ?? '');
    if (!(await verifyPassword(current, account.password_hash))) errors.current = tr.t.work.currentPasswordWrong;
    if (Object.keys(errors).length > 0) return renderAccount(c, 422, { passwordErrors: errors });

    const now = ctx.clock();
    const passwordHash = await hashPassword(password);
    // Every session ends with the old password; this browser gets a new one so it stays signed in.
    await db.transaction().execute(async (trx) => {
      await replacePasswordHash(trx, user.id, passwordHash);
      await recordAudit(trx, { userId: user.id, action: 'user-password-change', details: { user: user.id }, now });
    });
    const session = await createSession(db, user.id, now);
    setCookie(c, SESSION_COOKIE, session.sessionId, sessionCookieOptions(ctx));
    return c.redirect('/moderering/konto?melding=passord', 303);
  });

  return app;
}

/**
 * An admin's actions on other accounts, mounted at /moderering/brukere behind the moderator
 * area's guard, with the admin check inside; the users page shows the forms (views/account.tsx).
 */
export function accountAdminRoutes(ctx: AppContext) {
  const { db } = ctx;
  const app = new Hono<AppEnv>();
  app.use(requireUser(ctx, ['admin']));

  app.post('/:id/aktiver', async (c) => {
    const id = /^\d{1,10}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : null;
    const account = id === null ? undefined : await findUserById(db, id);
    if (!account) return c.notFound();
    const now = ctx.clock();
    await db.transaction().execute(async (trx) => {
      if (await enableUser(trx, account.id)) {
        await recordAudit(trx, {
          userId: userOf(c).id,
          action: 'user-enable',
          details: { user: account.id, email: account.email, before: { disabled_at: account.disabled_at }, after: { disabled_at: null } },
          now,
        });
      }
    });
    return c.redirect('/moderering/brukere?melding=enabled', 303);
  });

  app.post('/:id/varsling', async (c) => {
    const id = /^\d{1,10}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : null;
    const account = id === null ? undefined : await findUserById(db, id);
    if (!account) return c.notFound();
    const body = await c.req.parseBody();
    const on = single(body.notify) === '1';
    if (on !== (account.notify_registrations === 1)) {
      const now = ctx.clock();
      await db.transaction().execute(async (trx) => {
        await setNotifyRegistrations(trx, account.id, on);
        await recordAudit(trx, {
          userId: userOf(c).id,
          action: 'user-notify',
          details: { user: account.id, before: { notify_registrations: !on }, after: { notify_registrations: on } },
          now,
        });
      });
    }
    return c.redirect('/moderering/brukere?melding=notify', 303);
  });

  return app;
}

/** "Forgot password" (/logg-inn/glemt) and the one-time link /logg-inn/nytt-passord/:token: public pages. */
export function passwordResetRoutes(ctx: AppContext) {
  const { db, assets, config } = ctx;
  const app = new Hono<AppEnv>();

  function renderForgot(c: Context<AppEnv>, status: 200 | 422 | 429, state: { email?: string; error?: string; sent?: boolean } = {}) {
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ForgotPasswordPage
        meta={pageMeta(c, ctx, c.get('tr').t.work.forgotTitle)}
        assets={assets}
        email={state.email ?? ''}
        error={state.error}
        sent={state.sent}
      />,
      status,
    );
  }

  function refuseLink(c: Context<AppEnv>, state: 'used' | 'expired' | 'unknown') {
    const w = c.get('tr').t.work;
    const [heading, message] =
      state === 'used'
        ? [w.resetUsedTitle, w.resetUsedText]
        : state === 'expired'
          ? [w.resetExpiredTitle, w.resetExpiredText]
          : [w.resetUnknownTitle, w.resetUnknownText];
    c.header('Cache-Control', 'no-store');
    return c.html(
      <AuthMessagePage
        meta={pageMeta(c, ctx, heading)}
        assets={assets}
        heading={heading}
        message={message}
        link={{ href: '/logg-inn/glemt', label: w.resetRequestNew }}
      />,
      state === 'unknown' ? 404 : 410,
    );
  }

  app.get('/logg-inn/glemt', (c) => renderForgot(c, 200, { sent: c.req.query('sendt') === '1' }));

  app.post('/logg-inn/glemt', async (c) => {
    const w = c.get('tr').t.work;
    if (!isSameOrigin(c, config.baseUrl)) return renderMessage(c, ctx, 403, 'csrf');
    const body = await c.req.parseBody();
    const typed = (single(body.email) ?? '').trim().slice(0, 254);
    if (!typed) return renderForgot(c, 422, { email: typed, error: w.forgotEmailMissing });
    const email = normalizeEmail(typed);
    if (!EMAIL_PATTERN.test(email)) return renderForgot(c, 422, { email: typed, error: w.forgotEmailInvalid });

    const now = ctx.clock();
    // Counted whether or not the address has an account, so the limit says nothing about that.
    const attempt = await takeLoginAttempt(db, {
      keys: [
        { clientKey: clientKey(ctx.secret, `email:${email}`), action: 'reset-email', limit: MAX_RESETS_PER_EMAIL },
        { clientKey: clientKey(ctx.secret, clientAddress(c, config.trustedProxies)), action: 'reset-address', limit: MAX_RESETS_PER_ADDRESS },
      ],
      windowMs: RESET_WINDOW_MS,
      now,
    });
    if (!attempt.allowed) return renderForgot(c, 429, { email: typed, error: w.forgotLimited });

    const user = await findUserByEmail(db, email);
    // A disabled account gets no link: only an admin lets it in again.
    if (user && user.disabled_at === null) {
      const token = await createPasswordReset(db, user.id, now, RESET_LINK_MS);
      const tr = c.get('tr');
      await ctx.mailer.send({
        to: user.email,
        subject: tr.t.work.mailResetSubject,
        text: tr.t.work.mailResetBody({ link: `${config.baseUrl}/logg-inn/nytt-passord/${token}` }),
      });
    }
    ctx.logger.info({ requestId: c.get('requestId') }, 'password reset asked for');
    return c.redirect('/logg-inn/glemt?sendt=1', 303);
  });

  app.get('/logg-inn/nytt-passord/:token', async (c) => {
    // The token is in the path: keep it out of Referer headers to other sites.
    c.header('Referrer-Policy', 'no-referrer');
    const checked = await checkPasswordReset(db, c.req.param('token'), ctx.clock());
    if (checked.state !== 'valid') return refuseLink(c, checked.state);
    const user = await findUserById(db, checked.userId);
    c.header('Cache-Control', 'no-store');
    return c.html(
      <ResetPasswordPage
        meta={pageMeta(c, ctx, c.get('tr').t.work.resetTitle)}
        assets={assets}
        token={c.req.param('token')}
        email={user?.email ?? ''}
        errors={{}}
      />,
    );
  });

  app.post('/logg-inn/nytt-passord/:token', async (c) => {
    c.header('Referrer-Policy', 'no-referrer');
    if (!isSameOrigin(c, config.baseUrl)) return renderMessage(c, ctx, 403, 'csrf');
    const token = c.req.param('token');
    const tr = c.get('tr');
    const now = ctx.clock();
    const checked = await checkPasswordReset(db, token, now);
    if (checked.state !== 'valid') return refuseLink(c, checked.state);
    const body = await c.req.parseBody();
    const errors = newPasswordErrors(tr, single(body.password) ?? '', single(body.repeat) ?? '');
    if (Object.keys(errors).length > 0) {
      const user = await findUserById(db, checked.userId);
      c.header('Cache-Control', 'no-store');
      return c.html(
        <ResetPasswordPage meta={pageMeta(c, ctx, tr.t.work.resetTitle)} assets={assets} token={token} email={user?.email ?? ''} errors={errors} />,
        422,
      );
    }
    const passwordHash = await hashPassword(single(body.password) ?? '');
    const used = await usePasswordReset(db, token, passwordHash, now);
    if (used.state !== 'valid') return refuseLink(c, used.state);
    await recordAudit(db, { userId: used.userId, action: 'user-password-reset', details: { user: used.userId }, now });
    // The sessions are gone; so is this browser's, if it had one.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deleteSession(db, previous);
    return c.redirect('/logg-inn?melding=passord-endret', 303);
  });

  return app;
}
