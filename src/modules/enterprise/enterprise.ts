/**
 * What an enterprise of the zones is and how one is checked: names, credit code, zone, sector,
 * investment (CNY minor units), status. Also the import of table rows (CSV/XLSX cells by header)
 * into checked enterprises with a row-level error report (row, column, reason in en/zh). Pure.
 */
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import { parseCreditCode } from './credit-code';

export const ZONES = ['assembly-center', 'bonded-zone', 'warehousing-trading'] as const;
export type Zone = (typeof ZONES)[number];
export const ENTERPRISE_STATUSES = ['active', 'suspended', 'closed'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export const ZONE_NAMES: Readonly<Record<Zone, Bilingual>> = {
  'assembly-center': { en: 'China–Europe Railway Express assembly center', zh: '中欧班列集结中心' },
  'bonded-zone': { en: 'Comprehensive bonded zone', zh: '综合保税区' },
  'warehousing-trading': { en: 'Warehousing & trading industrial zone', zh: '仓储交易产业区' },
};

export interface EnterpriseInput {
  readonly creditCode: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly zone: Zone;
  readonly sector: string;
  /** CNY in minor units (fen). */
  readonly investmentMinor: number;
  readonly status: EnterpriseStatus;
}

function v(field: string, code: string, en: string, zh: string): Violation {
  return { field, code, message: { en, zh } };
}

/** The organization id of an enterprise: stable, derived from its credit code. */
export function enterpriseOrganizationId(creditCode: string): string {
  return `ent-${creditCode.toLowerCase()}`;
}

/** Checks every field of an enterprise; returns all violations (not only the first). */
export function checkEnterprise(raw: {
  creditCode: string;
  nameZh: string;
  nameEn: string;
  zone: string;
  sector: string;
  investmentMinor: number;
  status?: string | undefined;
}): Result<EnterpriseInput> & { violations?: Violation[] } {
  const violations: Violation[] = [];
  const code = parseCreditCode(raw.creditCode, 'creditCode');
  if (!code.ok) violations.push(code.error);
  const nameZh = raw.nameZh.trim();
  const nameEn = raw.nameEn.trim();
  if (!nameZh || nameZh.length > 200)
    violations.push(
      v(
        'nameZh',
        'enterprise.name_zh',
        'give the Chinese name (1–200 characters)',
        '请填写中文名称（1–200 个字符）',
      ),
    );
  if (!nameEn || nameEn.length > 200)
    violations.push(
      v(
        'nameEn',
        'enterprise.name_en',
        'give the English name (1–200 characters)',
        '请填写英文名称（1–200 个字符）',
      ),
    );
  const zone = raw.zone.trim();
  if (!(ZONES as readonly string[]).includes(zone))
    violations.push(
      v(
        'zone',
        'enterprise.zone',
        `zone must be one of ${ZONES.join(', ')}`,
        `园区须为以下之一：${ZONES.join('、')}`,
      ),
    );
  const sector = raw.sector.trim();
  if (!sector || sector.length > 100)
    violations.push(
      v('sector', 'enterprise.sector', 'give the sector (1–100 characters)', '请填写行业（1–100 个字符）'),
    );
  if (!Number.isSafeInteger(raw.investmentMinor) || raw.investmentMinor < 0)
    violations.push(
      v(
        'investmentMinor',
        'enterprise.investment',
        'investment must be a non-negative amount in fen',
        '投资额须为非负整数（分）',
      ),
    );
  const status = (raw.status ?? 'active').trim() || 'active';
  if (!(ENTERPRISE_STATUSES as readonly string[]).includes(status))
    violations.push(
      v(
        'status',
        'enterprise.status',
        `status must be one of ${ENTERPRISE_STATUSES.join(', ')}`,
        `状态须为以下之一：${ENTERPRISE_STATUSES.join('、')}`,
      ),
    );
  if (violations.length > 0) return { ...fail(violations[0]!), violations };
  return ok({
    creditCode: code.ok ? code.value : '',
    nameZh,
    nameEn,
    zone: zone as Zone,
    sector,
    investmentMinor: raw.investmentMinor,
    status: status as EnterpriseStatus,
  });
}

/** `1234.5` or `1,234.50` yuan → 123450 fen; undefined when not an amount with at most 2 decimals. */
export function parseYuan(text: string): number | undefined {
  const t = text.trim().replace(/[,，\s]/g, '');
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(t);
  if (!m) return undefined;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}

/** Columns of the import file (header names, case-insensitive; Chinese headers accepted too). */
export const IMPORT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  creditCode: ['credit_code', 'creditcode', 'uscc', '统一社会信用代码'],
  nameZh: ['name_zh', 'namezh', '企业名称', '中文名称'],
  nameEn: ['name_en', 'nameen', '英文名称'],
  zone: ['zone', '园区'],
  sector: ['sector', '行业'],
  investmentCny: ['investment_cny', 'investment', '投资额', '投资额（元）'],
  status: ['status', '状态'],
};

