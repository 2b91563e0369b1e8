import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMetres,
  formatTonnes,
  kgFromTonnes,
  LENGTH_MM,
  mmFromMetres,
  parseKg,
  parseMm,
  teuForLength,
} from './units';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : undefined);
const code = (r: { ok: true } | { ok: false; error: { code: string } }) => (r.ok ? undefined : r.error.code);

describe('TEU and lengths', () => {
  it('counts 20→1, 30→1.5, 40→2, 45→2.25', () => {
    expect([20, 30, 40, 45].map((l) => teuForLength(l as 20 | 30 | 40 | 45))).toEqual([1, 1.5, 2, 2.25]);
    expect(LENGTH_MM[40]).toBe(12192);
  });
});

describe('kg and mm', () => {
  it.each([
    ['24.5', 24500],
    ['24', 24000],
    ['0.001', 1],
    ['.5', 500],
    ['1e1', 10000],
    ['2.5E-2', 25],
    [' 72 ', 72000],
    ['1_300', 1300000],
    [24.5, 24500],
    [0.1, 100],
    [72, 72000],
  ] as const)('tonnes %s → %i kg exactly', (t, kg) => {
    expect(value(kgFromTonnes(t))).toBe(kg);
  });

  it('avoids floating-point drift that Math.round(x * 1000) would hide', () => {
    // 1.005 * 1000 = 1004.9999999999999 in binary floating point.
    expect(value(kgFromTonnes(1.005))).toBe(1005);
    expect(value(mmFromMetres('4.35'))).toBe(4350);
  });

  it.each([
    ['0.0005', 'units.kg.fraction'],
    ['24.5001', 'units.kg.fraction'],
    ['-1', 'units.kg.negative'],
    ['abc', 'units.kg.format'],
    ['', 'units.kg.format'],
    ['1.2.3', 'units.kg.format'],
    ['1e400', 'units.kg.range'],
    ['1e-400', 'units.kg.fraction'],
    ['1e99999999999999999999', 'units.kg.format'],
    ['1e20', 'units.kg.range'],
  ])('tonnes %s fails with %s', (t, c) => {
    const r = kgFromTonnes(t, 'grossKg');
    expect(code(r)).toBe(c);
    if (!r.ok) {
      expect(r.error.field).toBe('grossKg');
      expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('accepts whole kg and mm and rejects fractions of them', () => {
    expect(value(parseKg('24500'))).toBe(24500);
    expect(value(parseKg(24500))).toBe(24500);
    expect(value(parseKg('24500.0'))).toBe(24500);
    expect(code(parseKg('24500.5'))).toBe('units.kg.fraction');
    expect(code(parseKg(0.5))).toBe('units.kg.fraction');
    expect(code(parseKg(Number.NaN))).toBe('units.kg.format');
    expect(value(parseMm(2591))).toBe(2591);
    expect(code(parseMm('2591.4'))).toBe('units.mm.fraction');
    expect(code(mmFromMetres('2.5914'))).toBe('units.mm.fraction');
    expect(code(parseMm('-3'))).toBe('units.mm.negative');
  });

  it('round-trips kg → tonnes text → kg and mm → metres text → mm', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(value(kgFromTonnes(formatTonnes(n)))).toBe(n);
        expect(value(mmFromMetres(formatMetres(n)))).toBe(n);
      }),
    );
  });

  it('tonnes with up to 3 decimals always convert; a 4th non-zero decimal never does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 9 }), (kg, extra) => {
        expect(value(kgFromTonnes(formatTonnes(kg)))).toBe(kg);
        const t = formatTonnes(kg);
        const withFourth = `${t.includes('.') ? t : `${t}.`}${'0'.repeat(Math.max(0, 3 - (t.split('.')[1]?.length ?? 0)))}${extra}`;
        expect(code(kgFromTonnes(withFourth))).toBe('units.kg.fraction');
      }),
    );
  });

  it('formats tonnes without trailing zeros', () => {
    expect(formatTonnes(24500)).toBe('24.5');
    expect(formatTonnes(72000)).toBe('72');
    expect(formatTonnes(1)).toBe('0.001');
    expect(formatMetres(12192)).toBe('12.192');
  });
});
