/**
 * The operations API over the whole app: events recorded through tracking become KPIs, border and
 * statistics figures; a statistics cell's trace lists the trains and the DEPA events it counts; the
 * export carries the same numbers; after start() a KPI change is announced on the bus ('ops.kpis').
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import type { Kpis } from './figures';
import { chinaDay } from './figures';

let t: TestApp;
const now = Date.now();
const iso = (hoursAgo: number) => new Date(now - hoursAgo * 3_600_000).toISOString();
const day = (hoursAgo: number) => chinaDay(iso(hoursAgo)).replace(/-/g, '');
const DUI = `URM-DUI-${day(30)}`;
const ALA = `URM-ALA-${day(2)}`;

function events() {
  return [
    {
      eventId: 'l1',
      eventType: 'EQUIPMENT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(31),
      equipmentEventTypeCode: 'LOAD',
      equipmentReference: 'CSQU3054383',
      trainReference: DUI,
      location: 'CNURM',
    },
    {
      eventId: 'd1',
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(30),
      transportEventTypeCode: 'DEPA',
      trainReference: DUI,
      location: 'CNURM',
    },
    {
      eventId: 'a1',
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(20),
      transportEventTypeCode: 'ARRI',
      trainReference: DUI,
      location: 'CNAKL',
    },
    {
      eventId: 'd2',
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(2),
      transportEventTypeCode: 'DEPA',
      trainReference: ALA,
      location: 'CNURM',
    },
    {
      eventId: 'p2',
      eventType: 'IOT',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(1),
      iotEventTypeCode: 'POS',
      trainReference: ALA,
      position: { lat: 44.1, lon: 84.5 },
    },
  ];
}

beforeAll(async () => {
  t = await openTestApp();
  const r = await t.platform.services.tracking.recordPlatformEvents('port-operator', events());
  expect(r.results).toEqual(r.results.map((x) => ({ ...x, outcome: 'stored' })));
});
afterAll(async () => {
  t?.platform.services.operations.stop();
  await t?.close();
});

const get = (url: string, role: Parameters<TestApp['token']>[0] = 'management') =>
  t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.token(role)}` } });

describe('operations API', () => {
  it('computes the KPI board from the stored events', async () => {
    const res = await get('/api/v1/ops/kpis');
    expect(res.statusCode).toBe(200);
    const k = res.json() as Kpis;
    expect(k.dispatched.total).toBe(2);
    expect(k.activeRoutes).toBe(2);
    expect(k.waitingAtBorder).toBe(1);
  });

  it('lists live trains with their phase and position', async () => {
    const res = await get('/api/v1/ops/trains');
    const items = res.json().items as Array<{ id: string; phase: string; lat: number | null }>;
    expect(items.find((i) => i.id === ALA)).toMatchObject({ phase: 'running', lat: 44.1 });
    expect(items.find((i) => i.id === DUI)).toMatchObject({ phase: 'waiting' });
  });

  it('shows the waiting train at Alashankou and a forecast per day', async () => {
    const res = await get('/api/v1/ops/border?days=5');
    expect(res.statusCode).toBe(200);
    const akl = res.json().items.find((g: { id: string }) => g.id === 'AKL');
    expect(akl.waiting.map((w: { id: string }) => w.id)).toEqual([DUI]);
    expect(akl.forecast).toHaveLength(5);
  });

  it('traces a statistics cell to the trains and DEPA events it counts', async () => {
    const stats = (await get('/api/v1/ops/statistics')).json();
    const row = stats.byRoute.find((r: { key: string }) => r.key === 'URM-DUI');
    expect(row.trains).toBe(1);
    const trace = (await get('/api/v1/ops/statistics/trace?dimension=route&key=URM-DUI')).json();
    expect(trace.items).toHaveLength(row.trains);
    expect(trace.items[0]).toMatchObject({ id: DUI, dispatched: { eventId: 'd1', eventCode: 'DEPA' } });
    const events = (await get(`/api/v1/ops/trains/${DUI}/events`)).json();
    expect(events.items.map((e: { eventId: string }) => e.eventId)).toEqual(['l1', 'd1', 'a1']);
  });

  it('exports the same figures as CSV and XLSX', async () => {
    const csv = await get('/api/v1/ops/statistics/export?format=csv&lang=zh');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('按线路');
    expect(csv.body).toMatch(/URM-DUI,[^,]+,1,/);
    const xlsx = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ops/statistics/export?format=xlsx',
      headers: { authorization: `Bearer ${t.token('planner')}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toContain('By route');
  });

  it('refuses a bad period with problem+json and a forwarder altogether', async () => {
    const bad = await get('/api/v1/ops/statistics?from=2026-12-01&to=2026-01-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/problem\+json/);
    expect((await get('/api/v1/ops/kpis', 'forwarder')).statusCode).toBe(403);
  });

  it("counts 'today' on the data's clock when a twin lags behind the wall clock", async () => {
    const ops = t.platform.services.operations;
    // the wall clock's day: the DUI train (dispatched 30 h ago) is not today's
    const wall = (await get('/api/v1/ops/kpis')).json() as Kpis;
    expect(wall.day).toBe(chinaDay(new Date()));
    // a twin whose simulated time is 29.5 h behind: its "today" is the day DUI left
    ops.followClock(() => new Date(now - 29.5 * 3_600_000));
    try {
      const k = (await get('/api/v1/ops/kpis')).json() as Kpis;
      expect(k.day).toBe(chinaDay(iso(29.5)));
      expect(k.asOf).toBe(iso(29.5));
      const expected = chinaDay(iso(30)) === chinaDay(iso(29.5)) ? 1 : 0;
      expect(k.dispatched.today).toBe(expected + (chinaDay(iso(2)) === k.day ? 1 : 0));
      expect((await get('/api/v1/ops/border?days=3')).json().day).toBe(k.day);
      expect((await get('/api/v1/ops/assembly')).json().day).toBe(k.day);
      // the statistics' default period ends on the data's day
      expect((await get('/api/v1/ops/statistics')).json().period.to).toBe(k.day);
      // a data clock ahead of the wall clock never moves "now" into the future
      ops.followClock(() => new Date(Date.now() + 86_400_000));
      expect((await get('/api/v1/ops/kpis')).json().day).toBe(chinaDay(new Date()));
    } finally {
      ops.followClock(null);
    }
  });

  it('after start(), announces a KPI change on the bus', async () => {
    const ops = t.platform.services.operations;
    await ops.start();
    const seen = new Promise<Kpis>((resolve) => {
      const off = t.platform.services.bus.on('ops.kpis', (k) => {
        if (k.dispatched.total === 3) {
          off();
          resolve(k);
        }
      });
    });
    const MSK = `URM-AST-${day(0)}`;
    await t.platform.services.tracking.recordPlatformEvents('port-operator', [
      {
        eventId: 'd3',
        eventType: 'TRANSPORT',
        eventClassifierCode: 'ACT',
        eventDateTime: iso(0.1),
        transportEventTypeCode: 'DEPA',
        trainReference: MSK,
        location: 'CNURM',
      },
    ]);
    expect((await seen).dispatched.total).toBe(3);
  });
});
