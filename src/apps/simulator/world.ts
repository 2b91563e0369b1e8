// What the twin knows of the port: the network (routes with their legs, gateways, locations), the
// goods catalogue and the timetable's train sizes. In a run it is read from Lugang's public API
// (adapter.ts fetchWorld); tests build it from the shipped data (worldFromNetwork). Pure types.
import { apiGateways, apiLocations, apiRoutes } from '../../domain/network/network';
import type { Gateway, Location, Network, Route } from '../../domain/network/types';
import { defaultSchedule } from '../../modules/timetable/rules';

export interface WorldGoodsGroup {
  readonly id: string;
  readonly direction: 'export' | 'import' | 'both';
  readonly coldChain: boolean;
  readonly headings: readonly string[];
}

export interface WorldSchedule {
  readonly routeId: string;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  readonly minTeu: number;
}

export interface World {
  readonly origin: string;
  readonly routes: readonly Route[];
  readonly gateways: readonly Gateway[];
  readonly locations: readonly Location[];
  readonly goods: readonly WorldGoodsGroup[];
  readonly schedules: readonly WorldSchedule[];
}

/** The world from the shipped network data (what the API would answer on a fresh platform). */
export function worldFromNetwork(network: Network): World {
  const routes = apiRoutes(network);
  const limits = network.files.trainLimits.limits.map((l) => ({
    id: l.id,
    value: l.limit.value,
  }));
  return {
    origin: network.origin,
    routes,
    gateways: apiGateways(network),
    locations: apiLocations(network),
    goods: network.files.goods.groups.map((g) => ({
      id: g.id,
      direction: g.direction,
      coldChain: g.coldChain === true,
      headings: [...g.headings],
    })),
    schedules: routes.map((r) => {
      const s = defaultSchedule(r, limits, '2026-01-05');
      return { routeId: r.id, capacityTeu: s.capacityTeu, capacityKg: s.capacityKg, minTeu: s.minTeu };
    }),
  };
}
