// Bookings as a table (pure): the columns of the import/export files with their English and Chinese
// headers, a header row → columns mapping that refuses unknown, repeated or missing columns (nothing
// is dropped silently), a row → RawBooking reader, and which column a Violation's field belongs to.
import type { Violation } from '../../domain/result';
import type { RawBooking } from './input';

export const COLUMN_KEYS = [
  'reference',
  'shipper',
  'forwarder',
  'containers',
  'container_count',
  'size_type',
  'gross_kg',
  'hs_code',
  'dg_un',
  'dg_class',
  'reefer_setpoint_c',
  'origin',
  'destination',
  'ready_date',
  'due_date',
  'priority',
  'customs_mode',
  'status',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** Header in each language (the export writes one of them) and further spellings accepted on import. */
export const COLUMNS: Readonly<Record<ColumnKey, { en: string; zh: string; aliases: readonly string[] }>> = {
  reference: {
    en: 'reference',
    zh: '订舱号',
    aliases: ['booking reference', 'booking ref', 'booking no', '订舱编号'],
  },
  shipper: { en: 'shipper', zh: '发货人', aliases: ['shipper org', 'shipper organization', '托运人'] },
  forwarder: {
    en: 'forwarder',
    zh: '货代',
    aliases: ['forwarder org', 'forwarder organization', '货运代理'],
  },
  containers: { en: 'containers', zh: '箱号', aliases: ['container numbers', 'container no', 'container'] },
  container_count: { en: 'container_count', zh: '箱量', aliases: ['count', 'containers count', '箱数'] },
  size_type: { en: 'size_type', zh: '箱型', aliases: ['sizetype', 'iso size type', '箱型代码'] },
  gross_kg: {
    en: 'gross_kg',
    zh: '毛重千克',
    aliases: ['gross weight kg', 'gross weight', 'weight kg', '毛重', '毛重kg'],
  },
  hs_code: { en: 'hs_code', zh: 'HS编码', aliases: ['hs', '商品编码', '海关编码'] },
  dg_un: { en: 'dg_un', zh: '危险品联合国编号', aliases: ['un', 'un number', 'un no', '联合国编号'] },
  dg_class: { en: 'dg_class', zh: '危险品类别', aliases: ['dg class', 'class', '危规类别'] },
  reefer_setpoint_c: {
    en: 'reefer_setpoint_c',
    zh: '冷藏设定温度',
    aliases: ['setpoint', 'reefer setpoint', '设定温度'],
  },
  origin: { en: 'origin', zh: '始发地', aliases: ['from', '起运地'] },
  destination: { en: 'destination', zh: '目的地', aliases: ['to', '到站', '目的城市'] },
  ready_date: { en: 'ready_date', zh: '备妥日期', aliases: ['ready', '货物备妥日期'] },
  due_date: { en: 'due_date', zh: '交付期限', aliases: ['due', 'deadline', '到达期限'] },
  priority: { en: 'priority', zh: '优先级', aliases: [] },
  customs_mode: { en: 'customs_mode', zh: '监管方式', aliases: ['customs', '海关监管方式', '贸易方式'] },
  status: { en: 'status', zh: '状态', aliases: [] },
};

export const REQUIRED: readonly ColumnKey[] = [
  'reference',
  'destination',
  'ready_date',
  'due_date',
  'gross_kg',
  'hs_code',
  'size_type',
];

/** Columns the export adds that an import reads past (they are set by the system, not by the file). */
export const EXPORT_ONLY = ['assigned_departure', '分配班列'] as const;

/** `Gross weight (kg)` → `grossweightkg`; `毛重（千克）` → `毛重千克`. */
export function normalizeHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-()（）[\]【】:：.°]/g, '');
}

const LOOKUP: ReadonlyMap<string, ColumnKey> = (() => {
  const m = new Map<string, ColumnKey>();
  for (const k of COLUMN_KEYS) {
    const c = COLUMNS[k];
    for (const name of [k, c.en, c.zh, ...c.aliases]) m.set(normalizeHeader(name), k);
  }
  return m;
})();

export interface HeaderMap {
  /** Column index → key. */
  readonly byIndex: ReadonlyMap<number, ColumnKey>;
  /** Key → the header as written in the file (reported back in the row errors). */
  readonly header: ReadonlyMap<ColumnKey, string>;
}

const hv = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code: `booking.import.${code}`,
  message: { en, zh },
});

