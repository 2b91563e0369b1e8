// Seeded generator of consolidation instances (planning.md §2) for the benchmark: the 21 Urumqi
// routes through Alashankou (AKL) or Khorgos (HRS), per-route timetables sized to a supply/capacity
// ratio, gateway quotas with a closed day, bookings with realistic TEU, weights, values and windows.
import type { ConsolidationInstance } from '../../../src/modules/planning/consolidation/contract';
import { mulberry32, type Prng } from '../../lib/prng';

interface RouteSpec {
  readonly id: string;
  readonly gateway: 'AKL' | 'HRS' | null;
  readonly transitDays: number;
  /** Share of demand. */
  readonly weight: number;
  /** Share of heavy cargo (steel, tomato paste, PVC, minerals). */
  readonly heavy: number;
  /** Routes a booking may alternatively use (same destination region). */
  readonly group?: string;
}

// Transit days from DOMAIN.md (Duisburg 8–10 d, Almaty ~30 h, Tashkent 72 h, Baku 8 d, Tehran 14–15 d …).
export const ALL_ROUTES: readonly RouteSpec[] = [
  { id: 'URM-DUI', gateway: 'AKL', transitDays: 10, weight: 8, heavy: 0.15, group: 'EU' },
  { id: 'URM-HAM', gateway: 'AKL', transitDays: 11, weight: 5, heavy: 0.15, group: 'EU' },
  { id: 'URM-LOD', gateway: 'AKL', transitDays: 9, weight: 4, heavy: 0.15, group: 'EU' },
  { id: 'URM-MSQ', gateway: 'AKL', transitDays: 8, weight: 3, heavy: 0.2, group: 'RU' },
  { id: 'URM-MOW', gateway: 'AKL', transitDays: 8, weight: 7, heavy: 0.25, group: 'RU' },
  { id: 'URM-RTM', gateway: 'AKL', transitDays: 16, weight: 3, heavy: 0.1 },
  { id: 'URM-MIL', gateway: 'AKL', transitDays: 19, weight: 3, heavy: 0.1 },
  { id: 'URM-OVB', gateway: 'AKL', transitDays: 5, weight: 3, heavy: 0.35 },
  { id: 'URM-SVX', gateway: 'AKL', transitDays: 6, weight: 3, heavy: 0.35 },
  { id: 'URM-NQZ', gateway: 'AKL', transitDays: 3, weight: 4, heavy: 0.35 },
  { id: 'URM-ALA', gateway: 'HRS', transitDays: 2, weight: 10, heavy: 0.35, group: 'KZ' },
  { id: 'URM-ALA-D', gateway: 'AKL', transitDays: 3, weight: 3, heavy: 0.35, group: 'KZ' },
  { id: 'URM-TAS', gateway: 'HRS', transitDays: 3, weight: 9, heavy: 0.35 },
  { id: 'URM-DYU', gateway: 'HRS', transitDays: 4, weight: 4, heavy: 0.35 },
  { id: 'URM-FRU', gateway: 'HRS', transitDays: 3, weight: 4, heavy: 0.3 },
  { id: 'URM-BAK', gateway: 'HRS', transitDays: 8, weight: 3, heavy: 0.25, group: 'CAU' },
  { id: 'URM-TBS', gateway: 'HRS', transitDays: 10, weight: 3, heavy: 0.2, group: 'CAU' },
  { id: 'URM-IST', gateway: 'HRS', transitDays: 12, weight: 3, heavy: 0.2 },
  { id: 'URM-THR', gateway: 'HRS', transitDays: 14, weight: 3, heavy: 0.25 },
  { id: 'URM-ASB', gateway: 'HRS', transitDays: 6, weight: 3, heavy: 0.3 },
  { id: 'URM-KSG', gateway: null, transitDays: 2, weight: 3, heavy: 0.3 },
];

function busiest(k: number): RouteSpec[] {
  return [...ALL_ROUTES].sort((a, b) => b.weight - a.weight || a.id.localeCompare(b.id)).slice(0, k);
}

export interface FamilySpec {
  readonly name: string;
  readonly days: 14 | 28;
  readonly bookings: number;
  /** Booked TEU / timetable capacity TEU. */
  readonly supply: number;
  /** 'normal': AKL 14/day, HRS 9–10/day (port capacity); 'congested': the share left to Urumqi. */
  readonly quota: 'normal' | 'congested';
  /** Use only the k busiest routes (small test instances); default all 21. */
  readonly routes?: number;
}

const CAP_TEU = 82;
const CAP_KG = 1_300_000;
const MIN_TEU = 70;

function bookingTeu(rng: Prng): number {
  const r = rng.next();
  return r < 0.3 ? 1 : r < 0.75 ? 2 : r < 0.85 ? 3 : 4;
}

function kgPerTeu(rng: Prng, heavy: number): number {
  const r = rng.next();
  if (r < heavy) return rng.int(18_000, 24_000); // steel, tomato paste, minerals
  if (r < heavy + 0.35) return rng.int(9_000, 16_000); // machinery, building materials
  return rng.int(4_000, 9_000); // clothing, electronics, daily goods
}

