// Train rules of the timetable (pure): the default schedule of a route from the reference network's
// train limits (41 FEU to Europe, 55 FEU on the Chinese section, ≤ 1,300 t container cargo, at least
// 50 wagons to Central Asia) and which dates a schedule runs on.
import type { Route, TrainLimit } from '../../domain/network/types';
import { daysBetween, isoWeekday } from './dates';

export interface Schedule {
  readonly routeId: string;
  /** ISO weekdays (1 = Monday) the route departs on; null when `everyDays` is used. */
  readonly weekdays: readonly number[] | null;
  /** Departs every N days counted from `anchorDate`; null when `weekdays` is used. */
  readonly everyDays: number | null;
  readonly anchorDate: string | null;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  /** A departure runs only with at least this many TEU. */
  readonly minTeu: number;
  readonly active: boolean;
}

/** The limits a default schedule reads, by id in data/network/train-limits.json. */
export const LIMIT_IDS = {
  europeFeu: 'europe-typical-feu',
  chinaFeu: 'cn-max-feu',
  cargoKg: 'cr-train-cargo',
  centralAsiaMinWagons: 'central-asia-min-wagons',
  urumqiTrackMm: 'urumqi-track-long',
} as const;

/** Length of the NX70A flat wagon that carries one FEU (data/network/wagon-types.json). */
export const NX70A_LENGTH_MM = 13_970;

const CENTRAL_ASIA = new Set(['KZ', 'KG', 'UZ', 'TJ', 'TM']);

/** Fallbacks when a limit is missing from the network (the same figures the data ships). */
const FALLBACK = {
  europeFeu: 41,
  chinaFeu: 55,
  cargoKg: 1_300_000,
  centralAsiaMinWagons: 50,
  urumqiTrackMm: 750_000,
};

/** Share of the capacity a train needs to run where the network gives no minimum (an estimate). */
export const DEFAULT_MIN_FILL = 0.8;

/** A route reaches the European 1435 mm network when a 1435 mm leg follows a 1520 mm one. */
export function reachesEurope(route: Pick<Route, 'legs'>): boolean {
  let broad = false;
  for (const leg of route.legs) {
    if (leg.mode === 'rail-1520') broad = true;
    else if (leg.mode === 'rail-1435' && broad) return true;
  }
  return false;
}

function limit(limits: readonly Pick<TrainLimit, 'id' | 'value'>[], id: string, fallback: number): number {
  return limits.find((l) => l.id === id)?.value ?? fallback;
}

/**
 * The default schedule of a route: daily; 41 FEU (82 TEU) when it reaches Europe, else the Chinese
 * section's 55 FEU — but no more NX70A wagons (one FEU each) than fit the 750 m tracks at Urumqi
 * (53, so 106 TEU); 1,300 t of cargo; minimum fill 50 wagons × 1 FEU to Central Asia, else 80 % of
 * the capacity. Every field can be changed per route.
 */
export function defaultSchedule(
  route: Pick<Route, 'id' | 'legs' | 'destinationCountry'>,
  limits: readonly Pick<TrainLimit, 'id' | 'value'>[],
  anchorDate: string,
  wagonLengthMm = NX70A_LENGTH_MM,
): Schedule {
  const trackWagons = Math.floor(
    limit(limits, LIMIT_IDS.urumqiTrackMm, FALLBACK.urumqiTrackMm) / wagonLengthMm,
  );
  const feu = Math.min(
    trackWagons,
    reachesEurope(route)
      ? limit(limits, LIMIT_IDS.europeFeu, FALLBACK.europeFeu)
      : limit(limits, LIMIT_IDS.chinaFeu, FALLBACK.chinaFeu),
  );
  const capacityTeu = 2 * feu;
  const minTeu = CENTRAL_ASIA.has(route.destinationCountry)
    ? Math.min(capacityTeu, 2 * limit(limits, LIMIT_IDS.centralAsiaMinWagons, FALLBACK.centralAsiaMinWagons))
    : Math.floor(DEFAULT_MIN_FILL * capacityTeu);
  return {
    routeId: route.id,
    weekdays: null,
    everyDays: 1,
    anchorDate,
    capacityTeu,
    capacityKg: limit(limits, LIMIT_IDS.cargoKg, FALLBACK.cargoKg),
    minTeu,
    active: true,
  };
}

/** Whether the schedule has a departure on this ISO date. */
export function runsOn(
  s: Pick<Schedule, 'weekdays' | 'everyDays' | 'anchorDate' | 'active'>,
  date: string,
): boolean {
  if (!s.active) return false;
  if (s.weekdays) return s.weekdays.includes(isoWeekday(date));
  if (s.everyDays && s.anchorDate) {
    const d = daysBetween(s.anchorDate, date);
    return ((d % s.everyDays) + s.everyDays) % s.everyDays === 0;
  }
  return false;
}

/** The id of a route's departure on a date: `URM-DUI-20261201`. */
export function departureId(routeId: string, date: string): string {
  return `${routeId}-${date.replaceAll('-', '')}`;
}