export interface RowError {
  /** Row number as the spreadsheet shows it (the header is row 1). */
  readonly row: number;
  readonly column: string;
  readonly code: string;
  readonly message: Bilingual;
}

export interface ImportParse {
  readonly rows: Array<{ row: number; enterprise: EnterpriseInput }>;
  readonly errors: RowError[];
}

const FIELD_COLUMN: Record<string, string> = {
  creditCode: 'credit_code',
  nameZh: 'name_zh',
  nameEn: 'name_en',
  zone: 'zone',
  sector: 'sector',
  investmentMinor: 'investment_cny',
  status: 'status',
};

/** A row of a CSV or XLSX sheet with the row number the spreadsheet shows (header = 1). */
export interface SheetRow {
  readonly row: number;
  readonly cells: readonly string[];
}

/** Turns sheet rows (first = header) into checked enterprises and row-level errors. */
export function parseImportTable(table: readonly SheetRow[]): ImportParse {
  const errors: RowError[] = [];
  const headerRow = table[0]?.row ?? 1;
  const header = (table[0]?.cells ?? []).map((h) => h.trim().toLowerCase());
  const index: Record<string, number> = {};
  for (const [key, names] of Object.entries(IMPORT_COLUMNS)) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) index[key] = i;
  }
  const required = ['creditCode', 'nameZh', 'nameEn', 'zone', 'sector', 'investmentCny'];
  const missing = required.filter((k) => index[k] === undefined);
  if (missing.length > 0) {
    for (const k of missing) {
      const col = IMPORT_COLUMNS[k]![0]!;
      errors.push({
        row: headerRow,
        column: col,
        code: 'import.column_missing',
        message: { en: `the header has no column ${col}`, zh: `表头缺少列 ${col}` },
      });
    }
    return { rows: [], errors };
  }
  const rows: ImportParse['rows'] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < table.length; r++) {
    const { cells, row: rowNo } = table[r]!;
    if (cells.every((c) => c.trim() === '')) continue;
    const cell = (k: string) => (index[k] === undefined ? '' : (cells[index[k]!] ?? '').trim());
    const investment = parseYuan(cell('investmentCny'));
    const checked = checkEnterprise({
      creditCode: cell('creditCode'),
      nameZh: cell('nameZh'),
      nameEn: cell('nameEn'),
      zone: cell('zone'),
      sector: cell('sector'),
      investmentMinor: investment ?? -1,
      status: cell('status') || undefined,
    });
    if (!checked.ok) {
      for (const x of checked.violations ?? [checked.error]) {
        const message =
          x.field === 'investmentMinor'
            ? {
                en: `investment must be an amount in yuan with at most 2 decimals, got "${cell('investmentCny')}"`,
                zh: `投资额须为以元计、最多两位小数的金额，实际为“${cell('investmentCny')}”`,
              }
            : x.message;
        errors.push({ row: rowNo, column: FIELD_COLUMN[x.field] ?? x.field, code: x.code, message });
      }
      continue;
    }
    const first = seen.get(checked.value.creditCode);
    if (first !== undefined) {
      errors.push({
        row: rowNo,
        column: 'credit_code',
        code: 'import.duplicate',
        message: {
          en: `credit code ${checked.value.creditCode} already appears in row ${first}`,
          zh: `统一社会信用代码 ${checked.value.creditCode} 已在第 ${first} 行出现`,
        },
      });
      continue;
    }
    seen.set(checked.value.creditCode, rowNo);
    rows.push({ row: rowNo, enterprise: checked.value });
  }
  return { rows, errors };
}
