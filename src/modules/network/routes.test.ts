import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp({ users: false });
});
afterAll(async () => {
  await t?.close();
});

describe('network API', () => {
  it('summarizes 21 routes, 26 cities, 19 countries', async () => {
    const res = await t.app.inject({ url: '/api/v1/network/summary' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ routes: 21, destinationCities: 26, destinationCountries: 19 });
  });

  it('lists locations, routes, gateways, countries, wagon types, train limits and goods', async () => {
    const get = async (url: string) => {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      return res.json();
    };
    expect((await get('/api/v1/network/routes')).items).toHaveLength(21);
    expect(
      (await get('/api/v1/network/locations')).items.find((l: { id: string }) => l.id === 'CNURM-AC'),
    ).toBeDefined();
    expect((await get('/api/v1/network/gateways')).items.length).toBeGreaterThanOrEqual(2);
    const countries = (await get('/api/v1/network/countries')).items;
    expect(countries).toHaveLength(19);
    expect(countries.find((c: { country: string }) => c.country === 'DE').names.zh).toBe('德国');
    expect((await get('/api/v1/network/wagon-types')).wagonTypes.length).toBeGreaterThan(3);
    expect((await get('/api/v1/network/train-limits')).limits.length).toBeGreaterThan(3);
    const goods = await get('/api/v1/network/goods');
    const tomato = goods.groups
      .flatMap((g: { headings: Array<{ code: string; description: string }> }) => g.headings)
      .find((h: { code: string }) => h.code === '2002');
    expect(tomato.description).toMatch(/tomato/i);
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await t.app.inject({ url: '/api/v1/network/routes/NOPE' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });
});
