import { createHash } from 'node:crypto';
import type { DB } from './sqlite.js';

// Single use of public form tokens: the first post with a token spends it, any later post
// with the same token is refused. Only a hash is kept, and only until the token expires.

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * Marks a token as used. @returns true the first time, false when it was used before (and
 * has not expired since). Expired rows are cleared on the way, so the table stays small.
 */
export async function spendFormToken(db: DB, token: string, expiresAt: Date, now: Date): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('used_form_tokens').where('expires_at', '<', now.toISOString()).execute();
    const inserted = await trx
      .insertInto('used_form_tokens')
      .values({ token_hash: hashToken(token), expires_at: expiresAt.toISOString() })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      // A row comes back only when it was inserted, on SQLite and PostgreSQL alike.
      .returning('token_hash')
      .executeTakeFirst();
    return inserted !== undefined;
  });
}
