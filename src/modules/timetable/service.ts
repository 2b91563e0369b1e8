/**
 * Timetable use cases: the departure schedule of every route (defaults from the reference network's
 * train limits, changed per route by planners), concrete departures generated for a horizon
 * (idempotent: a route has at most one departure a day), and the plan's verdict on which run.
 */

import type { TrainLimitsFile } from '../../domain/network/types';
import { fail, ok, type Result, type Violation } from '../../domain/result';
import type { NetworkService } from '../network/service';
import { addDays, isIsoDate } from './dates';
import type { DepartureRow, TimetableRepository } from './repository';
import { defaultSchedule, departureId, runsOn, type Schedule } from './rules';

/** Day the default every-day schedules count from (a Monday). */
export const DEFAULT_ANCHOR_DATE = '2026-01-05';
export const MAX_HORIZON_DAYS = 60;

export interface Departure {
  id: string;
  routeId: string;
  date: string;
  capacityTeu: number;
  capacityKg: number;
  minTeu: number;
  status: 'scheduled' | 'cancelled';
  /** The latest plan's verdict; null before any plan covered it. */
  running: boolean | null;
  planId: string | null;
}

export interface ScheduleInput {
  weekdays?: number[] | null | undefined;
  everyDays?: number | null | undefined;
  anchorDate?: string | null | undefined;
  capacityTeu: number;
  capacityKg: number;
  minTeu: number;
  active?: boolean | undefined;
}

const v = (field: string, code: string, en: string, zh: string): Violation => ({
  field,
  code: `timetable.${code}`,
  message: { en, zh },
});

export function toDeparture(r: DepartureRow): Departure {
  return {
    id: r.id,
    routeId: r.route_id,
    date: r.date,
    capacityTeu: r.capacity_teu,
    capacityKg: Number(r.capacity_kg),
    minTeu: r.min_teu,
    status: r.status,
    running: r.running,
    planId: r.plan_id,
  };
}

/** Checks a schedule's fields (pure). */
export function checkSchedule(input: ScheduleInput): Violation | undefined {
  const weekdays = input.weekdays ?? null;
  const everyDays = input.everyDays ?? null;
  if ((weekdays === null) === (everyDays === null))
    return v(
      'weekdays',
      'frequency',
      'give either weekdays (1 = Monday … 7 = Sunday) or everyDays, not both',
      '请给出发车星期（1=周一…7=周日）或每隔天数，二者选一',
    );
  if (weekdays && (weekdays.length === 0 || weekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)))
    return v(
      'weekdays',
      'weekdays',
      'weekdays are 1 (Monday) to 7 (Sunday), at least one',
      '发车星期为 1（周一）至 7（周日），至少一天',
    );
  if (everyDays !== null && (!Number.isInteger(everyDays) || everyDays < 1 || everyDays > 60))
    return v(
      'everyDays',
      'every_days',
      'everyDays is a whole number from 1 to 60',
      '每隔天数须为 1 至 60 的整数',
    );
  if (input.anchorDate && !isIsoDate(input.anchorDate))
    return v(
      'anchorDate',
      'date',
      'anchorDate is an ISO date (YYYY-MM-DD)',
      'anchorDate 须为 ISO 日期（YYYY-MM-DD）',
    );
  if (!Number.isInteger(input.capacityTeu) || input.capacityTeu < 1 || input.capacityTeu > 200)
    return v('capacityTeu', 'capacity_teu', 'capacityTeu is 1 to 200 TEU', '运力须为 1 至 200 TEU');
  if (!Number.isInteger(input.capacityKg) || input.capacityKg < 1 || input.capacityKg > 5_000_000)
    return v('capacityKg', 'capacity_kg', 'capacityKg is 1 to 5,000,000 kg', '载重须为 1 至 5,000,000 千克');
  if (!Number.isInteger(input.minTeu) || input.minTeu < 0 || input.minTeu > input.capacityTeu)
    return v(
      'minTeu',
      'min_teu',
      `minTeu is 0 to the capacity (${input.capacityTeu} TEU)`,
      `最低开行量须为 0 至运力（${input.capacityTeu} TEU）`,
    );
  return undefined;
}

