/**
 * The tracking HTTP contract through the whole app: device secrets as bearer (own id only), the
 * Idempotency-Key replay and 422, 400 naming the field, quarantine in the answer, reading back by
 * device and box with tenancy, the latest reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
let secret: string;
let otherSecret: string;
const auth = (s: string) => ({ authorization: `Bearer ${s}` });

beforeAll(async () => {
  t = await openTestApp();
  const a = await t.platform.services.tracking.addDevice({ id: 'reefer-1' });
  const b = await t.platform.services.tracking.addDevice({ id: 'reefer-2' });
  if (!a.ok || !b.ok) throw new Error('devices');
  secret = a.value.secret;
  otherSecret = b.value.secret;
});
afterAll(async () => {
  await t?.close();
});

const now = () => new Date(Date.now() - 60_000).toISOString();

describe('POST /api/v1/devices/{deviceId}/readings', () => {
  it('stores, dedups and quarantines; answers per item after commit', async () => {
    const time = now();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/reefer-1/readings',
      headers: auth(secret),
      payload: [
        {
          seq: 17,
          time,
          equipment: 'CSQU3054383',
          temperatureC: 3.6,
          setpointC: 3.5,
          humidityPct: 88,
          lat: 44.1,
          lon: 80.4,
        },
        { seq: 17, time, equipment: 'CSQU3054383', temperatureC: 3.6 },
        { seq: 18, time, temperatureC: -300 },
      ],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      stored: 1,
      duplicates: 1,
      quarantined: 1,
      results: [
        { key: '17', outcome: 'stored' },
        { key: '17', outcome: 'duplicate' },
        { key: '18', outcome: 'quarantined', reason: { code: 'reading.temperature_range' } },
      ],
    });
    const latest = await t.app.inject({
      url: '/api/v1/equipment/CSQU3054383/latest',
      headers: auth(t.token('dispatcher')),
    });
    expect(latest.json()).toMatchObject({ deviceId: 'reefer-1', seq: 17, temperatureC: 3.6, lat: 44.1 });
  });

  it('accepts a single object too', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/reefer-1/readings',
      headers: auth(secret),
      payload: { seq: 30, time: now() },
    });
    expect(res.json()).toMatchObject({ stored: 1 });
  });

  it('refuses another device’s id, user tokens, unknown secrets', async () => {
    const payload = { seq: 1, time: now() };
    const url = '/api/v1/devices/reefer-1/readings';
    const other = await t.app.inject({ method: 'POST', url, headers: auth(otherSecret), payload });
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toMatch(/own id/);
    const user = await t.app.inject({ method: 'POST', url, headers: auth(t.token('admin')), payload });
    expect(user.statusCode).toBe(403);
    const unknown = await t.app.inject({ method: 'POST', url, headers: auth('lgd_unknown'), payload });
    expect(unknown.statusCode).toBe(401);
    const none = await t.app.inject({ method: 'POST', url, payload });
    expect(none.statusCode).toBe(401);
    // a device secret opens no user route
    const me = await t.app.inject({ url: '/api/v1/equipment/CSQU3054383/latest', headers: auth(secret) });
    expect(me.statusCode).toBe(403);
  });

  it('answers 400 naming the field for a malformed body', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/reefer-1/readings',
      headers: { ...auth(secret), 'accept-language': 'zh' },
      payload: [{ time: now() }],
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(JSON.stringify(res.json().errors)).toContain('seq');
  });

  it('replays the answer for the same Idempotency-Key and body; 422 for another body', async () => {
    const url = '/api/v1/devices/reefer-1/readings';
    const payload = [{ seq: 40, time: now() }];
    const headers = { ...auth(secret), 'idempotency-key': 'batch-40' };
    const first = await t.app.inject({ method: 'POST', url, headers, payload });
    expect(first.json()).toMatchObject({ stored: 1 });
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await t.app.inject({ method: 'POST', url, headers, payload });
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    const other = await t.app.inject({ method: 'POST', url, headers, payload: [{ seq: 41, time: now() }] });
    expect(other.statusCode).toBe(422);
    expect(other.json().errors[0].code).toBe('idempotency.mismatch');
  });
});

describe('POST /api/v1/devices/{deviceId}/events', () => {
  it('stores a DCSA-shaped event once', async () => {
    const event = {
      eventId: '0b9e4c1e-7d1f-4a55-9d4a-2f7c1c7a0001',
      eventType: 'TRANSPORT',
      eventClassifierCode: 'ACT',
      eventDateTime: now(),
      transportEventTypeCode: 'ARRI',
      trainReference: 'X8001',
      location: 'CNAKL',
    };
    const url = '/api/v1/devices/reefer-1/events';
    const a = await t.app.inject({ method: 'POST', url, headers: auth(secret), payload: event });
    const b = await t.app.inject({ method: 'POST', url, headers: auth(secret), payload: [event] });
    expect(a.json()).toMatchObject({ stored: 1 });
    expect(b.json()).toMatchObject({ stored: 0, duplicates: 1 });
  });
});

describe('reading back', () => {
  it('pages a device’s readings and hides them from other tenants', async () => {
    const page = await t.app.inject({
      url: '/api/v1/devices/reefer-1/readings?limit=1',
      headers: auth(t.token('planner')),
    });
    expect(page.statusCode).toBe(200);
    const body = page.json() as { items: unknown[]; nextCursor: string | null };
    expect(body.items).toHaveLength(1);
    expect(body.nextCursor).toBeTruthy();
    const next = await t.app.inject({
      url: `/api/v1/devices/reefer-1/readings?limit=100&cursor=${body.nextCursor}`,
      headers: auth(t.token('planner')),
    });
    expect((next.json() as { items: unknown[] }).items.length).toBeGreaterThan(0);
    const box = await t.app.inject({
      url: '/api/v1/equipment/CSQU3054383/readings?from=2020-01-01T00:00:00Z',
      headers: auth(t.token('management')),
    });
    expect((box.json() as { items: unknown[] }).items).toHaveLength(1);
    const q = await t.app.inject({
      url: '/api/v1/devices/reefer-1/quarantine',
      headers: auth(t.token('admin')),
    });
    expect(q.json()).toMatchObject({ counts: { quarantined: 1 }, items: [{ key: '18' }] });
  });

  it('gives a shipper of another organization nothing', async () => {
    await t.platform.services.identity.createUser({
      username: 'acme-shipper',
      password: 'test-password-123',
      roles: ['shipper'],
      organization: { id: 'acme', kind: 'shipper', nameEn: 'Acme', nameZh: '阿克米' },
    });
    const issued = await t.platform.services.identity.issueToken('acme-shipper', 'test');
    if (!issued.ok) throw new Error('token');
    const h = auth(issued.value.token);
    expect((await t.app.inject({ url: '/api/v1/devices/reefer-1/readings', headers: h })).statusCode).toBe(
      404,
    );
    expect((await t.app.inject({ url: '/api/v1/equipment/CSQU3054383/latest', headers: h })).statusCode).toBe(
      404,
    );
    const box = await t.app.inject({ url: '/api/v1/equipment/CSQU3054383/readings', headers: h });
    expect(box.json()).toEqual({ items: [], nextCursor: null });
  });
});
