// Seeded generators of gateway-slot instances (contracts/planning.md §3) for the benchmark and tests:
// Alashankou-like and Khorgos-like quotas with closed days, 1–2 gateway options per train, weights 1–5.
import type { GatewayInstance } from '../../src/modules/gateway/contract';
import { mulberry32, type Prng } from '../lib/prng';

export interface GatewayGateSpec {
  readonly id: string;
  /** Daily quota drawn uniformly from [min, max]. */
  readonly quota: readonly [number, number];
  /** Number of closed days (quota 0) placed at random. */
  readonly closedDays: number;
}

export interface GatewayFamily {
  readonly name: string;
  readonly days: number;
  readonly trains: number;
  readonly gateways: readonly GatewayGateSpec[];
  /** maxDelayDays drawn from [min, max]. */
  readonly maxDelay: readonly [number, number];
  /** Share of trains that may use every gateway (the others get exactly one). */
  readonly multiOption: number;
  /** Arrivals are drawn over days [0, arrivalSpread·days). */
  readonly arrivalSpread: number;
  readonly penaltyDays: number;
}

export const AKL_HRS: readonly GatewayGateSpec[] = [
  { id: 'AKL', quota: [14, 18], closedDays: 2 },
  { id: 'HRS', quota: [9, 10], closedDays: 2 },
];

export const FAMILIES: readonly GatewayFamily[] = [
  {
    name: '2gw-10d-100',
    days: 10,
    trains: 100,
    gateways: [
      { id: 'AKL', quota: [5, 7], closedDays: 1 },
      { id: 'HRS', quota: [3, 4], closedDays: 1 },
    ],
    maxDelay: [2, 6],
    multiOption: 0.6,
    arrivalSpread: 0.8,
    penaltyDays: 15,
  },
  {
    name: '2gw-30d-600',
    days: 30,
    trains: 600,
    gateways: AKL_HRS,
    maxDelay: [3, 15],
    multiOption: 0.6,
    arrivalSpread: 0.75,
    penaltyDays: 30,
  },
  {
    name: '2gw-30d-600-overload',
    days: 30,
    trains: 600,
    gateways: [
      { id: 'AKL', quota: [5, 6], closedDays: 3 },
      { id: 'HRS', quota: [9, 10], closedDays: 2 },
    ],
    maxDelay: [5, 20],
    multiOption: 0.6,
    arrivalSpread: 0.7,
    penaltyDays: 30,
  },
  {
    name: '3gw-60d-2000',
    days: 60,
    trains: 2000,
    gateways: [...AKL_HRS, { id: 'BRS', quota: [4, 8], closedDays: 4 }],
    maxDelay: [3, 20],
    multiOption: 0.5,
    arrivalSpread: 0.85,
    penaltyDays: 45,
  },
];

function pickGateways(rng: Prng, family: GatewayFamily): string[] {
  const ids = family.gateways.map((g) => g.id);
  if (rng.chance(family.multiOption)) return rng.shuffle(ids).slice(0, Math.max(2, rng.int(2, ids.length)));
  // Single-option trains: weighted towards the bigger first gateway.
  return [rng.chance(0.6) ? (ids[0] as string) : rng.pick(ids)];
}

export function generateGatewayInstance(family: GatewayFamily, seed: number): GatewayInstance {
  const rng = mulberry32(seed * 7919 + family.trains);
  const gateways = family.gateways.map((spec) => {
    const quota = Array.from({ length: family.days }, () => rng.int(spec.quota[0], spec.quota[1]));
    for (let k = 0; k < spec.closedDays; k++) quota[rng.int(0, family.days - 1)] = 0;
    return { id: spec.id, quota };
  });
  const lastArrival = Math.max(0, Math.floor(family.arrivalSpread * family.days) - 1);
  const trains = Array.from({ length: family.trains }, (_, i) => {
    const gws = pickGateways(rng, family);
    return {
      id: `T${String(i + 1).padStart(4, '0')}`,
      arrivalDay: rng.int(0, lastArrival),
      weight: rng.int(1, 5),
      maxDelayDays: rng.int(family.maxDelay[0], family.maxDelay[1]),
      options: gws.map((g, k) => ({ gateway: g, extraDays: k === 0 ? 0 : rng.int(0, 2) })),
    };
  });
  return {
    format: 'lugang.gateway.instance/v1',
    id: `${family.name}-s${seed}`,
    days: family.days,
    gateways,
    trains,
    unscheduledPenaltyDays: family.penaltyDays,
  };
}

export function familyByName(name: string): GatewayFamily {
  const f = FAMILIES.find((x) => x.name === name);
  if (f === undefined) throw new Error(`unknown gateway family ${name}`);
  return f;
}
