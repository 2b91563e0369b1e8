/**
 * The transshipment at the gauge change over HTTP, on both engines: three departures of 41 FEU through
 * Alashankou become two 1520 mm trains of 61–62 wagons; the events reach tracking once (a retry records
 * nothing twice) under each box owner's tenancy; the CIM/SMGS handover record as JSON and HTML; who may
 * see what (a forwarder only its own boxes); the refusals (unknown gateway, other gateway, twice).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import type { StoredEvent } from '../tracking/service';

let t: TestApp;
let planner: Record<string, string>;
let officer: Record<string, string>;
const fwd: Record<string, Record<string, string>> = {};
const events: StoredEvent[] = [];
const DAY = '2026-12-01';
const ROUTES = ['URM-DUI', 'URM-HAM', 'URM-MOW'];

let serial = 100_000;
const given: string[] = [];
function numbers(n: number, owner = 'LGAU'): string[] {
  const out = Array.from({ length: n }, () => {
    const first10 = `${owner}${String(serial++).padStart(6, '0')}`;
    return `${first10}${computeCheckDigit(first10) % 10}`;
  });
  given.push(...out);
  return out;
}

async function signIn(username: string): Promise<Record<string, string>> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username, password: TEST_PASSWORD },
  });
  return { authorization: `Bearer ${res.json().token}` };
}

beforeAll(async () => {
  t = await openTestApp();
  planner = { authorization: `Bearer ${t.token('planner')}` };
  officer = { authorization: `Bearer ${t.token('border-officer')}` };
  for (const org of ['ts-fwd-a', 'ts-fwd-b']) {
    const made = await t.platform.services.identity.createUser({
      username: org,
      password: TEST_PASSWORD,
      roles: ['forwarder'],
      organization: { id: org, kind: 'forwarder', nameEn: `${org} Ltd`, nameZh: `${org} 公司` },
    });
    if (!made.ok) throw new Error(made.error.message.en);
    fwd[org] = await signIn(org);
  }
  t.platform.services.bus.on('tracking.events', (e) => {
    events.push(...(e as StoredEvent[]));
  });
  for (const r of [...ROUTES, 'URM-ALA']) {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/timetable/schedules/${r}`,
      headers: planner,
      payload: { everyDays: 1, anchorDate: DAY, capacityTeu: 82, capacityKg: 1_300_000, minTeu: 2 },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  const gen = await t.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/generate?from=${DAY}&days=1`,
    headers: planner,
  });
  expect(gen.statusCode, gen.body).toBeLessThan(300);
  // each Alashankou departure: 41 FEU of two forwarders (one booking without numbers for fwd-b)
  const cities: Record<string, string> = { 'URM-DUI': 'DEDUI', 'URM-HAM': 'DEHAM', 'URM-MOW': 'RUMOW' };
  let n = 0;
  for (const r of ROUTES) {
    for (const [org, count, withNumbers] of [
      ['ts-fwd-a', 25, true],
      ['ts-fwd-b', 16, r !== 'URM-MOW'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings',
        headers: planner,
        payload: {
          reference: `TS-${++n}`,
          organizationId: org,
          shipperOrg: org,
          containers: [{ sizeType: '42G1', count, ...(withNumbers ? { numbers: numbers(count) } : {}) }],
          grossKg: 22_000 * count,
          hsCode: '8471',
          destination: cities[r],
          readyDate: DAY,
          dueDate: '2026-12-20',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  }
  const plan = await t.app.inject({
    method: 'POST',
    url: '/api/v1/plans/consolidation/run',
    headers: planner,
    payload: { from: DAY, days: 1 },
  });
  expect(plan.statusCode, plan.body).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

const deps = ROUTES.map((r) => `${r}-20261201`);
let id = '';
const timetableTrains = async (): Promise<number> =>
  (
    (await t.app.inject({ url: '/api/v1/gateways/scenarios' })).json().items as {
      id: string;
      trains: number;
    }[]
  ).find((s) => s.id === 'timetable')?.trains ?? 0;
let before = 0;

describe('transshipment at Alashankou', () => {
  it('refuses an unknown gateway, a departure of another gateway and a bad body', async () => {
    const post = (gw: string, payload: Record<string, unknown>, headers = officer) =>
      t.app.inject({ method: 'POST', url: `/api/v1/gateways/${gw}/transshipments`, headers, payload });
    expect((await post('NOPE', { departures: deps })).statusCode).toBe(404);
    const other = await post('AKL', { departures: ['URM-ALA-20261201'] });
    expect(other.statusCode).toBe(409);
    expect(other.headers['content-type']).toMatch(/problem\+json/);
    expect(other.json().errors[0].field).toBe('departures.0');
    expect((await post('AKL', { departures: [] })).statusCode).toBe(400);
    expect((await post('AKL', { departures: ['NOPE-20261201'] })).statusCode).toBe(404);
    expect((await post('AKL', { departures: deps }, fwd['ts-fwd-a'])).statusCode).toBe(403);
    before = await timetableTrains();
    expect(before).toBeGreaterThanOrEqual(3);
  });

  it('makes three trains of 41 into two of 61–62 and tells tracking', async () => {
    const startAt = new Date(Date.now() - 20 * 60_000).toISOString();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/AKL/transshipments',
      headers: officer,
      payload: { departures: deps, startAt, seals: { [given[0] as string]: 'CR 0012345' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ts = res.json();
    id = ts.id;
    expect(ts.arriving.map((a: { boxes: number }) => a.boxes)).toEqual([41, 41, 41]);
    expect(ts.formed.map((f: { wagons: unknown[] }) => f.wagons.length).sort()).toEqual([61, 62]);
    expect(ts.summary).toMatchObject({
      boxes: 123,
      reloaded: 123,
      held: 0,
      cranes: 2,
      movesPerCraneHour: 90,
    });
    expect(ts.summary.moves).toBe(123 + ts.summary.viaYard);
    expect(ts.formed[0].wagons[0].type).toBe('13-1258-01');
    // 20 minutes in at 2 × 90 moves an hour: 60 moves done, in progress
    expect(ts.status).toBe('in-progress');
    expect(ts.progress.done).toBeGreaterThanOrEqual(58);
    expect(ts.progress.done).toBeLessThanOrEqual(62);
    // 16 boxes of the Moscow booking have no numbers: not tracked
    expect(ts.events.untracked).toBe(16);
    expect(ts.events.quarantined).toBe(0);
    // per tracked box DISC + GBTS + LOAD, 3 ARRI and 2 DEPA, each ACT or PLN
    expect(ts.events.stored).toBe(107 * 3 + 3 + 2);
    const mine = events.filter((e) => e.eventId.startsWith(`tsp:${id}:`));
    expect(mine).toHaveLength(ts.events.stored);
    const gbts = mine.find((e) => e.eventCode === 'GBTS' && e.classifier === 'ACT');
    expect(gbts?.location).toBe('CNAKL');
    expect(gbts?.body).toMatchObject({ transshipment: { fromGaugeMm: 1435, toGaugeMm: 1520 } });
    const box = gbts?.equipment as string;
    expect(
      mine
        .filter((e) => e.equipment === box)
        .map((e) => e.eventCode)
        .sort(),
    ).toEqual(['DISC', 'GBTS', 'LOAD']);
    const owner = ts.legs.find((l: { box: string }) => l.box === box).owner;
    expect(new Set(mine.filter((e) => e.equipment === box).map((e) => e.organizationId))).toEqual(
      new Set([owner]),
    );
    expect(
      mine
        .filter((e) => e.eventCode === 'ARRI')
        .map((e) => e.trainReference)
        .sort(),
    ).toEqual(deps);
  });

  it('records once: the same departures again are refused, progress records only what is new', async () => {
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/gateways/AKL/transshipments',
      headers: officer,
      payload: { departures: [deps[0]] },
    });
    expect(again.statusCode).toBe(409);
    // the transshipped trains have crossed: the gateways' real plan no longer schedules them
    expect(await timetableTrains()).toBe(before - 3);
    const stored = events.length;
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/transshipments/${id}/progress`,
      headers: officer,
    });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json().events;
    expect(r.stored).toBe(events.length - stored);
    // every event already recorded (PLN ones included) comes back a duplicate
    expect(r.duplicates).toBeGreaterThan(0);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/transshipments/${id}/progress`,
      headers: officer,
    });
    expect(twice.json().events.stored).toBeLessThanOrEqual(6);
  });

  it('gives the CIM/SMGS handover record in JSON and as a printable page', async () => {
    const res = await t.app.inject({ url: `/api/v1/transshipments/${id}/smgs`, headers: officer });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r.format).toBe('lugang.smgs-handover/v1');
    expect(r.handingOver.names.zh).toBe('阿拉山口');
    expect(r.receiving.names.ru).toBe('Достык');
    expect(r.receiving.railCode).toBe('ESR 708507');
    expect(r.totals).toMatchObject({ consignments: 6, containers: 123, wagons: 123 });
    expect(r.totals.grossKg).toBe(123 * 22_000);
    const c = r.consignments.find((x: { sender: { id: string } }) => x.sender.id === 'ts-fwd-a');
    expect(c.sender.names.zh).toBe('ts-fwd-a 公司');
    expect(c.departureStation.unlocode).toBe('CNURM');
    expect(c.containers[0].toWagon).toMatch(new RegExp(`^${id}-[AB]/\\d\\d$`));
    const sealed = r.consignments
      .flatMap((x: { containers: { number: string; seal: string | null }[] }) => x.containers)
      .filter((x: { seal: string | null }) => x.seal !== null);
    expect(sealed).toEqual([expect.objectContaining({ number: given[0], seal: 'CR 0012345' })]);
    expect(r.labels.noteNumber).toEqual({ zh: '运单号', en: 'Consignment note No.', ru: 'Номер накладной' });
    const html = await t.app.inject({
      url: `/api/v1/transshipments/${id}/smgs?format=html`,
      headers: officer,
    });
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('国际货协/国际货约统一运单');
    expect(html.body).toContain('Передаточная ведомость');
    expect(html.body).toContain(c.containers[0].number);
  });

  it('shows a forwarder only its own boxes, and management all', async () => {
    const a = await t.app.inject({ url: '/api/v1/transshipments', headers: fwd['ts-fwd-a'] });
    expect(a.statusCode).toBe(200);
    const [mine] = a.json().items;
    expect(mine.legs.length).toBe(75);
    expect(new Set(mine.legs.map((l: { owner: string }) => l.owner))).toEqual(new Set(['ts-fwd-a']));
    const rec = (
      await t.app.inject({ url: `/api/v1/transshipments/${id}/smgs`, headers: fwd['ts-fwd-b'] })
    ).json();
    expect(rec.totals.containers).toBe(48);
    expect(rec.consignments.every((c: { owner: string }) => c.owner === 'ts-fwd-b')).toBe(true);
    const shipper = { authorization: `Bearer ${t.token('shipper')}` };
    expect((await t.app.inject({ url: `/api/v1/transshipments/${id}`, headers: shipper })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/api/v1/transshipments', headers: shipper })).json().items).toEqual(
      [],
    );
    const mgmt = { authorization: `Bearer ${t.token('management')}` };
    const all = (await t.app.inject({ url: `/api/v1/transshipments/${id}`, headers: mgmt })).json();
    expect(all.legs.length).toBe(123);
    expect((await t.app.inject({ url: `/api/v1/transshipments/${id}` })).statusCode).toBe(401);
  });
});

describe('moves recorded as they are done', () => {
  it('a sweep records the moves finished since the last one, each event once', async () => {
    const svc = t.platform.services.transshipment;
    const before = events.filter((e) => e.eventId.startsWith(`tsp:${id}:`) && e.classifier === 'ACT').length;
    const stored = await svc.recordDue();
    const after = events.filter((e) => e.eventId.startsWith(`tsp:${id}:`) && e.classifier === 'ACT').length;
    expect(after - before).toBe(stored);
    // nothing new right after
    expect(await svc.recordDue()).toBeLessThanOrEqual(6);
  });
});
