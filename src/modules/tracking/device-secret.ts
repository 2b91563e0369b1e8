/**
 * Device secrets, in the style of identity's API tokens: 256 random bits shown once (`lgd_` +
 * base64url), stored only as their SHA-256 — fast enough to check on every MQTT connect and HTTP
 * request, and safe because the secret itself carries full entropy.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DEVICE_SECRET_PREFIX } from '../../platform/http/access';

export function newDeviceSecret(): string {
  return DEVICE_SECRET_PREFIX + randomBytes(32).toString('base64url');
}

export function deviceSecretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(deviceSecretHash(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function looksLikeDeviceSecret(secret: string): boolean {
  return secret.startsWith(DEVICE_SECRET_PREFIX) && secret.length <= 200;
}
