import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { esrCheckDigit, parseEsrCode, parseTelegraphCode } from './railway';

describe('Chinese railway telegraph codes', () => {
  it.each(['AKR', 'HFR', 'WXR', 'akr', ' wxr '])('accepts %s', (input) => {
    const r = parseTelegraphCode(input);
    expect(r.ok && r.value).toBe(input.trim().toUpperCase());
  });

  it.each(['AK', 'AKRR', 'A1R', '阿拉山', ''])('rejects %s', (input) => {
    const r = parseTelegraphCode(input, 'station');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('railway.telegraph_code');
      expect(r.error.field).toBe('station');
    }
  });
});

describe('ESR station codes (1520 network)', () => {
  it.each([
    ['708507', 'Dostyk'],
    ['532909', 'Sochi'],
    ['194013', 'Moskva-Passazhirskaya-Kazanskaya'],
    ['195506', 'Moskva-Passazhirskaya-Yaroslavskaya (remainder-10 branch)'],
  ])('accepts %s (%s)', (code) => {
    expect(parseEsrCode(code)).toEqual({ ok: true, value: code });
  });

  it('names the expected check digit', () => {
    const r = parseEsrCode('708508', 'esr');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      field: 'esr',
      code: 'railway.esr_check_digit',
      details: { expected: 7 },
    });
    expect(r.error.message.en).toBe('708508: check digit should be 7');
  });

  it('computes both rounds of the rule', () => {
    expect(esrCheckDigit('70850')).toBe(7); // 7+0+24+20+0 = 51 ≡ 7
    expect(esrCheckDigit('19550')).toBe(6); // 54 ≡ 10 → 3+36+25+30+0 = 94 ≡ 6
    // Both rounds give 10 → 0: find one such base and check.
    let both = '';
    for (let n = 0; n < 100000 && !both; n++) {
      const s = String(n).padStart(5, '0');
      const d = s.split('').map(Number);
      const r1 = d.reduce((a, x, i) => a + x * (i + 1), 0) % 11;
      const r2 = d.reduce((a, x, i) => a + x * (i + 3), 0) % 11;
      if (r1 === 10 && r2 === 10) both = s;
    }
    expect(both).not.toBe('');
    expect(esrCheckDigit(both)).toBe(0);
  });

  it.each(['70850', '7085077', '70850A', ''])('rejects %s as malformed', (input) => {
    const r = parseEsrCode(input);
    expect(!r.ok && r.error.code).toBe('railway.esr_format');
  });

  it('every 5 digits + computed digit validates; any other last digit fails', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 1, max: 9 }), (n, delta) => {
        const base = String(n).padStart(5, '0');
        const d = esrCheckDigit(base);
        expect(parseEsrCode(base + d).ok).toBe(true);
        expect(parseEsrCode(base + ((d + delta) % 10)).ok).toBe(false);
      }),
    );
  });

  it('a single changed digit in the first five is caught unless the remainder lands on the 10 fallback', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99999 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 9 }),
        (n, pos, delta) => {
          const base = String(n).padStart(5, '0');
          const mutated = base.slice(0, pos) + ((Number(base[pos]) + delta) % 10) + base.slice(pos + 1);
          const first = (s: string) => s.split('').reduce((a, x, i) => a + Number(x) * (i + 1), 0) % 11;
          // Single-round remainders always differ (weights 1..5 are units mod 11); a miss needs a second round.
          expect(first(mutated)).not.toBe(first(base));
          if (first(base) !== 10 && first(mutated) !== 10) {
            expect(parseEsrCode(mutated + esrCheckDigit(base)).ok).toBe(false);
          }
        },
      ),
    );
  });
});
