import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHsCode, HsIndex, type HsRow, parseHsCodeSyntax } from './hs';

// A tiny excerpt in the shipped table's shape; the full table is tested in src/modules/codes.
const ROWS: HsRow[] = [
  {
    section: 'IV',
    hscode: '20',
    description: 'Preparations of vegetables, fruit, nuts',
    parent: 'TOTAL',
    level: '2',
  },
  { section: 'IV', hscode: '2002', description: 'Tomatoes; prepared or preserved', parent: '20', level: '4' },
  {
    section: 'IV',
    hscode: '200210',
    description: 'Tomatoes; whole or in pieces',
    parent: '2002',
    level: '6',
  },
  { section: 'IV', hscode: '200290', description: 'Tomatoes; other than whole', parent: '2002', level: 6 },
  { section: 'TOTAL', hscode: '99', description: 'Commodities not specified', parent: 'TOTAL', level: '2' },
  {
    section: 'TOTAL',
    hscode: 'TOTAL',
    description: 'Total of all HS2022 commodities',
    parent: 'TOTAL',
    level: '5',
  },
];
const SECTIONS = [{ section: 'IV', name: 'Prepared foodstuffs' }];
const index = HsIndex.fromRows(ROWS, SECTIONS, 'HS 2022');

describe('HS code syntax', () => {
  it.each([
    ['2002.10', '200210'],
    ['2002 10', '200210'],
    ['200210', '200210'],
    ['2002', '2002'],
    [' 20 ', '20'],
  ])('%s → %s', (input, digits) => {
    expect(parseHsCodeSyntax(input)).toEqual({ ok: true, value: digits });
  });

  it.each(['2', '200', '20021', '2002.1', 'ab', '', '2002-10'])('rejects %s with hs.format', (input) => {
    const r = parseHsCodeSyntax(input, 'hsCode');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ field: 'hsCode', code: 'hs.format' });
    expect(r.error.message.zh).toContain('HS 编码');
  });

  it('tells a user with a 10-digit national code to use its first 6 digits', () => {
    const r = parseHsCodeSyntax('2002.9011.00');
    expect(!r.ok && r.error.message.en).toContain('first 6 digits');
  });

  it('formats and re-parses any 2/4/6-digit code', () => {
    fc.assert(
      fc.property(fc.constantFrom(2, 4, 6), fc.nat(999_999), (len, n) => {
        const code = String(n).padStart(6, '0').slice(0, len);
        expect(parseHsCodeSyntax(formatHsCode(code))).toEqual({ ok: true, value: code });
      }),
    );
  });
});

describe('HsIndex', () => {
  it('skips the TOTAL row and treats the TOTAL section as none', () => {
    expect(index.size).toBe(5);
    const r = index.lookup('99');
    expect(r.ok && r.value.section).toBeNull();
  });

  it('looks up a subheading with chapter, heading, section and parents up to the chapter', () => {
    const r = index.lookup('2002.10');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      code: '200210',
      display: '2002.10',
      description: 'Tomatoes; whole or in pieces',
      level: 6,
      chapter: '20',
      heading: '2002',
      section: { id: 'IV', name: 'Prepared foodstuffs' },
    });
    expect(r.value.parents.map((p) => p.code)).toEqual(['2002', '20']);
  });

  it('a chapter has no heading and no parents', () => {
    const r = index.lookup('20');
    expect(r.ok && [r.value.heading, r.value.parents.length, r.value.level]).toEqual([null, 0, 2]);
  });

  it('a well-formed code outside the table is hs.unknown, naming the nearest code that exists', () => {
    const r = index.lookup('2002.50', 'hsCode');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      field: 'hsCode',
      code: 'hs.unknown',
      details: { code: '200250', nearest: '2002' },
    });
    expect(r.error.message.en).toBe('HS code 2002.50 is not in the HS 2022 table; 2002 exists');
    expect(r.error.message.zh).toBe('HS 编码 2002.50 不在 HS 2022 编码表中；2002 存在');
    const far = index.lookup('7700');
    expect(!far.ok && far.error.details).toEqual({ code: '7700' });
  });

  it('a malformed code is hs.format, not hs.unknown', () => {
    const r = index.lookup('20021');
    expect(!r.ok && r.error.code).toBe('hs.format');
  });

  it('lists children', () => {
    expect(index.children('2002').map((e) => e.code)).toEqual(['200210', '200290']);
  });

  it('refuses an inconsistent table', () => {
    const base = ROWS.slice(0, 2);
    expect(() => HsIndex.fromRows([...base, { ...ROWS[2]!, parent: '2003' }])).toThrow(/parent/);
    expect(() => HsIndex.fromRows([...base, { ...ROWS[2]!, level: '4' }])).toThrow(/level/);
    expect(() => HsIndex.fromRows([...base, ROWS[1]!])).toThrow(/duplicate/);
    expect(() => HsIndex.fromRows([ROWS[2]!])).toThrow(/parent/);
  });
});
