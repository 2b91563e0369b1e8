/**
 * The border ports: trains waiting and in transshipment, crossed today, and the queue of the coming
 * days (arrivals placed by the trains' positions, overdue ones spread under the capacity). Pure.
 */
import { chinaDay, type Facts, type UpcomingDeparture } from './facts';
import type { TrainState } from './projection';

export interface GatewayCapacity {
  readonly id: string;
  readonly names: { readonly en: string; readonly zh: string };
  /** Outbound trains per day, per calendar day from today (closures applied). */
  readonly capacityByDay: ReadonlyArray<{ readonly day: string; readonly trains: number }>;
  readonly transshipmentHours: number;
}

export interface BorderTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly arrivedAt: string;
  readonly boxes: number;
  readonly transshipped: number;
  /** 0..1, transshipped boxes / boxes on the train. */
  readonly progress: number;
}

export interface QueueDay {
  readonly day: string;
  readonly arriving: number;
  readonly capacity: number;
  readonly crossing: number;
  /** Trains still waiting at the end of the day. */
  readonly queue: number;
}

export interface BorderStatus {
  readonly id: string;
  readonly names: { readonly en: string; readonly zh: string };
  readonly waiting: BorderTrain[];
  readonly transshipping: BorderTrain[];
  /** Outbound trains that left the gateway today — what uses today's (outbound) capacity. */
  readonly crossedToday: number;
  readonly crossedTodayTrains: string[];
  /** Return (inbound) trains that left the gateway today; their capacity is the other direction's. */
  readonly crossedInboundToday: number;
  readonly capacityToday: number;
  /**
   * Trains running towards the gateway past their planned arrival with no position to place them:
   * the forecast spreads them over the days with room below the gateway's capacity.
   */
  readonly overdue: number;
  readonly forecast: QueueDay[];
}

/** Where a running train is along its route (tracking's position matched to the route). */
export interface TrainProgress {
  readonly kmAlong: number;
  /** The time of the position report. */
  readonly time: string;
}

/**
 * When a train running towards the gateway gets there (ms), or null when nothing places it:
 * - with a position: the km left to the gateway at the route's planned speed from the report
 *   (km to the gateway / hours to it), never before now;
 * - without one: its departure + the hours to the gateway, while that lies ahead;
 * - overdue with no position: null (the caller spreads these under the capacity).
 */
export function gatewayEta(
  dispatchedAt: string,
  route: { readonly hoursToGateway: number | null; readonly kmToGateway?: number | null | undefined },
  progress: TrainProgress | undefined,
  now: Date,
): number | null {
  const hours = route.hoursToGateway;
  if (hours === null) return null;
  const km = route.kmToGateway ?? null;
  if (progress && km !== null && km > 0 && hours > 0) {
    const left = Math.max(0, km - progress.kmAlong);
    const at = Date.parse(progress.time) + (left / (km / hours)) * 3_600_000;
    return Math.max(at, now.getTime());
  }
  const planned = Date.parse(dispatchedAt) + hours * 3_600_000;
  return planned >= now.getTime() ? planned : null;
}

/**
 * The queue of the coming days, as a fluid model: each day the queue is served first-come up to
 * the day's capacity; what is left waits for the next day. Pure and deterministic.
 */
export function forecastQueue(
  start: number,
  days: ReadonlyArray<{ day: string; arriving: number; capacity: number }>,
): QueueDay[] {
  let queue = start;
  return days.map((d) => {
    const present = queue + d.arriving;
    const crossing = Math.min(present, Math.max(0, d.capacity));
    queue = present - crossing;
    return { day: d.day, arriving: d.arriving, capacity: d.capacity, crossing, queue };
  });
}

