import { createHash, randomBytes } from 'node:crypto';
import type { DB } from './sqlite.js';

// Server-side sessions. The cookie holds a random id; the table holds only its SHA-256, so a
// copy of the database does not let anyone sign in. Each session has its own CSRF token.

/** last_seen_at is written at most this often, so reading pages does not mean writing rows. */
const TOUCH_INTERVAL_MS = 60 * 1000;
const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function hashSessionId(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('base64url');
}

export interface NewSession {
  /** Goes into the cookie and nowhere else. */
  sessionId: string;
  csrfToken: string;
}

export async function createSession(db: DB, userId: number, now: Date): Promise<NewSession> {
  const sessionId = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({ id_hash: hashSessionId(sessionId), user_id: userId, csrf_token: csrfToken, created_at: now.toISOString(), last_seen_at: now.toISOString() })
    .execute();
  return { sessionId, csrfToken };
}

/**
 * The session a cookie names, if it is still alive. A session unused for longer than
 * `idleMs`, or signed in longer ago than `maxAgeMs` (however busy: a stolen cookie kept
 * warm by a script dies too), is deleted and counts as none.
 */
export async function findSession(
  db: DB,
  sessionId: string,
  now: Date,
  limits: { idleMs: number; maxAgeMs: number },
): Promise<{ userId: number; csrfToken: string } | null> {
  if (!SESSION_ID_PATTERN.test(sessionId)) return null;
  const idHash = hashSessionId(sessionId);
  const row = await db.selectFrom('sessions').select(['user_id', 'csrf_token', 'last_seen_at', 'created_at']).where('id_hash', '=', idHash).executeTakeFirst();
  if (!row) return null;
  const idle = now.getTime() - Date.parse(row.last_seen_at);
  const age = now.getTime() - Date.parse(row.created_at);
  if (!(idle <= limits.idleMs) || !(age <= limits.maxAgeMs)) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
    return null;
  }
  if (idle >= TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id_hash', '=', idHash).execute();
  }
  return { userId: row.user_id, csrfToken: row.csrf_token };
}

export async function deleteSession(db: DB, sessionId: string): Promise<void> {
  if (!SESSION_ID_PATTERN.test(sessionId)) return;
  await db.deleteFrom('sessions').where('id_hash', '=', hashSessionId(sessionId)).execute();
}

export async function deleteSessionsOfUser(db: DB, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** Removes sessions idle for longer than `idleMs`; findSession does it one at a time anyway. */
export async function deleteIdleSessions(db: DB, now: Date, idleMs: number): Promise<void> {
  await db
    .deleteFrom('sessions')
    .where('last_seen_at', '<', new Date(now.getTime() - idleMs).toISOString())
    .execute();
}

// Sign-in attempts are counted in submission_attempts, next to the public forms' rate limit.
// Each attempt is recorded before the password is checked, so parallel guesses cannot slip
// past the limit; a success takes its rows out again.

/**
 * 'login-pair' counts one email from one client address (the lock), 'login-email' an email
 * from everywhere (only a slowdown, so nobody can lock someone else out), 'login-address'
 * a client trying many emails, 'login-alert' the mails telling a user their account is
 * being guessed at.
 */
// Requests for a password reset link are counted the same way, per email and per address.
export const LOGIN_ACTIONS = ['login-pair', 'login-email', 'login-address', 'login-alert', 'reset-email', 'reset-address'] as const;
export type LoginAction = (typeof LOGIN_ACTIONS)[number];

export interface AttemptKey {
  clientKey: string;
  action: LoginAction;
}

function windowStart(now: Date, windowMs: number): string {
  return new Date(now.getTime() - windowMs).toISOString();
}

/** How many attempts were recorded for this key and action within the window. */
export async function countAttempts(db: DB, attempt: AttemptKey & { windowMs: number; now: Date }): Promise<number> {
  const row = await db
    .selectFrom('submission_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('client_key', '=', attempt.clientKey)
    .where('action', '=', attempt.action)
    .where('created_at', '>=', windowStart(attempt.now, attempt.windowMs))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records one attempt and clears this action's rows that have left the window. @returns the row id */
export async function recordAttempt(db: DB, attempt: AttemptKey & { windowMs: number; now: Date }): Promise<number> {
  // Only this action's rows: the public forms count over a longer window of their own.
  await db
    .deleteFrom('submission_attempts')
    .where('action', '=', attempt.action)
    .where('created_at', '<', windowStart(attempt.now, attempt.windowMs))
    .execute();
  const { id } = await db
    .insertInto('submission_attempts')
    .values({ client_key: attempt.clientKey, action: attempt.action, created_at: attempt.now.toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/**
 * Counts earlier attempts under every key and, when all are under their limits, records this
 * one under each, in one transaction.
 * @returns `earlier`: the counts before this attempt, in the order of `keys`; `ids`: the rows
 *   recorded (empty when refused).
 */
export async function takeLoginAttempt(
  db: DB,
  attempt: { keys: (AttemptKey & { limit: number })[]; windowMs: number; now: Date },
): Promise<{ allowed: boolean; earlier: number[]; ids: number[] }> {
  return db.transaction().execute(async (trx) => {
    const earlier: number[] = [];
    for (const key of attempt.keys) earlier.push(await countAttempts(trx, { ...key, windowMs: attempt.windowMs, now: attempt.now }));
    if (attempt.keys.some((key, i) => earlier[i]! >= key.limit)) return { allowed: false, earlier, ids: [] };
    const ids: number[] = [];
    for (const key of attempt.keys) ids.push(await recordAttempt(trx, { ...key, windowMs: attempt.windowMs, now: attempt.now }));
    return { allowed: true, earlier, ids };
  });
}

export async function deleteAttempts(db: DB, ids: number[]): Promise<void> {
  if (ids.length > 0) await db.deleteFrom('submission_attempts').where('id', 'in', ids).execute();
}

/** Forgets every attempt under a key, e.g. an email's failures after it signed in. */
export async function clearAttempts(db: DB, key: AttemptKey): Promise<void> {
  await db.deleteFrom('submission_attempts').where('client_key', '=', key.clientKey).where('action', '=', key.action).execute();
}
