import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Password hashing with scrypt from Node itself: memory-hard, no native add-on. The stored
// form carries its parameters, so they can be raised later without breaking old hashes.
// Nothing here logs or returns a password.

export const MIN_PASSWORD_LENGTH = 12;
/** Longer input is refused rather than hashed, so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
/** scrypt needs 128·N·r bytes (32 MiB here); Node's default ceiling is exactly that, so raise it. */
const MAX_MEMORY = 64 * 1024 * 1024;

interface ScryptParameters {
  N: number;
  r: number;
  p: number;
}

function derive(password: string, salt: Buffer, keyLength: number, params: ScryptParameters): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, { ...params, maxmem: Math.max(MAX_MEMORY, 256 * params.N * params.r) }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password with a fresh random salt.
 * @returns `scrypt$32768$8$1$<salt, base64url>$<hash, base64url>`
 */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

interface ParsedHash extends ScryptParameters {
  salt: Buffer;
  hash: Buffer;
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The parts of a stored hash, or null when it is not one of ours or asks for absurd work. */
function parseStored(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  if (![n, r, p].every((v) => /^\d{1,8}$/.test(v)) || !BASE64URL.test(salt) || !BASE64URL.test(hash)) return null;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  // Bounds keep a tampered row from tying the server up: at most 256 MiB and a few passes.
  const powerOfTwo = params.N >= 2 && (params.N & (params.N - 1)) === 0;
  if (!powerOfTwo || params.N > 2 ** 20 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 4) return null;
  if (128 * params.N * params.r > 256 * 1024 * 1024) return null;
  const parsed = { ...params, salt: Buffer.from(salt, 'base64url'), hash: Buffer.from(hash, 'base64url') };
  if (parsed.salt.length < 8 || parsed.hash.length < 16 || parsed.hash.length > 64) return null;
  return parsed;
}

/** True when `password` matches a hash made by hashPassword; false for anything malformed. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseStored(stored);
  if (!parsed) return false;
  if (password.length > MAX_PASSWORD_LENGTH) {
    // Do the same work anyway, so the answer takes as long as any other wrong password.
    await derive('', parsed.salt, parsed.hash.length, parsed);
    return false;
  }
  const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

/** A well-formed hash nobody knows the password to, with the current parameters. */
const DUMMY_HASH = ['scrypt', N, R, P, randomBytes(SALT_BYTES).toString('base64url'), randomBytes(KEY_LENGTH).toString('base64url')].join('$');

/**
 * Costs what verifying a real password costs. Called for an unknown email, so the time a
 * login takes does not tell which addresses have accounts.
 */
export async function dummyVerify(password = ''): Promise<void> {
  await verifyPassword(password, DUMMY_HASH);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): 'too-short' | 'too-long' | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too-short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too-long';
  return null;
}
