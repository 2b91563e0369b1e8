import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCountryCodes, countryName, isCountryAlpha2, parseCountry } from './country';

describe('ISO 3166-1 countries', () => {
  it('reads alpha-2 and alpha-3, any case, with names in zh, en, ru and kk', () => {
    const kz = parseCountry(' kaz ');
    expect(kz).toEqual({
      ok: true,
      value: {
        alpha2: 'KZ',
        alpha3: 'KAZ',
        numeric: '398',
        names: { en: 'Kazakhstan', zh: '哈萨克斯坦', ru: 'Казахстан', kk: 'Қазақстан' },
      },
    });
    expect(parseCountry('kz')).toEqual(kz);
  });

  it('names the corridor countries', () => {
    expect(countryName('CN', 'zh')).toBe('中国');
    expect(countryName('DE', 'zh')).toBe('德国');
    expect(countryName('DEU', 'en')).toBe('Germany');
    expect(countryName('BY', 'ru')).toBe('Беларусь');
    expect(countryName('GE', 'en')).toBe('Georgia');
    expect(countryName('ZZ', 'en')).toBeUndefined();
  });

  it.each([
    ['K', 'country.format'],
    ['KAZA', 'country.format'],
    ['K1', 'country.format'],
    ['', 'country.format'],
    ['XX', 'country.unknown'],
    ['ABC', 'country.unknown'],
  ])('rejects %s with %s', (input, code) => {
    const r = parseCountry(input, 'country');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.field).toBe('country');
    expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every assigned code round-trips alpha-2 → alpha-3 → alpha-2 and has names in all four languages', () => {
    const codes = allCountryCodes();
    expect(codes.length).toBeGreaterThanOrEqual(249);
    for (const a2 of codes) {
      const r = parseCountry(a2);
      expect(r.ok).toBe(true);
      if (!r.ok) continue;
      expect(r.value.alpha2).toBe(a2);
      expect(parseCountry(r.value.alpha3)).toEqual(r);
      expect(r.value.numeric).toMatch(/^\d{3}$/);
      for (const name of Object.values(r.value.names)) expect(name.length).toBeGreaterThan(1);
      expect(isCountryAlpha2(a2)).toBe(true);
    }
  });

  it('random letter pairs are countries exactly when the library assigns them', () => {
    const known = new Set(allCountryCodes());
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: 2, maxLength: 2 }),
        (c) => {
          expect(parseCountry(c).ok).toBe(known.has(c));
          expect(isCountryAlpha2(c.toLowerCase())).toBe(known.has(c));
        },
      ),
    );
  });
});
