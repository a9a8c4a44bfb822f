import { createHash, randomBytes } from 'node:crypto';
import type { DB } from './sqlite.js';
import { replacePasswordHash } from './users.js';

// "Forgot password" links. The email holds a random 256-bit token; the table holds only its
// SHA-256, so a copy of the database opens no account. A link works once, for a limited
// time; using one ends every session of the user and every other link they were sent.

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A new link's token for the user, valid for `validMs`. */
export async function createPasswordReset(db: DB, userId: number, now: Date, validMs: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('password_resets')
    .values({
      user_id: userId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + validMs).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

export type ResetLinkState = { state: 'valid'; userId: number } | { state: 'used' | 'expired' | 'unknown' };

/** What a link in the URL is worth now. */
export async function checkPasswordReset(db: DB, token: string, now: Date): Promise<ResetLinkState> {
  if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const row = await db.selectFrom('password_resets').select(['user_id', 'expires_at', 'used_at']).where('token_hash', '=', hashToken(token)).executeTakeFirst();
  if (!row) return { state: 'unknown' };
  if (row.used_at !== null) return { state: 'used' };
  if (!(now.toISOString() < row.expires_at)) return { state: 'expired' };
  return { state: 'valid', userId: row.user_id };
}

/**
 * Uses a link: one conditional update claims it, so two requests with the same link cannot
 * both change the password. Then the new (already hashed) password is stored, every session
 * of the user ends, and the user's other links stop working, all in one transaction.
 */
export async function usePasswordReset(db: DB, token: string, passwordHash: string, now: Date): Promise<ResetLinkState> {
  return db.transaction().execute(async (trx) => {
    const checked = await checkPasswordReset(trx, token, now);
    if (checked.state !== 'valid') return checked;
    const claimed = await trx
      .updateTable('password_resets')
      .set({ used_at: now.toISOString() })
      .where('token_hash', '=', hashToken(token))
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return { state: 'used' };
    await replacePasswordHash(trx, checked.userId, passwordHash);
    await trx.updateTable('password_resets').set({ used_at: now.toISOString() }).where('user_id', '=', checked.userId).where('used_at', 'is', null).execute();
    return checked;
  });
}
