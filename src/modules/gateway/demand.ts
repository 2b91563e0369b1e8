// The real demand on the border gateways (issue 6, feeding the slot scheduler), pure: the timetable's
// departures on routes that cross a border gateway (the network's route says which) become trains of a
// gateway instance — arriving at their gateway after the route's running hours up to the gateway side,
// allowed the other border gateway at one extra day (an estimate: both lead into Kazakhstan), weight 1
// (5 for a departure the plan does not run is not counted: those are left out).
import { addDays, dayNumber } from './calendar';
import type { GatewayInstance } from './contract';

export interface DemandDeparture {
  readonly id: string;
  readonly routeId: string;
  readonly date: string;
  readonly status: 'scheduled' | 'cancelled';
  /** The latest consolidation plan's verdict; null before any plan. */
  readonly running: boolean | null;
}

export interface DemandRoute {
  readonly id: string;
  readonly gateway: string | null;
  readonly legs: readonly { readonly from: string; readonly to: string; readonly hours: number }[];
}

export interface DemandGateway {
  readonly id: string;
  readonly sides: readonly [string, string] | readonly string[];
  readonly border: boolean;
}

/** How long a train may wait at a gateway before it counts as unscheduled in the horizon (scenarios' value). */
export const MAX_DELAY_DAYS = 42;
export const UNSCHEDULED_PENALTY_DAYS = 30;
/** Departures this many days before the horizon may still arrive in it. */
export const LOOKBACK_DAYS = 5;

/** Hours from the origin until the train reaches its gateway (the leg that ends at a gateway side). */
export function hoursToGateway(route: DemandRoute, gateway: DemandGateway): number {
  let h = 0;
  for (const leg of route.legs) {
    h += leg.hours;
    if (gateway.sides.includes(leg.to)) return h;
  }
  return h;
}

export interface Demand {
  readonly instance: GatewayInstance & { startDate: string };
  readonly trainRoutes: Record<string, string>;
  /** Departures left out, by reason. */
  readonly skipped: { readonly cancelled: number; readonly notRunning: number; readonly outside: number };
}

/**
 * The gateway instance of the departures over `days` days from `startDate` (quotas still to be filled
 * from the gateway calendars). Only border gateways take part.
 */
export function demandFromDepartures(
  departures: readonly DemandDeparture[],
  routes: readonly DemandRoute[],
  gateways: readonly DemandGateway[],
  startDate: string,
  days: number,
): Demand {
  const border = gateways.filter((g) => g.border);
  const byId = new Map(border.map((g) => [g.id, g]));
  const routeById = new Map(routes.map((r) => [r.id, r]));
  const start = dayNumber(startDate);
  if (start === null) throw new Error(`not a date: ${startDate}`);
  const trains: GatewayInstance['trains'] = [];
  const trainRoutes: Record<string, string> = {};
  let cancelled = 0;
  let notRunning = 0;
  let outside = 0;
  for (const d of [...departures].sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id))) {
    const route = routeById.get(d.routeId);
    const gw = route?.gateway ? byId.get(route.gateway) : undefined;
    if (route === undefined || gw === undefined) continue;
    if (d.status === 'cancelled') {
      cancelled++;
      continue;
    }
    if (d.running === false) {
      notRunning++;
      continue;
    }
    const day = dayNumber(d.date);
    if (day === null) continue;
    const arrival = day - start + Math.floor(hoursToGateway(route, gw) / 24);
    if (arrival >= days) {
      outside++;
      continue;
    }
    // a train that arrived before the horizon and has not crossed is waiting on day 0
    const arrivalDay = Math.max(0, arrival);
    if (arrival < 0 && arrival + MAX_DELAY_DAYS < 0) {
      outside++;
      continue;
    }
    const others = border.filter((g) => g.id !== gw.id);
    trains.push({
      id: d.id,
      arrivalDay,
      weight: 1,
      maxDelayDays: MAX_DELAY_DAYS,
      options: [{ gateway: gw.id, extraDays: 0 }, ...others.map((g) => ({ gateway: g.id, extraDays: 1 }))],
    });
    trainRoutes[d.id] = d.routeId;
  }
  return {
    instance: {
      format: 'lugang.gateway.instance/v1',
      id: `timetable-${startDate}`,
      days,
      startDate,
      description: {
        en: `The timetable's departures from ${addDays(startDate, -LOOKBACK_DAYS)} on routes through the border gateways; day 0 = ${startDate}. A train may switch to the other border gateway at one extra day (assumed); weight 1; unscheduled penalty ${UNSCHEDULED_PENALTY_DAYS} days.`,
        zh: `时刻表中经边境口岸线路的班列（自 ${addDays(startDate, -LOOKBACK_DAYS)} 起）；第 0 天 = ${startDate}。列车可改走另一边境口岸，多 1 天（假设）；权重 1；未排班惩罚 ${UNSCHEDULED_PENALTY_DAYS} 天。`,
      },
      gateways: border.map((g) => ({ id: g.id, quota: Array.from({ length: days }, () => 0) })),
      trains,
      unscheduledPenaltyDays: UNSCHEDULED_PENALTY_DAYS,
    } as GatewayInstance & { startDate: string },
    trainRoutes,
    skipped: { cancelled, notRunning, outside },
  };
}
