// Builds the planners' contract documents from the database state (pure): the consolidation
// instance (lugang.consolidation.instance/v1) from confirmed bookings, generated departures and the
// network's gateway quotas, with the current assignments as `pinned`; and a departure's load-plan
// instance (lugang.load-plan.instance/v1) from its bookings' containers on NX70A wagons.
import { parseSizeType } from '../../domain/codes/size-type';
import type { Gateway, Route } from '../../domain/network/types';
import type { Bilingual } from '../../domain/text';
import type { ConsolidationInstance } from '../planning/consolidation/contract';
import type { LoadPlanInstance } from '../planning/load/contract';
import { daysBetween } from '../timetable/dates';

export interface PlanBooking {
  id: string;
  eligibleRoutes: readonly string[];
  teu: number;
  grossKg: number;
  readyDate: string;
  dueDate: string;
  priority: number;
  assignedDeparture: string | null;
}

export interface PlanDeparture {
  id: string;
  routeId: string;
  date: string;
  capacityTeu: number;
  capacityKg: number;
  minTeu: number;
  status: 'scheduled' | 'cancelled';
}

export interface ConsolidationInputs {
  readonly id: string;
  readonly from: string;
  readonly days: number;
  readonly routes: readonly Pick<Route, 'id' | 'gateway' | 'transitDays' | 'legs'>[];
  readonly gateways: readonly Pick<Gateway, 'id' | 'sides' | 'trainsPerDay'>[];
  /** Departures dated inside the horizon (cancelled ones are left out of the instance). */
  readonly departures: readonly PlanDeparture[];
  readonly bookings: readonly PlanBooking[];
  /** Pin the bookings' current assignments (default true). */
  readonly keepAssignments: boolean;
}

export interface ReleasedPin {
  booking: string;
  departure: string;
  reason: Bilingual;
}

export interface BuiltConsolidation {
  instance: ConsolidationInstance;
  /** Bookings left out of the instance, with why. */
  excluded: { booking: string; reason: Bilingual }[];
  /** Assignments that could not be kept as pins. */
  released: ReleasedPin[];
}

/** Value of a booking for the planner: TEU × (100 + 25 per priority step above 1). */
export function bookingValue(teu: number, priority: number): number {
  return teu * (100 + 25 * (priority - 1));
}

/** Days from leaving the assembly center to crossing the route's gateway (hours of the legs before it, rounded up). */
export function daysToGateway(
  route: Pick<Route, 'legs'>,
  gateway: Pick<Gateway, 'sides'> | undefined,
): number {
  if (!gateway) return 0;
  let hours = 0;
  for (const leg of route.legs) {
    hours += leg.hours;
    if (leg.to === gateway.sides[0] || leg.to === gateway.sides[1]) break;
  }
  return Math.ceil(hours / 24);
}

export function buildConsolidationInstance(inp: ConsolidationInputs): BuiltConsolidation {
  const gatewayById = new Map(inp.gateways.map((g) => [g.id, g]));
  const routes = inp.routes.map((r) => ({
    id: r.id,
    gateway: r.gateway && gatewayById.has(r.gateway) ? r.gateway : null,
    daysToGateway: daysToGateway(r, r.gateway ? gatewayById.get(r.gateway) : undefined),
    transitDays: Math.ceil(r.transitDays),
  }));
  const routeById = new Map(routes.map((r) => [r.id, r]));
  const usedGateways = new Set(routes.map((r) => r.gateway).filter((g): g is string => g !== null));
  const gateways = [...usedGateways].sort().map((id) => ({
    id,
    quota: Array.from({ length: inp.days }, () =>
      Math.max(0, Math.floor(gatewayById.get(id)!.trainsPerDay.outbound)),
    ),
  }));
  const departures = inp.departures
    .filter((d) => d.status === 'scheduled' && routeById.has(d.routeId))
    .map((d) => ({
      id: d.id,
      route: d.routeId,
      day: daysBetween(inp.from, d.date),
      capacityTeu: d.capacityTeu,
      capacityKg: d.capacityKg,
      minTeu: d.minTeu,
    }))
    .filter((d) => d.day >= 0 && d.day < inp.days);
  const depById = new Map(departures.map((d) => [d.id, d]));

  const excluded: BuiltConsolidation['excluded'] = [];
  const bookings: ConsolidationInstance['bookings'] = [];
  const released: ReleasedPin[] = [];
  const pinned: { booking: string; departure: string }[] = [];
  const load = new Map<string, { teu: number; kg: number }>();
  const crossings = new Map<string, Set<string>>();
  const quotaOf = (gw: string) => gateways.find((g) => g.id === gw)!.quota;

  for (const b of [...inp.bookings].sort((x, y) => (x.id < y.id ? -1 : 1))) {
    const eligible = b.eligibleRoutes.filter((r) => routeById.has(r));
    if (eligible.length === 0) {
      excluded.push({
        booking: b.id,
        reason: { en: 'none of its routes is in the network any more', zh: '其线路均已不在路网中' },
      });
      continue;
    }
    const cb = {
      id: b.id,
      routes: [...eligible],
      teu: b.teu,
      grossKg: b.grossKg,
      readyDay: daysBetween(inp.from, b.readyDate),
      dueDay: daysBetween(inp.from, b.dueDate),
      value: bookingValue(b.teu, b.priority),
    };
    bookings.push(cb);
    if (!b.assignedDeparture || !inp.keepAssignments) continue;
    const release = (en: string, zh: string) =>
      released.push({ booking: b.id, departure: b.assignedDeparture!, reason: { en, zh } });
    const d = depById.get(b.assignedDeparture);
    if (!d) {
      release('its departure is cancelled or outside the horizon', '其班列已取消或不在计划期内');
      continue;
    }
    const r = routeById.get(d.route)!;
    if (!eligible.includes(d.route) || cb.readyDay > d.day || d.day + r.transitDays > cb.dueDay) {
      release(
        'it no longer fits the departure (route or ready/due dates)',
        '已不适合该班列（线路或备妥/交付日期）',
      );
      continue;
    }
    const l = load.get(d.id) ?? { teu: 0, kg: 0 };
    if (l.teu + cb.teu > d.capacityTeu || l.kg + cb.grossKg > d.capacityKg) {
      release('the departure is full with other kept bookings', '该班列已被其他保留的订舱占满');
      continue;
    }
    if (r.gateway) {
      const day = d.day + r.daysToGateway;
      const key = `${r.gateway}@${day}`;
      const set = crossings.get(key) ?? new Set<string>();
      if (!set.has(d.id) && day < inp.days && set.size + 1 > quotaOf(r.gateway)[day]!) {
        release('the gateway quota of that day is taken', '当日口岸过境配额已满');
        continue;
      }
      set.add(d.id);
      crossings.set(key, set);
    }
    load.set(d.id, { teu: l.teu + cb.teu, kg: l.kg + cb.grossKg });
    pinned.push({ booking: b.id, departure: d.id });
  }
  const instance: ConsolidationInstance = {
    format: 'lugang.consolidation.instance/v1',
    id: inp.id,
    days: inp.days,
    gateways,
    routes,
    departures,
    bookings,
    ...(pinned.length > 0 ? { pinned } : {}),
  };
  return { instance, excluded, released };
}

