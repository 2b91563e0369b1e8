// What-if re-planning (issue 6 parts 4 and 5), pure: the baseline plan of a set of trains, the same
// trains under capacity changes or closures — first held at their planned gateways (the queue the
// change produces when nothing is re-planned), then re-planned exactly with every allowed gateway —
// the queue per gateway and day of each, delays per route, the trains that switch gateway, and why
// every late or unscheduled train of the re-plan is late, in English and Chinese.
import { ok, type Result } from '../../domain/result';
import type { Bilingual } from '../../domain/text';
import { type AppliedChange, addDays, applyChanges, type CapacityChange } from './calendar';
import type { GatewayInstance, GatewaySolution, GatewayTrain } from './contract';
import { type GatewayDeps, solveGateway } from './solve';
import { comparePlans, type TrainChange } from './whatif';

export interface GatewayDay {
  readonly quota: number;
  readonly crossing: number;
  /** Trains bound for this gateway (in this plan) that have arrived and not crossed at the day's end. */
  readonly waiting: number;
}

export interface PlanDay {
  readonly day: number;
  readonly date: string | null;
  readonly arriving: number;
  readonly waiting: number;
  readonly gateways: Readonly<Record<string, GatewayDay>>;
}

export interface PlanSummary {
  readonly objective: number;
  readonly crossings: number;
  readonly unscheduled: number;
  /** Trains crossing later than their best possible crossing (or not at all). */
  readonly late: number;
  readonly maxWaiting: number;
  readonly totalDelayDays: number;
  readonly meanDelayDays: number;
  readonly days: PlanDay[];
}

/** Delays of one route's trains in each plan (routes listed with the most unscheduled first). */
export interface RouteDelay {
  readonly route: string;
  readonly trains: number;
  /** Sum of crossing day − arrival day over the trains that cross, and the trains left unscheduled. */
  readonly baseline: { readonly delayDays: number; readonly unscheduled: number };
  readonly held: { readonly delayDays: number; readonly unscheduled: number };
  readonly replan: { readonly delayDays: number; readonly unscheduled: number };
}

export interface Explanation {
  readonly train: string;
  readonly route: string | null;
  readonly gateway: string | null;
  readonly day: number | null;
  readonly arrivalDay: number;
  readonly status: 'late' | 'unscheduled';
  readonly code: string | null;
  readonly reason: Bilingual;
}

export interface WhatIfResult {
  readonly instanceId: string;
  readonly startDate: string | null;
  readonly days: number;
  readonly gateways: string[];
  readonly changes: AppliedChange[];
  readonly baseline: PlanSummary;
  /** The trains kept at their baseline gateway, re-timed only: the queue the change produces. */
  readonly held: PlanSummary;
  /** The exact re-plan under the change, every allowed gateway open to every train. */
  readonly replan: PlanSummary;
  /** Re-plan against the baseline: trains at another gateway, and every train whose crossing changed. */
  readonly switchedGateway: TrainChange[];
  readonly changedTrains: number;
  readonly routes: RouteDelay[];
  /** Every late or unscheduled train of the re-plan, with its reason (the slots that blocked it named). */
  readonly explanations: Explanation[];
}

export interface WhatIfInput {
  readonly baseline: GatewayInstance;
  readonly changes: readonly CapacityChange[];
  /** Route of each train (e.g. URM-DUI); a train without one is grouped under "via <its gateway>". */
  readonly trainRoutes?: Readonly<Record<string, string>>;
}

type Where = { gateway: string; day: number };

function crossingsOf(sol: GatewaySolution): Map<string, Where> {
  return new Map(sol.crossings.map((c) => [c.train, { gateway: c.gateway, day: c.day }]));
}

function bestGateway(t: GatewayTrain): string | null {
  let best: GatewayTrain['options'][number] | null = null;
  for (const o of t.options) if (best === null || o.extraDays < best.extraDays) best = o;
  return best?.gateway ?? null;
}

