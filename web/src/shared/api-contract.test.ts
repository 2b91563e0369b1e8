// The dashboard's API types against the server's (src/domain/network/types.ts): tsc fails here when
// the server's answers stop fitting what the dashboard reads. At run time, the reference network of
// data/network/, mapped by the domain's own API mappers, must build a complete Overview model.

import { describe, expect, it } from 'vitest';
import { apiGateways, apiLocations, apiRoutes, summarize } from '../../../src/domain/network/network';
import type * as Server from '../../../src/domain/network/types';
import { loadNetworkData } from '../../../src/modules/network/load-data';
import { buildModel } from '../features/overview/model';
import type { Gateway, NetworkLocation, NetworkRoute, NetworkSnapshot, NetworkSummary } from './api';

// Type-level: every server shape is assignable to the shape the dashboard reads.
type Fits<A, B extends A> = B;
// biome-ignore lint/suspicious/noExportsInTest: exported so the type-level check is kept and read by tsc
export type ContractChecks = [
  Fits<NetworkSummary, Server.NetworkSummary>,
  Fits<NetworkLocation, Server.Location>,
  Fits<NetworkRoute, Server.Route>,
  Fits<Gateway, Server.Gateway>,
];

describe('reference network through the API mappers', () => {
  it('builds the Overview model: 21 routes, 26 cities, 19 countries, every route drawable', async () => {
    const network = await loadNetworkData();
    const snapshot: NetworkSnapshot = {
      summary: summarize(network),
      locations: apiLocations(network),
      routes: apiRoutes(network),
      gateways: apiGateways(network),
    };
    expect(snapshot.summary.routes).toBe(21);
    expect(snapshot.summary.destinationCities).toBe(26);
    expect(snapshot.summary.destinationCountries).toBe(19);
    const model = buildModel(snapshot);
    expect(model.routes).toHaveLength(21);
    expect(model.routesThrough.get(snapshot.summary.origin)).toHaveLength(21);
    for (const r of model.routes) {
      expect(r.destination, r.route.id).toBeDefined();
      expect(r.route.geometry.coordinates.length, r.route.id).toBeGreaterThanOrEqual(2);
      if (r.route.gateway) expect(r.gateway, r.route.id).toBeDefined();
      expect(r.corridor, r.route.id).not.toBe('other');
    }
    expect(model.destinationCountries.size).toBe(19);
  });
});
