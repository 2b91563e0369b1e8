/** CLI input and output helpers: user-input errors (exit 2), violations as text, secrets from stdin. */
import type { Violation } from '../../domain/result';
import type { Locale } from '../../domain/text';

/** A mistake in what the user typed or gave: printed plainly, exit code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function printViolation(v: Violation, locale: Locale): string {
  const text = v.message[locale];
  return v.field && !text.startsWith(v.field) ? `${v.field}: ${text}` : text;
}

/** Reads a secret from piped standard input (never from a terminal prompt here). */
export async function readSecret(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  return text || undefined;
}
