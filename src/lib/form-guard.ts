import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppContext, AppEnv } from '../app-env.js';
import { spendFormToken } from '../db/form-tokens.js';
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

function sign(secret: string, purpose: string, issuedAt: number, nonce: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${issuedAt}:${nonce}`).digest('base64url');
}

/**
 * A token for a form shown now, bound to its purpose ("register", "edit-link", …). A random
 * part makes each one unique, since a token is spent on its first use: two visitors who open
 * a form in the same millisecond must not share one.
 */
export function issueFormToken(secret: string, purpose: string, now: Date): string {
  const issuedAt = now.getTime();
  const nonce = randomBytes(12).toString('base64url');
  return `${issuedAt}.${nonce}.${sign(secret, purpose, issuedAt, nonce)}`;
}

export type FormTokenCheck = 'ok' | 'too-fast' | 'stale' | 'invalid';

/** Whether a posted form token is ours, for this form, and was filled in at human speed. */
export function checkFormToken(secret: string, purpose: string, token: string | undefined, now: Date, minFillSeconds: number): FormTokenCheck {
  const match = /^(\d{1,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!match) return 'invalid';
  const issuedAt = Number(match[1]);
  const expected = Buffer.from(sign(secret, purpose, issuedAt, match[2]!));
  const given = Buffer.from(match[3]!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
  const age = now.getTime() - issuedAt;
  if (age < minFillSeconds * 1000) return 'too-fast';
  if (age > MAX_FORM_AGE_MS) return 'stale';
  return 'ok';
}

/**
 * True when a state-changing request comes from our own pages. Browsers send Origin (and
 * Sec-Fetch-Site) with every form post; a request with neither is not from a browser on
 * another site, so it passes here and still needs a valid form token. Our origin is
 * BASE_URL's alone: the Host header is the client's to choose (a domain pointed at our
 * address, or a forged header), so an origin that merely matches it proves nothing.
 */
export function isSameOrigin(c: Context, baseUrl: string): boolean {
  const origin = c.req.header('Origin');
  if (origin !== undefined) return origin === new URL(baseUrl).origin;
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
 * token, which is then spent: a token is good for one post, so a script that fetched one
 * form cannot send it a hundred times. Bots and hurried scripts get a friendly answer (in the
 * visitor's language) and the form back with what they typed, with a fresh token; nothing
 * is stored. Null when the post may go on.
 */
export async function refusePublicForm(
  c: Context<AppEnv>,
  ctx: AppContext,
  body: Record<string, unknown>,
  purpose: string,
  now: Date,
): Promise<GuardRefusal | null> {
  const { t } = c.get('tr');
  if (!isSameOrigin(c, ctx.config.baseUrl)) return { status: 403, message: t.guardForeignOrigin };
  if (single(body[HONEYPOT_FIELD])) return { status: 422, message: t.guardHoneypot };
  const token = single(body[FORM_TOKEN_FIELD]);
  const check = checkFormToken(ctx.secret, purpose, token, now, ctx.config.minFillSeconds);
  if (check === 'too-fast') return { status: 422, message: t.guardTooFast };
  if (check !== 'ok' || token === undefined) return { status: 422, message: t.guardStale };
  if (!(await spendFormToken(ctx.db, token, tokenExpiry(token), now))) return { status: 422, message: t.guardUsed };
  return null;
}

/**
 * The guards of a post behind a private edit link (the edit page, its activities, the
 * calendar import): same origin, and a signed token for `purpose` from our own page. The link
 * is the proof of who posts, so there is no fill-time check and the token is not spent. Null
 * when the post may go on.
 */
export function refuseLinkPost(c: Context<AppEnv>, ctx: AppContext, body: Record<string, unknown>, purpose: string): GuardRefusal | null {
  const { t } = c.get('tr');
  if (!isSameOrigin(c, ctx.config.baseUrl)) return { status: 403, message: t.guardForeignOrigin };
  const check = checkFormToken(ctx.secret, purpose, single(body[FORM_TOKEN_FIELD]), ctx.clock(), 0);
  return check === 'ok' ? null : { status: 422, message: t.guardStale };
}

/** When a well-formed token goes stale: its issue time plus the longest a form may stay open. */
function tokenExpiry(token: string): Date {
  return new Date(Number(token.split('.')[0]) + MAX_FORM_AGE_MS);
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

/**
 * Counts one mail to `recipient` that a public form is about to cause (now or when a
 * moderator decides) and says whether it may go on: whoever sends, from however many
 * addresses, one address gets at most MAILS_PER_RECIPIENT_PER_HOUR of them. Known by a keyed
 * hash of the address, like the clients.
 */
export function withinRecipientLimit(ctx: AppContext, action: string, recipient: string, now: Date): Promise<boolean> {
  return takeAttempt(ctx.db, {
    clientKey: clientKey(ctx.secret, `to:${recipient.trim().toLowerCase()}`),
    action: `${action}:recipient`,
    limit: ctx.config.mailsPerRecipientPerHour,
    windowMs: HOUR_MS,
    now,
  });
}
