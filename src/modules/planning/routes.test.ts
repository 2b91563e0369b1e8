import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t?.close();
});

const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/${path}`, import.meta.url), 'utf8'));

describe('planning API', () => {
  it('solves a gateway instance for a border officer and refuses a shipper', async () => {
    const instance = fixture('gateway/reference/2gw-10d-100-s1.json');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/gateway',
      headers: { authorization: `Bearer ${t.token('border-officer')}` },
      payload: instance,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      format: 'lugang.gateway.solution/v1',
      instanceId: instance.id,
      status: 'optimal',
    });
    const no = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/gateway',
      headers: { authorization: `Bearer ${t.token('shipper')}` },
      payload: instance,
    });
    expect(no.statusCode).toBe(403);
  });

  it('answers a malformed load-plan document with 400 naming the field', async () => {
    const instance = fixture('load-plan/cn41-r1.05-light-101.json').instance;
    instance.containers[3].lengthFt = 35;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/load',
      headers: { authorization: `Bearer ${t.token('planner')}` },
      payload: instance,
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json().errors[0].field).toBe('containers.3.lengthFt');
  });
});
