/**
 * Timetable and plans from the database over HTTP, on both engines: schedules, idempotent departure
 * generation, the consolidation plan from confirmed bookings (checked by the independent validator),
 * stable assignments on re-planning after a booking arrives and one is cancelled, the stored latest
 * plan, and a departure's load plan (checked by the load validator).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import type { ConsolidationInstance, ConsolidationSolution } from '../planning/consolidation/contract';
import { validateConsolidation } from '../planning/consolidation/validate';
import type { LoadPlanInstance, LoadPlanSolution } from '../planning/load/contract';
import { validateLoadPlan } from '../planning/load/validate';

let t: TestApp;
let planner: Record<string, string>;

beforeAll(async () => {
  t = await openTestApp();
  planner = { authorization: `Bearer ${t.token('planner')}` };
  const created = await t.platform.services.identity.createUser({
    username: 'fwd-plan',
    password: TEST_PASSWORD,
    roles: ['forwarder'],
    organization: { id: 'fwd-plan', kind: 'forwarder', nameEn: 'Plan Co', nameZh: '计划公司' },
  });
  if (!created.ok) throw new Error(created.error.message.en);
});
afterAll(async () => {
  await t?.close();
});

let seq = 0;
async function book(
  destination: string,
  teu20: number,
  ready: string,
  due: string,
  extra: Record<string, unknown> = {},
) {
  seq++;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: planner,
    payload: {
      reference: `PL-${String(seq).padStart(3, '0')}`,
      organizationId: 'fwd-plan',
      forwarderOrg: 'fwd-plan',
      containers: [{ sizeType: '22G1', count: teu20 }],
      grossKg: 15_000 * teu20,
      hsCode: '8471',
      destination,
      readyDate: ready,
      dueDate: due,
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

async function run(body: Record<string, unknown>) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/plans/consolidation/run',
    headers: planner,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  const plan = res.json() as {
    id: string;
    instance: ConsolidationInstance;
    solution: ConsolidationSolution;
    released: { booking: string }[];
  };
  expect(validateConsolidation(plan.instance, plan.solution).errors).toEqual([]);
  return plan;
}

describe('timetable', () => {
  it('gives every route a default schedule from the train limits', async () => {
    const res = await t.app.inject({ url: '/api/v1/timetable/schedules', headers: planner });
    const items = res.json().items as {
      routeId: string;
      capacityTeu: number;
      capacityKg: number;
      minTeu: number;
    }[];
    expect(items).toHaveLength(21);
    expect(items.find((s) => s.routeId === 'URM-DUI')).toMatchObject({
      capacityTeu: 82,
      capacityKg: 1_300_000,
    });
    expect(items.find((s) => s.routeId === 'URM-ALA')).toMatchObject({ capacityTeu: 106, minTeu: 100 });
  });

  it('lets a planner set a route’s frequency and minimum fill, refusing a minimum above capacity', async () => {
    const put = (routeId: string, body: Record<string, unknown>, headers = planner) =>
      t.app.inject({ method: 'PUT', url: `/api/v1/timetable/schedules/${routeId}`, headers, payload: body });
    const badMin = await put('URM-DUI', { everyDays: 2, capacityTeu: 82, capacityKg: 1_300_000, minTeu: 90 });
    expect(badMin.statusCode).toBe(400);
    expect(badMin.json().errors[0].field).toBe('minTeu');
    const both = await put('URM-DUI', {
      weekdays: [1],
      everyDays: 2,
      capacityTeu: 82,
      capacityKg: 1_300_000,
      minTeu: 4,
    });
    expect(both.statusCode).toBe(400);
    expect(
      (await put('NOPE', { everyDays: 2, capacityTeu: 82, capacityKg: 1_300_000, minTeu: 4 })).statusCode,
    ).toBe(404);
    const ok = await put('URM-DUI', {
      everyDays: 2,
      anchorDate: '2026-12-01',
      capacityTeu: 82,
      capacityKg: 1_300_000,
      minTeu: 4,
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const weekly = await put('URM-ALA', {
      weekdays: [2, 5],
      capacityTeu: 110,
      capacityKg: 1_300_000,
      minTeu: 4,
    });
    expect(weekly.json().weekdays).toEqual([2, 5]);
  });

  it('generates the departures of a horizon once (a second run creates none)', async () => {
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timetable/generate?from=2026-12-01&days=14',
      headers: planner,
    });
    expect(first.statusCode, first.body).toBe(200);
    const body = first.json() as {
      created: number;
      departures: { id: string; routeId: string; date: string }[];
    };
    const dui = body.departures.filter((d) => d.routeId === 'URM-DUI').map((d) => d.date);
    expect(dui).toEqual([
      '2026-12-01',
      '2026-12-03',
      '2026-12-05',
      '2026-12-07',
      '2026-12-09',
      '2026-12-11',
      '2026-12-13',
    ]);
    const ala = body.departures.filter((d) => d.routeId === 'URM-ALA').map((d) => d.date);
    expect(ala).toEqual(['2026-12-01', '2026-12-04', '2026-12-08', '2026-12-11']); // Tuesdays and Fridays
    expect(body.created).toBe(body.departures.length);
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/v1/timetable/generate?from=2026-12-01&days=14',
      headers: planner,
    });
    expect(second.json().created).toBe(0);
    expect(second.json().departures).toHaveLength(body.departures.length);
  });
});

describe('consolidation plan from the database', () => {
  const kept = new Map<string, string>();
  let planId = '';

  it('assigns confirmed bookings to departures and stores the plan and the assignments', async () => {
    for (let i = 0; i < 6; i++) await book('DEDUI', 2, '2026-12-02', '2026-12-31');
    for (let i = 0; i < 3; i++) await book('KZALA', 2, '2026-12-01', '2026-12-12');
    await book('DEDUI', 2, '2026-12-02', '2026-12-31', { status: 'draft' }); // drafts are not planned
    const plan = await run({ from: '2026-12-01', days: 14 });
    planId = plan.id;
    expect(plan.instance.bookings).toHaveLength(9);
    expect(plan.instance.gateways.map((g) => g.id)).toEqual(['AKL', 'HRS']);
    expect(plan.instance.gateways[0]!.quota).toHaveLength(14);
    expect(plan.solution.assignments.length).toBeGreaterThan(0);
    const list = await t.app.inject({ url: '/api/v1/bookings?limit=100&status=confirmed', headers: planner });
    for (const b of list.json().items as { id: string; assignedDeparture: string | null; planId: string }[]) {
      const a = plan.solution.assignments.find((x) => x.booking === b.id);
      expect(b.assignedDeparture).toBe(a?.departure ?? null);
      if (b.assignedDeparture) kept.set(b.id, b.assignedDeparture);
    }
    expect(kept.size).toBeGreaterThan(2);
    const deps = await t.app.inject({
      url: '/api/v1/timetable/departures?from=2026-12-01&to=2026-12-14&route=URM-DUI',
      headers: planner,
    });
    const running = (deps.json().items as { id: string; running: boolean }[])
      .filter((d) => d.running)
      .map((d) => d.id);
    expect(running.sort()).toEqual(plan.solution.running.filter((d) => d.startsWith('URM-DUI')).sort());
    const latest = await t.app.inject({ url: '/api/v1/plans/consolidation/latest', headers: planner });
    expect(latest.json().id).toBe(planId);
    const fills = latest.json().departures as {
      id: string;
      running: boolean;
      teu: number;
      minTeu: number;
      capacityTeu: number;
    }[];
    expect(fills).toHaveLength(plan.instance.departures.length);
    for (const f of fills) {
      if (f.running) expect(f.teu).toBeGreaterThanOrEqual(f.minTeu);
      else expect(f.teu).toBe(0);
      expect(f.teu).toBeLessThanOrEqual(f.capacityTeu);
    }
    const csv = await t.app.inject({
      url: '/api/v1/plans/consolidation/latest/export?format=csv',
      headers: planner,
    });
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines).toHaveLength(1 + plan.instance.bookings.length);
    expect(csv.body).toContain('PL-001');
    const xlsx = await t.app.inject({
      url: '/api/v1/plans/consolidation/latest/export?format=xlsx&lang=zh',
      headers: planner,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps the assignments when a booking arrives and another is cancelled', async () => {
    const [cancelled] = [...kept.keys()];
    const c = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${cancelled}/cancel`,
      headers: planner,
    });
    expect(c.json()).toMatchObject({ status: 'cancelled', assignedDeparture: null });
    kept.delete(cancelled!);
    const fresh = await book('DEDUI', 2, '2026-12-02', '2026-12-31');
    const plan = await run({ from: '2026-12-01', days: 14 });
    expect(plan.id).not.toBe(planId);
    expect(plan.instance.bookings.map((b) => b.id)).not.toContain(cancelled);
    const released = new Set(plan.released.map((r) => r.booking));
    const pinned = new Map((plan.instance.pinned ?? []).map((p) => [p.booking, p.departure]));
    expect(pinned.size).toBeGreaterThan(0);
    for (const [b, d] of kept) {
      if (released.has(b)) continue;
      expect(pinned.get(b)).toBe(d);
      expect(plan.solution.assignments).toContainEqual({ booking: b, departure: d });
    }
    expect(plan.instance.bookings.map((b) => b.id)).toContain(fresh.id);
  });

  it('refuses a horizon without departures (409) and bad input (400); only planning roles may run it', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/consolidation/run',
      headers: planner,
      payload: { from: '2027-06-01', days: 7 },
    });
    expect(none.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/consolidation/run',
      headers: planner,
      payload: { from: '2026-02-30', days: 7 },
    });
    expect(bad.statusCode).toBe(400);
    const fwd = await t.app.inject({
      method: 'POST',
      url: '/api/v1/plans/consolidation/run',
      headers: { authorization: `Bearer ${t.token('forwarder')}` },
      payload: { from: '2026-12-01', days: 14 },
    });
    expect(fwd.statusCode).toBe(403);
  });

  it('plans the load of a running departure onto NX70A wagons', async () => {
    const latest = (
      await t.app.inject({ url: '/api/v1/plans/consolidation/latest', headers: planner })
    ).json() as {
      solution: ConsolidationSolution;
    };
    const dep = latest.solution.running[0]!;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${dep}/load-plan`,
      headers: planner,
    });
    expect(res.statusCode, res.body).toBe(200);
    const lp = res.json() as { instance: LoadPlanInstance; solution: LoadPlanSolution; departureId: string };
    expect(lp.departureId).toBe(dep);
    const boxes = latest.solution.assignments.filter((a) => a.departure === dep).length * 2;
    expect(lp.instance.containers).toHaveLength(boxes);
    expect(lp.instance.wagons[0]!.type).toBe('NX70A');
    expect(validateLoadPlan(lp.instance, lp.solution).errors).toEqual([]);
    expect(lp.solution.placements).toHaveLength(boxes); // a few 20' pairs fit easily
    const again = await t.app.inject({ url: `/api/v1/departures/${dep}/load-plan`, headers: planner });
    expect(again.json().id).toBe(res.json().id);

    // the same train re-planned onto 1520 mm platforms for the gauge change
    const wide = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${dep}/load-plan?gauge=1520`,
      headers: planner,
    });
    expect(wide.statusCode, wide.body).toBe(200);
    const lp1520 = wide.json() as { instance: LoadPlanInstance; solution: LoadPlanSolution };
    expect(lp1520.instance.wagonTypes[0]).toMatchObject({ code: '13-1258-01', gaugeMm: 1520 });
    expect(lp1520.instance.wagonTypes[0]!.platforms[0]!.lengthFt).toBe(40);
    expect(lp1520.instance.containers).toHaveLength(boxes);
    expect(validateLoadPlan(lp1520.instance, lp1520.solution).errors).toEqual([]);
    const badGauge = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${dep}/load-plan?gauge=1000`,
      headers: planner,
    });
    expect(badGauge.statusCode).toBe(400);
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departures/URM-DUI-20261213/load-plan',
      headers: planner,
    });
    expect([200, 409]).toContain(empty.statusCode);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/v1/departures/NOPE/load-plan',
      headers: planner,
    });
    expect(missing.statusCode).toBe(404);
  });
  it('cancelling a departure releases its bookings; the next plan places them elsewhere or says why', async () => {
    const latest = (
      await t.app.inject({ url: '/api/v1/plans/consolidation/latest', headers: planner })
    ).json() as {
      solution: ConsolidationSolution;
    };
    const dep = latest.solution.running[0]!;
    const riders = latest.solution.assignments.filter((a) => a.departure === dep).map((a) => a.booking);
    expect(riders.length).toBeGreaterThan(0);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${dep}/cancel`,
      headers: planner,
    });
    expect(res.json()).toEqual({ departureId: dep, released: riders.length });
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${dep}/cancel`,
      headers: planner,
    });
    expect(twice.statusCode).toBe(409);
    const plan = await run({ from: '2026-12-01', days: 14 });
    expect(plan.instance.departures.map((d) => d.id)).not.toContain(dep);
    for (const b of riders) {
      expect((plan.instance.pinned ?? []).map((p) => p.booking)).not.toContain(b);
      const placed = plan.solution.assignments.some((a) => a.booking === b);
      const why = plan.solution.unassigned.find((u) => u.booking === b)?.reason;
      expect(placed || (why ?? '').length > 0).toBe(true);
    }
  });
});
