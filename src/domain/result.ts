import type { Bilingual } from './text';

/**
 * A rule broken by an input: which field, what is wrong (machine code), and the reason in both
 * languages. The HTTP layer turns it into problem+json, the CLI into a message and exit code 2.
 */
export interface Violation {
  /** Dotted path of the offending field, e.g. `containers.3.grossKg`; empty for the whole input. */
  readonly field: string;
  /** Stable machine-readable code, e.g. `iso6346.check_digit`. */
  readonly code: string;
  readonly message: Bilingual;
  /** Optional extra facts (expected check digit, allowed values, …). */
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Violation };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(error: Violation): Result<T> => ({ ok: false, error });
