/**
 * `GET /api/v1/events`: DCSA-style filters, cursor pages in stored order that together give exactly
 * the filtered set, tenant scope, and retractions (excluded by default, marked on request).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';

let t: TestApp;
let fwdToken: string;

const TRAIN = 'URM-DUI-20261201';
const BOX = 'CSQU3054383';
const OTHER_BOX = 'MSCU1234566';

const transport = (id: string, code: 'DEPA' | 'ARRI', loc: string, at: string) => ({
  eventId: id,
  eventType: 'TRANSPORT',
  transportEventTypeCode: code,
  eventClassifierCode: 'ACT',
  eventDateTime: at,
  trainReference: TRAIN,
  location: loc,
});
const box = (id: string, code: string, equipment: string, at: string, extra: object = {}) => ({
  eventId: id,
  eventType: 'EQUIPMENT',
  equipmentEventTypeCode: code,
  eventClassifierCode: 'ACT',
  eventDateTime: at,
  equipmentReference: equipment,
  trainReference: TRAIN,
  location: 'CNURM',
  ...extra,
});

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  const created = await s.identity.createUser({
    username: 'fw-events',
    password: TEST_PASSWORD,
    roles: ['forwarder'],
    organization: { id: 'ev-fwd', kind: 'forwarder', nameEn: 'Events Forwarding', nameZh: '事件货代' },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await s.identity.issueToken('fw-events', 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  fwdToken = issued.value.token;
  const op = await s.tracking.addDevice({ id: 'ev-op' });
  const fw = await s.tracking.addDevice({ id: 'ev-fw', organizationId: 'ev-fwd' });
  if (!op.ok || !fw.ok) throw new Error('devices');
  const post = async (secret: string, device: string, body: unknown) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/devices/${device}/events`,
      headers: { authorization: `Bearer ${secret}` },
      payload: body as object,
    });
    expect(res.json().quarantined).toBe(0);
  };
  await post(op.value.secret, 'ev-op', [
    transport('t1', 'DEPA', 'CNURM', '2026-11-20T10:00:00Z'),
    transport('t2', 'ARRI', 'CNAKA', '2026-11-21T10:00:00Z'),
    transport('t3', 'DEPA', 'CNAKA', '2026-11-22T10:00:00Z'),
    box('b1', 'LOAD', OTHER_BOX, '2026-11-20T08:00:00Z'),
  ]);
  await post(fw.value.secret, 'ev-fw', [
    box('f1', 'LOAD', BOX, '2026-11-20T08:30:00Z'),
    box('f2', 'CUSS', BOX, '2026-11-21T12:00:00Z'),
    // f2 was a mistake: retracted
    box('f3', 'CUSR', BOX, '2026-11-21T13:00:00Z', { retractedEventId: 'f2' }),
    box('f4', 'GBTS', BOX, '2026-11-21T14:00:00Z', {
      location: 'CNAKA',
      transshipment: { fromGaugeMm: 1435, toGaugeMm: 1520 },
    }),
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function get(query: string, token = t.token('dispatcher')) {
  return t.app.inject({ url: `/api/v1/events${query}`, headers: { authorization: `Bearer ${token}` } });
}
const ids = (body: { items: Array<{ eventId: string }> }) => body.items.map((e) => e.eventId);

describe('GET /api/v1/events', () => {
  it('filters by train, type, code, place, time, box', async () => {
    expect(ids((await get(`?trainReference=${TRAIN}&eventType=TRANSPORT`)).json())).toEqual([
      't1',
      't2',
      't3',
    ]);
    expect(ids((await get('?transportEventTypeCode=DEPA')).json())).toEqual(['t1', 't3']);
    expect(ids((await get('?UNLocationCode=CNAKA')).json())).toEqual(['t2', 't3', 'f4']);
    expect(
      ids(
        (await get('?eventDateTime:gte=2026-11-21T00:00:00Z&eventDateTime:lt=2026-11-22T00:00:00Z')).json(),
      ),
    ).toEqual(['t2', 'f4']);
    expect(ids((await get(`?equipmentReference=${BOX}`)).json())).toEqual(['f1', 'f4']);
    expect(ids((await get('?equipmentEventTypeCode=LOAD,GBTS')).json())).toEqual(['b1', 'f1', 'f4']);
  });

  it('pages in stored order: the pages together are exactly the whole answer', async () => {
    const all = ids((await get('?limit=1000&retracted=include')).json());
    expect(all).toHaveLength(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await get(`?limit=3&retracted=include${cursor ? `&cursor=${cursor}` : ''}`);
      const body = res.json() as { items: Array<{ eventId: string }>; nextCursor: string | null };
      seen.push(...ids(body));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
  });

  it('leaves retracted events and retractions out by default; marks them with retracted=include', async () => {
    expect(ids((await get(`?equipmentReference=${BOX}`)).json())).not.toContain('f2');
    const body = (await get(`?equipmentReference=${BOX}&retracted=include`)).json() as {
      items: Array<{ eventId: string; retracted?: boolean; retractedEventId?: string }>;
    };
    expect(body.items.map((e) => [e.eventId, e.retracted])).toEqual([
      ['f1', false],
      ['f2', true],
      ['f3', false],
      ['f4', false],
    ]);
    expect(body.items[2]!.retractedEventId).toBe('f2');
  });

  it('shows a tenant only its own events', async () => {
    expect(ids((await get('?retracted=include', fwdToken)).json())).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(ids((await get(`?equipmentReference=${OTHER_BOX}`, fwdToken)).json())).toEqual([]);
  });

  it('answers bad filters and cursors with problem+json 400', async () => {
    const bad = await get('?eventType=SHIP');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await get('?cursor=nonsense')).statusCode).toBe(400);
    expect((await get('?equipmentReference=ABCD1234567')).statusCode).toBe(400);
  });
});
