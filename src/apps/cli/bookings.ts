/**
 * `lugang bookings import FILE [--org ORG] [--json]`: bookings from CSV or XLSX (by extension) into
 * the local database, as the port operator (rows name their forwarder/shipper, or --org gives the
 * owner). Prints imported, updated, unchanged and each refused row (row, column, reason). Exits 2 when
 * any row was refused or the file cannot be used (the valid rows are imported all the same).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Locale } from '../../domain/text';
import { loadConfig } from '../../platform/config';
import type { Principal } from '../../platform/http/access';
import { openPlatform } from '../server/platform';
import { InputError } from './io';

/** The operator at the host's shell: imports for any organization. */
const OPERATOR: Principal = {
  kind: 'user',
  userId: 'cli',
  username: 'cli',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['admin'],
  tokenId: 'cli',
};

export async function runBookingImport(
  file: string,
  opts: { org?: string; json?: boolean },
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
  const format = extname(file).toLowerCase() === '.xlsx' ? 'xlsx' : 'csv';
  const platform = await openPlatform(loadConfig());
  let result: Awaited<ReturnType<typeof platform.services.bookings.importFile>>;
  try {
    result = await platform.services.bookings.importFile(OPERATOR, format, data, opts.org);
  } finally {
    await platform.close();
  }
  if (!result.ok)
    throw new InputError(
      result.violations.map((v) => `${file}: ${v.field}: ${v.message[locale]}`).join('\n'),
    );
  const r = result.value;
  if (opts.json) console.log(JSON.stringify(r, null, 2));
  else {
    console.log(
      zh
        ? `新增 ${r.imported}，更新 ${r.updated}，未变 ${r.unchanged}，错误行 ${new Set(r.rejected.map((e) => e.row)).size}。`
        : `${r.imported} imported, ${r.updated} updated, ${r.unchanged} unchanged, ${new Set(r.rejected.map((e) => e.row)).size} rows refused.`,
    );
    for (const e of r.rejected)
      console.log(
        zh
          ? `  第 ${e.row} 行，列 ${e.column}：${e.reason.zh}`
          : `  row ${e.row}, column ${e.column}: ${e.reason.en}`,
      );
  }
  if (r.rejected.length > 0) process.exitCode = 2;
}
