/**
 * The compliance report of one box on one journey as CSV (UTF-8 with BOM, bilingual headers) and as
 * PDF (A4, Chinese and English labels, a temperature chart with the band). The PDF embeds a CJK font:
 * `LUGANG_PDF_FONT` (a .ttf/.otf/.ttc path, optionally `path#PostScriptName`) or the first Debian font
 * found (fonts-noto-cjk, fonts-wqy-microhei, fonts-droid-fallback); without one it falls back to
 * Helvetica and English labels only, and says so on the page.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { ComplianceReport } from './service';

const SEVERITY_ZH = { minor: '轻微', major: '严重', critical: '危急' } as const;
const STATUS_ZH = { open: '未确认', acknowledged: '已确认', cleared: '已解除' } as const;
const DIRECTION_ZH = { high: '超上限', low: '低于下限' } as const;
const KIND_ZH = { excursion: '超温', silent: '设备失联' } as const;

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // a leading = + - @ would be a formula in a spreadsheet
  const safe = /^[=+\-@\t\r]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const line = (cells: unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

export function reportCsv(r: ComplianceReport): string {
  const s = r.summary;
  const p = r.profile;
  let out = '\uFEFF';
  out += line(['字段 field', '值 value']);
  const rows: Array<[string, unknown]> = [
    ['集装箱 box', r.assignment.equipment],
    ['行程 journey', r.assignment.journey],
    ['货主组织 owner', r.assignment.organizationId],
    ['开始 start', r.assignment.startsAt],
    ['结束 end', r.assignment.endsAt ?? ''],
    ['温度档案 profile', `${p.id} v${p.version} (${p.nameZh} / ${p.nameEn})`],
    ['温度带 band °C', `${p.minC}…${p.maxC}`],
    ['容许时间 tolerance min', p.toleranceMinutes],
    ['回差 hysteresis °C', p.hysteresisC],
    ['解除时间 clear after min', p.clearMinutes],
    ['读数 readings', s.readings],
    ['首个读数 first reading', s.firstReadingAt ?? ''],
    ['末个读数 last reading', s.lastReadingAt ?? ''],
    ['覆盖时长 covered min', s.coveredMinutes],
    ['带内时长 in band min', s.inBandMinutes],
    ['带外时长 out of band min', s.outOfBandMinutes],
    ['带内占比 in band share', s.inBandShare],
    ['最低 min °C', s.minC ?? ''],
    ['最高 max °C', s.maxC ?? ''],
    ['平均 mean °C', s.meanC ?? ''],
    ['最大偏差 max deviation °C', s.maxDeviationC],
    ['平均动力学温度 MKT °C', s.meanKineticC ?? ''],
    ['ΔH/R K', s.dhOverR],
    ['最长读数间隔 longest gap min', s.longestGapMinutes],
    ['生成时间 generated', r.generatedAt],
  ];
  for (const [k, v] of rows) out += line([k, v]);
  out += '\r\n';
  out += line([
    '超温段 out-of-band run',
    '开始 start',
    '结束 end',
    '分钟 minutes',
    '方向 direction',
    '峰值 peak °C',
    '最大偏差 max deviation °C',
    '超过容许时间 beyond tolerance',
  ]);
  for (const [i, x] of s.runs.entries())
    out += line([
      i + 1,
      x.startedAt,
      x.endedAt,
      x.minutes,
      x.direction,
      x.peakC,
      x.maxDeviationC,
      x.beyondTolerance,
    ]);
  out += '\r\n';
  out += line([
    '告警 alarm',
    '级别 severity',
    '状态 status',
    '开始 started',
    '告警时间 raised',
    '解除时间 cleared',
    '最大偏差 max deviation °C',
    '带外分钟 out of band min',
    '确认人 acknowledged by',
    '确认时间 acknowledged at',
    '类型 kind',
  ]);
  for (const a of r.alarms)
    out += line([
      a.id,
      a.severity,
      a.status,
      a.startedAt,
      a.raisedAt,
      a.clearedAt ?? '',
      a.maxDeviationC,
      a.outMinutes,
      a.acknowledgedBy ?? '',
      a.acknowledgedAt ?? '',
      a.kind,
    ]);
  return out;
}

// ── PDF ──────────────────────────────────────────────────────────────────────────────────────────

const FONT_CANDIDATES: Array<[string, string | undefined]> = [
  ['/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'NotoSansCJKsc-Regular'],
  ['/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc', 'NotoSerifCJKsc-Regular'],
  ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', 'WenQuanYiMicroHei'],
  ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', 'WenQuanYiZenHei'],
  ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', undefined],
];

let fontCache: { data: Buffer; family: string | undefined; path: string } | null | undefined;

/** The CJK font embedded in the PDF, read once; null when the machine has none. */
export function cjkFont(): { data: Buffer; family: string | undefined; path: string } | null {
  if (fontCache !== undefined) return fontCache;
  const env = process.env.LUGANG_PDF_FONT;
  const candidates: Array<[string, string | undefined]> = env
    ? [[env.split('#')[0]!, env.split('#')[1]], ...FONT_CANDIDATES]
    : FONT_CANDIDATES;
  fontCache = null;
  for (const [path, family] of candidates) {
    if (!existsSync(path)) continue;
    fontCache = { data: readFileSync(path), family, path };
    break;
  }
  return fontCache;
}