export class TimetableService {
  constructor(
    private readonly repo: TimetableRepository,
    private readonly network: NetworkService,
  ) {}

  /** Gives every route of the network a schedule if it has none (defaults from the train limits). */
  async ensureSchedules(): Promise<number> {
    const [routes, limitsDoc, existing] = await Promise.all([
      this.network.routes(),
      this.network.document('train-limits') as Promise<TrainLimitsFile | undefined>,
      this.repo.schedules(),
    ]);
    const have = new Set(existing.map((s) => s.routeId));
    const limits = (limitsDoc?.limits ?? []).map((l) => ({ id: l.id, value: l.limit.value }));
    const missing = routes
      .filter((r) => !have.has(r.id))
      .map((r) => defaultSchedule(r, limits, DEFAULT_ANCHOR_DATE));
    return this.repo.insertMissingSchedules(missing);
  }

  schedules(): Promise<Schedule[]> {
    return this.repo.schedules();
  }

  async setSchedule(routeId: string, input: ScheduleInput): Promise<Result<Schedule>> {
    if (!(await this.network.route(routeId)))
      return fail(v('routeId', 'unknown_route', `unknown route ${routeId}`, `未知线路 ${routeId}`));
    const bad = checkSchedule(input);
    if (bad) return fail(bad);
    const everyDays = input.everyDays ?? null;
    return ok(
      await this.repo.upsertSchedule({
        routeId,
        weekdays: input.weekdays ? [...new Set(input.weekdays)].sort() : null,
        everyDays,
        anchorDate: everyDays === null ? null : (input.anchorDate ?? DEFAULT_ANCHOR_DATE),
        capacityTeu: input.capacityTeu,
        capacityKg: input.capacityKg,
        minTeu: input.minTeu,
        active: input.active ?? true,
      }),
    );
  }

  /** Creates the departures of every active schedule for `days` days from `from` (idempotent). */
  async generate(
    from: string,
    days: number,
  ): Promise<Result<{ created: number; existing: number; departures: Departure[] }>> {
    if (!isIsoDate(from))
      return fail(
        v(
          'from',
          'date',
          `from: "${from}" is not an ISO date (YYYY-MM-DD)`,
          `from：“${from}”不是 ISO 日期（YYYY-MM-DD）`,
        ),
      );
    if (!Number.isInteger(days) || days < 1 || days > MAX_HORIZON_DAYS)
      return fail(v('days', 'days', `days is 1 to ${MAX_HORIZON_DAYS}`, `天数须为 1 至 ${MAX_HORIZON_DAYS}`));
    await this.ensureSchedules();
    const schedules = await this.repo.schedules();
    const rows = [];
    for (let d = 0; d < days; d++) {
      const date = addDays(from, d);
      for (const s of schedules) {
        if (!runsOn(s, date)) continue;
        rows.push({
          id: departureId(s.routeId, date),
          route_id: s.routeId,
          date,
          capacity_teu: s.capacityTeu,
          capacity_kg: s.capacityKg,
          min_teu: s.minTeu,
        });
      }
    }
    const created = await this.repo.insertDepartures(rows);
    const departures = await this.departures({ from, to: addDays(from, days - 1) });
    return ok({ created, existing: rows.length - created, departures });
  }

  async departures(filter: { from?: string; to?: string; routeId?: string }): Promise<Departure[]> {
    return (await this.repo.departures(filter)).map(toDeparture);
  }

  async departure(id: string): Promise<Departure | undefined> {
    const row = await this.repo.departure(id);
    return row ? toDeparture(row) : undefined;
  }

  cancelDeparture(id: string): Promise<boolean> {
    return this.repo.cancelDeparture(id);
  }

  setRunning(planId: string, ids: readonly string[], running: ReadonlySet<string>): Promise<void> {
    return this.repo.setRunning(planId, ids, running);
  }
}
