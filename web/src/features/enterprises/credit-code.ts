// The unified social credit code (GB 32100-2015) checked in the browser as it is typed, the same rule
// as the server's (src/modules/enterprise/credit-code.ts): 18 characters of 0-9 A-H J-N P-R T-U W-Y,
// digits in positions 3–8, and the check character C18 = 31 − (Σ Ci·3^(i−1) mod 31) mod 31. Pure.

export const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export type CreditCodeCheck =
  | { readonly ok: true; readonly code: string }
  | {
      readonly ok: false;
      readonly reason: 'length' | 'character' | 'division' | 'check';
      readonly expected?: string;
      readonly position?: number;
    };

export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: 'length' };
  for (let i = 0; i < 18; i++)
    if (!ALPHABET.includes(code[i]!)) return { ok: false, reason: 'character', position: i + 1 };
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: 'division' };
  let sum = 0;
  let w = 1;
  for (let i = 0; i < 17; i++) {
    sum += ALPHABET.indexOf(code[i]!) * w;
    w = (w * 3) % 31;
  }
  const expected = ALPHABET[(31 - (sum % 31)) % 31]!;
  return code[17] === expected ? { ok: true, code } : { ok: false, reason: 'check', expected };
}

/** CNY minor units (fen) as yuan with thousands separators, e.g. 1200000000 → "12,000,000". */
export function yuan(minor: number, locale: string): string {
  return new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    maximumFractionDigits: 2,
    minimumFractionDigits: minor % 100 === 0 ? 0 : 2,
  }).format(minor / 100);
}

/** "12,000,000.50" or "1200万"-free plain yuan text → fen; undefined when not an amount. */
export function parseYuan(text: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim().replace(/[,，\s]/g, ''));
  if (!m) return undefined;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}
