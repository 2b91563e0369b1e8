/**
 * A network route as the trains' matching and ETA read it (RouteShape): its stops with positions, its
 * legs with km and planned hours, and the transshipment dwell at each gateway it passes. Pure.
 */
import type { Network } from '../../domain/network/types';
import type { RouteShape } from './route-match';

/** The shape of route `routeId` of the network, or null when the network has no such route. */
export function routeShape(net: Network, routeId: string): RouteShape | null {
  const route = net.routeById.get(routeId);
  if (!route) return null;
  const legs = route.legs.map((id) => net.legs.get(id)).filter((l) => l !== undefined);
  const ids = legs.length > 0 ? [legs[0]!.from, ...legs.map((l) => l.to)] : [];
  const stops = ids.map((id) => {
    const loc = net.locations.get(id);
    return {
      id,
      unlocode: loc?.unlocode ?? null,
      lat: loc?.position.lat ?? 0,
      lon: loc?.position.lon ?? 0,
    };
  });
  const gatewayDwell = new Map<string, { hours: number; basis: string }>();
  for (const g of net.gateways.values()) {
    const basis = g.transshipmentHours.source ?? 'estimated';
    // the transshipment happens once, on the side the train arrives at from China
    gatewayDwell.set(g.sides[0], { hours: g.transshipmentHours.value, basis });
  }
  const dwell = stops.map((s, i) => (i === 0 || i === stops.length - 1 ? undefined : gatewayDwell.get(s.id)));
  return {
    routeId,
    stops,
    legs: legs.map((l) => ({
      id: l.id,
      from: l.from,
      to: l.to,
      km: l.km.value,
      hours: l.hours.value,
      hoursBasis: l.hours.source ?? 'estimated',
    })),
    dwellHours: dwell.map((d) => d?.hours ?? 0),
    dwellBasis: dwell.map((d) => d?.basis ?? ''),
    totalKm: legs.reduce((s, l) => s + l.km.value, 0),
  };
}
