import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allCountryCodes } from './country';
import { parseUnlocode } from './unlocode';

describe('UN/LOCODE', () => {
  it.each([
    'CNURM',
    'CNAKL',
    'CNHRS',
    'KZALA',
    'DEDUI',
    'DEHAM',
    'BYBQT',
    'AZBAK',
    'GETBS',
    'IRTHR',
    'NLRTM',
    'ITMIL',
    'CNCQI',
  ])('accepts %s from the corridor', (code) => {
    expect(parseUnlocode(code)).toEqual({
      ok: true,
      value: { code, country: code.slice(0, 2), location: code.slice(2) },
    });
  });

  it('accepts the spaced, hyphenated and lower-case forms', () => {
    for (const input of ['DE DUI', 'de dui', ' DE-DUI ', 'dedui']) {
      const r = parseUnlocode(input);
      expect(r.ok && r.value.code).toBe('DEDUI');
    }
    expect(parseUnlocode('GB LO2').ok).toBe(true);
  });

  it.each([
    ['DEDU', 'unlocode.format'],
    ['DEDUIS', 'unlocode.format'],
    ['DED01', 'unlocode.format'],
    ['DE  DUI', 'unlocode.format'],
    ['D1DUI', 'unlocode.format'],
    ['XXDUI', 'unlocode.country'],
    ['XZABC', 'unlocode.country'],
  ])('rejects %s with %s', (input, code) => {
    const r = parseUnlocode(input, 'locode');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.field).toBe('locode');
    expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('every assigned country + any 3 of [A-Z2-9] is accepted in both spellings and round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allCountryCodes()),
        fc.string({
          unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ23456789'),
          minLength: 3,
          maxLength: 3,
        }),
        (country, location) => {
          const a = parseUnlocode(country + location);
          const b = parseUnlocode(`${country} ${location.toLowerCase()}`);
          expect(a).toEqual(b);
          expect(a.ok && a.value.code).toBe(country + location);
          if (a.ok) expect(parseUnlocode(a.value.code)).toEqual(a);
        },
      ),
    );
  });

  it('a 0 or 1 in the location is refused (UN/LOCODE uses only 2–9 to avoid O/I confusion)', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), fc.integer({ min: 0, max: 2 }), (digit, pos) => {
        const loc = 'ABC'.slice(0, pos) + digit + 'ABC'.slice(pos + 1);
        expect(parseUnlocode(`DE${loc}`).ok).toBe(false);
      }),
    );
  });
});
