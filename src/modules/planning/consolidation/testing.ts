// Test helpers: fast-check arbitrary of small consolidation instances and an exhaustive reference
// optimum (plain enumeration, independent of the solver). Used by the tests only.
import fc from 'fast-check';
import type { ConsolidationInstance } from './contract';

/** The instance example of planning.md §2, verbatim. */
export const EXAMPLE = {
  format: 'lugang.consolidation.instance/v1',
  id: 'urm-14d-0001',
  days: 14,
  gateways: [{ id: 'AKL', quota: [14, 14, 14, 0, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14] }],
  routes: [{ id: 'URM-DUI', gateway: 'AKL', daysToGateway: 1, transitDays: 10 }],
  departures: [
    { id: 'URM-DUI-d03', route: 'URM-DUI', day: 3, capacityTeu: 82, capacityKg: 1300000, minTeu: 70 },
  ],
  bookings: [
    { id: 'BK-000123', routes: ['URM-DUI'], teu: 2, grossKg: 24000, readyDay: 0, dueDay: 14, value: 200 },
  ],
};

export interface ArbOptions {
  readonly maxBookings: number;
  readonly maxDepartures: number;
}

export function instanceArb(o: ArbOptions): fc.Arbitrary<ConsolidationInstance> {
  return fc
    .record({
      days: fc.integer({ min: 2, max: 6 }),
      nRoutes: fc.integer({ min: 1, max: 3 }),
      nDeps: fc.integer({ min: 1, max: o.maxDepartures }),
      nBookings: fc.integer({ min: 0, max: o.maxBookings }),
      seedInts: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 200, maxLength: 200 }),
    })
    .map(({ days, nRoutes, nDeps, nBookings, seedInts }) => {
      let k = 0;
      const next = (n: number) => (seedInts[k++ % seedInts.length]! + k * 7919) % n;
      const gateways = [
        { id: 'G1', quota: Array.from({ length: days }, () => next(3)) },
        { id: 'G2', quota: Array.from({ length: days }, () => 1 + next(2)) },
      ];
      const routes = Array.from({ length: nRoutes }, (_, i) => ({
        id: `R${i}`,
        gateway: [null, 'G1', 'G2'][next(3)] ?? null,
        daysToGateway: next(3),
        transitDays: next(4),
      }));
      const departures = Array.from({ length: nDeps }, (_, i) => {
        const cap = 3 + next(8);
        return {
          id: `D${i}`,
          route: `R${next(nRoutes)}`,
          day: next(days),
          capacityTeu: cap,
          capacityKg: 10_000 + next(40_000),
          minTeu: next(cap + 1),
        };
      });
      const bookings = Array.from({ length: nBookings }, (_, i) => {
        const readyDay = next(days + 2) - 2;
        const r1 = `R${next(nRoutes)}`;
        const r2 = `R${next(nRoutes)}`;
        return {
          id: `B${i}`,
          routes: r1 === r2 ? [r1] : [r1, r2],
          teu: 1 + next(4),
          grossKg: 1000 + next(20_000),
          readyDay,
          dueDay: readyDay + next(10),
          value: next(500),
        };
      });
      return {
        format: 'lugang.consolidation.instance/v1' as const,
        id: 'arb',
        days,
        gateways,
        routes,
        departures,
        bookings,
      };
    });
}

/** Best objective by trying every assignment (bookings × (departures + none)); tiny instances only. */
export function bruteForceOptimum(inst: ConsolidationInstance): number {
  const routes = new Map(inst.routes.map((r) => [r.id, r]));
  const options = inst.bookings.map((b) => {
    const list: number[] = [-1];
    inst.departures.forEach((d, i) => {
      const r = routes.get(d.route)!;
      if (b.routes.includes(d.route) && b.readyDay <= d.day && d.day + r.transitDays <= b.dueDay)
        list.push(i);
    });
    return list;
  });
  const pins = new Map((inst.pinned ?? []).map((p) => [p.booking, p.departure]));
  const choice = new Array<number>(inst.bookings.length).fill(-1);
  let best = Number.NEGATIVE_INFINITY;
  const feasible = (): boolean => {
    const teu = new Array<number>(inst.departures.length).fill(0);
    const kg = new Array<number>(inst.departures.length).fill(0);
    const n = new Array<number>(inst.departures.length).fill(0);
    choice.forEach((d, b) => {
      if (d < 0) return;
      teu[d]! += inst.bookings[b]!.teu;
      kg[d]! += inst.bookings[b]!.grossKg;
      n[d]! += 1;
    });
    const cross = new Map<string, number>();
    for (let d = 0; d < inst.departures.length; d++) {
      if (n[d] === 0) continue;
      const dep = inst.departures[d]!;
      if (teu[d]! < dep.minTeu || teu[d]! > dep.capacityTeu || kg[d]! > dep.capacityKg) return false;
      const r = routes.get(dep.route)!;
      const day = dep.day + r.daysToGateway;
      if (r.gateway !== null && day < inst.days) {
        const key = `${r.gateway}@${day}`;
        cross.set(key, (cross.get(key) ?? 0) + 1);
        const q = inst.gateways.find((g) => g.id === r.gateway)!.quota[day]!;
        if (cross.get(key)! > q) return false;
      }
    }
    return inst.bookings.every((b, i) => {
      const p = pins.get(b.id);
      return p === undefined || inst.departures[choice[i]!]?.id === p;
    });
  };
  const rec = (i: number): void => {
    if (i === inst.bookings.length) {
      if (!feasible()) return;
      const v = choice.reduce((s, d, b) => s + (d >= 0 ? inst.bookings[b]!.value : 0), 0);
      if (v > best) best = v;
      return;
    }
    for (const d of options[i]!) {
      choice[i] = d;
      rec(i + 1);
    }
    choice[i] = -1;
  };
  rec(0);
  return best;
}
