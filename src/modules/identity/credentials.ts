/**
 * Secrets: passwords hashed with argon2id (OWASP parameters: m=19 MiB, t=2, p=1), API tokens of
 * 256 random bits shown once and stored only as their SHA-256.
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` (a const enum, which isolated modules cannot read). */
const ARGON2ID = 2 as Algorithm;

const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export const TOKEN_PREFIX = 'lgt_';

/** A new opaque bearer token: `lgt_` + 256 random bits in base64url. */
export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(10).toString('base64url')}`;
}