/**
 * The queue per gateway and day of a plan; an unscheduled train waits at its cheapest option. A train
 * is late when it crosses later (or via a slower gateway) than its best option in `ref` — the trains
 * with all their options, so a plan held at fewer gateways is judged by the same measure.
 */
export function summarize(
  inst: GatewayInstance,
  sol: GatewaySolution,
  ref: GatewayInstance = inst,
): PlanSummary {
  const where = crossingsOf(sol);
  const ids = inst.gateways.map((g) => g.id);
  const arrive = ids.map(() => new Array<number>(inst.days).fill(0));
  const cross = ids.map(() => new Array<number>(inst.days).fill(0));
  const gIndex = new Map(ids.map((g, k) => [g, k]));
  let totalDelay = 0;
  let late = sol.unscheduled.length;
  for (const t of inst.trains) {
    const w = where.get(t.id);
    const gid = w?.gateway ?? bestGateway(t);
    const g = gid === null ? undefined : gIndex.get(gid);
    if (g !== undefined && t.arrivalDay < inst.days) {
      const row = arrive[g] as number[];
      row[t.arrivalDay] = (row[t.arrivalDay] ?? 0) + 1;
    }
    if (w !== undefined) {
      const row = cross[gIndex.get(w.gateway) as number] as number[];
      row[w.day] = (row[w.day] ?? 0) + 1;
      totalDelay += w.day - t.arrivalDay;
    }
  }
  const refTrains = new Map(ref.trains.map((t) => [t.id, t]));
  for (const c of sol.crossings) {
    const t = refTrains.get(c.train);
    if (t === undefined) continue;
    let best = Number.POSITIVE_INFINITY;
    let mine = Number.POSITIVE_INFINITY;
    for (const o of t.options) {
      best = Math.min(best, o.extraDays);
      if (o.gateway === c.gateway) mine = Math.min(mine, o.extraDays);
    }
    if (c.day - t.arrivalDay + mine > best) late++;
  }
  const days: PlanDay[] = [];
  const waiting = ids.map(() => 0);
  let maxWaiting = 0;
  for (let d = 0; d < inst.days; d++) {
    const gateways: Record<string, GatewayDay> = {};
    let total = 0;
    let arriving = 0;
    ids.forEach((id, g) => {
      const a = (arrive[g] as number[])[d] ?? 0;
      const c = (cross[g] as number[])[d] ?? 0;
      waiting[g] = (waiting[g] ?? 0) + a - c;
      arriving += a;
      total += waiting[g] ?? 0;
      gateways[id] = { quota: inst.gateways[g]?.quota[d] ?? 0, crossing: c, waiting: waiting[g] ?? 0 };
    });
    maxWaiting = Math.max(maxWaiting, total);
    days.push({
      day: d,
      date: inst.startDate === undefined ? null : addDays(inst.startDate, d),
      arriving,
      waiting: total,
      gateways,
    });
  }
  return {
    objective: sol.objective,
    crossings: sol.crossings.length,
    unscheduled: sol.unscheduled.length,
    late,
    maxWaiting,
    totalDelayDays: totalDelay,
    meanDelayDays:
      sol.crossings.length === 0 ? 0 : Math.round((totalDelay / sol.crossings.length) * 100) / 100,
    days,
  };
}

/** The instance with every train's options cut to the gateway it crosses in `sol` (its best if none). */
export function holdAtPlannedGateway(inst: GatewayInstance, sol: GatewaySolution): GatewayInstance {
  const where = crossingsOf(sol);
  return {
    ...inst,
    id: `${inst.id}-held`,
    trains: inst.trains.map((t) => {
      const g = where.get(t.id)?.gateway ?? bestGateway(t);
      return { ...t, options: t.options.filter((o) => o.gateway === g) };
    }),
  };
}

