// The booking table: header mapping in English and Chinese, row → booking fields, CSV writing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../platform/sheets/sheets';
import { cellsOf, columnOfField, mapHeader, rawFromCells, toCsv } from './table';

describe('mapHeader', () => {
  it('accepts English, Chinese and spaced spellings', () => {
    const m = mapHeader([
      'Reference',
      '目的地',
      'Gross weight (kg)',
      'HS编码',
      '备妥日期',
      'due date',
      '箱型',
      '箱量',
      'assigned_departure',
    ]);
    expect(m.ok).toBe(true);
    if (!m.ok) return;
    expect([...m.value.byIndex.values()]).toEqual([
      'reference',
      'destination',
      'gross_kg',
      'hs_code',
      'ready_date',
      'due_date',
      'size_type',
      'container_count',
    ]);
    expect(m.value.header.get('destination')).toBe('目的地');
  });
  it('refuses unknown, repeated and missing columns, naming each', () => {
    const m = mapHeader(['reference', '订舱号', 'colour']);
    expect(m.ok).toBe(false);
    if (m.ok) return;
    const fields = m.violations.map((v) => v.field);
    expect(fields).toContain('订舱号');
    expect(fields).toContain('colour');
    expect(fields).toContain('destination');
    expect(fields).toContain('containers');
  });
});

describe('rows', () => {
  it('splits container numbers and maps fields back to their column', () => {
    const m = mapHeader([
      'reference',
      'containers',
      'size_type',
      'gross_kg',
      'hs_code',
      'destination',
      'ready_date',
      'due_date',
    ]);
    if (!m.ok) throw new Error('header');
    const raw = rawFromCells(
      cellsOf(
        ['R', 'CSQU3054383; MSKU1234565，TGHU1', '42G1', '1', '8471', 'DEDUI', '2026-12-01', '2026-12-02'],
        m.value,
      ),
    );
    expect(raw.containers?.[0]?.numbers).toEqual(['CSQU3054383', 'MSKU1234565', 'TGHU1']);
    expect(columnOfField('containers.0.numbers.2')).toBe('containers');
    expect(columnOfField('containers.0.sizeType')).toBe('size_type');
    expect(columnOfField('dg.class')).toBe('dg_class');
  });
});

describe('toCsv', () => {
  it('reads back exactly what it writes (quotes, commas, line breaks, Chinese)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.array(
            fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', '箱', '1'), maxLength: 6 }),
            { minLength: 2, maxLength: 4 },
          ),
          { minLength: 1, maxLength: 5 },
        ),
        (rows) => {
          const width = rows[0]!.length;
          const rect = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
          const back = readCsv(toCsv(rect)).map((r) => r.cells);
          expect(back).toEqual(rect);
        },
      ),
    );
  });
});
