/**
 * Plans from the database: builds the consolidation instance from confirmed bookings, the generated
 * departures and the gateways' outbound trains a day; runs the consolidation planner; stores the
 * plan and the assignments on the bookings and the running verdict on the departures. A re-run keeps
 * the current assignments as `pinned` (those that no longer fit are released and listed). Also the
 * load plan of one departure from its bookings' containers.
 */
import { randomBytes } from 'node:crypto';
import type { TrainLimitsFile, WagonTypeRecord } from '../../domain/network/types';
import type { Violation } from '../../domain/result';
import type { NetworkService } from '../network/service';
import type { ConsolidationInstance, ConsolidationSolution } from '../planning/consolidation/contract';
import type { LoadPlanSolution } from '../planning/load/contract';
import { solvePlanDocument } from '../planning/service';
import { addDays, isIsoDate } from '../timetable/dates';
import type { TimetableService } from '../timetable/service';
import {
  type BuiltConsolidation,
  buildConsolidationInstance,
  buildLoadInstance,
  type ReleasedPin,
} from './plan-instance';
import { type DepartureFill, departureFills, planLines } from './plan-summary';
import type { BookingRepository, PlanRow } from './repository';
import { type ServiceResult, toBooking } from './service';

export interface PlanRunInput {
  from: string;
  days: number;
  keepAssignments?: boolean | undefined;
  timeLimitMs?: number | undefined;
}

export interface StoredPlan {
  /** Per departure of the plan: load against capacity and minimum fill, running or not. */
  departures: DepartureFill[];
  id: string;
  createdAt: string;
  createdBy: string | null;
  from: string;
  days: number;
  status: string;
  objective: number;
  bound: number | null;
  solution: ConsolidationSolution;
  instance: ConsolidationInstance;
}

export interface PlanRunReport extends StoredPlan {
  excluded: BuiltConsolidation['excluded'];
  released: ReleasedPin[];
}

export interface StoredLoadPlan {
  id: string;
  departureId: string;
  createdAt: string;
  status: string;
  instance: Record<string, unknown>;
  solution: LoadPlanSolution & Record<string, unknown>;
}

const v = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code: `plan.${code}`,
  message: { en, zh },
});

const bad = (status: 400 | 404 | 409, x: Violation): ServiceResult<never> => ({
  ok: false,
  status,
  violations: [x],
});

function planId(prefix: string, now: Date): string {
  return `${prefix}-${now
    .toISOString()
    .replace(/[-:.TZ]/g, '')
    .slice(0, 14)}-${randomBytes(3).toString('hex')}`;
}

function toStored(r: PlanRow): StoredPlan {
  return {
    departures: departureFills(
      r.from_date,
      r.instance as ConsolidationInstance,
      r.solution as ConsolidationSolution,
    ),
    id: r.id,
    createdAt: r.created_at,
    createdBy: r.created_by,
    from: r.from_date,
    days: r.days,
    status: r.status,
    objective: r.objective,
    bound: r.bound,
    solution: r.solution as ConsolidationSolution,
    instance: r.instance as ConsolidationInstance,
  };
}

export const MAX_PLAN_DAYS = 60;

