/**
 * `lugang enterprise import FILE`: enterprises from CSV or XLSX (by extension), upserted by credit
 * code; prints what was created, updated, unchanged and each bad row (row, column, reason). Exits 2
 * when any row was refused (the valid rows are imported all the same).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Locale } from '../../domain/text';
import { loadConfig } from '../../platform/config';
import { readCsv, readXlsx, SheetError } from '../../platform/sheets/sheets';
import { openPlatform } from '../server/platform';
import { InputError } from './io';

export async function runEnterpriseImport(
  file: string,
  opts: { json?: boolean },
  locale: Locale,
): Promise<void> {
  const zh = locale === 'zh';
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (err) {
    throw new InputError(
      `${file}: ${zh ? '无法读取文件' : 'cannot read the file'} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let table: Awaited<ReturnType<typeof readXlsx>>;
  try {
    table = extname(file).toLowerCase() === '.xlsx' ? await readXlsx(data) : readCsv(data.toString('utf8'));
  } catch (err) {
    if (err instanceof SheetError) throw new InputError(`${file}: ${err.message}`);
    throw err;
  }
  const platform = await openPlatform(loadConfig());
  let report: Awaited<ReturnType<typeof platform.services.enterprises.importTable>>;
  try {
    report = await platform.services.enterprises.importTable(table);
  } finally {
    await platform.close();
  }
  if (opts.json) {
    console.log(
      JSON.stringify(
        { ...report, errors: report.errors.map((e) => ({ ...e, message: e.message })) },
        null,
        2,
      ),
    );
  } else {
    console.log(
      zh
        ? `读取 ${report.rows} 行：新增 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}，错误行 ${new Set(report.errors.map((e) => e.row)).size}。`
        : `Read ${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${new Set(report.errors.map((e) => e.row)).size} with errors.`,
    );
    for (const e of report.errors)
      console.log(
        zh
          ? `  第 ${e.row} 行，列 ${e.column}：${e.message.zh}`
          : `  row ${e.row}, column ${e.column}: ${e.message.en}`,
      );
  }
  if (report.errors.length > 0) process.exitCode = 2;
}
