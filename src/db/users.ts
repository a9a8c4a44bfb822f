import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword, passwordProblem } from '../lib/password.js';
import type { Reference } from './reference.js';
import { deleteSessionsOfUser } from './sessions.js';
import type { DB } from './sqlite.js';
import { DIGEST_FREQUENCIES, type DigestFrequency, USER_ROLES, type User, type UserRole } from './types.js';

// Moderator and admin accounts. Admins act everywhere; a moderator acts only in the
// municipalities of their scopes, where a region scope stands for all its members.

/** A mistake in what was asked for (duplicate email, short password, unknown scope): safe to show. */
export class UserInputError extends Error {
  override name = 'UserInputError';
}

export interface NewUser {
  email: string;
  name?: string;
  role: string;
  password: string;
  municipalities?: string[];
  regions?: string[];
}

export interface Scopes {
  municipalities: string[];
  regions: string[];
}

/** Trimmed and lower-cased: how emails are stored and looked up. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem === 'too-short') throw new UserInputError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (problem === 'too-long') throw new UserInputError(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
}

async function checkScopes(db: DB, scopes: Scopes): Promise<void> {
  const municipalities = [...new Set(scopes.municipalities)];
  const regions = [...new Set(scopes.regions)];
  if (municipalities.length > 0) {
    const found = new Set((await db.selectFrom('municipalities').select('number').where('number', 'in', municipalities).execute()).map((m) => m.number));
    const unknown = municipalities.filter((m) => !found.has(m));
    if (unknown.length > 0) throw new UserInputError(`Unknown municipality number: ${unknown.join(', ')}`);
  }
  if (regions.length > 0) {
    const found = new Set((await db.selectFrom('regions').select('slug').where('slug', 'in', regions).execute()).map((r) => r.slug));
    const unknown = regions.filter((r) => !found.has(r));
    if (unknown.length > 0) throw new UserInputError(`Unknown region: ${unknown.join(', ')}`);
  }
}

async function writeScopes(db: DB, userId: number, scopes: Scopes): Promise<void> {
  await db.deleteFrom('user_scopes').where('user_id', '=', userId).execute();
  const rows = [
    ...[...new Set(scopes.municipalities)].map((m) => ({ user_id: userId, municipality_number: m, region_slug: null })),
    ...[...new Set(scopes.regions)].map((r) => ({ user_id: userId, municipality_number: null, region_slug: r })),
  ];
  if (rows.length > 0) await db.insertInto('user_scopes').values(rows).execute();
}

/**
 * Adds an account.
 * @throws UserInputError for a malformed or taken email, an unknown role, a short password,
 *   or an unknown municipality or region.
 */
export async function createUser(db: DB, input: NewUser, now: Date): Promise<User> {
  const email = normalizeEmail(input.email);
  if (!EMAIL_PATTERN.test(email) || email.length > 254) throw new UserInputError(`Not an email address: ${JSON.stringify(input.email)}`);
  const role = input.role;
  if (!isUserRole(role)) throw new UserInputError(`Unknown role ${JSON.stringify(role)}; use ${USER_ROLES.join(' or ')}.`);
  checkPassword(input.password);
  const scopes = { municipalities: input.municipalities ?? [], regions: input.regions ?? [] };
  await checkScopes(db, scopes);
  if (await findUserByEmail(db, email)) throw new UserInputError(`A user with the email ${email} already exists.`);
  // Hashed before the transaction, so the slow part holds no lock.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const user = await trx
        .insertInto('users')
        .values({ email, name: (input.name ?? '').trim(), password_hash: passwordHash, role, created_at: now.toISOString() })
        .returningAll()
        .executeTakeFirstOrThrow();
      await writeScopes(trx, user.id, scopes);
      return user;
    });
  } catch (error) {
    if (error instanceof Error && /UNIQUE constraint failed: users\.email/.test(error.message)) {
      throw new UserInputError(`A user with the email ${email} already exists.`);
    }
    throw error;
  }
}