export function generateConsolidation(spec: FamilySpec, seed: number): ConsolidationInstance {
  const ROUTES = spec.routes === undefined ? ALL_ROUTES : busiest(spec.routes);
  const rng = mulberry32(seed * 7919 + spec.bookings + spec.days);
  const D = spec.days;
  const totalW = ROUTES.reduce((s, r) => s + r.weight, 0);
  const avgTeu = 0.3 * 1 + 0.45 * 2 + 0.1 * 3 + 0.15 * 4;
  const supplyTeu = spec.bookings * avgTeu;

  const gateways = (['AKL', 'HRS'] as const).map((g) => {
    const closed = rng.int(1, D - 2);
    const quota = Array.from({ length: D }, (_, t) => {
      if (t === closed) return 0;
      if (spec.quota === 'congested') return g === 'AKL' ? rng.int(2, 3) : rng.int(1, 2);
      return g === 'AKL' ? 14 : rng.int(9, 10);
    });
    return { id: g, quota };
  });
  const routes = ROUTES.map((r) => ({
    id: r.id,
    gateway: r.gateway,
    daysToGateway: r.gateway === null ? 0 : 1,
    transitDays: r.transitDays,
  }));

  // Timetable: per route, slots evenly spaced so that slot capacity = route supply / ratio (at least
  // one slot); trains run only when full enough, so the planner chooses which slots run.
  const departures: ConsolidationInstance['departures'] = [];
  const slotsOf = new Map<string, { day: number; w: number }[]>();
  const headwayOf = new Map<string, number>();
  for (const r of ROUTES) {
    const routeTeu = (supplyTeu * r.weight) / totalW;
    const n = Math.max(1, Math.min(D, Math.round(routeTeu / CAP_TEU / spec.supply)));
    const headway = D / n;
    headwayOf.set(r.id, headway);
    const offset = rng.next() * Math.min(headway, 3);
    const used = new Set<number>();
    const slots: { day: number; w: number }[] = [];
    for (let k = 0; k < n; k++) {
      const day = Math.min(D - 1, Math.floor(offset + k * headway));
      if (used.has(day)) continue;
      used.add(day);
      slots.push({ day, w: 0.4 + 1.2 * rng.next() });
      departures.push({
        id: `${r.id}-d${String(day).padStart(2, '0')}`,
        route: r.id,
        day,
        capacityTeu: CAP_TEU,
        capacityKg: CAP_KG,
        minTeu: MIN_TEU,
      });
    }
    slotsOf.set(r.id, slots);
  }

  const groups = new Map<string, string[]>();
  for (const r of ROUTES) if (r.group) groups.set(r.group, [...(groups.get(r.group) ?? []), r.id]);
  const cum: number[] = [];
  let acc = 0;
  for (const r of ROUTES) {
    acc += r.weight;
    cum.push(acc);
  }

  // Bookings: route by demand share, aimed at one of its slots (uneven popularity), with a window
  // that often reaches the neighbouring slots; some may also use another route to the same region;
  // a few have a due date that no train can meet.
  const bookings: ConsolidationInstance['bookings'] = [];
  for (let i = 0; i < spec.bookings; i++) {
    const x = rng.next() * acc;
    const route =
      ROUTES[
        Math.max(
          0,
          cum.findIndex((c) => x < c),
        )
      ]!;
    let eligible = [route.id];
    if (route.group && rng.chance(0.3)) {
      const others = (groups.get(route.group) ?? []).filter((g) => g !== route.id);
      eligible = [route.id, ...others.filter(() => rng.chance(0.7))];
    }
    const slots = slotsOf.get(route.id)!;
    const total = slots.reduce((a, b) => a + b.w, 0);
    let y = rng.next() * total;
    let target = slots[slots.length - 1]!;
    for (const sl of slots) {
      y -= sl.w;
      if (y < 0) {
        target = sl;
        break;
      }
    }
    const spread = Math.max(2, Math.round(1.2 * (headwayOf.get(route.id) ?? 2)));
    const readyDay = target.day - rng.int(0, spread);
    const impossible = rng.chance(0.03);
    const dueDay = impossible
      ? readyDay + route.transitDays - 1
      : target.day + route.transitDays + rng.int(0, spread);
    const teu = bookingTeu(rng);
    const grossKg = Math.round((teu * kgPerTeu(rng, route.heavy)) / 10) * 10;
    const rate = 600 + 250 * route.transitDays; // revenue per TEU, USD
    const pr = rng.next();
    const priority = pr < 0.7 ? 1 : pr < 0.9 ? 1.3 : 1.8;
    const value = Math.round(teu * rate * priority * (0.85 + 0.3 * rng.next()));
    bookings.push({
      id: `BK-${String(i + 1).padStart(6, '0')}`,
      routes: eligible,
      teu,
      grossKg,
      readyDay,
      dueDay,
      value,
    });
  }
  return {
    format: 'lugang.consolidation.instance/v1',
    id: `${spec.name}-${String(seed).padStart(4, '0')}`,
    days: D,
    gateways,
    routes,
    departures,
    bookings,
  };
}

export const FAMILIES: readonly FamilySpec[] = [
  { name: 'c14d-800-s1.00', days: 14, bookings: 800, supply: 1.0, quota: 'normal' },
  { name: 'c14d-1000-s0.50', days: 14, bookings: 1000, supply: 0.5, quota: 'normal' },
  { name: 'c14d-1000-s1.00', days: 14, bookings: 1000, supply: 1.0, quota: 'normal' },
  { name: 'c14d-1000-s1.25-cong', days: 14, bookings: 1000, supply: 1.25, quota: 'congested' },
  { name: 'c28d-1000-s0.50', days: 28, bookings: 1000, supply: 0.5, quota: 'normal' },
  { name: 'c28d-3000-s0.50', days: 28, bookings: 3000, supply: 0.5, quota: 'normal' },
  { name: 'c28d-3000-s1.00', days: 28, bookings: 3000, supply: 1.0, quota: 'normal' },
  { name: 'c28d-3000-s1.25-cong', days: 28, bookings: 3000, supply: 1.25, quota: 'congested' },
];
