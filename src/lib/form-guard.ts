import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { takeAttempt } from '../db/submissions.js';
import { clientAddress, limitedAddress } from './client-address.js';

export { clientAddress } from './client-address.js';

// Public forms have no login, so they are guarded in other ways: a signed token that says
// when the form was shown (bots post instantly, and cannot forge it), a honeypot field that
// people never see, a same-origin check on the request, and a per-address rate limit.

/** The honeypot: a field only bots fill in. Its name looks worth filling. */
export const HONEYPOT_FIELD = 'homepage';
export const FORM_TOKEN_FIELD = 'form_token';
/** A form shown longer ago than this is stale; the visitor just sends it again. */
const MAX_FORM_AGE_MS = 24 * 60 * 60 * 1000;

function sign(secret: string, purpose: string, issuedAt: number): string {
  return createHmac('sha256', secret).update(`${purpose}:${issuedAt}`).digest('base64url');
}

/** A token for a form shown now, bound to its purpose ("register", "edit-link", …). */
export function issueFormToken(secret: string, purpose: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${sign(secret, purpose, issuedAt)}`;
}

export type FormTokenCheck = 'ok' | 'too-fast' | 'stale' | 'invalid';

/** Whether a posted form token is ours, for this form, and was filled in at human speed. */
export function checkFormToken(
  secret: string,
  purpose: string,
  token: string | undefined,
  now: Date,
  minFillSeconds: number,
): FormTokenCheck {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return 'invalid';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(secret, purpose, issuedAt));
  const given = Buffer.from(match[2]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now.getTime() - issuedAt;
  if (age < minFillSeconds * 1000) return 'too-fast';
  if (age > MAX_FORM_AGE_MS) return 'stale';
  return 'ok';
}

/**
 * True when a state-changing request comes from our own pages. Browsers send Origin (and
 * Sec-Fetch-Site) with every form post; a request with neither is not from a browser on
 * another site, so it passes here and still needs a valid form token.
 */
export function isSameOrigin(c: Context, baseUrl: string): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return origin === new URL(baseUrl).origin || origin === new URL(c.req.url).origin;
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  return true;
}

/** What the rate limit counts by: a keyed hash, so no IP address is stored. */
export function clientKey(secret: string, address: string): string {
  return createHash('sha256').update(`${secret}:${address}`).digest('base64url').slice(0, 22);
}

/** The first value of a form field that may have been sent more than once. */
export function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Why a post from a public form is turned away before its fields are checked. */
export interface GuardRefusal {
  status: 403 | 422;
  message: string;
}

/**
 * The guards every public form shares: same origin, the honeypot, and the signed fill-time
 * token. Bots and hurried scripts get a friendly answer (in the visitor's language) and the
 * form back with what they typed; nothing is stored. Null when the post may go on.
 */
export function refusePublicForm(
  c: Context<AppEnv>,
  body: Record<string, unknown>,
  guard: { secret: string; baseUrl: string; purpose: string; now: Date; minFillSeconds: number },
): GuardRefusal | null {
  const { t } = c.get('tr');
  if (!isSameOrigin(c, guard.baseUrl)) return { status: 403, message: t.guardForeignOrigin };
  if (single(body[HONEYPOT_FIELD])) return { status: 422, message: t.guardHoneypot };
  const token = checkFormToken(guard.secret, guard.purpose, single(body[FORM_TOKEN_FIELD]), guard.now, guard.minFillSeconds);
  if (token === 'too-fast') return { status: 422, message: t.guardTooFast };
  if (token !== 'ok') return { status: 422, message: t.guardStale };
  return null;
}

const HOUR_MS = 60 * 60 * 1000;

/**
 * Counts this post against its sender's hourly limit for `action` and says whether it may go
 * on. The sender is known by a keyed hash of their address (clientKey), never the address;
 * an IPv6 sender by their /64, which one household or server can fill with fresh addresses.
 */
export function withinHourlyLimit(c: Context<AppEnv>, ctx: AppContext, action: string, limit: number, now: Date): Promise<boolean> {
  return takeAttempt(ctx.db, {
    clientKey: clientKey(ctx.secret, limitedAddress(clientAddress(c, ctx.config.trustedProxies))),
    action,
    limit,
    windowMs: HOUR_MS,
    now,
  });
}
