import { describe, expect, it } from 'vitest';
import { readCsv, readSheet, readXlsx, SheetError, sheetFormatOf, writeXlsx, XLSX_MIME } from './sheets';

describe('sheets (CSV and XLSX uploads)', () => {
  it('reads CSV with spreadsheet row numbers and round-trips a table through XLSX', async () => {
    const table = [
      ['credit_code', 'name_zh'],
      ['91350100M000100Y43', '陆港塑业, "总部"'],
    ];
    const xlsx = await writeXlsx('t', table);
    expect((await readXlsx(xlsx)).map((r) => [r.row, r.cells])).toEqual([
      [1, table[0]],
      [2, table[1]],
    ]);
    expect(readCsv('a,b\n1,"x, y"\n').map((r) => r.row)).toEqual([1, 2]);
    expect((await readSheet('xlsx', xlsx))[1]!.cells[1]).toBe('陆港塑业, "总部"');
  });

  it('tells CSV, XLSX and the old .xls apart by content type and first bytes', async () => {
    const zip = await writeXlsx('t', [['a']]);
    const csv = Buffer.from('a,b\n');
    expect(sheetFormatOf('text/csv; charset=utf-8', csv)).toBe('csv');
    expect(sheetFormatOf(XLSX_MIME, zip)).toBe('xlsx');
    expect(sheetFormatOf('application/octet-stream', zip)).toBe('xlsx');
    expect(sheetFormatOf('application/vnd.ms-excel', csv)).toBe('csv');
    expect(sheetFormatOf('application/vnd.ms-excel', Buffer.from([0xd0, 0xcf, 0x11]))).toBe('xls');
    expect(sheetFormatOf('application/json', csv)).toBeUndefined();
  });

  it('refuses what is not a workbook or an unterminated CSV field with a SheetError', async () => {
    await expect(readSheet('xlsx', Buffer.from('not a zip'))).rejects.toBeInstanceOf(SheetError);
    expect(() => readCsv('a\n"oops\n')).toThrow(SheetError);
  });
});
