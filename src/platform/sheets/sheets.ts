// Reading and writing the tabular files users upload and download (bookings, enterprises): CSV (the
// codes module's pure RFC 4180 reader) and XLSX (exceljs). Both give rows of text cells with the row
// number a spreadsheet shows (header = 1). Shared by every module that imports or exports a table.
import ExcelJS from 'exceljs';
import { parseCsv } from '../../domain/csv';

export interface SheetRow {
  /** 1-based row number as shown by a spreadsheet (the header is row 1). */
  readonly row: number;
  readonly cells: string[];
}

export class SheetError extends Error {}

export function readCsv(text: string): SheetRow[] {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (err) {
    throw new SheetError((err as Error).message);
  }
  return rows.map((cells, i) => ({ row: i + 1, cells }));
}

/** Text of one cell value: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value)
      return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return String(value.error);
  }
  return String(value);
}

/** The first worksheet's rows (empty rows in between kept out; numbers stay those of the sheet). */
export async function readXlsx(data: Buffer): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(data as unknown as ArrayBuffer);
  } catch (err) {
    throw new SheetError(`not a readable XLSX workbook: ${(err as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new SheetError('the workbook has no worksheet');
  const out: SheetRow[] = [];
  const width = ws.columnCount;
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    out.push({ row: rowNumber, cells });
  });
  return out;
}

/** A one-sheet workbook of text cells with a bold, frozen header row. */
export async function writeXlsx(sheetName: string, rows: readonly (readonly string[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lugang';
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  for (const r of rows) ws.addRow([...r]);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((col) => {
    col.width = 16;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Content types an upload route accepts as a raw CSV or XLSX body (register them as buffers). */
export const SHEET_CONTENT_TYPES = [
  'text/csv',
  'application/csv',
  XLSX_MIME,
  'application/vnd.ms-excel',
  'application/octet-stream',
] as const;

/**
 * What an uploaded body is, by its content type and, for the ambiguous ones browsers send (Excel's
 * `application/vnd.ms-excel` for CSV, `octet-stream`), by its first bytes: a zip is XLSX, the old
 * binary workbook is `xls` (refused by callers), anything else CSV. Undefined: not a table.
 */
export function sheetFormatOf(
  contentType: string | undefined,
  body: Buffer,
): 'csv' | 'xlsx' | 'xls' | undefined {
  const t = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (t === 'text/csv' || t === 'application/csv') return 'csv';
  if (t === XLSX_MIME) return 'xlsx';
  if (t === 'application/vnd.ms-excel' || t === 'application/octet-stream') {
    if (body[0] === 0x50 && body[1] === 0x4b) return 'xlsx';
    if (body[0] === 0xd0 && body[1] === 0xcf) return 'xls';
    return 'csv';
  }
  return undefined;
}

/** Reads a CSV (UTF-8) or XLSX body into sheet rows; throws SheetError when it cannot be read. */
export async function readSheet(format: 'csv' | 'xlsx', body: Buffer): Promise<SheetRow[]> {
  return format === 'csv' ? readCsv(body.toString('utf8')) : readXlsx(body);
}
