// Route tests of the gateway API through the whole app: calendars (public), closures by role, the
// shipped scenarios and what-if runs with their explanations, and problem+json naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t?.close();
});

const auth = (role: Parameters<TestApp['token']>[0]) => ({ authorization: `Bearer ${t.token(role)}` });

describe('gateway API', () => {
  it('lists the gateways with capacity, shifts and a calendar', async () => {
    const res = await t.app.inject({ url: '/api/v1/gateways?from=2026-12-01&days=3' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.from).toBe('2026-12-01');
    const akl = body.items.find((g: { id: string }) => g.id === 'AKL');
    expect(akl.names.zh).toMatch(/阿拉山口/);
    expect(akl.calendar).toHaveLength(3);
    expect(akl.shifts.shifts).toHaveLength(2);
    const bad = await t.app.inject({ url: '/api/v1/gateways?days=0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
  });

  it('lets a border officer enter and withdraw a closure; a shipper may not', async () => {
    const body = {
      from: '2026-12-10',
      to: '2026-12-11',
      trainsPerDay: 0,
      reason: { en: 'blizzard', zh: '暴风雪' },
    };
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/AKL/closures',
      headers: auth('shipper'),
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/AKL/closures',
      headers: auth('border-officer'),
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const closure = res.json();
    expect(closure).toMatchObject({
      gateway: 'AKL',
      direction: 'both',
      trainsPerDay: 0,
      reason: body.reason,
    });
    const cal = (await t.app.inject({ url: '/api/v1/gateways?from=2026-12-09&days=4' })).json();
    const akl = cal.items.find((g: { id: string }) => g.id === 'AKL');
    expect(akl.calendar.map((d: { state: string }) => d.state)).toEqual(['open', 'closed', 'closed', 'open']);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/gateways/AKL/closures/${closure.id}`,
      headers: auth('dispatcher'),
    });
    expect(del.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/gateways/AKL/closures/${closure.id}`,
      headers: auth('dispatcher'),
    });
    expect(again.statusCode).toBe(404);
  });

  it('answers a bad closure with the field, in Chinese when asked', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/AKL/closures',
      headers: { ...auth('admin'), 'accept-language': 'zh-CN' },
      payload: { from: '2026-12-10', to: '2026-12-01', trainsPerDay: 0, reason: { zh: '暴风雪' } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('to');
    expect(res.json().detail).toMatch(/早于/);
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/NOPE/closures',
      headers: auth('admin'),
      payload: { from: '2026-12-01', to: '2026-12-01', trainsPerDay: 0, reason: { en: 'x' } },
    });
    expect(none.statusCode).toBe(404);
  });

  it('lists and runs the October 2021 scenario: the queue grows when held, the re-plan shrinks it', async () => {
    const list = (await t.app.inject({ url: '/api/v1/gateways/scenarios' })).json();
    const oct = list.items.find((s: { id: string }) => s.id === 'oct-2021');
    expect(oct.title.zh).toMatch(/阿拉山口/);
    expect(oct.startDate).toBe('2021-10-11');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/gateways/scenarios/oct-2021/run' });
    expect(res.statusCode).toBe(200);
    const w = res.json();
    expect(w.scenario.id).toBe('oct-2021');
    expect(w.held.maxWaiting).toBeGreaterThan(w.baseline.maxWaiting);
    expect(w.replan.maxWaiting).toBeLessThan(w.held.maxWaiting);
    expect(w.switchedGateway.length).toBeGreaterThan(0);
    expect(w.explanations.length).toBe(w.replan.late);
    expect(w.explanations[0].reason.zh.length).toBeGreaterThan(5);
    expect(w.replan.days[0].date).toBe('2021-10-11');
    const extra = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/scenarios/oct-2021/run',
      payload: { changes: [{ gateway: 'HRS', from: '2021-10-25', to: '2021-11-09', trainsPerDay: 19 }] },
    });
    expect(extra.json().replan.maxWaiting).toBeLessThan(w.replan.maxWaiting);
    const today = (await t.app.inject({ url: '/api/v1/gateways?days=1' })).json().from;
    const live = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/scenarios/oct-2021/run',
      payload: { onCalendar: true },
    });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toMatchObject({ startDate: today, changes: [], scenario: { id: 'oct-2021' } });
    expect(live.json().baseline.days[0].gateways.AKL.quota).toBe(12);
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/gateways/scenarios/nope/run' });
    expect(missing.statusCode).toBe(404);
    const outside = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/scenarios/oct-2021/run',
      payload: { changes: [{ gateway: 'HRS', from: '2030-01-01', to: '2030-01-01', trainsPerDay: 0 }] },
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors[0].field).toBe('changes.0.from');
  });

  it('runs a what-if on posted trains for planning roles only', async () => {
    const instance = {
      format: 'lugang.gateway.instance/v1',
      id: 'p',
      days: 2,
      startDate: '2026-12-01',
      gateways: [{ id: 'AKL', quota: [1, 1] }],
      trains: [
        { id: 'A', arrivalDay: 0, weight: 1, maxDelayDays: 1, options: [{ gateway: 'AKL', extraDays: 0 }] },
        { id: 'B', arrivalDay: 0, weight: 2, maxDelayDays: 1, options: [{ gateway: 'AKL', extraDays: 0 }] },
      ],
      unscheduledPenaltyDays: 5,
    };
    const payload = {
      instance,
      changes: [{ gateway: 'AKL', from: '2026-12-02', to: '2026-12-02', trainsPerDay: 0 }],
    };
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/gateways/what-if', payload });
    expect(anon.statusCode).toBe(401);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/what-if',
      headers: auth('border-officer'),
      payload,
    });
    expect(res.statusCode).toBe(200);
    const w = res.json();
    expect(w.replan.unscheduled).toBe(1);
    const why = w.explanations.find((e: { train: string }) => e.train === 'A');
    expect(why).toMatchObject({ status: 'unscheduled', code: 'slots-full', route: null });
    expect(why.reason.en).toMatch(
      /AKL full on day\(s\) 0.*AKL closed on day\(s\) 1|AKL closed on day\(s\) 1/,
    );
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/what-if',
      headers: auth('planner'),
      payload: { instance: { ...instance, gateways: [{ id: 'AKL', quota: [1] }] } },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('instance.gateways.0.quota');
  });
});