const fmtTime = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—');
const fmtNum = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

export function reportPdf(r: ComplianceReport): Promise<Buffer> {
  const series = r.series;
  const font = cjkFont();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 40,
    info: {
      Title: `Cold-chain compliance ${r.assignment.equipment} ${r.assignment.journey}`,
      Producer: 'Lugang',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font) doc.registerFont('cjk', font.data, font.family);
  const body = font ? 'cjk' : 'Helvetica';
  // with no CJK font, every label keeps only its English half
  const label = (zh: string, en: string) => (font ? `${zh} ${en}` : en);

  const s = r.summary;
  const p = r.profile;
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  doc
    .font(body)
    .fontSize(18)
    .fillColor('#0b3d62')
    .text(label('冷链合规报告', 'Cold-chain compliance report'));
  doc.moveDown(0.2);
  doc
    .fontSize(10)
    .fillColor('#444')
    .text(`${label('生成时间', 'Generated')}: ${fmtTime(r.generatedAt)} · Lugang 陆港`);
  if (!font) doc.text('(no CJK font found on this machine: English labels only)');
  doc.moveDown(0.6);

  const kv = (rows: Array<[string, string]>) => {
    const col = 200;
    for (const [k, v] of rows) {
      const y = doc.y;
      doc
        .fillColor('#555')
        .fontSize(10)
        .text(k, left, y, { width: col - 10 });
      const h1 = doc.y;
      doc.fillColor('#000').text(v, left + col, y, { width: width - col });
      doc.y = Math.max(h1, doc.y) + 2;
    }
  };
  const heading = (t: string) => {
    doc.moveDown(0.5);
    doc.x = left;
    doc.font(body).fontSize(13).fillColor('#0b3d62').text(t, left);
    doc.moveDown(0.2);
  };

  heading(label('箱与行程', 'Box and journey'));
  kv([
    [label('集装箱', 'Box'), r.assignment.equipment],
    [label('行程', 'Journey'), r.assignment.journey],
    [label('货主组织', 'Owner'), r.assignment.organizationId],
    [
      label('期间', 'Window'),
      `${fmtTime(r.assignment.startsAt)} → ${r.assignment.endsAt ? fmtTime(r.assignment.endsAt) : label('进行中', 'ongoing')}`,
    ],
    [
      label('温度档案', 'Profile'),
      font ? `${p.nameZh} / ${p.nameEn} (${p.id} v${p.version})` : `${p.nameEn} (${p.id} v${p.version})`,
    ],
    [
      label('温度带', 'Band'),
      `${p.minC} … ${p.maxC} °C · ${label('容许', 'tolerance')} ${p.toleranceMinutes} min · ${label('回差', 'hysteresis')} ${p.hysteresisC} °C / ${p.clearMinutes} min`,
    ],
  ]);

  heading(label('合规指标', 'Compliance figures'));
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  kv([
    [label('读数', 'Readings'), `${s.readings} (${fmtTime(s.firstReadingAt)} → ${fmtTime(s.lastReadingAt)})`],
    [label('带内时长', 'Time in band'), `${fmtNum(s.inBandMinutes / 60)} h (${pct(s.inBandShare)})`],
    [label('带外时长', 'Time out of band'), `${fmtNum(s.outOfBandMinutes / 60)} h`],
    [label('最大偏差', 'Max deviation'), `${fmtNum(s.maxDeviationC)} °C`],
    [
      label('最低 / 平均 / 最高', 'Min / mean / max'),
      `${fmtNum(s.minC)} / ${fmtNum(s.meanC)} / ${fmtNum(s.maxC)} °C`,
    ],
    [
      label('平均动力学温度', 'Mean kinetic temperature'),
      `${fmtNum(s.meanKineticC)} °C (ΔH/R = ${s.dhOverR} K, USP <1079.2>)`,
    ],
    [label('最长读数间隔', 'Longest gap'), `${fmtNum(s.longestGapMinutes, 0)} min`],
  ]);

  // the chart: temperature against time, the band shaded
  if (series.length >= 2) {
    heading(label('温度曲线', 'Temperature'));
    const top = doc.y + 4;
    const h = 150;
    const x0 = left + 30;
    const w = width - 30;
    const t0 = Date.parse(series[0]!.time);
    const t1 = Math.max(Date.parse(series[series.length - 1]!.time), t0 + 1);
    let lo = Math.min(p.minC, ...series.map((x) => x.temperatureC)) - 1;
    let hi = Math.max(p.maxC, ...series.map((x) => x.temperatureC)) + 1;
    if (hi - lo < 2) {
      lo -= 1;
      hi += 1;
    }
    const xOf = (t: number) => x0 + ((t - t0) / (t1 - t0)) * w;
    const yOf = (c: number) => top + h - ((c - lo) / (hi - lo)) * h;
    doc.save();
    doc.rect(x0, yOf(p.maxC), w, yOf(p.minC) - yOf(p.maxC)).fill('#d8f0dc');
    doc.restore();
    doc.rect(x0, top, w, h).lineWidth(0.5).stroke('#999');
    doc.fontSize(7).fillColor('#555');
    for (const c of [lo, p.minC, p.maxC, hi])
      doc.text(`${c.toFixed(1)}`, left, yOf(c) - 3, { width: 26, align: 'right' });
    doc.text(fmtTime(series[0]!.time), x0, top + h + 3);
    doc.text(fmtTime(series[series.length - 1]!.time), x0 + w - 120, top + h + 3, {
      width: 120,
      align: 'right',
    });
    doc.moveTo(xOf(t0), yOf(series[0]!.temperatureC));
    // held between readings, as the figures are computed
    let prevC = series[0]!.temperatureC;
    for (const pt of series) {
      const x = xOf(Date.parse(pt.time));
      doc.lineTo(x, yOf(prevC)).lineTo(x, yOf(pt.temperatureC));
      prevC = pt.temperatureC;
    }
    doc.lineWidth(1).stroke('#c0392b');
    doc.y = top + h + 16;
    doc.x = left;
  }

  heading(label('告警', 'Alarms'));
  doc.fontSize(9).fillColor('#000');
  if (r.alarms.length === 0) doc.text(label('无', 'none'), left);
  for (const a of r.alarms) {
    const sev = font ? `${SEVERITY_ZH[a.severity]} ${a.severity}` : a.severity;
    const st = font ? `${STATUS_ZH[a.status]} ${a.status}` : a.status;
    const dir =
      a.direction === null
        ? font
          ? `${KIND_ZH[a.kind]} device silent`
          : 'device silent'
        : font
          ? `${DIRECTION_ZH[a.direction]} ${a.direction}`
          : a.direction;
    doc.text(
      `• ${sev} · ${st} · ${dir} · ${label('开始', 'started')} ${fmtTime(a.startedAt)} · ${label('告警', 'raised')} ${fmtTime(a.raisedAt)} · ${label('解除', 'cleared')} ${fmtTime(a.clearedAt)} · ${label('最大偏差', 'max dev.')} ${fmtNum(a.maxDeviationC)} °C · ${label('带外', 'out')} ${fmtNum(a.outMinutes, 0)} min${a.acknowledgedBy ? ` · ${label('确认', 'ack.')} ${a.acknowledgedBy} ${fmtTime(a.acknowledgedAt)}` : ''}`,
      left,
      undefined,
      { width },
    );
  }

  heading(label('超温段', 'Out-of-band runs'));
  doc.fontSize(9).fillColor('#000');
  if (s.runs.length === 0) doc.text(label('无', 'none'), left);
  for (const x of s.runs.slice(0, 60))
    doc.text(
      `• ${fmtTime(x.startedAt)} → ${fmtTime(x.endedAt)} · ${fmtNum(x.minutes, 0)} min · ${label('峰值', 'peak')} ${x.peakC} °C · ${label('偏差', 'dev.')} ${fmtNum(x.maxDeviationC)} °C${x.beyondTolerance ? ` · ${label('超过容许时间', 'beyond tolerance')}` : ''}`,
      left,
      undefined,
      { width },
    );
  if (s.runs.length > 60) doc.text(`… +${s.runs.length - 60} (CSV)`, left);

  doc.moveDown(1);
  doc
    .fontSize(7)
    .fillColor('#777')
    .text(
      label(
        '平均动力学温度按 Haynes (1971)、ICH Q1A(R2)、USP <1079.2> 公式，以读数保持时长加权；温度在两次读数之间视为保持不变。',
        'MKT per Haynes (1971), ICH Q1A(R2), USP <1079.2>, weighted by how long each reading held; the temperature is taken as held between readings.',
      ),
      left,
      undefined,
      { width },
    );
  doc.end();
  return done;
}
