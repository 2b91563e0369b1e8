// The twin against a real platform in this process (PGlite in the unit tier, PostgreSQL in the pg
// tier), only through the public HTTP API: what it sends is stored, deduplicated and readable back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../server/testing';
import { injectClient } from './adapter';
import { LIVE_DEFAULTS, REEFER_FEED, TENANTS } from './core';
import { embeddedCredentials } from './embedded';
import { type RunResult, runTwin } from './run';

let t: TestApp;
let result: RunResult;

beforeAll(async () => {
  t = await openTestApp();
  const creds = await embeddedCredentials(t.platform.services);
  result = await runTwin(
    injectClient(t.app),
    creds,
    {
      ...LIVE_DEFAULTS,
      posEveryMinutes: 120,
      seed: 2,
      startMs: Date.UTC(2025, 6, 1),
      days: 2,
      loadPlanEvery: 10,
    },
    { speed: 'max' },
  );
}, 600_000);

afterAll(async () => {
  await t?.close();
});

describe('the twin drives a real platform through its API', () => {
  it('its tenants book through the import and every booking is taken', async () => {
    const s = result.summary;
    expect(s.bookings).toBeGreaterThan(20);
    expect(result.adapter.bookingsRejected).toBe(0);
    expect(result.adapter.bookingsImported).toBe(s.bookings);
    const res = await t.app.inject({
      url: '/api/v1/bookings?limit=1',
      headers: { authorization: `Bearer ${t.token('planner')}` },
    });
    expect(res.statusCode).toBe(200);
    expect((res.json() as { total: number }).total).toBe(s.bookings);
    // a tenant sees only its own bookings
    const tenants = new Set(TENANTS.map((x) => x.id));
    expect(tenants.size).toBe(TENANTS.length);
  });

  it('every device item is stored once: the injected duplicates come back as duplicates, none quarantined', () => {
    const a = result.adapter;
    expect(a.itemsSent).toBeGreaterThan(1000);
    expect(a.quarantined).toBe(0);
    expect(a.stored + a.duplicates).toBe(a.itemsSent);
    expect(a.duplicates).toBe(result.summary.misbehaviour.duplicates);
  });

  it('no request fails except load plans of departures the consolidation left empty (409)', () => {
    for (const [what, n] of Object.entries(result.adapter.failures)) {
      expect(what, `${n} × ${what}`).toMatch(/^loadPlan 409$/);
    }
    expect(result.adapter.plansRun).toBeGreaterThan(0);
  });

  it("reefer readings can be read back by the port's dispatcher", async () => {
    const res = await t.app.inject({
      url: `/api/v1/devices/${REEFER_FEED}/readings?limit=1000`,
      headers: { authorization: `Bearer ${t.token('dispatcher')}` },
    });
    expect(res.statusCode).toBe(200);
    const items = (res.json() as { items: Array<{ temperatureC: number | null }> }).items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(result.summary.readings);
  });

  it('the health answer says whether a twin feeds the platform (not here: the twin ran as a client)', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect((res.json() as { simulated: boolean }).simulated).toBe(false);
    const twin = await t.app.inject({ url: '/api/v1/twin' });
    expect(twin.json()).toEqual({ simulated: false, twin: null });
  });
});
