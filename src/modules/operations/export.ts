/**
 * The statistics as tables for export: one table per figure (totals, by route, country, city,
 * month, goods), headers in the chosen language. `statisticsTables` is pure; CSV (RFC 4180, UTF-8
 * with BOM so spreadsheet programs read the Chinese) and XLSX (one sheet per table, exceljs).
 */
import ExcelJS from 'exceljs';
import type { Statistics } from './figures';

export type Lang = 'en' | 'zh';

export interface Table {
  readonly id: string;
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<ReadonlyArray<string | number>>;
}

const H = {
  totals: { en: 'Totals', zh: '合计' },
  routes: { en: 'By route', zh: '按线路' },
  countries: { en: 'By country', zh: '按国家和地区' },
  cities: { en: 'By city', zh: '按城市' },
  months: { en: 'By month', zh: '按月' },
  goods: { en: 'Goods by HS chapter', zh: '按 HS 章的货物' },
  figure: { en: 'Figure', zh: '指标' },
  value: { en: 'Value', zh: '数值' },
  key: { en: 'Code', zh: '代码' },
  name: { en: 'Name', zh: '名称' },
  trains: { en: 'Trains', zh: '列数' },
  teu: { en: 'TEU', zh: '标箱' },
  month: { en: 'Month', zh: '月份' },
  cumulative: { en: 'Cumulative trains', zh: '累计列数' },
  chapter: { en: 'HS chapter', zh: 'HS 章' },
  direction: { en: 'Direction', zh: '方向' },
  bookings: { en: 'Bookings', zh: '订舱数' },
  from: { en: 'From', zh: '起始日' },
  to: { en: 'To', zh: '截止日' },
  cumulativeTrains: { en: 'Cumulative trains (to the end of the period)', zh: '累计开行列数（至期末）' },
  routesN: { en: 'Routes run', zh: '开行线路数' },
  citiesN: { en: 'Cities reached', zh: '通达城市数' },
  countriesN: { en: 'Countries and regions reached', zh: '通达国家和地区数' },
  goodsN: { en: 'Goods categories (HS headings)', zh: '货物品类（HS 品目）' },
  assumed: { en: 'Boxes of unknown size counted as 2 TEU', zh: '尺寸未知按 2 标箱计的箱数' },
  export: { en: 'export', zh: '出口' },
  import: { en: 'import', zh: '进口' },
  transit: { en: 'transit', zh: '过境' },
} as const;

export function statisticsTables(s: Statistics, lang: Lang): Table[] {
  const t = (k: keyof typeof H) => H[k][lang];
  const t0 = s.totals;
  return [
    {
      id: 'totals',
      title: t('totals'),
      header: [t('figure'), t('value')],
      rows: [
        [t('from'), s.period.from],
        [t('to'), s.period.to],
        [t('trains'), t0.trains],
        [t('teu'), t0.teu],
        [t('cumulativeTrains'), t0.cumulativeTrains],
        [t('routesN'), t0.routes],
        [t('citiesN'), t0.cities],
        [t('countriesN'), t0.countries],
        [t('goodsN'), t0.goodsCategories],
        [t('assumed'), t0.assumedBoxes],
      ],
    },
    {
      id: 'routes',
      title: t('routes'),
      header: [t('key'), t('name'), t('trains'), t('teu')],
      rows: s.byRoute.map((r) => [r.key, r.label[lang], r.trains, r.teu]),
    },
    {
      id: 'countries',
      title: t('countries'),
      header: [t('key'), t('name'), t('trains'), t('teu')],
      rows: s.byCountry.map((r) => [r.key, r.label[lang], r.trains, r.teu]),
    },
    {
      id: 'cities',
      title: t('cities'),
      header: [t('key'), t('name'), t('trains'), t('teu')],
      rows: s.byCity.map((r) => [r.key, r.label[lang], r.trains, r.teu]),
    },
    {
      id: 'months',
      title: t('months'),
      header: [t('month'), t('trains'), t('teu'), t('cumulative')],
      rows: s.byMonth.map((m) => [m.month, m.trains, m.teu, m.cumulativeTrains]),
    },
    {
      id: 'goods',
      title: t('goods'),
      header: [t('chapter'), t('direction'), t('bookings'), t('teu')],
      rows: s.goods.map((g) => [g.chapter, t(g.direction), g.bookings, g.teu]),
    },
  ];
}

function csvCell(v: string | number): string {
  const s = String(v);
  // a leading = + - @ would be a formula in a spreadsheet: neutralise it
  const safe = /^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** All tables in one CSV: each headed by its title line, separated by an empty line. */
export function toCsv(tables: readonly Table[]): string {
  const lines: string[] = [];
  for (const [i, t] of tables.entries()) {
    if (i > 0) lines.push('');
    lines.push(csvCell(t.title));
    lines.push(t.header.map(csvCell).join(','));
    for (const r of t.rows) lines.push(r.map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(tables: readonly Table[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lugang';
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title.slice(0, 31));
    ws.addRow([...t.header]).font = { bold: true };
    for (const r of t.rows) ws.addRow([...r]);
    ws.columns.forEach((c) => {
      c.width = 18;
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
