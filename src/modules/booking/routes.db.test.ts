/**
 * Bookings over HTTP on both engines: create, list with filters, get, cancel, confirm, tenancy
 * (a forwarder of one organization never sees another's booking: 404, not 403), export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';

let t: TestApp;
const tokens: Record<string, string> = {};

async function userIn(org: string, kind: 'forwarder' | 'shipper', role: 'forwarder' | 'shipper') {
  const username = `${role}-${org}`;
  const created = await t.platform.services.identity.createUser({
    username,
    password: TEST_PASSWORD,
    roles: [role],
    organization: { id: org, kind, nameEn: org, nameZh: org },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await t.platform.services.identity.issueToken(username, 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  tokens[username] = issued.value.token;
  return issued.value.token;
}

const sampleBooking = (reference: string, extra: Record<string, unknown> = {}) => ({
  reference,
  containers: [{ sizeType: '42G1', numbers: ['CSQU3054383'] }],
  grossKg: 18_000,
  hsCode: '8471.30',
  destination: 'DEDUI',
  readyDate: '2026-12-01',
  dueDate: '2026-12-20',
  ...extra,
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

let fwdA: string;
let fwdB: string;
let shipA: string;

beforeAll(async () => {
  t = await openTestApp();
  fwdA = await userIn('fwd-a', 'forwarder', 'forwarder');
  fwdB = await userIn('fwd-b', 'forwarder', 'forwarder');
  shipA = await userIn('ship-a', 'shipper', 'shipper');
});
afterAll(async () => {
  await t?.close();
});

describe('bookings API', () => {
  let idA = '';
  let idB = '';

  it('creates a booking for the forwarder’s own organization with its eligible routes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(fwdA),
      payload: sampleBooking('A-1'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const b = res.json();
    idA = b.id;
    expect(b.organizationId).toBe('fwd-a');
    expect(b.forwarderOrg).toBe('fwd-a');
    expect(b.origin).toBe('CNURM-AC');
    expect(b.teu).toBe(2);
    expect(b.hsCode).toBe('847130');
    expect(b.status).toBe('confirmed');
    expect(b.eligibleRoutes).toEqual(['URM-DUI']);
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(fwdB),
      payload: sampleBooking('B-1', { containers: [{ sizeType: '22G1', count: 2 }], destination: 'KZKGF' }),
    });
    expect(other.statusCode, other.body).toBe(201);
    expect(other.json().eligibleRoutes).toEqual(['URM-AST']); // Karaganda: a city on the way to Astana
    idB = other.json().id;
  });

  it('refuses a forwarder naming another organization as owner', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(fwdA),
      payload: sampleBooking('A-9', { organizationId: 'fwd-b' }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('organizationId');
  });

  it('refuses a duplicate reference in the same organization with 409, allows it in another', async () => {
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(fwdA),
      payload: sampleBooking('A-1'),
    });
    expect(dup.statusCode).toBe(409);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(fwdB),
      payload: sampleBooking('A-1'),
    });
    expect(again.statusCode).toBe(201);
  });

  it('reports every invalid field at once, in the caller’s language', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: { ...auth(fwdA), 'accept-language': 'zh-CN' },
      payload: sampleBooking('A-2', {
        containers: [{ sizeType: '42G1', numbers: ['CSQU3054384'] }],
        hsCode: '0000',
        destination: 'XXNOPE',
        readyDate: '2026-12-10',
        dueDate: '2026-12-01',
        grossKg: -5,
      }),
    });
    expect(res.statusCode).toBe(400);
    const fields = (res.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['containers.0.numbers.0', 'destination', 'dueDate', 'grossKg', 'hsCode']);
    expect(res.json().detail).toMatch(/[\u4e00-\u9fff]/);
  });

  it('keeps organizations apart: another organization’s booking is 404 (not 403) and not listed', async () => {
    const peek = await t.app.inject({ url: `/api/v1/bookings/${idB}`, headers: auth(fwdA) });
    expect(peek.statusCode).toBe(404);
    const cancel = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${idB}/cancel`,
      headers: auth(fwdA),
    });
    expect(cancel.statusCode).toBe(404);
    const own = await t.app.inject({ url: `/api/v1/bookings/${idA}`, headers: auth(fwdA) });
    expect(own.statusCode).toBe(200);
    const list = await t.app.inject({ url: '/api/v1/bookings', headers: auth(fwdA) });
    expect(list.json().items.map((b: { organizationId: string }) => b.organizationId)).toEqual(['fwd-a']);
    const shipper = await t.app.inject({ url: `/api/v1/bookings/${idA}`, headers: auth(shipA) });
    expect(shipper.statusCode).toBe(404);
    const exp = await t.app.inject({ url: '/api/v1/bookings/export?format=csv', headers: auth(fwdA) });
    expect(exp.body).toContain('A-1');
    expect(exp.body).not.toContain('B-1');
  });

  it('lets planners see and create for every organization', async () => {
    const all = await t.app.inject({ url: '/api/v1/bookings?limit=10', headers: auth(t.token('planner')) });
    expect(all.json().total).toBe(3);
    const none = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(t.token('planner')),
      payload: sampleBooking('P-1'),
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0].field).toBe('organizationId');
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(t.token('planner')),
      payload: sampleBooking('P-1', { organizationId: 'ship-a', shipperOrg: 'ship-a', status: 'draft' }),
    });
    expect(made.statusCode, made.body).toBe(201);
    const mine = await t.app.inject({ url: '/api/v1/bookings', headers: auth(shipA) });
    expect(mine.json().items.map((b: { reference: string }) => b.reference)).toEqual(['P-1']);
  });

  it('filters by status, route, destination and date window, with pages', async () => {
    const q = async (qs: string) =>
      (await t.app.inject({ url: `/api/v1/bookings?${qs}`, headers: auth(t.token('dispatcher')) })).json();
    expect((await q('status=draft')).total).toBe(1);
    expect((await q('route=URM-AST')).items.map((b: { reference: string }) => b.reference)).toEqual(['B-1']);
    expect((await q('destination=dedui')).total).toBe(3);
    expect((await q('from=2026-12-21')).total).toBe(0);
    expect((await q('to=2026-11-30')).total).toBe(0);
    const p1 = await q('limit=2&offset=0');
    const p2 = await q('limit=2&offset=2');
    expect(p1.items.length + p2.items.length).toBe(4);
    expect(new Set([...p1.items, ...p2.items].map((b: { id: string }) => b.id)).size).toBe(4);
  });

  it('confirms a draft and cancels; cancelling twice is a conflict', async () => {
    const list = await t.app.inject({ url: '/api/v1/bookings?status=draft', headers: auth(shipA) });
    const id = list.json().items[0].id;
    const ok = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${id}/confirm`,
      headers: auth(shipA),
    });
    expect(ok.json().status).toBe('confirmed');
    const c1 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${id}/cancel`,
      headers: auth(shipA),
    });
    expect(c1.json().status).toBe('cancelled');
    const c2 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/bookings/${id}/cancel`,
      headers: auth(shipA),
    });
    expect(c2.statusCode).toBe(409);
  });
});
