/**
 * What a transshipment looks like to a reader: its plan's progress at a moment, filtered to a tenant's
 * own boxes (null = every box), with the estimates it rests on named. Pure.
 */
import { progressAt, type TransshipPlan } from './plan';
import type { TransshipmentRow } from './repository';

export interface TransshipmentView {
  readonly id: string;
  readonly gatewayId: string;
  readonly direction: 'outbound' | 'inbound';
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly startAt: string;
  readonly endAt: string;
  readonly status: 'planned' | 'in-progress' | 'done';
  readonly progress: { readonly done: number; readonly total: number; readonly percent: number };
  readonly fromGaugeMm: number;
  readonly toGaugeMm: number;
  readonly summary: TransshipPlan['summary'];
  readonly arriving: TransshipPlan['arriving'];
  readonly formed: Omit<TransshipPlan['formed'][number], 'loadPlan'>[];
  readonly legs: TransshipPlan['legs'];
  readonly held: TransshipPlan['held'];
  readonly moves: TransshipPlan['moves'];
  readonly recordNumber: string;
  /** Figures the plan rests on that are estimates, not sourced. */
  readonly assumptions: { readonly en: string; readonly zh: string }[];
}

/** Figures the plan rests on that are estimates, not sourced (shown with every plan). */
export const ASSUMPTIONS = [
  {
    en: 'Two cranes work a transshipment at once (estimate); 90 moves an hour each from 40 s per container (khabarasia 2024).',
    zh: '每次换装两台起重机同时作业（估计）；每台每小时 90 次，依据每箱 40 秒（khabarasia 2024）。',
  },
  {
    en: 'Length and tare of the 1520 mm platforms are estimates (data/network gives only the payload); the plan depends on payload and platform length.',
    zh: '1520 毫米平车的长度和自重为估计值（data/network 仅给出载重）；计划取决于载重和平台长度。',
  },
  {
    en: 'No train weight limit at hand for the 1520 mm section: the wagons’ payload binds; the CR Express pairing rules (20-ft pairs, < 5 t apart) are kept.',
    zh: '宽轨段列车总重限制暂无资料：以车辆载重为限；沿用中欧班列 20 英尺箱配对规则（差值 < 5 吨）。',
  },
  {
    en: 'At most 62 wagons per 1520 mm train: at Dostyk 3 trains of 41 became 2 of 61–62 (npktrans.ru 2017).',
    zh: '宽轨每列最多 62 辆：在多斯特克 3 列 41 车重组为 2 列 61–62 车（npktrans.ru 2017）。',
  },
];

/** The stored plan seen by one tenant (null = all): only its boxes' legs, moves and placements. Pure. */
export function transshipmentView(row: TransshipmentRow, org: string | null, now: Date): TransshipmentView {
  const p = row.plan;
  const progress = progressAt(p, now);
  const mine = (owner: string) => org === null || owner === org;
  const legs = p.legs.filter((l) => mine(l.owner));
  const held = p.held.filter((h) => mine(h.owner));
  const boxes = new Set([...legs.map((l) => l.box), ...held.map((h) => h.box)]);
  const t = now.toISOString();
  return {
    id: row.id,
    gatewayId: row.gatewayId,
    direction: row.direction,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    startAt: p.startAt,
    endAt: p.endAt,
    status: t < p.startAt ? 'planned' : t < p.endAt ? 'in-progress' : 'done',
    progress: {
      ...progress,
      percent: progress.total === 0 ? 100 : Math.round((progress.done / progress.total) * 1000) / 10,
    },
    fromGaugeMm: p.fromGaugeMm,
    toGaugeMm: p.toGaugeMm,
    summary: p.summary,
    arriving: p.arriving,
    formed: p.formed.map(({ loadPlan: _, ...f }) => ({
      ...f,
      placements: f.placements.filter((x) => org === null || boxes.has(x.box)),
    })),
    legs,
    held,
    moves: p.moves.filter((m) => org === null || boxes.has(m.box)),
    recordNumber: row.record.number,
    assumptions: ASSUMPTIONS,
  };
}
