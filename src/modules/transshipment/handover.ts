// The CIM/SMGS common consignment note's handover record at the gauge change (ЦИМ/СМГС, 国际货协/国际货约
// 统一运单), pure: the note travels unchanged across the border (no re-issue at the gauge change); at the
// border station the handing-over railway hands the consignments over to the receiving one with a record
// of the wagons and containers, their seals and weights. Labels in Chinese, English and Russian; a JSON
// document and a printable HTML page.
import type { Bilingual } from '../../domain/text';
import type { TransshipPlan } from './plan';

export const HANDOVER_FORMAT = 'lugang.smgs-handover/v1';

export type Trilingual = { readonly zh: string; readonly en: string; readonly ru: string };

export interface Station {
  readonly code: string;
  readonly unlocode: string | null;
  readonly names: Trilingual;
  /** Chinese railway telegraph code or ESR code on the 1520 side, when known. */
  readonly railCode: string | null;
}

export interface Party {
  readonly id: string;
  readonly names: Trilingual;
}

export interface ConsignmentSource {
  readonly bookingId: string;
  readonly bookingReference: string;
  /** Tenant that owns the booking. */
  readonly owner: string;
  readonly sender: Party;
  /** The consignee as booked; null when the booking does not name one. */
  readonly consignee: Party | null;
  readonly departure: Station;
  readonly destination: Station;
  readonly hsCode: string;
  readonly departureId: string;
  /** Size-type (ISO 6346) of each box, by box id. */
  readonly sizeTypes: Readonly<Record<string, string>>;
  /** Seal numbers recorded at the border, by box id. */
  readonly seals: Readonly<Record<string, string>>;
}

export interface HandoverContainer {
  readonly number: string;
  readonly sizeType: string | null;
  readonly grossKg: number;
  readonly seal: string | null;
  readonly fromTrain: string;
  readonly fromWagon: string;
  readonly toTrain: string;
  readonly toWagon: string;
}

export interface HandoverConsignment {
  /** The note's number: the booking's reference with its departure (the note is issued at departure). */
  readonly noteNumber: string;
  readonly bookingReference: string;
  readonly owner: string;
  readonly sender: Party;
  readonly consignee: Party | null;
  readonly departureStation: Station;
  readonly destinationStation: Station;
  readonly hsCode: string;
  readonly containers: HandoverContainer[];
  readonly grossKg: number;
}

export interface HandoverWagon {
  readonly train: string;
  readonly wagon: string;
  readonly type: string;
  readonly gaugeMm: number;
  readonly containers: string[];
  readonly grossKg: number;
}

export interface HandoverRecord {
  readonly format: typeof HANDOVER_FORMAT;
  readonly number: string;
  readonly transshipmentId: string;
  readonly gateway: { readonly id: string; readonly names: Trilingual };
  readonly handingOver: Station;
  readonly receiving: Station;
  readonly handoverAt: string;
  readonly fromGaugeMm: number;
  readonly toGaugeMm: number;
  readonly consignments: HandoverConsignment[];
  /** The receiving wagons (of the new trains) and what each carries. */
  readonly wagons: HandoverWagon[];
  readonly totals: {
    readonly consignments: number;
    readonly containers: number;
    readonly wagons: number;
    readonly grossKg: number;
  };
  readonly notes: Bilingual[];
  readonly labels: Readonly<Record<LabelKey, Trilingual>>;
}

