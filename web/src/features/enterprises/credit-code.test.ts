import { describe, expect, it } from 'vitest';
import { checkCreditCode, parseYuan, yuan } from './credit-code';

describe('credit code in the browser', () => {
  it('accepts published codes and names the expected check character of a wrong one', () => {
    for (const c of ['91350100M000100Y43', '914403001922038216', '91110000600037341L'])
      expect(checkCreditCode(c)).toEqual({ ok: true, code: c });
    expect(checkCreditCode(' 91350100m000100y43 ').ok).toBe(true);
    expect(checkCreditCode('91350100M000100Y44')).toEqual({ ok: false, reason: 'check', expected: '3' });
  });
  it('refuses a wrong length, a forbidden letter and a non-digit division', () => {
    expect(checkCreditCode('91350100M000100Y4')).toMatchObject({ reason: 'length' });
    expect(checkCreditCode('91350100M000100I43')).toMatchObject({ reason: 'character', position: 16 });
    expect(checkCreditCode('91A50100M000100Y43')).toMatchObject({ reason: 'division' });
  });
  it('reads and writes yuan amounts', () => {
    expect(parseYuan('12,000,000.5')).toBe(1_200_000_050);
    expect(parseYuan('12.345')).toBeUndefined();
    expect(yuan(1_200_000_000, 'en')).toBe('12,000,000');
    expect(yuan(850_000_050, 'zh')).toBe('8,500,000.50');
  });
});
