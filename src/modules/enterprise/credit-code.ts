/**
 * The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from the code
 * alphabet 0-9 A-H J-N P-R T-U W-Y (31 symbols; no I, O, S, V, Z). Position 1 is the registering
 * authority, 2 the entity category, 3–8 the administrative division (digits), 9–17 the organization
 * code, 18 the check character: C18 = 31 − (Σ Ci·Wi mod 31), with Wi = 3^(i−1) mod 31 and 31 → 0.
 * Pure.
 */
import { fail, ok, type Result, type Violation } from '../../domain/result';

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** 3^(i-1) mod 31 for i = 1..17: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k++) w = (w * 3) % 31;
  return w;
});

/** The check character of a 17-character body (already in the code alphabet); undefined otherwise. */
export function creditCodeCheckChar(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(body[i]!);
    if (v < 0) return undefined;
    sum += v * CREDIT_CODE_WEIGHTS[i]!;
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET[c];
}

function violation(field: string, code: string, en: string, zh: string, details?: Record<string, unknown>) {
  const v: Violation = { field, code, message: { en, zh }, ...(details ? { details } : {}) };
  return v;
}

/** Normalizes (trim, upper case) and validates a credit code; the result is the 18-character code. */
export function parseCreditCode(input: string, field = 'creditCode'): Result<string> {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) {
    return fail(
      violation(
        field,
        'uscc.length',
        `a unified social credit code has 18 characters, got ${code.length}`,
        `统一社会信用代码应为 18 位，实际 ${code.length} 位`,
      ),
    );
  }
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_CODE_ALPHABET.includes(code[i]!)) {
      return fail(
        violation(
          field,
          'uscc.character',
          `character ${i + 1} (${code[i]}) is not allowed; use 0-9 and A-H J-N P-R T-U W-Y`,
          `第 ${i + 1} 位字符（${code[i]}）不合法；只能使用 0-9 及 A-H J-N P-R T-U W-Y`,
          { position: i + 1 },
        ),
      );
    }
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) {
    return fail(
      violation(
        field,
        'uscc.division',
        'characters 3–8 (administrative division code) must be digits',
        '第 3–8 位（登记管理机关行政区划码）须为数字',
      ),
    );
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))!;
  if (code[17] !== expected) {
    return fail(
      violation(
        field,
        'uscc.check_char',
        `the check character is wrong: expected ${expected}, got ${code[17]}`,
        `校验码错误：应为 ${expected}，实际为 ${code[17]}`,
        { expected },
      ),
    );
  }
  return ok(code);
}
