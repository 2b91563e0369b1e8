/**
 * A refused request: a `Violation` (field, code, reason in zh and en) with the HTTP status it maps to
 * (400 invalid, 403 not allowed, 404 unknown, 409 conflicting state, 422 understood but not
 * processable). Services return an `Outcome`; routes turn a refusal into problem+json. Pure.
 */
import type { Violation } from './result';

export type Refusal = Violation & { readonly status: 400 | 403 | 404 | 409 | 422 };
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: Refusal };

/** A refusal with its reason in both languages (and optional extra facts). */
export function refuse(
  status: Refusal['status'],
  field: string,
  code: string,
  en: string,
  zh: string,
  details?: Record<string, unknown>,
): { ok: false; error: Refusal } {
  return { ok: false, error: { status, field, code, message: { en, zh }, ...(details ? { details } : {}) } };
}
