/**
 * Where a train is along its route: a GPS position matched to the route's geometry (the legs drawn
 * as straight segments between network places, as the network API draws them) → the leg, the km
 * along the route (each leg scaled to its rail km from the network data, not the straight line),
 * the progress in %, and how far the position lies off the drawn route. Pure.
 */

export interface RouteStop {
  /** Network location id (e.g. CNAKL) and its UN/LOCODE when it has one. */
  readonly id: string;
  readonly unlocode: string | null;
  readonly lat: number;
  readonly lon: number;
}

export interface RouteLeg {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** Rail km of the leg (network data). */
  readonly km: number;
  /** Planned running hours of the leg (network data): the ETA prior. */
  readonly hours: number;
  /** What the hours figure rests on: a source id or "estimated". */
  readonly hoursBasis: string;
}

export interface RouteShape {
  readonly routeId: string;
  /** stops[i] → stops[i+1] is legs[i]. */
  readonly stops: readonly RouteStop[];
  readonly legs: readonly RouteLeg[];
  /** Planned dwell at each stop (hours), e.g. a gauge-break transshipment; 0 where trains pass. */
  readonly dwellHours: readonly number[];
  readonly dwellBasis: readonly string[];
  readonly totalKm: number;
}

export interface RouteMatch {
  readonly legIndex: number;
  readonly legId: string;
  /** Fraction of the leg done, 0..1. */
  readonly legFraction: number;
  readonly kmAlong: number;
  /** 0..100 */
  readonly progressPct: number;
  /** Great-circle km from the position to the nearest point of the drawn route. */
  readonly offRouteKm: number;
}

const EARTH_KM = 6371.0088;
const rad = (d: number) => (d * Math.PI) / 180;

export function haversineKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const dLat = rad(bLat - aLat);
  const dLon = rad(bLon - aLon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(aLat)) * Math.cos(rad(bLat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The fraction 0..1 of segment a→b nearest to p, in a local equirectangular projection. */
export function projectOnSegment(
  p: { lat: number; lon: number },
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const k = Math.cos(rad((a.lat + b.lat) / 2));
  const ax = a.lon * k;
  const bx = b.lon * k;
  const px = p.lon * k;
  const dx = bx - ax;
  const dy = b.lat - a.lat;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return 0;
  const t = ((px - ax) * dx + (p.lat - a.lat) * dy) / len2;
  return Math.max(0, Math.min(1, t));
}

/** Cumulative km at the start of each leg (index legs.length = the total). */
export function legStartsKm(shape: RouteShape): number[] {
  const out = [0];
  for (const l of shape.legs) out.push(out[out.length - 1]! + l.km);
  return out;
}

/**
 * Matches a position to the route. Among segments about as near as the nearest one (within
 * `toleranceKm`), the one closest to `previousKm` wins — a route that doubles back near itself
 * keeps the train where it was heading rather than jumping.
 */
export function matchPosition(
  shape: RouteShape,
  p: { lat: number; lon: number },
  previousKm?: number,
  toleranceKm = 25,
): RouteMatch | null {
  if (shape.legs.length === 0) return null;
  const starts = legStartsKm(shape);
  const candidates = shape.legs.map((leg, i) => {
    const a = shape.stops[i]!;
    const b = shape.stops[i + 1]!;
    const t = projectOnSegment(p, a, b);
    const q = { lat: a.lat + (b.lat - a.lat) * t, lon: a.lon + (b.lon - a.lon) * t };
    return { i, t, leg, dist: haversineKm(p.lat, p.lon, q.lat, q.lon), km: starts[i]! + t * leg.km };
  });
  const nearest = Math.min(...candidates.map((c) => c.dist));
  const close = candidates.filter((c) => c.dist <= nearest + toleranceKm);
  const best =
    previousKm === undefined
      ? close.reduce((x, y) => (y.dist < x.dist ? y : x))
      : close.reduce((x, y) => (Math.abs(y.km - previousKm) < Math.abs(x.km - previousKm) ? y : x));
  const total = starts[starts.length - 1]!;
  return {
    legIndex: best.i,
    legId: best.leg.id,
    legFraction: best.t,
    kmAlong: best.km,
    progressPct: total > 0 ? Math.min(100, Math.max(0, (100 * best.km) / total)) : 0,
    offRouteKm: best.dist,
  };
}

/** The index of the stop a UN/LOCODE or location id names (first from `fromIndex`), or -1. */
export function stopIndex(shape: RouteShape, code: string, fromIndex = 0): number {
  for (let i = fromIndex; i < shape.stops.length; i++) {
    const s = shape.stops[i]!;
    if (s.id === code || s.unlocode === code) return i;
  }
  return -1;
}

/** The route of a train reference `ROUTE-YYYYMMDD` (e.g. URM-DUI-20261201 → URM-DUI) and its date. */
export function parseTrainReference(ref: string): { routeId: string; date: string } | null {
  const m = /^(.+)-(\d{4})(\d{2})(\d{2})$/.exec(ref);
  if (!m) return null;
  return { routeId: m[1]!, date: `${m[2]}-${m[3]}-${m[4]}` };
}
