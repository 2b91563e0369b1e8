/**
 * The land port's reference network in memory: build it from the parsed data files (validated,
 * see validate.ts), summarise it, draw route geometries and map records to the API shapes of
 * docs/network-api.md. Pure: no I/O (load-data.ts in src/modules/network reads the files).
 */
import { parseNetworkFiles } from './schema';
import type {
  Gateway,
  GatewayRecord,
  LineString,
  Location,
  LocationRecord,
  Network,
  NetworkBuildResult,
  NetworkFiles,
  NetworkSummary,
  RawNetworkFiles,
  Route,
  RouteRecord,
  TrainLimit,
  WagonType,
  WagonTypeRecord,
} from './types';
import { type CheckOptions, checkNetwork } from './validate';

export type { CheckOptions } from './validate';
export { EURASIA_BOUNDS } from './validate';

/** Validate the parsed files and index them; every problem is reported, none is thrown. */
export function buildNetwork(files: NetworkFiles, options: CheckOptions = {}): NetworkBuildResult {
  const errors = checkNetwork(files, options);
  if (errors.length > 0) return { ok: false, errors };
  const locations = new Map(files.locations.locations.map((l) => [l.id, l]));
  const destinationIds = new Set(files.routes.routes.flatMap((r) => r.destinations.map((d) => d.location)));
  const destinationCountries = new Set<string>();
  for (const d of destinationIds) {
    const loc = locations.get(d);
    if (loc) destinationCountries.add(loc.country);
  }
  return {
    ok: true,
    value: {
      version: files.manifest.version,
      asOf: files.manifest.asOf,
      origin: files.manifest.origin,
      source: files.manifest.citation,
      files,
      sources: new Map(files.sources.sources.map((s) => [s.id, s])),
      locations,
      legs: new Map(files.legs.legs.map((l) => [l.id, l])),
      routes: files.routes.routes,
      routeById: new Map(files.routes.routes.map((r) => [r.id, r])),
      gateways: new Map(files.gateways.gateways.map((g) => [g.id, g])),
      destinationIds,
      destinationCountries,
      goodsHeadings: new Set(files.goods.groups.flatMap((g) => g.headings)),
    },
  };
}

/** Parse raw JSON keyed by file name, then build: the whole path from disk content to a network. */
export function networkFromRaw(raw: RawNetworkFiles, options: CheckOptions = {}): NetworkBuildResult {
  const parsed = parseNetworkFiles(raw);
  if (!parsed.ok) return parsed;
  return buildNetwork(parsed.value, options);
}

/** The counts of `GET /api/v1/network/summary`. */
export function summarize(network: Network): NetworkSummary {
  return {
    version: network.version,
    origin: network.origin,
    routes: network.routes.length,
    destinationCities: network.destinationIds.size,
    destinationCountries: network.destinationCountries.size,
    goodsCategories: network.goodsHeadings.size,
    locations: network.locations.size,
    gateways: [...network.gateways.values()].map((g) => ({ id: g.id, names: g.names, border: g.border })),
    asOf: network.asOf,
    source: network.source,
  };
}

/** Location ids a route passes, in order: the origin, then the end of each leg. */
export function routePath(network: Network, route: RouteRecord): string[] {
  const path: string[] = [];
  for (const legId of route.legs) {
    const leg = network.legs.get(legId);
    if (!leg) continue;
    if (path.length === 0) path.push(leg.from);
    path.push(leg.to);
  }
  return path;
}

/** The route drawn along its legs as [lon, lat] points (straight segments between places). */
export function routeGeometry(network: Network, routeId: string): LineString | null {
  const route = network.routeById.get(routeId);
  if (!route) return null;
  const coordinates: Array<[number, number]> = [];
  for (const id of routePath(network, route)) {
    const loc = network.locations.get(id);
    if (loc) coordinates.push([loc.position.lon, loc.position.lat]);
  }
  return { type: 'LineString', coordinates };
}

function terminalOf(route: RouteRecord): string {
  return route.destinations[route.destinations.length - 1]?.location ?? '';
}

export function toApiLocation(network: Network, loc: LocationRecord): Location {
  return {
    id: loc.id,
    unlocode: loc.unlocode,
    kind: loc.kind,
    country: loc.country,
    lat: loc.position.lat,
    lon: loc.position.lon,
    names: { ...loc.names },
    ...(loc.railCodes ? { railCodes: { ...loc.railCodes } } : {}),
    destination: network.destinationIds.has(loc.id),
  };
}