function routeDelays(
  inst: GatewayInstance,
  plans: { baseline: GatewaySolution; held: GatewaySolution; replan: GatewaySolution },
  routeOf: (t: GatewayTrain) => string,
): RouteDelay[] {
  const maps = {
    baseline: crossingsOf(plans.baseline),
    held: crossingsOf(plans.held),
    replan: crossingsOf(plans.replan),
  };
  type Acc = { trains: number } & Record<keyof typeof maps, { delayDays: number; unscheduled: number }>;
  const acc = new Map<string, Acc>();
  for (const t of inst.trains) {
    const r = routeOf(t);
    let a = acc.get(r);
    if (a === undefined) {
      a = {
        trains: 0,
        baseline: { delayDays: 0, unscheduled: 0 },
        held: { delayDays: 0, unscheduled: 0 },
        replan: { delayDays: 0, unscheduled: 0 },
      };
      acc.set(r, a);
    }
    a.trains++;
    for (const k of ['baseline', 'held', 'replan'] as const) {
      const w = maps[k].get(t.id);
      if (w === undefined) a[k].unscheduled++;
      else a[k].delayDays += w.day - t.arrivalDay;
    }
  }
  return [...acc.entries()]
    .map(([route, a]) => ({ route, ...a }))
    .sort(
      (x, y) =>
        y.replan.unscheduled - x.replan.unscheduled ||
        y.replan.delayDays - x.replan.delayDays ||
        x.route.localeCompare(y.route),
    );
}

function explanations(
  inst: GatewayInstance,
  sol: GatewaySolution,
  routeOf: (t: GatewayTrain) => string | null,
): Explanation[] {
  const trains = new Map(inst.trains.map((t) => [t.id, t]));
  const out: Explanation[] = [];
  for (const c of sol.crossings) {
    if (c.delayReason === undefined) continue;
    const t = trains.get(c.train) as GatewayTrain;
    out.push({
      train: c.train,
      route: routeOf(t),
      gateway: c.gateway,
      day: c.day,
      arrivalDay: t.arrivalDay,
      status: 'late',
      code: null,
      reason: { en: c.delayReason, zh: c.delayReasonZh ?? c.delayReason },
    });
  }
  for (const u of sol.unscheduled) {
    const t = trains.get(u.train) as GatewayTrain;
    out.push({
      train: u.train,
      route: routeOf(t),
      gateway: null,
      day: null,
      arrivalDay: t.arrivalDay,
      status: 'unscheduled',
      code: u.code ?? null,
      reason: { en: u.reason, zh: u.reasonZh ?? u.reason },
    });
  }
  return out;
}

/**
 * Runs a what-if: baseline plan, held plan and exact re-plan under the changes. A change that does
 * not fit the instance gives one Violation naming the field.
 */
export function runWhatIf(input: WhatIfInput, deps: GatewayDeps): Result<WhatIfResult> {
  const changed = applyChanges(input.baseline, input.changes);
  if (!changed.ok) return changed;
  const base = input.baseline;
  const after = changed.value.instance;
  const baseSol = solveGateway(base, deps);
  const heldInst = holdAtPlannedGateway(after, baseSol);
  const heldSol = solveGateway(heldInst, deps);
  const replanSol = solveGateway(after, deps);
  const routes = input.trainRoutes ?? {};
  const homeOf = (t: GatewayTrain) => bestGateway(t) ?? '—';
  const routeOf = (t: GatewayTrain) => routes[t.id] ?? `via ${homeOf(t)}`;
  const cmp = comparePlans({ inst: base, sol: baseSol }, { inst: after, sol: replanSol });
  return ok({
    instanceId: base.id,
    startDate: base.startDate ?? null,
    days: base.days,
    gateways: base.gateways.map((g) => g.id),
    changes: changed.value.applied,
    baseline: summarize(base, baseSol),
    held: summarize(heldInst, heldSol, after),
    replan: summarize(after, replanSol),
    switchedGateway: cmp.switchedGateway,
    changedTrains: cmp.changed.length,
    routes: routeDelays(base, { baseline: baseSol, held: heldSol, replan: replanSol }, routeOf),
    explanations: explanations(after, replanSol, (t) => routes[t.id] ?? null),
  });
}