export function borderStatus(
  gw: GatewayCapacity,
  trains: readonly TrainState[],
  departures: readonly UpcomingDeparture[],
  facts: Facts,
  now: Date,
  progress: ReadonlyMap<string, TrainProgress> = new Map(),
): BorderStatus {
  const today = chinaDay(now);
  const waiting: BorderTrain[] = [];
  const transshipping: BorderTrain[] = [];
  const crossed: string[] = [];
  const crossedInbound: string[] = [];
  const expectedByDay = new Map<string, number>();
  const overdue: Array<{ id: string; planned: number }> = [];
  // outbound trains at the gateway now: the forecast's starting queue (the capacity is outbound)
  let queued = 0;
  const seen = new Set<string>();
  for (const t of trains) {
    seen.add(t.id);
    const mine = t.stays.filter((s) => s.gatewayId === gw.id);
    for (const s of mine)
      if (s.left && chinaDay(s.left.eventTime) === today)
        (t.direction === 'inbound' ? crossedInbound : crossed).push(t.id);
    const open = mine.find((s) => !s.left);
    if (open && !t.arrived) {
      // boxes on the train: its LOAD events, else the boxes its bookings name, at least those craned
      const booked = (facts.cargo.get(t.id) ?? []).reduce((n, c) => n + c.containers.length, 0);
      const boxes = Math.max(t.boxes.length || booked, open.transshipped);
      const bt: BorderTrain = {
        id: t.id,
        routeId: t.routeId,
        arrivedAt: open.arrived.eventTime,
        boxes,
        transshipped: open.transshipped,
        progress: boxes > 0 ? Math.min(1, open.transshipped / boxes) : 0,
      };
      (open.transshipped > 0 ? transshipping : waiting).push(bt);
      if (t.direction !== 'inbound') queued++;
      continue;
    }
    // running towards this gateway (outbound): expected when its position (or its plan) says
    if (mine.length === 0 && t.dispatched && !t.arrived && t.routeId && t.direction === 'outbound') {
      const r = facts.routes.get(t.routeId);
      if (r?.gateway === gw.id && r.hoursToGateway !== null) {
        const eta = gatewayEta(t.dispatched.eventTime, r, progress.get(t.id), now);
        if (eta === null) {
          overdue.push({
            id: t.id,
            planned: Date.parse(t.dispatched.eventTime) + r.hoursToGateway * 3_600_000,
          });
        } else {
          const day = chinaDay(new Date(eta));
          expectedByDay.set(day, (expectedByDay.get(day) ?? 0) + 1);
        }
      }
    }
  }
  // scheduled departures not yet run, towards this gateway
  for (const dep of departures) {
    if (dep.status !== 'scheduled' || seen.has(dep.id)) continue;
    const r = facts.routes.get(dep.routeId);
    if (r?.gateway !== gw.id || r.hoursToGateway === null) continue;
    const eta = chinaDay(new Date(Date.parse(`${dep.date}T12:00:00+08:00`) + r.hoursToGateway * 3_600_000));
    if (eta < today) continue;
    expectedByDay.set(eta, (expectedByDay.get(eta) ?? 0) + 1);
  }
  waiting.sort((a, b) => a.arrivedAt.localeCompare(b.arrivedAt));
  transshipping.sort((a, b) => b.progress - a.progress || a.id.localeCompare(b.id));
  const capToday = gw.capacityByDay.find((c) => c.day === today)?.trains ?? 0;
  // today: what crossed already uses capacity
  const days = gw.capacityByDay.map((c) => ({
    day: c.day,
    arriving: expectedByDay.get(c.day) ?? 0,
    capacity: c.day === today ? Math.max(0, c.trains - crossed.length) : c.trains,
  }));
  // overdue trains nothing places: a day gets them only up to its room below the capacity (a
  // gateway's line brings no more trains a day than the gateway passes), the longest overdue first;
  // what does not fit in the horizon is left out of the forecast (and counted in `overdue`)
  overdue.sort((a, b) => a.planned - b.planned || a.id.localeCompare(b.id));
  let next = 0;
  for (const d of days) {
    if (d.day < today) continue;
    const room = Math.max(0, d.capacity - d.arriving);
    const take = Math.min(room, overdue.length - next);
    d.arriving += take;
    next += take;
  }
  return {
    id: gw.id,
    names: gw.names,
    waiting,
    transshipping,
    crossedToday: crossed.length,
    crossedTodayTrains: crossed.sort(),
    crossedInboundToday: crossedInbound.length,
    capacityToday: capToday,
    overdue: overdue.length,
    forecast: forecastQueue(queued, days),
  };
}