export const LABELS = {
  title: {
    zh: '国际货协/国际货约统一运单 交接记录',
    en: 'CIM/SMGS common consignment note — handover record',
    ru: 'Передаточная ведомость — накладная ЦИМ/СМГС',
  },
  number: { zh: '交接记录编号', en: 'Record No.', ru: 'Номер ведомости' },
  gateway: { zh: '口岸', en: 'Border crossing', ru: 'Пограничный переход' },
  handingOver: { zh: '交付站', en: 'Handing-over station', ru: 'Станция сдачи' },
  receiving: { zh: '接收站', en: 'Receiving station', ru: 'Станция приёма' },
  handoverAt: { zh: '交接时间', en: 'Handed over at', ru: 'Время передачи' },
  gauge: { zh: '轨距（毫米）', en: 'Gauge (mm)', ru: 'Ширина колеи (мм)' },
  noteNumber: { zh: '运单号', en: 'Consignment note No.', ru: 'Номер накладной' },
  sender: { zh: '发货人', en: 'Consignor', ru: 'Отправитель' },
  consignee: { zh: '收货人', en: 'Consignee', ru: 'Получатель' },
  departureStation: { zh: '发站', en: 'Station of departure', ru: 'Станция отправления' },
  destinationStation: { zh: '到站', en: 'Station of destination', ru: 'Станция назначения' },
  hsCode: { zh: '商品编码（HS）', en: 'HS code', ru: 'Код ГНГ/ТН ВЭД (HS)' },
  container: { zh: '集装箱号', en: 'Container', ru: 'Контейнер' },
  sizeType: { zh: '箱型', en: 'Size-type', ru: 'Типоразмер' },
  seal: { zh: '封志号', en: 'Seal', ru: 'Пломба' },
  grossKg: { zh: '毛重（千克）', en: 'Gross (kg)', ru: 'Масса брутто (кг)' },
  fromWagon: { zh: '原车（交付）', en: 'Wagon handed over', ru: 'Вагон (сдача)' },
  toWagon: { zh: '换装后车辆', en: 'Wagon received', ru: 'Вагон (приём)' },
  toTrain: { zh: '换装后列车', en: 'New train', ru: 'Новый поезд' },
  wagons: { zh: '接收车辆', en: 'Receiving wagons', ru: 'Вагоны приёма' },
  wagonType: { zh: '车型', en: 'Wagon type', ru: 'Тип вагона' },
  totals: { zh: '合计', en: 'Totals', ru: 'Итого' },
  consignments: { zh: '票数', en: 'Consignments', ru: 'Отправок' },
  containers: { zh: '箱数', en: 'Containers', ru: 'Контейнеров' },
  notRecorded: { zh: '未记录', en: 'not recorded', ru: 'не указано' },
  notNamed: { zh: '订舱未注明', en: 'not named in the booking', ru: 'не указан в заявке' },
  signatures: {
    zh: '交付方签字　　　　　　接收方签字',
    en: 'Handed over by　　　　　　Received by',
    ru: 'Сдал　　　　　　Принял',
  },
} as const satisfies Record<string, Trilingual>;

export type LabelKey = keyof typeof LABELS;

export interface HandoverContext {
  readonly gateway: { readonly id: string; readonly names: Trilingual };
  readonly handingOver: Station;
  readonly receiving: Station;
  /** The new trains' wagon types by code, for the wagon list. */
  readonly consignments: ConsignmentSource[];
  /** Box id → gross kg (the arriving trains' load plans). */
  readonly grossKg: Readonly<Record<string, number>>;
}