/** Maps the header row; every unknown, repeated or missing required column is a violation. */
export function mapHeader(
  headers: readonly string[],
): { ok: true; value: HeaderMap } | { ok: false; violations: Violation[] } {
  const byIndex = new Map<number, ColumnKey>();
  const header = new Map<ColumnKey, string>();
  const out: Violation[] = [];
  headers.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') return;
    const key = LOOKUP.get(normalizeHeader(h));
    if (EXPORT_ONLY.some((x) => normalizeHeader(x) === normalizeHeader(h))) return;
    if (!key) {
      out.push(
        hv(
          h,
          'unknown_column',
          `unknown column "${h}" (column ${i + 1}); known columns: ${COLUMN_KEYS.join(', ')}`,
          `未知列“${h}”（第 ${i + 1} 列）；可用列：${COLUMN_KEYS.map((k) => COLUMNS[k].zh).join('、')}`,
        ),
      );
    } else if (header.has(key)) {
      out.push(
        hv(
          h,
          'duplicate_column',
          `column "${h}" repeats "${header.get(key)}"`,
          `列“${h}”与“${header.get(key)}”重复`,
        ),
      );
    } else {
      byIndex.set(i, key);
      header.set(key, h);
    }
  });
  for (const k of REQUIRED)
    if (!header.has(k))
      out.push(
        hv(
          k,
          'missing_column',
          `the file has no column ${k} (${COLUMNS[k].zh})`,
          `文件缺少列 ${COLUMNS[k].zh}（${k}）`,
        ),
      );
  if (!header.has('containers') && !header.has('container_count'))
    out.push(
      hv(
        'containers',
        'missing_column',
        'the file needs a column containers or container_count',
        '文件须有“箱号”或“箱量”列',
      ),
    );
  return out.length > 0 ? { ok: false, violations: out } : { ok: true, value: { byIndex, header } };
}

/** The cells of one row by column key (trimmed text). */
export function cellsOf(row: readonly string[], map: HeaderMap): Partial<Record<ColumnKey, string>> {
  const cells: Partial<Record<ColumnKey, string>> = {};
  for (const [i, k] of map.byIndex) cells[k] = (row[i] ?? '').trim();
  return cells;
}

export function isBlankRow(row: readonly string[]): boolean {
  return row.every((c) => c.trim() === '');
}

/** A row's cells as the booking validator's input. Container numbers are split on spaces, commas, semicolons. */
export function rawFromCells(c: Partial<Record<ColumnKey, string>>): RawBooking {
  const numbers = (c.containers ?? '').split(/[\s,;，；、]+/).filter((x) => x !== '');
  return {
    reference: c.reference,
    shipperOrg: c.shipper,
    forwarderOrg: c.forwarder,
    containers: [{ sizeType: c.size_type, count: c.container_count || undefined, numbers }],
    grossKg: c.gross_kg,
    hsCode: c.hs_code,
    dgUn: c.dg_un,
    dgClass: c.dg_class,
    reeferSetpointC: c.reefer_setpoint_c,
    origin: c.origin,
    destination: c.destination,
    readyDate: c.ready_date,
    dueDate: c.due_date,
    priority: c.priority,
    customsMode: c.customs_mode,
    status: c.status,
  };
}

/** The column a validator field belongs to: `containers.0.numbers.2` → containers, `dg.un` → dg_un. */
export function columnOfField(field: string): ColumnKey | undefined {
  if (/^containers\.\d+\.numbers/.test(field) || field === 'containers') return 'containers';
  if (/^containers\.\d+\.count$/.test(field)) return 'container_count';
  if (/^containers\.\d+\.sizeType$/.test(field)) return 'size_type';
  const direct: Record<string, ColumnKey> = {
    reference: 'reference',
    shipperOrg: 'shipper',
    forwarderOrg: 'forwarder',
    organizationId: 'forwarder',
    grossKg: 'gross_kg',
    hsCode: 'hs_code',
    'dg.un': 'dg_un',
    'dg.class': 'dg_class',
    reeferSetpointC: 'reefer_setpoint_c',
    origin: 'origin',
    destination: 'destination',
    readyDate: 'ready_date',
    dueDate: 'due_date',
    priority: 'priority',
    customsMode: 'customs_mode',
    status: 'status',
  };
  return direct[field];
}

/** Writes rows as RFC 4180 CSV (CRLF, fields quoted when needed) with a UTF-8 BOM for spreadsheets. */
export function toCsv(rows: readonly (readonly string[])[]): string {
  const q = (s: string) => (/[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  return `\uFEFF${rows.map((r) => r.map(q).join(',')).join('\r\n')}\r\n`;
}
