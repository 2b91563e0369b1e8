import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from './csv';

/** A reference writer: quote every field that needs it, double the quotes. */
function writeCsv(rows: string[][], eol: string): string {
  return rows
    .map((r) => r.map((f) => (/[",\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f)).join(','))
    .join(eol);
}

describe('CSV reader', () => {
  it('reads quoted fields with commas and doubled quotes', () => {
    expect(parseCsv('a,b,c\n1,"x, y","say ""hi"""\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
    ]);
  });

  it('drops a leading BOM and handles CRLF, empty fields and a missing final newline', () => {
    expect(parseCsv('\uFEFFsection,name\r\nI,"live animals"\r\nII,')).toEqual([
      ['section', 'name'],
      ['I', 'live animals'],
      ['II', ''],
    ]);
  });

  it('keeps line breaks inside quotes', () => {
    expect(parseCsv('a,b\n"line 1\nline 2",x\n')).toEqual([
      ['a', 'b'],
      ['line 1\nline 2', 'x'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a\n"oops\n')).toThrow(/unterminated/);
  });

  it('builds records from the header and names a ragged row', () => {
    expect(parseCsvRecords('\uFEFFk,v\n1,"a,b"\n\n2,c\n')).toEqual([
      { k: '1', v: 'a,b' },
      { k: '2', v: 'c' },
    ]);
    expect(() => parseCsvRecords('k,v\n1,2,3\n')).toThrow(/row 2 has 3 fields/);
  });

  it('reads back whatever a correct writer wrote (LF and CRLF)', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', '中'),
      maxLength: 6,
    });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((w) =>
            fc.array(fc.array(cell, { minLength: w, maxLength: w }), { minLength: 1, maxLength: 6 }),
          ),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          expect(parseCsv(writeCsv(rows, eol))).toEqual(rows);
          expect(parseCsv(`\uFEFF${writeCsv(rows, eol)}${eol}`)).toEqual(rows);
        },
      ),
    );
  });
});
