// Checks the Overview model on the dev fixture network (which must itself keep the API's shape).

import { describe, expect, it } from 'vitest';
import { gateways, locations, routes, summary } from '../../../dev-fixtures/network';
import { buildModel, groupByGateway } from './model';

const snapshot = { summary, locations, routes, gateways };

describe('dev fixture network', () => {
  it('states 21 routes, 26 destination cities and 19 countries, as its data count them', () => {
    expect(summary.routes).toBe(21);
    expect(summary.destinationCities).toBe(26);
    expect(summary.destinationCountries).toBe(19);
    expect(routes).toHaveLength(21);
    expect(locations.filter((l) => l.destination)).toHaveLength(26);
  });

  it('chains every route leg to leg from the origin to its destination, geometry along the legs', () => {
    const byId = new Map(locations.map((l) => [l.id, l]));
    for (const r of routes) {
      expect(r.legs[0]?.from).toBe(r.origin);
      expect(r.legs.at(-1)?.to).toBe(r.destination);
      r.legs.slice(1).forEach((leg, i) => {
        expect(leg.from).toBe(r.legs[i]?.to);
      });
      expect(r.geometry.coordinates).toHaveLength(r.legs.length + 1);
      const first = byId.get(r.origin);
      expect(r.geometry.coordinates[0]).toEqual([first?.lon, first?.lat]);
      expect(r.destinationCountry).toBe(byId.get(r.destination)?.country);
    }
  });
});

describe('buildModel', () => {
  const model = buildModel(snapshot);

  it('indexes everything and measures each route', () => {
    expect(model.routes).toHaveLength(21);
    expect(model.locations.get('CNURM-AC')?.kind).toBe('assembly-center');
    expect(model.gateways.get('AKL')?.border).toBe(true);
    for (const r of model.routes) {
      expect(r.km).toBe(r.route.legs.reduce((s, l) => s + l.km, 0));
      expect(r.destination?.id).toBe(r.route.destination);
    }
  });

  it('knows the routes through each place: all 21 through the assembly center', () => {
    expect(model.routesThrough.get('CNURM-AC')).toHaveLength(21);
    const viaAkl = model.routes.filter((r) => r.route.gateway === 'AKL').length;
    expect(model.routesThrough.get('CNAKL')).toHaveLength(viaAkl);
    expect(model.routesThrough.get('DEDUI')).toEqual(expect.arrayContaining(['URM-DUI', 'URM-RTM']));
  });

  it('marks the gateway sides and the 19 destination countries', () => {
    expect(model.gatewaySides.has('KZDOS')).toBe(true);
    expect(model.gatewaySides.has('DEDUI')).toBe(false);
    expect(model.destinationCountries.size).toBe(19);
  });

  it('colours the trans-Caspian routes by their ferry leg', () => {
    const baku = model.routes.find((r) => r.route.id === 'URM-BAK');
    expect(baku?.corridor).toBe('caspian');
    expect(model.routes.find((r) => r.route.id === 'URM-DUI')?.corridor).toBe('europe');
  });
});

describe('groupByGateway', () => {
  it('groups every route once, busiest gateway first, each group by transit days', () => {
    const groups = groupByGateway(buildModel(snapshot).routes);
    expect(groups.flatMap((g) => g.routes)).toHaveLength(21);
    for (let i = 1; i < groups.length; i++) {
      expect(groups[i - 1]?.routes.length).toBeGreaterThanOrEqual(groups[i]?.routes.length ?? 0);
    }
    for (const g of groups) {
      const days = g.routes.map((r) => r.route.transitDays);
      expect(days).toEqual([...days].sort((a, b) => a - b));
      for (const r of g.routes) expect(r.route.gateway).toBe(g.gatewayId);
    }
  });
});