export interface LoadBooking {
  id: string;
  reference: string;
  containers: readonly { sizeType: string; count: number; numbers: readonly string[] }[];
  grossKg: number;
  priority: number;
  dg: { un: string; class: string } | null;
}

export interface LoadRules {
  wagonCount: number;
  trainMaxCargoKg: number;
  /**
   * The wagon type of the train: NX70A (payload limited by the wagon's gross limit minus tare) on the
   * Chinese section, or a 1520 mm platform when the train is re-planned for the gauge change.
   * `platformFt` is its one platform's length (45 for NX70A, 40 for 13-1258-01).
   */
  wagon: {
    code: string;
    gaugeMm: number;
    lengthMm: number;
    tareKg: number;
    maxPayloadKg: number;
    platformFt?: 20 | 30 | 40 | 45;
  };
  pairMaxDiffKg: number;
  twentyFootMaxKg: number;
  dgFirstWagonsForbidden: number;
}

/** The load-plan instance of one departure: every container of its bookings, weights split evenly. */
export function buildLoadInstance(
  id: string,
  bookings: readonly LoadBooking[],
  rules: LoadRules,
): LoadPlanInstance {
  const containers: LoadPlanInstance['containers'] = [];
  const seen = new Set<string>();
  for (const b of bookings) {
    const total = b.containers.reduce((s, g) => s + g.count, 0);
    let k = 0;
    for (const g of b.containers) {
      const st = parseSizeType(g.sizeType);
      const lengthFt = st.ok ? st.value.lengthFt : 40;
      for (let i = 0; i < g.count; i++, k++) {
        const share = Math.floor(b.grossKg / total) + (k < b.grossKg % total ? 1 : 0);
        let cid = g.numbers[i] ?? `${b.reference}#${k + 1}`;
        if (seen.has(cid)) cid = `${cid}~${b.id}`;
        seen.add(cid);
        containers.push({
          id: cid,
          lengthFt,
          grossKg: share,
          value: bookingValue(lengthFt >= 40 ? 2 : 1, b.priority),
          dg: b.dg ? { un: b.dg.un, class: b.dg.class } : null,
          reefer: st.ok && st.value.kind === 'reefer',
        });
      }
    }
  }
  return {
    format: 'lugang.load-plan.instance/v1',
    id,
    rules: {
      twentyFootMustPair: true,
      pairMaxDiffKg: rules.pairMaxDiffKg,
      twentyFootMaxKg: rules.twentyFootMaxKg,
      trainMaxCargoKg: rules.trainMaxCargoKg,
      dgFirstWagonsForbidden: rules.dgFirstWagonsForbidden,
      dgAdjacentWagonsForbidden: true,
    },
    wagonTypes: [
      {
        code: rules.wagon.code,
        gaugeMm: rules.wagon.gaugeMm,
        lengthMm: rules.wagon.lengthMm,
        tareKg: rules.wagon.tareKg,
        maxPayloadKg: rules.wagon.maxPayloadKg,
        platforms: [{ lengthFt: rules.wagon.platformFt ?? 45, maxKg: rules.wagon.maxPayloadKg }],
        bogies: [],
      },
    ],
    wagons: Array.from({ length: rules.wagonCount }, (_, i) => ({
      id: String(i + 1).padStart(2, '0'),
      type: rules.wagon.code,
    })),
    containers,
  };
}