export async function findUserByEmail(db: DB, email: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

export async function findUserById(db: DB, id: number): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface UserSummary {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  disabledAt: string | null;
  /** Mailed at once about new registrations in their scope (set by an admin). */
  notifyRegistrations: boolean;
  municipalities: string[];
  regions: string[];
}

/** Every account with its scopes, by email. */
export async function listUsers(db: DB): Promise<UserSummary[]> {
  const [users, scopes] = await Promise.all([
    db.selectFrom('users').select(['id', 'email', 'name', 'role', 'disabled_at', 'notify_registrations']).orderBy('email').execute(),
    db.selectFrom('user_scopes').select(['user_id', 'municipality_number', 'region_slug']).orderBy('id').execute(),
  ]);
  return users.map((u) => {
    const own = scopes.filter((s) => s.user_id === u.id);
    return {
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      disabledAt: u.disabled_at,
      notifyRegistrations: u.notify_registrations === 1,
      municipalities: own.flatMap((s) => s.municipality_number ?? []),
      regions: own.flatMap((s) => s.region_slug ?? []),
    };
  });
}

/** Replaces a user's scopes. @throws UserInputError for an unknown municipality or region. */
export async function setUserScopes(db: DB, userId: number, scopes: Scopes): Promise<void> {
  await checkScopes(db, scopes);
  await db.transaction().execute((trx) => writeScopes(trx, userId, scopes));
}

/**
 * Replaces a user's role and scopes in one transaction. `alsoInTransaction` runs inside it
 * (an audit row, say), so the change and its record are written together or not at all.
 * @throws UserInputError for an unknown role, municipality or region, or an unknown user.
 */
export async function setUserAccess(
  db: DB,
  userId: number,
  access: { role: string; scopes: Scopes },
  alsoInTransaction?: (trx: DB) => Promise<void>,
): Promise<void> {
  const role = access.role;
  if (!isUserRole(role)) throw new UserInputError(`Unknown role ${JSON.stringify(role)}; use ${USER_ROLES.join(' or ')}.`);
  await checkScopes(db, access.scopes);
  await db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('users').set({ role }).where('id', '=', userId).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new UserInputError(`No user with id ${userId}.`);
    await writeScopes(trx, userId, access.scopes);
    if (alsoInTransaction) await alsoInTransaction(trx);
  });
}

/** Stops an account from signing in and ends its sessions; the row stays for the audit log. */
export async function disableUser(db: DB, userId: number, now: Date): Promise<void> {
  await db.updateTable('users').set({ disabled_at: now.toISOString() }).where('id', '=', userId).where('disabled_at', 'is', null).execute();
  await deleteSessionsOfUser(db, userId);
}

/**
 * Sets a new password and ends every session of the user, so a stolen session dies with
 * the old password. @throws UserInputError for a password that is too short or too long.
 */
export async function setPassword(db: DB, userId: number, password: string): Promise<void> {
  checkPassword(password);
  await replacePasswordHash(db, userId, await hashPassword(password));
}

/**
 * Stores an already hashed password and ends every session of the user; for callers that
 * hash before their transaction (a reset link). @throws UserInputError for an unknown user.
 */
export async function replacePasswordHash(db: DB, userId: number, passwordHash: string): Promise<void> {
  const result = await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', userId).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new UserInputError(`No user with id ${userId}.`);
  await deleteSessionsOfUser(db, userId);
}

/** Lets a disabled account sign in again. @returns false when it was not disabled. */
export async function enableUser(db: DB, userId: number): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ disabled_at: null, failed_logins: 0, locked_until: null })
    .where('id', '=', userId)
    .where('disabled_at', 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export function isDigestFrequency(value: string | undefined): value is DigestFrequency {
  return value !== undefined && (DIGEST_FREQUENCIES as readonly string[]).includes(value);
}

/** How often the user gets a digest of waiting work; chosen on their own account page. */
export async function setDigestFrequency(db: DB, userId: number, frequency: DigestFrequency): Promise<void> {
  await db.updateTable('users').set({ digest_frequency: frequency }).where('id', '=', userId).execute();
}

/** Whether the user is mailed at once about new registrations in their scope; an admin's choice. */
export async function setNotifyRegistrations(db: DB, userId: number, on: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ notify_registrations: on ? 1 : 0 })
    .where('id', '=', userId)
    .execute();
}

/** A moderator or admin account as the app acts for it (a session adds its CSRF token). */
export interface StaffUser {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  /** The municipalities this user may act on (regions expanded), or 'all' for admins. */
  municipalityNumbers: ReadonlySet<string> | 'all';
}

/**
 * The account as the request sees it, with region scopes expanded to their municipalities;
 * null for an unknown or disabled account.
 */
export async function loadSignedInUser(db: DB, userId: number, reference: Reference): Promise<StaffUser | null> {
  const user = await db.selectFrom('users').select(['id', 'email', 'name', 'role', 'disabled_at']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled_at !== null) return null;
  let municipalityNumbers: ReadonlySet<string> | 'all' = 'all';
  if (user.role !== 'admin') {
    const scopes = await db.selectFrom('user_scopes').select(['municipality_number', 'region_slug']).where('user_id', '=', userId).execute();
    const numbers = new Set<string>();
    for (const scope of scopes) {
      if (scope.municipality_number !== null) numbers.add(scope.municipality_number);
      if (scope.region_slug !== null) for (const m of reference.regionMembers.get(scope.region_slug) ?? []) numbers.add(m);
    }
    municipalityNumbers = numbers;
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, municipalityNumbers };
}
