/**
 * The webhook signature, as Stripe's: header `Lugang-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC-SHA256(secret, `${t}.${body}`). A receiver recomputes it over the raw body, compares in
 * constant time and refuses a t older than its tolerance (replays). Pure apart from node:crypto.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'lugang-signature';

export function sign(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** Checks a header against the body; `toleranceS` bounds the age of t (default 5 min). */
export function verify(
  secret: string,
  body: string,
  header: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const parts = new Map(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(sign(secret, body, t).split('v1=')[1]!, 'hex');
  const got = Buffer.from(v1, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** The pause before attempt n+1 (n ≥ 1 failed attempts): base·2^(n−1), capped, ±50 % jitter. */
export function backoffMs(failed: number, random: number, baseMs = 10_000, capMs = 6 * 3600_000): number {
  const raw = Math.min(capMs, baseMs * 2 ** Math.max(0, failed - 1));
  return Math.round(raw * (0.5 + random));
}
