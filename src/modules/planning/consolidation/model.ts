// Indexed, array-based view of a consolidation instance for the solver: eligibility lists in both
// directions, gateway-day slots with their quotas, pinned (confirmed) assignments.
import type { ConsolidationInstance } from './contract';

export interface Model {
  readonly nB: number;
  readonly nD: number;
  readonly teu: Int32Array; // per booking
  readonly kg: Float64Array; // per booking
  readonly value: Float64Array; // per booking
  readonly capTeu: Int32Array; // per departure
  readonly capKg: Float64Array;
  readonly minTeu: Int32Array;
  readonly day: Int32Array;
  /** Gateway-day slot a running departure uses, −1 when unlimited (no gateway or outside horizon). */
  readonly slot: Int32Array;
  readonly quota: Int32Array; // per slot
  /** Eligible departures per booking (ascending day). */
  readonly bElig: readonly Int32Array[];
  /** Eligible bookings per departure. */
  readonly dElig: readonly Int32Array[];
  /** Pinned departure per booking, −1 when free. */
  readonly pin: Int32Array;
  /** Departure must run because a booking is pinned to it. */
  readonly forced: Uint8Array;
  /** Σ TEU of eligible bookings per departure (a departure below minTeu can never run). */
  readonly eligTeu: Float64Array;
  /** Departures of each route, ascending day. */
  readonly byRoute: readonly Int32Array[];
  /** Route index per departure. */
  readonly route: Int32Array;
  /** Departures per gateway-day slot. */
  readonly bySlot: readonly Int32Array[];
}

export function buildModel(inst: ConsolidationInstance): Model {
  const nB = inst.bookings.length;
  const nD = inst.departures.length;
  const routeIdx = new Map(inst.routes.map((r, i) => [r.id, i]));
  const gatewayIdx = new Map(inst.gateways.map((g, i) => [g.id, i]));
  const depIdx = new Map(inst.departures.map((d, i) => [d.id, i]));
  const bookIdx = new Map(inst.bookings.map((b, i) => [b.id, i]));
  const days = inst.days;

  const slotQuota: number[] = [];
  for (const g of inst.gateways) for (let t = 0; t < days; t++) slotQuota.push(g.quota[t] ?? 0);

  const capTeu = new Int32Array(nD);
  const capKg = new Float64Array(nD);
  const minTeu = new Int32Array(nD);
  const day = new Int32Array(nD);
  const slot = new Int32Array(nD);
  const transit = new Int32Array(nD);
  const depRoute = new Int32Array(nD);
  inst.departures.forEach((d, i) => {
    capTeu[i] = d.capacityTeu;
    capKg[i] = d.capacityKg;
    minTeu[i] = d.minTeu;
    day[i] = d.day;
    const ri = routeIdx.get(d.route) ?? 0;
    depRoute[i] = ri;
    const r = inst.routes[ri];
    transit[i] = r?.transitDays ?? 0;
    slot[i] = -1;
    if (r && r.gateway !== null) {
      const cross = d.day + r.daysToGateway;
      const gi = gatewayIdx.get(r.gateway);
      if (gi !== undefined && cross >= 0 && cross < days) slot[i] = gi * days + cross;
    }
  });

  const depsByRoute: number[][] = inst.routes.map(() => []);
  for (let d = 0; d < nD; d++) depsByRoute[depRoute[d] ?? 0]?.push(d);

  const teu = new Int32Array(nB);
  const kg = new Float64Array(nB);
  const value = new Float64Array(nB);
  const pin = new Int32Array(nB).fill(-1);
  for (const p of inst.pinned ?? []) {
    const b = bookIdx.get(p.booking);
    const d = depIdx.get(p.departure);
    if (b !== undefined && d !== undefined) pin[b] = d;
  }
  const bEligArr: number[][] = [];
  const dEligArr: number[][] = inst.departures.map(() => []);
  inst.bookings.forEach((b, i) => {
    teu[i] = b.teu;
    kg[i] = b.grossKg;
    value[i] = b.value;
    const list: number[] = [];
    for (const rId of b.routes) {
      const ri = routeIdx.get(rId);
      if (ri === undefined) continue;
      for (const d of depsByRoute[ri] ?? []) {
        const dd = day[d] ?? 0;
        if (b.readyDay <= dd && dd + (transit[d] ?? 0) <= b.dueDay && b.teu <= (capTeu[d] ?? 0)) {
          if (b.grossKg <= (capKg[d] ?? 0)) list.push(d);
        }
      }
    }
    const pd = pin[i] ?? -1;
    const elig = pd >= 0 ? (list.includes(pd) ? [pd] : []) : list;
    elig.sort((a, c) => (day[a] ?? 0) - (day[c] ?? 0));
    bEligArr.push(elig);
    for (const d of elig) dEligArr[d]?.push(i);
  });
  const forced = new Uint8Array(nD);
  for (let b = 0; b < nB; b++) if ((pin[b] ?? -1) >= 0) forced[pin[b] ?? 0] = 1;
  const eligTeu = new Float64Array(nD);
  dEligArr.forEach((list, d) => {
    let s = 0;
    for (const b of list) s += teu[b] ?? 0;
    eligTeu[d] = s;
  });
  const bySlot: number[][] = slotQuota.map(() => []);
  for (let d = 0; d < nD; d++) if ((slot[d] ?? -1) >= 0) bySlot[slot[d]!]!.push(d);
  return {
    byRoute: depsByRoute.map((l) => Int32Array.from([...l].sort((a, c) => (day[a] ?? 0) - (day[c] ?? 0)))),
    route: depRoute,
    bySlot: bySlot.map((l) => Int32Array.from(l)),
    nB,
    nD,
    teu,
    kg,
    value,
    capTeu,
    capKg,
    minTeu,
    day,
    slot,
    quota: Int32Array.from(slotQuota),
    bElig: bEligArr.map((l) => Int32Array.from(l)),
    dElig: dEligArr.map((l) => Int32Array.from(l)),
    pin,
    forced,
    eligTeu,
  };
}