export class BookingPlanService {
  constructor(
    private readonly repo: BookingRepository,
    private readonly timetable: TimetableService,
    private readonly network: NetworkService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async runConsolidation(userId: string | null, input: PlanRunInput): Promise<ServiceResult<PlanRunReport>> {
    if (!isIsoDate(input.from))
      return bad(
        400,
        v('from', 'date', `from "${input.from}" is not an ISO date`, `from“${input.from}”不是 ISO 日期`),
      );
    if (!Number.isInteger(input.days) || input.days < 1 || input.days > MAX_PLAN_DAYS)
      return bad(400, v('days', 'days', `days is 1 to ${MAX_PLAN_DAYS}`, `天数须为 1 至 ${MAX_PLAN_DAYS}`));
    const to = addDays(input.from, input.days - 1);
    const [routes, gateways, departures, rows] = await Promise.all([
      this.network.routes(),
      this.network.gateways(),
      this.timetable.departures({ from: input.from, to }),
      this.repo.confirmedInWindow(input.from, to),
    ]);
    if (departures.length === 0)
      return bad(
        409,
        v(
          'from',
          'no_departures',
          `no departures from ${input.from} to ${to}: generate the timetable first`,
          `${input.from} 至 ${to} 没有班列：请先生成时刻表`,
        ),
      );
    const inHorizon = new Set(departures.map((d) => d.id));
    // bookings already on a departure outside the horizon stay as they are
    const bookings = rows
      .map(toBooking)
      .filter((b) => b.assignedDeparture === null || inHorizon.has(b.assignedDeparture));
    const now = this.now();
    const id = planId('PLAN', now);
    const build = (keep: boolean) =>
      buildConsolidationInstance({
        id,
        from: input.from,
        days: input.days,
        routes,
        gateways,
        departures,
        bookings,
        keepAssignments: keep,
      });
    const limit = { timeLimitMs: input.timeLimitMs ?? 1000 };
    let built = build(input.keepAssignments !== false);
    let solved = solvePlanDocument('consolidate', built.instance, limit);
    if (!solved.ok && built.instance.pinned && solved.error.code.startsWith('consolidation.pin')) {
      // a kept departure can no longer run (e.g. a booking was cancelled): keep only the pins of
      // departures that still reach their minimum fill alone, and failing that, plan afresh
      const pins = built.instance.pinned;
      const teu = new Map<string, number>();
      const byId = new Map(built.instance.bookings.map((b) => [b.id, b]));
      for (const p of pins) teu.set(p.departure, (teu.get(p.departure) ?? 0) + byId.get(p.booking)!.teu);
      const depById = new Map(built.instance.departures.map((d) => [d.id, d]));
      const keep = pins.filter((p) => teu.get(p.departure)! >= depById.get(p.departure)!.minTeu);
      const reason = {
        en: `re-planned: ${solved.error.message.en}`,
        zh: `已重新计划：${solved.error.message.zh}`,
      };
      const tryPins = async (kept: typeof pins) => {
        const dropped = pins.filter((p) => !kept.includes(p));
        const inst = { ...built.instance, ...(kept.length > 0 ? { pinned: kept } : {}) };
        if (kept.length === 0) delete (inst as { pinned?: unknown }).pinned;
        return { inst, dropped, result: solvePlanDocument('consolidate', inst, limit) };
      };
      let attempt = await tryPins(keep);
      if (!attempt.result.ok) attempt = await tryPins([]);
      built = {
        ...built,
        instance: attempt.inst,
        released: [...built.released, ...attempt.dropped.map((p) => ({ ...p, reason }))],
      };
      solved = attempt.result;
    }
    if (!solved.ok) return { ok: false, status: 409, violations: [solved.error] };
    const solution = solved.value as ConsolidationSolution;
    const assignments = new Map(solution.assignments.map((a) => [a.booking, a.departure]));
    await this.repo.storePlan(
      {
        id,
        created_by: userId,
        from_date: input.from,
        days: input.days,
        status: solution.status,
        objective: solution.objective,
        bound: solution.bound,
        instance: built.instance,
        solution,
      },
      built.instance.bookings.map((b) => b.id),
      assignments,
    );
    await this.timetable.setRunning(
      id,
      built.instance.departures.map((d) => d.id),
      new Set(solution.running),
    );
    const stored = (await this.repo.plan(id))!;
    return {
      ok: true,
      value: {
        ...toStored(stored),
        excluded: built.excluded,
        released: built.released,
      },
    };
  }

  /**
   * The latest plan as table rows, one per booking (reference, organization, departure, route, date,
   * TEU, kg, reason when unassigned), for the CSV/XLSX export.
   */
  async latestRows(lang: 'en' | 'zh'): Promise<string[][] | undefined> {
    const r = await this.repo.latestPlan();
    if (!r) return undefined;
    const lines = planLines(
      r.from_date,
      r.instance as ConsolidationInstance,
      r.solution as ConsolidationSolution,
    );
    const refs = await this.repo.referencesOf(lines.map((l) => l.booking));
    const header =
      lang === 'zh'
        ? ['计划', '订舱编号', '订舱号', '组织', '班列', '线路', '发车日期', 'TEU', '毛重千克', '未配载原因']
        : [
            'plan',
            'booking',
            'reference',
            'organization',
            'departure',
            'route',
            'date',
            'teu',
            'gross_kg',
            'unassigned_reason',
          ];
    return [
      header,
      ...lines.map((l) => [
        r.id,
        l.booking,
        refs.get(l.booking)?.reference ?? '',
        refs.get(l.booking)?.organizationId ?? '',
        l.departure ?? '',
        l.route ?? '',
        l.date ?? '',
        String(l.teu),
        String(l.grossKg),
        (lang === 'zh' ? (l.reasonZh ?? l.reason) : l.reason) ?? '',
      ]),
    ];
  }

  /** Cancels a scheduled departure and releases its bookings for the next plan. */
  async cancelDeparture(
    departureId: string,
  ): Promise<ServiceResult<{ departureId: string; released: number }>> {
    const dep = await this.timetable.departure(departureId);
    if (!dep)
      return bad(
        404,
        v('id', 'departure_not_found', `no departure ${departureId}`, `没有班列 ${departureId}`),
      );
    if (!(await this.timetable.cancelDeparture(departureId)))
      return bad(
        409,
        v(
          'id',
          'departure_cancelled',
          `departure ${departureId} is already cancelled`,
          `班列 ${departureId} 已取消`,
        ),
      );
    return { ok: true, value: { departureId, released: await this.repo.releaseDeparture(departureId) } };
  }

  async latest(): Promise<StoredPlan | undefined> {
    const r = await this.repo.latestPlan();
    return r ? toStored(r) : undefined;
  }

  /** Plans the loading of one departure's assigned containers onto NX70A wagons and stores it. */
  /**
   * Plans the departure's train load from its assigned bookings and stores it. `gauge` 1520 re-plans
   * the same boxes onto 1520 mm platforms (13-1258-01, 40 ft, 72 t) for the change of wagons at
   * Alashankou/Dostyk or Khorgos/Altynkol.
   */
  async runLoadPlan(
    userId: string | null,
    departureId: string,
    timeLimitMs?: number,
    gauge: 1435 | 1520 = 1435,
  ): Promise<ServiceResult<StoredLoadPlan>> {
    const dep = await this.timetable.departure(departureId);
    if (!dep)
      return bad(
        404,
        v('id', 'departure_not_found', `no departure ${departureId}`, `没有班列 ${departureId}`),
      );
    const { items } = await this.repo.list(
      { departureId, status: 'confirmed' },
      { limit: 10_000, offset: 0 },
    );
    if (items.length === 0)
      return bad(
        409,
        v(
          'id',
          'departure_empty',
          `no bookings are assigned to ${departureId}: run the consolidation plan first`,
          `班列 ${departureId} 尚无订舱：请先运行集结计划`,
        ),
      );
    const [wagonDoc, limitsDoc] = await Promise.all([
      this.network.document('wagon-types') as Promise<{ wagonTypes: WagonTypeRecord[] } | undefined>,
      this.network.document('train-limits') as Promise<TrainLimitsFile | undefined>,
    ]);
    const limit = (id: string, fallback: number) =>
      limitsDoc?.limits.find((l) => l.id === id)?.limit.value ?? fallback;
    const nx = wagonDoc?.wagonTypes.find((w) => w.id === 'NX70A');
    const tare = nx?.tareKg?.value ?? 23_800;
    const maxPayloadKg = Math.min(nx?.payloadKg.value ?? 70_000, limit('cr-wagon-gross', 72_000) - tare);
    const wide = wagonDoc?.wagonTypes.find((w) => w.id === '13-1258-01');
    const wagon =
      gauge === 1520
        ? {
            code: '13-1258-01',
            gaugeMm: 1520,
            // length and tare are estimates where the reference data gives only the payload; the
            // plan depends on the payload and the 40-ft platform, not on these
            lengthMm: wide?.lengthMm?.value ?? 13_620,
            tareKg: wide?.tareKg?.value ?? 21_000,
            maxPayloadKg: wide?.payloadKg.value ?? 72_000,
            platformFt: 40 as const,
          }
        : {
            code: 'NX70A',
            gaugeMm: nx?.gaugeMm.value ?? 1435,
            lengthMm: nx?.lengthMm?.value ?? 13_970,
            tareKg: tare,
            maxPayloadKg,
          };
    const id = planId('LOAD', this.now());
    const instance = buildLoadInstance(
      id,
      items.map((r) => {
        const b = toBooking(r);
        return {
          id: b.id,
          reference: b.reference,
          containers: b.containers,
          grossKg: b.grossKg,
          priority: b.priority,
          dg: b.dg,
        };
      }),
      {
        wagonCount: Math.max(1, Math.floor(dep.capacityTeu / 2)),
        trainMaxCargoKg: dep.capacityKg,
        wagon,
        pairMaxDiffKg: limit('cr-pair-difference', 5000),
        twentyFootMaxKg: limit('cr-twenty-in-pair', 24_000),
        dgFirstWagonsForbidden: 2,
      },
    );
    const solved = solvePlanDocument('load', instance, timeLimitMs === undefined ? {} : { timeLimitMs });
    if (!solved.ok) return { ok: false, status: 409, violations: [solved.error] };
    const solution = solved.value as LoadPlanSolution;
    await this.repo.insertLoadPlan({
      id,
      departure_id: departureId,
      created_by: userId,
      status: solution.status,
      instance,
      solution,
    });
    return { ok: true, value: (await this.latestLoadPlan(departureId))! };
  }

  async latestLoadPlan(departureId: string): Promise<StoredLoadPlan | undefined> {
    const r = await this.repo.latestLoadPlan(departureId);
    return r
      ? {
          id: r.id,
          departureId: r.departure_id,
          createdAt: r.created_at,
          status: r.status,
          instance: r.instance as Record<string, unknown>,
          solution: r.solution as StoredLoadPlan['solution'],
        }
      : undefined;
  }
}
