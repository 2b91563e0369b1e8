// The gateway model (issue 6 part 1), pure: daily capacity per direction (trains and container moves),
// transshipment time, a shift calendar, and closures or reduced-capacity periods with a reason; the
// day-by-day calendar they give; and what-if capacity changes applied to a gateway instance's quotas.
import type { Result, Violation } from '../../domain/result';
import { fail, ok } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import type { GatewayInstance } from './contract';

export const DIRECTIONS = ['outbound', 'inbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const CLOSURE_DIRECTIONS = ['outbound', 'inbound', 'both'] as const;
export type ClosureDirection = (typeof CLOSURE_DIRECTIONS)[number];

/** Containers one train carries through the gauge change (estimate: a 50-box train, index1520 2022-07). */
export const BOXES_PER_TRAIN = 50;

export interface DirectionCapacity {
  readonly trainsPerDay: number;
  /** Container moves (crane lifts at the gauge change) a day. */
  readonly movesPerDay: number;
}

export interface Shift {
  readonly id: string;
  readonly names: Bilingual;
  /** Local start time "HH:MM" in the calendar's time zone. */
  readonly start: string;
  readonly hours: number;
}

export interface ShiftCalendar {
  readonly timeZone: string;
  readonly shifts: Shift[];
  /** ISO weekdays (1 = Monday … 7 = Sunday) on which the gateway does not work. */
  readonly closedWeekdays: number[];
}

export interface GatewayModel {
  readonly id: string;
  readonly names: { readonly en: string; readonly zh: string; readonly ru: string };
  readonly border: boolean;
  readonly gaugeMm: [number, number];
  readonly outbound: DirectionCapacity;
  readonly inbound: DirectionCapacity;
  readonly transshipmentHours: number;
  readonly shifts: ShiftCalendar;
}

export interface Closure {
  readonly id: string;
  readonly gateway: string;
  /** First and last day (inclusive), 'YYYY-MM-DD'. */
  readonly from: string;
  readonly to: string;
  readonly direction: ClosureDirection;
  /** Trains a day during the period: 0 closes the gateway. */
  readonly trainsPerDay: number;
  /** Container moves a day during the period; null = in proportion to the trains. */
  readonly movesPerDay: number | null;
  readonly reason: Bilingual;
  readonly createdAt: string;
}

export interface DayCapacity {
  readonly trains: number;
  readonly moves: number;
}

export interface CalendarDay {
  readonly date: string;
  readonly outbound: DayCapacity;
  readonly inbound: DayCapacity;
  /** `open` at full capacity, `reduced` below it, `closed` at 0 trains both ways. */
  readonly state: 'open' | 'reduced' | 'closed';
  /** Ids of the closures in force that day. */
  readonly closures: string[];
}

/** The default shift calendar: round the clock in two 12-hour shifts, every day (an assumption). */
export const ROUND_THE_CLOCK: ShiftCalendar = {
  timeZone: 'Asia/Shanghai',
  shifts: [
    { id: 'day', names: { en: 'Day shift', zh: '白班' }, start: '08:00', hours: 12 },
    { id: 'night', names: { en: 'Night shift', zh: '夜班' }, start: '20:00', hours: 12 },
  ],
  closedWeekdays: [],
};

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date, or null when it is not a real calendar date. */
export function dayNumber(date: string): number | null {
  const m = DATE.exec(date);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const n = t / DAY_MS;
  return dateOf(n) === date ? n : null;
}

export function dateOf(dayNo: number): string {
  return new Date(dayNo * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  const d = dayNumber(date);
  if (d === null) throw new Error(`not a date: ${date}`);
  return dateOf(d + n);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekday(date: string): number {
  const d = dayNumber(date);
  if (d === null) throw new Error(`not a date: ${date}`);
  return ((((d + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** Hours worked on a date by the shift calendar (capped at 24). */
export function workingHours(cal: ShiftCalendar, date: string): number {
  if (cal.closedWeekdays.includes(weekday(date))) return 0;
  return Math.min(
    24,
    cal.shifts.reduce((s, x) => s + x.hours, 0),
  );
}

function applies(c: Closure, direction: Direction, date: string): boolean {
  return (c.direction === 'both' || c.direction === direction) && c.from <= date && date <= c.to;
}

/** One direction's capacity on a date: the shift calendar's share of the day, then the tightest closure. */
export function dayCapacity(
  model: GatewayModel,
  closures: readonly Closure[],
  direction: Direction,
  date: string,
): DayCapacity {
  const base = model[direction];
  const share = workingHours(model.shifts, date) / 24;
  let trains = Math.floor(base.trainsPerDay * share);
  let moves = Math.floor(base.movesPerDay * share);
  for (const c of closures) {
    if (c.gateway !== model.id || !applies(c, direction, date)) continue;
    const cMoves =
      c.movesPerDay ??
      (base.trainsPerDay === 0 ? 0 : Math.floor((base.movesPerDay * c.trainsPerDay) / base.trainsPerDay));
    trains = Math.min(trains, c.trainsPerDay);
    moves = Math.min(moves, cMoves);
  }
  return { trains, moves };
}

/** The gateway's calendar for `days` days from `from`. */
export function gatewayCalendar(
  model: GatewayModel,
  closures: readonly Closure[],
  from: string,
  days: number,
): CalendarDay[] {
  const out: CalendarDay[] = [];
  for (let k = 0; k < days; k++) {
    const date = addDays(from, k);
    const outbound = dayCapacity(model, closures, 'outbound', date);
    const inbound = dayCapacity(model, closures, 'inbound', date);
    const full =
      outbound.trains >= model.outbound.trainsPerDay && inbound.trains >= model.inbound.trainsPerDay;
    const state = outbound.trains === 0 && inbound.trains === 0 ? 'closed' : full ? 'open' : 'reduced';
    const ids = closures
      .filter((c) => c.gateway === model.id && c.from <= date && date <= c.to)
      .map((c) => c.id);
    out.push({ date, outbound, inbound, state, closures: ids });
  }
  return out;
}

/** A what-if change of one gateway's trains a day over dates (0 closes it); not stored. */
export interface CapacityChange {
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly trainsPerDay: number;
  readonly reason?: Bilingual;
}

export interface AppliedChange extends CapacityChange {
  /** The instance days it covers (clipped to the horizon). */
  readonly fromDay: number;
  readonly toDay: number;
}

function violation(field: string, code: string, en: string, zh: string): Violation {
  return { field, code: `gateway.change.${code}`, message: { en: `${field}: ${en}`, zh: `${field}：${zh}` } };
}

/**
 * The instance with its quotas changed: each change sets its gateway's quota to `trainsPerDay` on the
 * days it covers (later changes win). Dates need the instance's `startDate`.
 */
export function applyChanges(
  inst: GatewayInstance,
  changes: readonly CapacityChange[],
  field = 'changes',
): Result<{ instance: GatewayInstance; applied: AppliedChange[] }> {
  if (changes.length === 0) return ok({ instance: inst, applied: [] });
  const start = inst.startDate === undefined ? null : dayNumber(inst.startDate);
  if (start === null) {
    return fail(
      violation(
        'instance.startDate',
        'no_start_date',
        'is required to place dated changes on the instance days',
        '必须提供，才能把带日期的变更对应到实例的日期',
      ),
    );
  }
  const quotas = new Map(inst.gateways.map((g) => [g.id, [...g.quota]]));
  const applied: AppliedChange[] = [];
  for (let k = 0; k < changes.length; k++) {
    const c = changes[k] as CapacityChange;
    const f = `${field}.${k}`;
    const q = quotas.get(c.gateway);
    if (q === undefined) {
      const known = [...quotas.keys()].join(', ');
      return fail(
        violation(
          `${f}.gateway`,
          'unknown_gateway',
          `"${c.gateway}" is not a gateway of the plan (${known})`,
          `"${c.gateway}" 不是本计划的口岸（${known}）`,
        ),
      );
    }
    const a = dayNumber(c.from);
    const b = dayNumber(c.to);
    if (a === null)
      return fail(violation(`${f}.from`, 'date', 'must be a date YYYY-MM-DD', '必须是日期 YYYY-MM-DD'));
    if (b === null)
      return fail(violation(`${f}.to`, 'date', 'must be a date YYYY-MM-DD', '必须是日期 YYYY-MM-DD'));
    if (b < a) {
      return fail(
        violation(
          `${f}.to`,
          'order',
          `(${c.to}) is before from (${c.from})`,
          `（${c.to}）早于开始日期（${c.from}）`,
        ),
      );
    }
    const fromDay = Math.max(0, a - start);
    const toDay = Math.min(inst.days - 1, b - start);
    if (fromDay > toDay) {
      const end = dateOf(start + inst.days - 1);
      return fail(
        violation(
          `${f}.from`,
          'outside',
          `${c.from}–${c.to} lies outside the plan's days ${inst.startDate}–${end}`,
          `${c.from}–${c.to} 不在计划期 ${inst.startDate}–${end} 内`,
        ),
      );
    }
    for (let d = fromDay; d <= toDay; d++) q[d] = c.trainsPerDay;
    applied.push({ ...c, fromDay, toDay });
  }
  return ok({
    instance: {
      ...inst,
      gateways: inst.gateways.map((g) => ({ id: g.id, quota: quotas.get(g.id) ?? g.quota })),
    },
    applied,
  });
}

/** Quotas from the gateway model's outbound calendar for the instance's dates (gateways it knows). */
export function quotasFromModel(
  inst: GatewayInstance & { startDate: string },
  models: readonly GatewayModel[],
  closures: readonly Closure[],
): GatewayInstance {
  const byId = new Map(models.map((m) => [m.id, m]));
  return {
    ...inst,
    gateways: inst.gateways.map((g) => {
      const m = byId.get(g.id);
      if (m === undefined) return g;
      return {
        id: g.id,
        quota: gatewayCalendar(m, closures, inst.startDate, inst.days).map((d) => d.outbound.trains),
      };
    }),
  };
}
