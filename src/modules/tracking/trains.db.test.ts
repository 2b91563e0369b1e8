/**
 * Trains end to end through the API: a train's GPS device reports DEPA/ARRI and POS; the position is
 * matched to the route (leg, km, progress), the ETA uses times learned from earlier trains' runs,
 * names the late leg, and a box loaded on the train gets the train's ETA; tenants see their trains only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import { loadNetworkData } from '../network/load-data';
import { TrackingRepository } from './repository';
import { type TrainPosition, TrainService } from './trains';
import { TrainRepository } from './trains-repository';

let t: TestApp;
let gpsSecret: string;
let fwdSecret: string;
let fwdToken: string;
const announced: TrainPosition[] = [];

const H = 3600_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const ymd = (ms: number) => iso(ms).slice(0, 10).replaceAll('-', '');
const TRAIN = `URM-DUI-${ymd(NOW - 2 * 24 * H)}`;
const BOX = 'CSQU3054383';

let n = 0;
const transport = (train: string, code: 'DEPA' | 'ARRI', location: string, at: number) => ({
  eventId: `e-${++n}`,
  eventType: 'TRANSPORT',
  transportEventTypeCode: code,
  eventClassifierCode: 'ACT',
  eventDateTime: iso(at),
  trainReference: train,
  location,
});

async function post(secret: string, device: string, body: unknown) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/devices/${device}/events`,
    headers: { authorization: `Bearer ${secret}` },
    payload: body as object,
  });
  expect(res.statusCode).toBe(200);
  expect(res.json().quarantined, JSON.stringify(res.json())).toBe(0);
}

/** Positions are derived after commit, by a bus listener: wait until the answer shows it. */
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const v = await read();
    if (ok(v) || i >= 100) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function get(url: string, token = t.token('dispatcher')) {
  return t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
}

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  s.bus.on('tracking.train', (p) => {
    announced.push(p);
  });
  const created = await s.identity.createUser({
    username: 'fw-trains',
    password: TEST_PASSWORD,
    roles: ['forwarder'],
    organization: { id: 'tr-fwd', kind: 'forwarder', nameEn: 'Train Forwarding', nameZh: '列车货代' },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await s.identity.issueToken('fw-trains', 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  fwdToken = issued.value.token;
  const gps = await s.tracking.addDevice({ id: 'loco-gps' });
  const fw = await s.tracking.addDevice({ id: 'fw-box-tracker', organizationId: 'tr-fwd' });
  if (!gps.ok || !fw.ok) throw new Error('devices');
  gpsSecret = gps.value.secret;
  fwdSecret = fw.value.secret;

  // five earlier trains ran the first leg (planned 12 h) in 20–28 h: that is learned
  const earlier = [20, 22, 24, 26, 28].map((h, i) => {
    const dep = NOW - (30 + i) * 24 * H;
    const ref = `URM-DUI-${ymd(dep)}`;
    return [transport(ref, 'DEPA', 'CNURM', dep), transport(ref, 'ARRI', 'CNJHE', dep + h * H)];
  });
  await post(gpsSecret, 'loco-gps', earlier.flat());
});
afterAll(async () => {
  await t?.close();
});

describe('train positions and ETA', () => {
  it('matches a POS report to the route: leg, km along, progress, off-route distance', async () => {
    await post(gpsSecret, 'loco-gps', [
      transport(TRAIN, 'DEPA', 'CNURM', NOW - 40 * H),
      transport(TRAIN, 'ARRI', 'CNJHE', NOW - 8 * H), // 32 h on a leg whose learned p90 is ≈ 27 h
      transport(TRAIN, 'DEPA', 'CNJHE', NOW - 6 * H),
      {
        eventId: 'pos-1',
        eventType: 'IOT',
        iotEventTypeCode: 'POS',
        eventClassifierCode: 'ACT',
        eventDateTime: iso(NOW - 5 * H),
        trainReference: TRAIN,
        position: { lat: 44.9, lon: 82.72 },
      },
    ]);
    const res = await eventually(
      () => get('/api/v1/trains/positions'),
      (r) => (r.json().items as TrainPosition[]).some((p) => p.trainReference === TRAIN),
    );
    expect(res.statusCode).toBe(200);
    const mine = (res.json().items as TrainPosition[]).find((p) => p.trainReference === TRAIN)!;
    expect(mine).toBeDefined();
    expect(mine.routeId).toBe('URM-DUI');
    expect(mine.legId).toBe('CNJHE>CNAKL');
    expect(mine.kmAlong!).toBeGreaterThan(450);
    expect(mine.kmAlong!).toBeLessThan(530);
    expect(mine.progressPct!).toBeGreaterThan(0);
    expect(mine.progressPct!).toBeLessThan(10);
    expect(mine.offRouteKm!).toBeLessThan(20);
    expect(announced.some((p) => p.trainReference === TRAIN && p.legId === 'CNJHE>CNAKL')).toBe(true);
  });

  it('an older position arriving late does not replace the newer one', async () => {
    await post(gpsSecret, 'loco-gps', {
      eventId: 'pos-0',
      eventType: 'IOT',
      iotEventTypeCode: 'POS',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(NOW - 20 * H),
      trainReference: TRAIN,
      position: { lat: 44.2, lon: 85.5 },
    });
    const detail = (
      await eventually(
        () => get(`/api/v1/trains/${TRAIN}`),
        () => announced.length > 0,
      )
    ).json();
    expect(detail.position.legId).toBe('CNJHE>CNAKL');
    expect(detail.stops[0]).toMatchObject({ id: 'CNURM-AC', unlocode: 'CNURM' });
    expect(detail.legs).toHaveLength(detail.stops.length - 1);
  });

  it('ETA: learned first leg (5 earlier runs + this one), the rest from the plan; the late leg is named; p50 ≤ p90', async () => {
    const res = await get(`/api/v1/trains/${TRAIN}/eta`);
    expect(res.statusCode).toBe(200);
    const eta = res.json();
    expect(eta.status).toBe('running');
    expect(eta.at.legId).toBe('CNJHE>CNAKL');
    expect(Date.parse(eta.etaP50)).toBeLessThanOrEqual(Date.parse(eta.etaP90));
    expect(Date.parse(eta.etaP50)).toBeGreaterThan(NOW - 60_000);
    const first = eta.legs[0];
    expect(first).toMatchObject({
      legId: 'CNURM-AC>CNJHE',
      state: 'done',
      basis: 'learned',
      samples: 6,
      actualHours: 32,
      late: true,
    });
    expect(first.p50Hours).toBe(25);
    expect(first.p90Hours).toBe(30);
    expect(eta.legs[2].basis).toBe('prior');
    // and the current leg (planned 2 h, p90 2.6 h) has been running for 6 h
    expect(eta.lateLegs).toEqual(['CNURM-AC>CNJHE', 'CNJHE>CNAKL']);
    expect(eta.legs[1]).toMatchObject({ state: 'current', late: true });
    expect(eta.delayHours).toBeGreaterThan(0);
    expect(eta.explanation.en).toContain('CNURM-AC>CNJHE');
    expect(eta.explanation.zh).toContain('CNURM-AC>CNJHE');
  });

  it('a box loaded on the train has the train’s ETA; tenants see only trains their events name', async () => {
    expect((await get(`/api/v1/equipment/${BOX}/eta`)).statusCode).toBe(404);
    expect((await get(`/api/v1/trains/${TRAIN}/eta`, fwdToken)).statusCode).toBe(404);
    const before = (await get('/api/v1/trains/positions', fwdToken)).json().items as TrainPosition[];
    expect(before.some((p) => p.trainReference === TRAIN)).toBe(false);

    await post(fwdSecret, 'fw-box-tracker', {
      eventId: 'load-1',
      eventType: 'EQUIPMENT',
      equipmentEventTypeCode: 'LOAD',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(NOW - 41 * H),
      equipmentReference: BOX,
      trainReference: TRAIN,
      location: 'CNURM',
    });
    const box = (await get(`/api/v1/equipment/${BOX}/eta`, fwdToken)).json();
    expect(box).toMatchObject({ equipmentReference: BOX, trainReference: TRAIN, status: 'on-train' });
    const train = (await get(`/api/v1/trains/${TRAIN}/eta`)).json();
    expect(box.eta.etaP50.slice(0, 16)).toBe(train.etaP50.slice(0, 16));
    const after = (await get('/api/v1/trains/positions', fwdToken)).json().items as TrainPosition[];
    // the old position (pos-0) of the same train stayed out
    expect(after.map((p) => p.trainReference)).toEqual([TRAIN]);
  });

  it('the learned times kept from the bus equal a fresh reading of the table, also after a retraction', async () => {
    const db = t.platform.database.db;
    const fresh = () =>
      new TrainService(new TrainRepository(db), new TrackingRepository(db), { loadNetwork: loadNetworkData });
    const live = t.platform.services.trains;
    const shape = (await live.shape('URM-DUI'))!;
    const before = await live.distributions(shape);
    expect(before.legs[0]).toMatchObject({ basis: 'learned', samples: 6 });
    expect(before).toEqual(await fresh().distributions(shape));
    // the earliest train's ARRI (e-2, 20 h) is retracted: one sample less, the median moves up
    await post(gpsSecret, 'loco-gps', {
      ...transport(`URM-DUI-${ymd(NOW - 30 * 24 * H)}`, 'ARRI', 'CNJHE', NOW - 30 * 24 * H + 20 * H),
      retractedEventId: 'e-2',
    });
    const after = await eventually(
      () => live.distributions(shape),
      (d) => d.legs[0]!.samples === 5,
    );
    expect(after.legs[0]).toMatchObject({ basis: 'learned', samples: 5 });
    expect(after.legs[0]!.p50).toBeGreaterThan(before.legs[0]!.p50);
    expect(after).toEqual(await fresh().distributions(shape));
  });

  it('answers an unknown train with 404 problem+json and a malformed one with 400', async () => {
    const unknown = await get('/api/v1/trains/XXX-YYY-20261201/eta');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
    expect((await get('/api/v1/trains/nonsense/eta')).statusCode).toBe(400);
  });
});