/** The handover record of a transshipment: one line per container, grouped by consignment note. */
export function handoverRecord(plan: TransshipPlan, ctx: HandoverContext): HandoverRecord {
  const legs = new Map(plan.legs.map((l) => [l.box, l]));
  const held = new Map(plan.held.map((h) => [h.box, h]));
  const consignments: HandoverConsignment[] = [];
  for (const c of ctx.consignments) {
    const containers: HandoverContainer[] = [];
    for (const box of Object.keys(c.sizeTypes).sort()) {
      const l = legs.get(box);
      const h = held.get(box);
      if (l === undefined && h === undefined) continue;
      containers.push({
        number: box,
        sizeType: c.sizeTypes[box] ?? null,
        grossKg: ctx.grossKg[box] ?? 0,
        seal: c.seals[box] ?? null,
        fromTrain: l?.fromTrain ?? h?.fromTrain ?? '',
        fromWagon: l?.fromWagon ?? h?.fromWagon ?? '',
        toTrain: l?.toTrain ?? 'YARD',
        toWagon: l?.toWagon ?? 'YARD',
      });
    }
    if (containers.length === 0) continue;
    consignments.push({
      noteNumber: `${c.departureId}/${c.bookingReference}`,
      bookingReference: c.bookingReference,
      owner: c.owner,
      sender: c.sender,
      consignee: c.consignee,
      departureStation: c.departure,
      destinationStation: c.destination,
      hsCode: c.hsCode,
      containers,
      grossKg: containers.reduce((s, x) => s + x.grossKg, 0),
    });
  }
  consignments.sort((a, b) => a.noteNumber.localeCompare(b.noteNumber));
  const wagons: HandoverWagon[] = [];
  for (const f of plan.formed) {
    const types = new Map(f.wagons.map((w) => [w.id, w.type]));
    const byWagon = new Map<string, string[]>();
    for (const p of f.placements) byWagon.set(p.wagon, [...(byWagon.get(p.wagon) ?? []), p.box]);
    for (const w of f.wagons) {
      const boxes = byWagon.get(w.id) ?? [];
      if (boxes.length === 0) continue;
      wagons.push({
        train: f.reference,
        wagon: w.id,
        type: types.get(w.id) ?? '',
        gaugeMm: plan.toGaugeMm,
        containers: boxes,
        grossKg: boxes.reduce((s, b) => s + (ctx.grossKg[b] ?? 0), 0),
      });
    }
  }
  const containers = consignments.reduce((s, c) => s + c.containers.length, 0);
  const notes: Bilingual[] = [
    {
      en: 'The CIM/SMGS note travels unchanged across the border (no re-issue at the gauge change); the note number shown is the booking reference on its departure.',
      zh: '国际货协/国际货约统一运单跨境全程有效，换装时不重新签发；所示运单号为订舱编号及其班列。',
    },
  ];
  if (plan.held.length > 0)
    notes.push({
      en: `${plan.held.length} container(s) stay in the yard (not on a new train): their "wagon received" reads YARD.`,
      zh: `${plan.held.length} 个集装箱留在堆场（未装上新列车）：其“换装后车辆”为 YARD。`,
    });
  return {
    format: HANDOVER_FORMAT,
    number: `${plan.id}-HR`,
    transshipmentId: plan.id,
    gateway: ctx.gateway,
    handingOver: ctx.handingOver,
    receiving: ctx.receiving,
    handoverAt: plan.endAt,
    fromGaugeMm: plan.fromGaugeMm,
    toGaugeMm: plan.toGaugeMm,
    consignments,
    wagons,
    totals: {
      consignments: consignments.length,
      containers,
      wagons: wagons.length,
      grossKg: consignments.reduce((s, c) => s + c.grossKg, 0),
    },
    notes,
    labels: LABELS,
  };
}

/** Only the consignments of one tenant (a forwarder or shipper sees only its own). */
export function recordFor(record: HandoverRecord, organizationId: string | null): HandoverRecord {
  if (organizationId === null) return record;
  const consignments = record.consignments.filter((c) => c.owner === organizationId);
  const mine = new Set(consignments.flatMap((c) => c.containers.map((x) => x.number)));
  const wagons = record.wagons
    .map((w) => ({ ...w, containers: w.containers.filter((b) => mine.has(b)) }))
    .filter((w) => w.containers.length > 0);
  return {
    ...record,
    consignments,
    wagons,
    totals: {
      consignments: consignments.length,
      containers: mine.size,
      wagons: wagons.length,
      grossKg: consignments.reduce((s, c) => s + c.grossKg, 0),
    },
  };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c] as string);

