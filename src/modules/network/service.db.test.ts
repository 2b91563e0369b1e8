import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { loadNetworkData } from './load-data';
import { NetworkRepository } from './repository';
import { NetworkService } from './service';

let t: TestDatabase;
let service: NetworkService;
beforeAll(async () => {
  t = await openTestDatabase();
  service = new NetworkService(new NetworkRepository(t.db));
});
afterAll(async () => {
  await t?.close();
});

describe('reference network in the database', () => {
  it('loads once, idempotently, and reports 21 routes, 26 cities, 19 countries from the stored rows', async () => {
    const network = await loadNetworkData();
    expect(await service.sync(network)).toEqual({ version: network.version, changed: true });
    expect(await service.sync(network)).toEqual({ version: network.version, changed: false });
    const s = await service.summary();
    expect(s).toMatchObject({ routes: 21, destinationCities: 26, destinationCountries: 19 });
    expect(s.goodsCategories).toBeGreaterThanOrEqual(200);
    expect(s.gateways.map((g) => g.id)).toEqual(expect.arrayContaining(['AKL', 'HRS']));
  });

  it('serves routes with geometry from Urumqi and gateways with capacity', async () => {
    const routes = await service.routes();
    expect(routes).toHaveLength(21);
    const locations = new Map((await service.locations()).map((l) => [l.id, l]));
    for (const r of routes) {
      expect(r.geometry.coordinates.length).toBeGreaterThanOrEqual(2);
      const first = r.geometry.coordinates[0]!;
      const origin = locations.get(r.origin)!;
      expect(first).toEqual([origin.lon, origin.lat]);
    }
    const gateways = await service.gateways();
    const akl = gateways.find((g) => g.id === 'AKL')!;
    expect(akl.border).toBe(true);
    expect(akl.gaugeMm).toEqual([1435, 1520]);
    expect((await service.destinationCountries()).length).toBe(19);
  });

  it('replaces the stored network when the data changes', async () => {
    const network = await loadNetworkData();
    const changed = {
      ...network,
      files: { ...network.files, manifest: { ...network.files.manifest, asOf: '2022-07-01' } },
    };
    expect((await service.sync(changed)).changed).toBe(true);
    expect((await service.routes()).length).toBe(21);
  });
});
