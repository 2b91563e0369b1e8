import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  charValue,
  checkRemainder,
  computeCheckDigit,
  type EquipmentCategory,
  formatContainerNumber,
  normalizeContainerNumber,
  parseContainerNumber,
} from './iso6346';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const ownerArb = fc.string({ unit: fc.constantFrom(...LETTERS), minLength: 3, maxLength: 3 });
const categoryArb = fc.constantFrom<EquipmentCategory>('U', 'J', 'Z');
const serialArb = fc.string({ unit: fc.constantFrom(...DIGITS), minLength: 6, maxLength: 6 });
const validArb = fc
  .tuple(ownerArb, categoryArb, serialArb)
  .map(([o, c, s]) => formatContainerNumber(o, c, s));

/** The characters a position may hold: letters, the three categories, digits. */
function alphabetAt(position: number): string {
  if (position < 3) return LETTERS;
  if (position === 3) return 'UJZ';
  return DIGITS;
}

describe('ISO 6346 examples', () => {
  it('accepts the textbook number CSQU3054383', () => {
    const r = parseContainerNumber('CSQU3054383');
    expect(r).toEqual({
      ok: true,
      value: { number: 'CSQU3054383', ownerCode: 'CSQ', category: 'U', serial: '305438', checkDigit: 3 },
    });
  });

  it('names the expected digit for CSQU3054384 in both languages', () => {
    const r = parseContainerNumber('CSQU3054384', 'containerNumber');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.field).toBe('containerNumber');
    expect(r.error.code).toBe('iso6346.check_digit');
    expect(r.error.details).toMatchObject({ expected: 3 });
    expect(r.error.message.en).toBe('CSQU3054384: check digit should be 3');
    expect(r.error.message.zh).toContain('校验位应为 3');
  });

  it('normalizes case, spaces and hyphens', () => {
    expect(normalizeContainerNumber(' csqu 305438-3 ')).toBe('CSQU3054383');
    const r = parseContainerNumber('csqu-305438 3');
    expect(r.ok && r.value.number).toBe('CSQU3054383');
  });

  it('computes the digit for the letters-only arithmetic of the standard', () => {
    expect(charValue('A')).toBe(10);
    expect(charValue('K')).toBe(21);
    expect(charValue('L')).toBe(23);
    expect(charValue('U')).toBe(32);
    expect(charValue('V')).toBe(34);
    expect(charValue('Z')).toBe(38);
    expect(computeCheckDigit('CSQU305438')).toBe(3);
  });

  it.each([
    ['CSQU305438', 'iso6346.length'],
    ['CSQU30543833', 'iso6346.length'],
    ['', 'iso6346.length'],
    ['C5QU3054383', 'iso6346.owner_code'],
    ['CSQX3054383', 'iso6346.category'],
    ['CSQU30A4383', 'iso6346.serial'],
    ['CSQU305438X', 'iso6346.check_digit'],
  ])('rejects %s with %s and a bilingual reason', (input, code) => {
    const r = parseContainerNumber(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message.en.length).toBeGreaterThan(10);
    expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('of all 140 single substitutions of CSQU3054383 exactly the congruent owner letters slip through', () => {
    const accepted: string[] = [];
    let tried = 0;
    const n = 'CSQU3054383';
    for (let p = 0; p < 11; p++) {
      for (const ch of alphabetAt(p)) {
        if (ch === n[p]) continue;
        tried++;
        const m = n.slice(0, p) + ch + n.slice(p + 1);
        if (parseContainerNumber(m).ok) accepted.push(m);
      }
    }
    expect(tried).toBe(3 * 25 + 2 + 7 * 9);
    // C=13, M=24, W=35 (≡ 2 mod 11); S=30, I=19 (≡ 8); Q=28, G=17 (≡ 6).
    expect(accepted.sort()).toEqual(['CIQU3054383', 'CSGU3054383', 'MSQU3054383', 'WSQU3054383']);
  });

  it('computes lower-case input too and refuses impossible input', () => {
    expect(computeCheckDigit('csqu305438')).toBe(3);
    expect(() => computeCheckDigit('CSQU30543')).toThrow(RangeError);
    expect(() => computeCheckDigit('CSQU30543#')).toThrow(RangeError);
  });

  it('shows the two kinds of blind spot with concrete numbers', () => {
    // C (13) and M (24) are congruent mod 11: the substitution is invisible to the check digit.
    expect(parseContainerNumber('MSQU3054383').ok).toBe(true);
    // Remainder 10 is written as 0, so a serial whose remainder is 0 and one whose remainder is 10 share
    // the digit 0. Find such a pair differing in one serial digit and show that both pass.
    let found: [string, string] | undefined;
    for (let s = 0; s < 100_000 && !found; s++) {
      const a = `CSQU${String(s).padStart(6, '0')}`;
      if (checkRemainder(a) !== 10) continue;
      for (let p = 4; p < 10 && !found; p++) {
        for (const d of DIGITS) {
          const b = a.slice(0, p) + d + a.slice(p + 1);
          if (b !== a && checkRemainder(b) === 0) found = [a, b];
        }
      }
    }
    expect(found).toBeDefined();
    const [a, b] = found!;
    expect(parseContainerNumber(`${a}0`).ok).toBe(true);
    expect(parseContainerNumber(`${b}0`).ok).toBe(true);
  });
});

describe('ISO 6346 properties', () => {
  it('every owner + category + serial with its computed digit validates and round-trips', () => {
    fc.assert(
      fc.property(ownerArb, categoryArb, serialArb, (o, c, s) => {
        const n = formatContainerNumber(o, c, s);
        const r = parseContainerNumber(n);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.value).toEqual({
          number: n,
          ownerCode: o,
          category: c,
          serial: s,
          checkDigit: Number(n[10]),
        });
        expect(formatContainerNumber(r.value.ownerCode, r.value.category, r.value.serial)).toBe(n);
      }),
    );
  });

  it('a wrong check digit is always rejected, naming the right one', () => {
    fc.assert(
      fc.property(validArb, fc.integer({ min: 1, max: 9 }), (n, delta) => {
        const wrong = n.slice(0, 10) + String((Number(n[10]) + delta) % 10);
        const r = parseContainerNumber(wrong);
        expect(r.ok).toBe(false);
        if (r.ok) return;
        expect(r.error.code).toBe('iso6346.check_digit');
        expect(r.error.details).toMatchObject({ expected: Number(n[10]) });
        expect(r.error.message.en).toBe(`${wrong}: check digit should be ${n[10]}`);
      }),
    );
  });

  it('detects every single-character substitution except the two known blind spots', () => {
    // Blind spot 1: two owner-code letters whose values are congruent mod 11 (A/K/U, B/L, C/M, … P/Z):
    // the weighted sum does not change mod 11. Blind spot 2: when the body's remainder is 10 the digit
    // is written 0, like remainder 0, so a change that moves the remainder between 0 and 10 is missed
    // when the check digit is 0. Everything else (all serial digits, the category, the digit) is caught.
    fc.assert(
      fc.property(validArb, fc.integer({ min: 0, max: 10 }), fc.nat(), (n, position, pick) => {
        const alphabet = alphabetAt(position).replace(n[position]!, '');
        const replacement = alphabet[pick % alphabet.length]!;
        const mutated = n.slice(0, position) + replacement + n.slice(position + 1);
        let blindSpot = false;
        if (position < 10) {
          const delta = (charValue(replacement)! - charValue(n[position]!)!) * 2 ** position;
          const before = checkRemainder(n.slice(0, 10));
          const after = (((before + delta) % 11) + 11) % 11;
          blindSpot = after === before || (n[10] === '0' && after + before === 10 && after * before === 0);
        }
        expect(parseContainerNumber(mutated).ok).toBe(blindSpot);
      }),
      { numRuns: 2000 },
    );
  });

  it('serial digits and the category are always protected', () => {
    fc.assert(
      fc.property(validArb, fc.integer({ min: 3, max: 10 }), fc.nat(), (n, position, pick) => {
        fc.pre(!(n[10] === '0'));
        const alphabet = alphabetAt(position).replace(n[position]!, '');
        const replacement = alphabet[pick % alphabet.length]!;
        const mutated = n.slice(0, position) + replacement + n.slice(position + 1);
        expect(parseContainerNumber(mutated).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalization is idempotent and insensitive to inserted separators and case', () => {
    fc.assert(
      fc.property(validArb, fc.array(fc.constantFrom(' ', '-'), { maxLength: 11 }), (n, seps) => {
        const noisy = n
          .split('')
          .map((ch, i) => (i % 2 === 0 ? ch.toLowerCase() : ch) + (seps[i] ?? ''))
          .join('');
        expect(normalizeContainerNumber(noisy)).toBe(n);
        expect(normalizeContainerNumber(normalizeContainerNumber(noisy))).toBe(n);
        const r = parseContainerNumber(noisy);
        expect(r.ok && r.value.number).toBe(n);
      }),
    );
  });
});
