import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DG_CLASSES, dgMainClass, parseDgClass, parseUnNumber } from './dangerous-goods';

describe('UN numbers', () => {
  it.each([
    ['UN1263', '1263'],
    ['1263', '1263'],
    ['un 1263', '1263'],
    ['UN-1203', '1203'],
    ['0004', '0004'],
  ])('%s → %s', (input, out) => {
    expect(parseUnNumber(input)).toEqual({ ok: true, value: out });
  });

  it.each(['UN126', '12634', 'UN0000', 'NU1263', '', 'UN12a3'])('rejects %s', (input) => {
    const r = parseUnNumber(input, 'unNumber');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ field: 'unNumber', code: 'dg.un_number' });
  });

  it('every 4-digit number except 0000 round-trips with and without the UN prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), (n) => {
        const s = String(n).padStart(4, '0');
        expect(parseUnNumber(s)).toEqual({ ok: true, value: s });
        expect(parseUnNumber(`UN${s}`)).toEqual({ ok: true, value: s });
      }),
    );
  });
});

describe('dangerous goods classes', () => {
  it('accepts exactly the RID/ADR/SMGS classes and divisions', () => {
    for (const c of DG_CLASSES) expect(parseDgClass(c)).toEqual({ ok: true, value: c });
    expect(parseDgClass('Class 3')).toEqual({ ok: true, value: '3' });
    expect(parseDgClass('6,1')).toEqual({ ok: true, value: '6.1' });
    expect(dgMainClass('4.1')).toBe('4');
  });

  it.each(['10', '4', '5', '6', '1.7', '2.4', '3.1', '0', '', 'x'])('rejects %s', (input) => {
    const r = parseDgClass(input);
    expect(!r.ok && r.error.code).toBe('dg.class');
  });

  it('no other short string is a class', () => {
    const allowed = new Set<string>(DG_CLASSES);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789.'), maxLength: 4 }), (s) => {
        expect(parseDgClass(s).ok).toBe(allowed.has(s.trim()));
      }),
    );
  });
});