export function toApiRoute(network: Network, route: RouteRecord): Route {
  const destination = terminalOf(route);
  const legs = route.legs.flatMap((id) => {
    const leg = network.legs.get(id);
    return leg
      ? [{ from: leg.from, to: leg.to, mode: leg.mode, km: leg.km.value, hours: leg.hours.value }]
      : [];
  });
  return {
    id: route.id,
    names: { ...route.names },
    origin: network.origin,
    destination,
    destinationCountry: network.locations.get(destination)?.country ?? '',
    gateway: route.gateway,
    transitDays: route.transitDays.value,
    legs,
    geometry: routeGeometry(network, route.id) ?? { type: 'LineString', coordinates: [] },
    destinations: route.destinations.map((d) => d.location),
    transitDaysEstimated: route.transitDays.estimated === true,
  };
}

export function toApiGateway(network: Network, gateway: GatewayRecord): Gateway {
  const a = network.locations.get(gateway.sides[0])?.position;
  const b = network.locations.get(gateway.sides[1])?.position;
  // The marker sits between the two sides of the border.
  const lat = a && b ? (a.lat + b.lat) / 2 : ((a ?? b)?.lat ?? 0);
  const lon = a && b ? (a.lon + b.lon) / 2 : ((a ?? b)?.lon ?? 0);
  return {
    id: gateway.id,
    names: { ...gateway.names },
    sides: [gateway.sides[0], gateway.sides[1]],
    lat: Math.round(lat * 1e4) / 1e4,
    lon: Math.round(lon * 1e4) / 1e4,
    gaugeMm: [gateway.gaugeMm.value[0], gateway.gaugeMm.value[1]],
    trainsPerDay: {
      outbound: gateway.trainsPerDay.outbound.value,
      inbound: gateway.trainsPerDay.inbound.value,
    },
    transshipmentHours: gateway.transshipmentHours.value,
    border: gateway.border,
  };
}

/** All locations / routes / gateways in API shape, in file order. */
export function apiLocations(network: Network): Location[] {
  return [...network.locations.values()].map((l) => toApiLocation(network, l));
}
export function apiRoutes(network: Network): Route[] {
  return network.routes.map((r) => toApiRoute(network, r));
}
export function apiGateways(network: Network): Gateway[] {
  return [...network.gateways.values()].map((g) => toApiGateway(network, g));
}

/** Destination countries and regions with their destination city ids (for the countries endpoint). */
export function destinationCountryList(network: Network): Array<{ country: string; cities: string[] }> {
  const byCountry = new Map<string, string[]>();
  for (const id of network.destinationIds) {
    const loc = network.locations.get(id);
    if (!loc) continue;
    const list = byCountry.get(loc.country) ?? [];
    list.push(id);
    byCountry.set(loc.country, list);
  }
  return [...byCountry.entries()].map(([country, cities]) => ({ country, cities }));
}

const WAGON_FIGURES = [
  'tareKg',
  'lengthMm',
  'maxAxleKg',
  'twentyFootSlots',
  'fortyFootSlots',
  'maxKgPerTwentyFoot',
  'bogies',
] as const;

export function toApiWagonType(w: WagonTypeRecord): WagonType {
  const out: WagonType = {
    id: w.id,
    names: { ...w.names },
    gaugeMm: w.gaugeMm.value,
    payloadKg: w.payloadKg.value,
    estimated: [],
  };
  if (w.gaugeMm.estimated) out.estimated.push('gaugeMm');
  if (w.payloadKg.estimated) out.estimated.push('payloadKg');
  for (const key of WAGON_FIGURES) {
    const f = w[key];
    if (!f) continue;
    out[key] = f.value;
    if (f.estimated) out.estimated.push(key);
  }
  return out;
}

export function apiWagonTypes(network: Network): WagonType[] {
  return network.files.wagonTypes.wagonTypes.map(toApiWagonType);
}

export function apiTrainLimits(network: Network): TrainLimit[] {
  return network.files.trainLimits.limits.map((l) => ({
    id: l.id,
    section: l.section,
    kind: l.kind,
    unit: l.unit,
    names: { ...l.names },
    ...(l.container ? { container: l.container } : {}),
    value: l.limit.value,
    source: l.limit.source ?? null,
    estimated: l.limit.estimated === true,
  }));
}

/** A train limit's value by id (e.g. `cn-max-feu` → 55), or undefined. */
export function trainLimitValue(network: Network, id: string): number | undefined {
  return network.files.trainLimits.limits.find((l) => l.id === id)?.limit.value;
}
