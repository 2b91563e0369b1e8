import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMON_SIZE_TYPES, parseSizeType, type SizeType } from './size-type';

function get(code: string): SizeType {
  const r = parseSizeType(code);
  if (!r.ok) throw new Error(`${code}: ${r.error.message.en}`);
  return r.value;
}

describe('ISO 6346 size-type examples', () => {
  it.each([
    // code, lengthFt, lengthMm, heightMm, highCube, kind, teu
    ['22G1', 20, 6058, 2591, false, 'dry', 1],
    ['22G0', 20, 6058, 2591, false, 'dry', 1],
    ['25G1', 20, 6058, 2896, true, 'dry', 1],
    ['22R1', 20, 6058, 2591, false, 'reefer', 1],
    ['22U1', 20, 6058, 2591, false, 'open-top', 1],
    ['22P1', 20, 6058, 2591, false, 'flat', 1],
    ['22P0', 20, 6058, 2591, false, 'platform', 1],
    ['22T1', 20, 6058, 2591, false, 'tank', 1],
    ['22B1', 20, 6058, 2591, false, 'bulk', 1],
    ['22V0', 20, 6058, 2591, false, 'ventilated', 1],
    ['32G1', 30, 9125, 2591, false, 'dry', 1.5],
    ['42G1', 40, 12192, 2591, false, 'dry', 2],
    ['45G1', 40, 12192, 2896, true, 'dry', 2],
    ['42R1', 40, 12192, 2591, false, 'reefer', 2],
    ['45R1', 40, 12192, 2896, true, 'reefer', 2],
    ['42U1', 40, 12192, 2591, false, 'open-top', 2],
    ['42P1', 40, 12192, 2591, false, 'flat', 2],
    ['45U1', 40, 12192, 2896, true, 'open-top', 2],
    ['42T1', 40, 12192, 2591, false, 'tank', 2],
    ['L5G1', 45, 13716, 2896, true, 'dry', 2.25],
    ['L5R1', 45, 13716, 2896, true, 'reefer', 2.25],
  ] as const)(
    '%s → %i ft, %i mm long, %i mm high, high cube %s, %s, %s TEU',
    (code, ft, lmm, hmm, hc, kind, teu) => {
      const s = get(code);
      expect(s).toMatchObject({ code, lengthFt: ft, lengthMm: lmm, heightMm: hmm, highCube: hc, kind, teu });
      expect(s.name.en).toContain(`${ft}'`);
      expect(s.name.zh).toContain(`${ft}英尺`);
      expect(s.typeDescription.zh).toMatch(/[\u4e00-\u9fff]/);
    },
  );

  it('names a 40 ft high-cube reefer in both languages', () => {
    expect(get('45R1').name).toEqual({ en: `40' high cube reefer (9'6")`, zh: `40英尺高箱冷藏箱（9'6"）` });
  });

  it('every code offered first parses', () => {
    for (const code of COMMON_SIZE_TYPES) expect(get(code).code).toBe(code);
  });

  it('understands valid codes that are in no list, and normalizes case and blanks', () => {
    expect(get('25U5')).toMatchObject({ kind: 'open-top', lengthFt: 20, highCube: true });
    expect(get('L2T9')).toMatchObject({ kind: 'tank', lengthFt: 45, heightMm: 2591 });
    expect(get(' l5g1 ').code).toBe('L5G1');
    expect(get('46G1')).toMatchObject({ heightMm: 2896, heightExact: false, highCube: true });
  });

  it.each([
    ['22G', 'size_type.format'],
    ['22GG', 'size_type.format'],
    ['2210', 'size_type.format'],
    ['12G1', 'size_type.length'],
    ['B2G1', 'size_type.length'],
    ['23G1', 'size_type.height'],
    ['22X1', 'size_type.type'],
    ['22H5', 'size_type.type'],
    ['22G5', 'size_type.type'],
    ['22B2', 'size_type.type'],
    // ISO 6346:1995 defines only V0, V2 and V4 for ventilated containers; V1 is a spare number.
    ['22V1', 'size_type.type'],
  ])('rejects %s with %s', (input, code) => {
    const r = parseSizeType(input, 'sizeType');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.field).toBe('sizeType');
    expect(r.error.message.en.startsWith(`${input.toUpperCase()}: `)).toBe(true);
    expect(r.error.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('says which ventilated types exist when given 22V1', () => {
    const r = parseSizeType('22V1');
    expect(!r.ok && r.error.message.en).toContain('V0, V2, V4');
  });
});

describe('ISO 6346 size-type properties', () => {
  const charArb = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  const codeArb = fc.tuple(charArb, charArb, charArb, charArb).map((cs) => cs.join(''));

  it('any 4 characters either parse consistently or fail with a size_type code, never throw', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        const r = parseSizeType(code);
        if (!r.ok) {
          expect(r.error.code).toMatch(/^size_type\.(format|length|height|type)$/);
          return;
        }
        const s = r.value;
        expect(s.code).toBe(code);
        expect(s.typeCode).toBe(code.slice(2));
        expect({ '2': 20, '3': 30, '4': 40, L: 45 }[code[0]!]).toBe(s.lengthFt);
        expect(s.highCube).toBe(code[1] === '5' || code[1] === '6');
        expect(s.teu).toBe(s.lengthFt / 20);
        expect(parseSizeType(code.toLowerCase())).toEqual(r);
      }),
      { numRuns: 3000 },
    );
  });

  it('changing only the length character keeps height and kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...COMMON_SIZE_TYPES), fc.constantFrom('2', '3', '4', 'L'), (code, len) => {
        const a = get(code);
        const b = get(len + code.slice(1));
        expect([b.heightMm, b.kind, b.highCube]).toEqual([a.heightMm, a.kind, a.highCube]);
      }),
    );
  });
});
