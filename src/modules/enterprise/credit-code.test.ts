import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  CREDIT_CODE_WEIGHTS,
  creditCodeCheckChar,
  parseCreditCode,
} from './credit-code';

const symbol = fc.constantFrom(...CREDIT_CODE_ALPHABET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
/** A 17-character body with a digit administrative division (positions 3–8). */
const body = fc
  .tuple(
    fc.array(symbol, { minLength: 2, maxLength: 2 }),
    fc.array(digit, { minLength: 6, maxLength: 6 }),
    fc.array(symbol, { minLength: 9, maxLength: 9 }),
  )
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));
const valid = body.map((b) => b + creditCodeCheckChar(b)!);

describe('unified social credit code (GB 32100-2015)', () => {
  it('uses the weights 3^(i-1) mod 31 of the standard', () => {
    expect(CREDIT_CODE_WEIGHTS).toEqual([1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]);
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(CREDIT_CODE_ALPHABET).not.toMatch(/[IOSVZ]/);
  });

  it('accepts published codes (the standard example, two companies)', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '91110000600037341L'])
      expect(parseCreditCode(code)).toEqual({ ok: true, value: code });
    expect(parseCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, value: '91350100M000100Y43' });
  });

  it('names the expected check character', () => {
    const r = parseCreditCode('91350100M000100Y44');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('uscc.check_char');
      expect(r.error.details).toEqual({ expected: '3' });
      expect(r.error.message.zh).toContain('校验码');
    }
  });

  it('refuses wrong length, forbidden letters and a non-digit division code', () => {
    const code = (input: string) => {
      const r = parseCreditCode(input);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code('91350100M000100Y4')).toBe('uscc.length');
    expect(code('91350100M000100I43')).toBe('uscc.character');
    expect(code('91A50100M000100Y43')).toBe('uscc.division');
  });

  it('accepts every body with its computed check character', () => {
    fc.assert(fc.property(valid, (c) => parseCreditCode(c).ok));
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(valid, fc.nat(17), symbol, (c, pos, s) => {
        fc.pre(c[pos] !== s);
        if (pos >= 2 && pos <= 7) fc.pre(/\d/.test(s));
        const changed = c.slice(0, pos) + s + c.slice(pos + 1);
        return !parseCreditCode(changed).ok;
      }),
    );
  });

  it('detects every transposition of two adjacent different characters in the body', () => {
    fc.assert(
      fc.property(valid, fc.nat(15), (c, pos) => {
        fc.pre(c[pos] !== c[pos + 1]);
        const swapped = c.slice(0, pos) + c[pos + 1] + c[pos] + c.slice(pos + 2);
        fc.pre(/^\d{6}$/.test(swapped.slice(2, 8)));
        return !parseCreditCode(swapped).ok;
      }),
    );
  });
});