/** A printable HTML page of the record (A4 landscape), labels in zh / en / ru. */
export function handoverHtml(r: HandoverRecord): string {
  const label = (k: LabelKey) =>
    `<span class="zh">${escapeHtml(r.labels[k].zh)}</span> <span class="en">${escapeHtml(r.labels[k].en)}</span> <span class="ru">${escapeHtml(r.labels[k].ru)}</span>`;
  const e = escapeHtml;
  const station = (s: Station) =>
    `${e(s.names.zh)} · ${e(s.names.en)} · ${e(s.names.ru)} <small>${e([s.unlocode ?? s.code, s.railCode].filter(Boolean).join(' · '))}</small>`;
  const party = (p: Party | null) =>
    p === null
      ? `<i>${e(r.labels.notNamed.zh)} · ${e(r.labels.notNamed.en)}</i>`
      : `${e(p.names.zh)}<br><small>${e(p.names.en)}</small>`;
  const kg = (n: number) => n.toLocaleString('en-US');
  const rows = r.consignments
    .map((c) =>
      c.containers
        .map(
          (x, i) =>
            `<tr>${
              i === 0
                ? `<td rowspan="${c.containers.length}"><b>${e(c.noteNumber)}</b></td><td rowspan="${c.containers.length}">${party(c.sender)}</td><td rowspan="${c.containers.length}">${party(c.consignee)}</td><td rowspan="${c.containers.length}">${station(c.departureStation)}</td><td rowspan="${c.containers.length}">${station(c.destinationStation)}</td><td rowspan="${c.containers.length}">${e(c.hsCode)}</td>`
                : ''
            }<td class="mono">${e(x.number)}</td><td>${e(x.sizeType ?? '')}</td><td class="mono">${x.seal === null ? `<i>${e(r.labels.notRecorded.zh)} · ${e(r.labels.notRecorded.en)}</i>` : e(x.seal)}</td><td class="num">${kg(x.grossKg)}</td><td class="mono">${e(x.fromWagon)}</td><td class="mono">${e(x.toWagon)}</td></tr>`,
        )
        .join(''),
    )
    .join('');
  const wagonRows = r.wagons
    .map(
      (w) =>
        `<tr><td class="mono">${e(w.train)}</td><td class="mono">${e(w.wagon)}</td><td>${e(w.type)}</td><td>${w.gaugeMm}</td><td class="mono">${e(w.containers.join(', '))}</td><td class="num">${kg(w.grossKg)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${e(r.number)} — ${e(r.labels.title.en)}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font: 11px/1.35 "Noto Sans CJK SC", "Noto Sans", system-ui, sans-serif; color: #111; margin: 16px; }
h1 { font-size: 16px; margin: 0 0 6px; } h2 { font-size: 13px; margin: 14px 0 4px; }
.en, .ru { color: #555; } .ru { font-style: italic; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: 3px 5px; vertical-align: top; text-align: left; }
th { background: #eef2f6; font-weight: 600; } .num { text-align: right; } .mono { font-family: ui-monospace, monospace; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; } dt { font-weight: 600; }
.notes { color: #444; } .sign { margin-top: 28px; display: flex; gap: 120px; }
@media print { .noprint { display: none; } }
</style></head>
<body data-record="${e(r.number)}">
<p class="noprint"><button onclick="window.print()">打印 · Print · Печать</button></p>
<h1>${label('title')}</h1>
<dl>
<dt>${label('number')}</dt><dd class="mono">${e(r.number)}</dd>
<dt>${label('gateway')}</dt><dd>${e(r.gateway.names.zh)} · ${e(r.gateway.names.en)} · ${e(r.gateway.names.ru)}</dd>
<dt>${label('handingOver')}</dt><dd>${station(r.handingOver)}</dd>
<dt>${label('receiving')}</dt><dd>${station(r.receiving)}</dd>
<dt>${label('handoverAt')}</dt><dd>${e(r.handoverAt)} (UTC)</dd>
<dt>${label('gauge')}</dt><dd>${r.fromGaugeMm} → ${r.toGaugeMm}</dd>
</dl>
<h2>${label('consignments')}</h2>
<table><thead><tr><th>${label('noteNumber')}</th><th>${label('sender')}</th><th>${label('consignee')}</th><th>${label('departureStation')}</th><th>${label('destinationStation')}</th><th>${label('hsCode')}</th><th>${label('container')}</th><th>${label('sizeType')}</th><th>${label('seal')}</th><th>${label('grossKg')}</th><th>${label('fromWagon')}</th><th>${label('toWagon')}</th></tr></thead>
<tbody>${rows}</tbody></table>
<h2>${label('wagons')}</h2>
<table><thead><tr><th>${label('toTrain')}</th><th>${label('toWagon')}</th><th>${label('wagonType')}</th><th>${label('gauge')}</th><th>${label('container')}</th><th>${label('grossKg')}</th></tr></thead>
<tbody>${wagonRows}</tbody></table>
<h2>${label('totals')}</h2>
<p>${label('consignments')}: <b>${r.totals.consignments}</b> · ${label('containers')}: <b>${r.totals.containers}</b> · ${label('wagons')}: <b>${r.totals.wagons}</b> · ${label('grossKg')}: <b>${kg(r.totals.grossKg)}</b></p>
<div class="notes">${r.notes.map((n) => `<p>${e(n.zh)}<br><span class="en">${e(n.en)}</span></p>`).join('')}</div>
<div class="sign">${label('signatures')}</div>
</body></html>
`;
}
