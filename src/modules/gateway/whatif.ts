// What-if support (issue 6 part 4): the queue forecast of a solved plan (trains waiting per day, use
// of each gateway against its quota) and the comparison of two plans of the same trains — e.g. the
// current quotas against a closure or capacity drop: objective, delays, and the trains that switch.
import type { GatewayInstance, GatewaySolution } from './contract';

export interface DayForecast {
  readonly day: number;
  /** Trains arriving that day. */
  readonly arriving: number;
  /** Trains crossing that day, per gateway id. */
  readonly crossing: Readonly<Record<string, number>>;
  /** Quota that day, per gateway id. */
  readonly quota: Readonly<Record<string, number>>;
  /** Trains that have arrived but not crossed at the end of the day (unscheduled ones keep waiting). */
  readonly waiting: number;
}

export interface QueueForecast {
  readonly days: DayForecast[];
  readonly maxWaiting: number;
  /** Trains still waiting at the end of the horizon (crossing nowhere inside it). */
  readonly unscheduled: number;
  /** Mean delay in days (crossing day − arrival day) over the trains that cross. */
  readonly meanDelayDays: number;
}

export function queueForecast(inst: GatewayInstance, sol: GatewaySolution): QueueForecast {
  const arriving = new Array<number>(inst.days).fill(0);
  const arrival = new Map<string, number>();
  for (const t of inst.trains) {
    arrival.set(t.id, t.arrivalDay);
    if (t.arrivalDay < inst.days) arriving[t.arrivalDay] = (arriving[t.arrivalDay] ?? 0) + 1;
  }
  const crossing = Array.from({ length: inst.days }, () => new Map<string, number>());
  let delaySum = 0;
  for (const c of sol.crossings) {
    const m = crossing[c.day];
    if (m !== undefined) m.set(c.gateway, (m.get(c.gateway) ?? 0) + 1);
    delaySum += c.day - (arrival.get(c.train) ?? c.day);
  }
  const days: DayForecast[] = [];
  let waiting = 0;
  let maxWaiting = 0;
  for (let d = 0; d < inst.days; d++) {
    const byGate: Record<string, number> = {};
    const quota: Record<string, number> = {};
    let crossed = 0;
    for (const g of inst.gateways) {
      const n = crossing[d]?.get(g.id) ?? 0;
      byGate[g.id] = n;
      quota[g.id] = g.quota[d] ?? 0;
      crossed += n;
    }
    waiting += (arriving[d] ?? 0) - crossed;
    maxWaiting = Math.max(maxWaiting, waiting);
    days.push({ day: d, arriving: arriving[d] ?? 0, crossing: byGate, quota, waiting });
  }
  return {
    days,
    maxWaiting,
    unscheduled: sol.unscheduled.length,
    meanDelayDays: sol.crossings.length === 0 ? 0 : delaySum / sol.crossings.length,
  };
}

export interface TrainChange {
  readonly train: string;
  /** Where the train crosses in each plan; null when unscheduled there. */
  readonly before: { readonly gateway: string; readonly day: number } | null;
  readonly after: { readonly gateway: string; readonly day: number } | null;
  /** Change of its crossing day (after − before) when it crosses in both plans. */
  readonly delayChangeDays: number | null;
}

export interface PlanComparison {
  readonly objectiveBefore: number;
  readonly objectiveAfter: number;
  readonly unscheduledBefore: number;
  readonly unscheduledAfter: number;
  /** Trains crossing at a different gateway in the second plan. */
  readonly switchedGateway: TrainChange[];
  /** Trains whose crossing day or status changed (includes the switched ones). */
  readonly changed: TrainChange[];
  readonly queueBefore: QueueForecast;
  readonly queueAfter: QueueForecast;
}

/** Compares two plans of the same trains (e.g. the same demand under different quotas). */
export function comparePlans(
  before: { readonly inst: GatewayInstance; readonly sol: GatewaySolution },
  after: { readonly inst: GatewayInstance; readonly sol: GatewaySolution },
): PlanComparison {
  const where = (sol: GatewaySolution) =>
    new Map(sol.crossings.map((c) => [c.train, { gateway: c.gateway, day: c.day }]));
  const b = where(before.sol);
  const a = where(after.sol);
  const changed: TrainChange[] = [];
  for (const t of before.inst.trains) {
    const x = b.get(t.id) ?? null;
    const y = a.get(t.id) ?? null;
    if (x?.gateway === y?.gateway && x?.day === y?.day) continue;
    changed.push({
      train: t.id,
      before: x,
      after: y,
      delayChangeDays: x !== null && y !== null ? y.day - x.day : null,
    });
  }
  return {
    objectiveBefore: before.sol.objective,
    objectiveAfter: after.sol.objective,
    unscheduledBefore: before.sol.unscheduled.length,
    unscheduledAfter: after.sol.unscheduled.length,
    switchedGateway: changed.filter(
      (c) => c.before !== null && c.after !== null && c.before.gateway !== c.after.gateway,
    ),
    changed,
    queueBefore: queueForecast(before.inst, before.sol),
    queueAfter: queueForecast(after.inst, after.sol),
  };
}
