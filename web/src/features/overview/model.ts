// The Overview's view of a network snapshot: look-ups, each route's corridor and length, the routes
// through each place, the list grouped by gateway. Pure — built once per snapshot.

import type { Gateway, NetworkLocation, NetworkRoute, NetworkSnapshot } from '../../shared/api';
import { type Corridor, corridorOf } from './corridors';

export interface RouteView {
  readonly route: NetworkRoute;
  readonly corridor: Corridor;
  readonly km: number;
  readonly destination: NetworkLocation | undefined;
  readonly gateway: Gateway | undefined;
}

export interface OverviewModel {
  readonly locations: ReadonlyMap<string, NetworkLocation>;
  readonly gateways: ReadonlyMap<string, Gateway>;
  readonly routes: readonly RouteView[];
  /** Route ids whose legs touch a location (origin and destination included). */
  readonly routesThrough: ReadonlyMap<string, readonly string[]>;
  /** ISO alpha-2 of the destination cities' countries. */
  readonly destinationCountries: ReadonlySet<string>;
  /** Location ids that are a side of some gateway (drawn by the gateway marker instead). */
  readonly gatewaySides: ReadonlySet<string>;
}

export function buildModel(s: NetworkSnapshot): OverviewModel {
  const locations = new Map(s.locations.map((l) => [l.id, l]));
  const gateways = new Map(s.gateways.map((g) => [g.id, g]));
  const through = new Map<string, string[]>();
  const routes = s.routes.map((route): RouteView => {
    const touched = new Set<string>([route.origin, route.destination]);
    for (const leg of route.legs) {
      touched.add(leg.from);
      touched.add(leg.to);
    }
    for (const id of touched) {
      const list = through.get(id) ?? [];
      list.push(route.id);
      through.set(id, list);
    }
    const destination = locations.get(route.destination);
    return {
      route,
      corridor: corridorOf(route, destination),
      km: route.legs.reduce((sum, l) => sum + l.km, 0),
      destination,
      gateway: route.gateway ? gateways.get(route.gateway) : undefined,
    };
  });
  return {
    locations,
    gateways,
    routes,
    routesThrough: through,
    destinationCountries: new Set(s.locations.filter((l) => l.destination).map((l) => l.country)),
    gatewaySides: new Set(s.gateways.flatMap((g) => [...g.sides])),
  };
}

export interface RouteGroup {
  readonly gatewayId: string | null;
  readonly gateway: Gateway | undefined;
  readonly routes: readonly RouteView[];
}

/** Routes grouped by exit gateway (busiest group first), each group by transit days then id. */
export function groupByGateway(routes: readonly RouteView[]): RouteGroup[] {
  const groups = new Map<string | null, RouteView[]>();
  for (const r of routes) {
    const key = r.route.gateway;
    const list = groups.get(key) ?? [];
    list.push(r);
    groups.set(key, list);
  }
  return [...groups.entries()]
    .map(([gatewayId, list]) => ({
      gatewayId,
      gateway: list[0]?.gateway,
      routes: [...list].sort(
        (a, b) => a.route.transitDays - b.route.transitDays || a.route.id.localeCompare(b.route.id),
      ),
    }))
    .sort(
      (a, b) =>
        b.routes.length - a.routes.length ||
        String(a.gatewayId ?? '~').localeCompare(String(b.gatewayId ?? '~')),
    );
}
