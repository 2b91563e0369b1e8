/**
 * A tenant whose boxes ride a train sees that train move — on the live feed (`tracking.train`) and on
 * GET /api/v1/trains/positions, the train's detail and ETA — although the train's GPS belongs to the port operator; another tenant
 * sees nothing of it; once the bookings leave the train (a departure cancelled over HTTP) it is gone
 * again. Both engines.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import type { SseFrame } from './sse';
import { openSse, type SseReader, tenantToken } from './testing';

let t: TestApp;
let base: string;
let gpsSecret: string;
const tokens: Record<string, string> = {};
let train: string;
let bookingId: string;

const H = 3600_000;
const NOW = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();

async function user(username: string, org: string, kind: 'shipper' | 'forwarder') {
  tokens[org] = await tenantToken(t.platform.services, username, { id: org, kind });
}

beforeAll(async () => {
  t = await openTestApp();
  await user('tt-shipper', 'tt-ship', 'shipper');
  await user('tt-stranger', 'tt-other', 'forwarder');
  const gps = await t.platform.services.tracking.addDevice({ id: 'tt-loco' });
  if (!gps.ok) throw new Error(gps.error.message.en);
  gpsSecret = gps.value.secret;
  const planner = { authorization: `Bearer ${t.token('planner')}` };
  const gen = await t.app.inject({
    method: 'POST',
    url: `/api/v1/timetable/generate?from=${iso(NOW).slice(0, 10)}&days=14`,
    headers: planner,
  });
  expect(gen.statusCode, gen.body).toBe(200);
  train = (gen.json().departures as Array<{ id: string; routeId: string }>).find(
    (d) => d.routeId === 'URM-DUI',
  )!.id;
  const booked = await t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings',
    headers: planner,
    payload: {
      reference: 'TT-001',
      organizationId: 'tt-ship',
      containers: [{ sizeType: '22G1', count: 2 }],
      grossKg: 30_000,
      hsCode: '8471',
      destination: 'DEDUI',
      readyDate: iso(NOW).slice(0, 10),
      dueDate: iso(NOW + 30 * 24 * H).slice(0, 10),
      status: 'confirmed',
    },
  });
  expect(booked.statusCode, booked.body).toBe(201);
  bookingId = booked.json().id as string;
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
});

async function open(token: string): Promise<SseReader> {
  const r = await openSse(`${base}/api/v1/stream?topics=tracking.train`, {
    authorization: `Bearer ${token}`,
  });
  await r.until((f) => f.some((x) => x.event === 'stream.open'));
  return r;
}

let n = 0;
async function position(ref: string, hoursAgo: number) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/devices/tt-loco/events',
    headers: { authorization: `Bearer ${gpsSecret}` },
    payload: {
      eventId: `tt-pos-${++n}`,
      eventType: 'IOT',
      iotEventTypeCode: 'POS',
      eventClassifierCode: 'ACT',
      eventDateTime: iso(NOW - hoursAgo * H),
      trainReference: ref,
      position: { lat: 44.9, lon: 82.72 + n / 100 },
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

const trainTimes = (frames: SseFrame[], ref: string) =>
  frames
    .filter((f) => f.event === 'tracking.train')
    .map((f) => JSON.parse(f.data) as { trainReference: string; time: string })
    .filter((p) => p.trainReference === ref)
    .map((p) => p.time);

async function positions(token: string) {
  const res = await t.app.inject({
    url: '/api/v1/trains/positions',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(res.statusCode).toBe(200);
  return (res.json().items as Array<{ trainReference: string }>).map((p) => p.trainReference);
}

function get(token: string, url: string) {
  return t.app.inject({ url, headers: { authorization: `Bearer ${token}` } });
}

describe('the trains carrying a tenant’s boxes', () => {
  it('move on its live feed and map once its booking is on the train; never on another tenant’s', async () => {
    const shipper = await open(tokens['tt-ship']!);
    const stranger = await open(tokens['tt-other']!);
    const ops = await open(t.token('dispatcher'));

    // before the booking rides it: the port's train, not the shipper's
    await position(train, 5);
    await ops.until((f) => trainTimes(f, train).length >= 1);
    expect(await positions(tokens['tt-ship']!)).not.toContain(train);

    // the consolidation plan puts the booking on the train (set here directly), and a booking write
    // over HTTP (another booking) drops the cached tenants
    await sql`update bookings set assigned_departure_id = ${train} where id = ${bookingId}`.execute(
      t.platform.database.db,
    );
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { authorization: `Bearer ${t.token('planner')}` },
      payload: {
        reference: 'TT-002',
        organizationId: 'tt-ship',
        containers: [{ sizeType: '22G1', count: 1 }],
        grossKg: 10_000,
        hsCode: '8471',
        destination: 'DEDUI',
        readyDate: iso(NOW).slice(0, 10),
        dueDate: iso(NOW + 30 * 24 * H).slice(0, 10),
      },
    });
    expect(other.statusCode, other.body).toBe(201);

    await position(train, 4);
    const seen = await shipper.until((f) => trainTimes(f, train).length >= 1);
    // only the position announced after the booking was on the train
    expect(trainTimes(seen, train)).toEqual([iso(NOW - 4 * H)]);
    expect(await positions(tokens['tt-ship']!)).toContain(train);
    expect(await positions(tokens['tt-other']!)).not.toContain(train);
    // and its detail and ETA, which the stranger cannot read
    for (const path of [`/api/v1/trains/${train}`, `/api/v1/trains/${train}/eta`]) {
      expect((await get(tokens['tt-ship']!, path)).statusCode, path).toBe(200);
      expect((await get(tokens['tt-other']!, path)).statusCode, path).toBe(404);
    }

    // the stranger's own train, announced last: by then it would have seen the shipper's train
    t.platform.services.bus.emit('tracking.train', {
      trainReference: 'XXX-YYY-20261201',
      organizationId: 'tt-other',
    } as never);
    const strangerFrames = await stranger.until((f) => trainTimes(f, 'XXX-YYY-20261201').length >= 1);
    expect(trainTimes(strangerFrames, train)).toEqual([]);

    // the departure is cancelled: its bookings are released, the train is the port's again
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/departures/${train}/cancel`,
      headers: { authorization: `Bearer ${t.token('planner')}` },
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await positions(tokens['tt-ship']!)).not.toContain(train);
    expect((await get(tokens['tt-ship']!, `/api/v1/trains/${train}/eta`)).statusCode).toBe(404);
    // the dispatcher sees every train all along
    expect(await positions(t.token('dispatcher'))).toContain(train);
    shipper.close();
    stranger.close();
    ops.close();
  });
});
