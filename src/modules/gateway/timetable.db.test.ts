/**
 * The border ports' real plan, on both engines: once the timetable has departures through Alashankou
 * and Khorgos, the scenarios start with `timetable` — those departures over the coming days against the
 * gateway calendars — and running it schedules every one of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { chinaDate } from './service';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the timetable scenario', () => {
  it('is absent without departures, then plans the real departures on the gateway calendars', async () => {
    const before = (await t.app.inject({ url: '/api/v1/gateways/scenarios' })).json().items;
    expect(before.map((s: { id: string }) => s.id)).not.toContain('timetable');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/gateways/scenarios/timetable/run' })).statusCode,
    ).toBe(404);

    const planner = { authorization: `Bearer ${t.token('planner')}` };
    const today = chinaDate(new Date());
    const gen = await t.app.inject({
      method: 'POST',
      url: `/api/v1/timetable/generate?from=${today}&days=7`,
      headers: planner,
    });
    expect(gen.statusCode, gen.body).toBeLessThan(300);
    const departures = (
      await t.app.inject({ url: `/api/v1/timetable/departures?from=${today}`, headers: planner })
    ).json().items as { id: string; routeId: string }[];
    const routes = (await t.app.inject({ url: '/api/v1/network/routes' })).json().items as {
      id: string;
      gateway: string | null;
    }[];
    const border = new Set(routes.filter((r) => r.gateway === 'AKL' || r.gateway === 'HRS').map((r) => r.id));
    const through = departures.filter((d) => border.has(d.routeId));
    expect(through.length).toBeGreaterThan(0);

    const items = (await t.app.inject({ url: '/api/v1/gateways/scenarios' })).json().items;
    expect(items[0]).toMatchObject({ id: 'timetable', startDate: today, days: 30, gateways: ['AKL', 'HRS'] });
    expect(items[0].trains).toBe(through.length);

    const run = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/scenarios/timetable/run',
      payload: { onCalendar: true },
    });
    expect(run.statusCode, run.body).toBe(200);
    const w = run.json();
    expect(w.startDate).toBe(today);
    expect(w.baseline.crossings + w.baseline.unscheduled).toBe(through.length);
    // the calendars' quotas: Alashankou 12 a day outbound (index1520)
    expect(w.baseline.days[0].gateways.AKL.quota).toBe(12);
    // a closure of Alashankou in the what-if moves trains to Khorgos or later
    const closed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/scenarios/timetable/run',
      payload: { changes: [{ gateway: 'AKL', from: today, to: today, trainsPerDay: 0 }] },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json().replan.days[0].gateways.AKL.crossing).toBe(0);
  });
});
