// Pure helpers of the Border ports page: chart scales, the per-gateway schedule rows, the queue series
// of the three plans, and the check of a what-if change the user types before it is sent.

import type { CapacityChange, GatewayWhatIf, PlanDay } from '../../shared/api';

/** A round upper bound for an axis: 1, 2, 5 × 10^k at or above `n` (at least 1). */
export function niceMax(n: number): number {
  if (!(n > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

export interface ScheduleRow {
  readonly day: number;
  readonly date: string | null;
  readonly quota: number;
  readonly crossing: number;
  readonly waiting: number;
  /** Crossings at this gateway when trains are held at their planned gateway (no re-plan). */
  readonly heldCrossing: number;
}

/** One gateway's rows: the re-plan's crossings against the quota, and the held plan's for contrast. */
export function scheduleRows(w: GatewayWhatIf, gateway: string): ScheduleRow[] {
  return w.replan.days.map((d, k) => {
    const g = d.gateways[gateway];
    return {
      day: d.day,
      date: d.date,
      quota: g?.quota ?? 0,
      crossing: g?.crossing ?? 0,
      waiting: g?.waiting ?? 0,
      heldCrossing: w.held.days[k]?.gateways[gateway]?.crossing ?? 0,
    };
  });
}

export interface QueueSeries {
  readonly baseline: number[];
  readonly held: number[];
  readonly replan: number[];
  readonly max: number;
}

export function queueSeries(w: GatewayWhatIf): QueueSeries {
  const of = (days: readonly PlanDay[]) => days.map((d) => d.waiting);
  const baseline = of(w.baseline.days);
  const held = of(w.held.days);
  const replan = of(w.replan.days);
  return { baseline, held, replan, max: Math.max(1, ...baseline, ...held, ...replan) };
}

/** Runs [first, last] of consecutive days on which some gateway has less capacity than before. */
export function cutRuns(w: GatewayWhatIf): Array<[number, number]> {
  const cut = w.replan.days.map((d, i) =>
    Object.entries(d.gateways).some(([g, x]) => x.quota < (w.baseline.days[i]?.gateways[g]?.quota ?? 0)),
  );
  const runs: Array<[number, number]> = [];
  cut.forEach((c, i) => {
    if (!c) return;
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  });
  return runs;
}

/** "2021-10-18" → "10-18". */
export function shortDate(date: string | null, day: number): string {
  return date === null ? `D${day}` : date.slice(5);
}

/** The days a what-if covers: a scenario's own dates, or the coming days of the calendar. */
export interface DateRange {
  readonly startDate: string;
  readonly days: number;
}

/** Days a run on the gateway calendars covers (day 0 = today in China). */
export const CALENDAR_DAYS = 30;

export function lastDate(s: DateRange): string {
  const d = new Date(`${s.startDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + s.days - 1);
  return d.toISOString().slice(0, 10);
}

export interface ChangeDraft {
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly trainsPerDay: string;
}

export type DraftProblem = 'ports.err.dates' | 'ports.err.order' | 'ports.err.outside' | 'ports.err.trains';

/** The change to send, or what is wrong with the draft (a message key). */
export function checkDraft(
  d: ChangeDraft,
  s: DateRange,
): { ok: true; change: CapacityChange } | { ok: false; problem: DraftProblem } {
  const isDate = (x: string) => /^\d{4}-\d{2}-\d{2}$/.test(x) && !Number.isNaN(Date.parse(`${x}T00:00:00Z`));
  if (!isDate(d.from) || !isDate(d.to)) return { ok: false, problem: 'ports.err.dates' };
  if (d.to < d.from) return { ok: false, problem: 'ports.err.order' };
  if (d.to < s.startDate || d.from > lastDate(s)) return { ok: false, problem: 'ports.err.outside' };
  const n = Number(d.trainsPerDay);
  if (d.trainsPerDay.trim() === '' || !Number.isInteger(n) || n < 0 || n > 1000)
    return { ok: false, problem: 'ports.err.trains' };
  return { ok: true, change: { gateway: d.gateway, from: d.from, to: d.to, trainsPerDay: n } };
}
