/**
 * E-commerce through the API on both engines: three parties send their records, a 1210 order over the
 * annual limit comes back rejected with the rule and the remaining quota (the issue's done-when), a
 * party sees only the orders it sent records of, customs sees the per-person quota, bad input is a
 * problem+json 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { matchingRecords, residentId } from './testing';

let t: TestApp;
let ent: string[] = [];
beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  ent = [];
  for (const i of [0, 1]) {
    const u = await s.identity.createUser({
      username: `eco-${i}`,
      password: 'test-password-123',
      roles: ['enterprise'],
      organization: { id: `eco-org-${i}`, kind: 'enterprise', nameEn: `Shop ${i}`, nameZh: `商城${i}` },
    });
    if (!u.ok) throw new Error(u.error.message.en);
    const tok = await s.identity.issueToken(`eco-${i}`, 'test');
    if (!tok.ok) throw new Error(tok.error.message.en);
    ent.push(tok.value.token);
  }
});
afterAll(async () => {
  await t?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const send = (token: string, payload: object) =>
  t.app.inject({ method: 'POST', url: '/api/v1/ecommerce/records', headers: auth(token), payload });

describe('e-commerce API', () => {
  it('done-when: a 1210 order over the annual limit is rejected with the rule and the remaining quota', async () => {
    const buyerId = residentId('65010219920202002');
    for (let i = 0; i < 5; i++) {
      const r = matchingRecords(`API-${i}`, { buyerId, goodsMinor: 4_980_00 });
      for (const k of ['order', 'payment', 'logistics'] as const) {
        const res = await send(ent[0]!, r[k]);
        expect(res.statusCode, res.body).toBe(201);
      }
    }
    const r = matchingRecords('API-over', { buyerId, goodsMinor: 1_500_00 });
    await send(ent[0]!, r.order);
    await send(ent[0]!, r.payment);
    const last = await send(ent[0]!, r.logistics);
    const order = last.json().order;
    expect(order).toMatchObject({
      status: 'rejected',
      rule: 'ecommerce.quota.annual',
      rejection: { rule: 'ecommerce.quota.annual', remainingMinor: 1_000_00, limitMinor: 26_000_00 },
    });
    expect(JSON.stringify(order)).not.toContain(buyerId);
    const retry = await send(ent[0]!, r.logistics);
    expect(retry.statusCode).toBe(200);
    const q = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/quota/lookup',
      headers: auth(t.token('customs-officer')),
      payload: { idNumber: buyerId, year: 2026 },
    });
    expect(q.json()).toMatchObject({
      usedMinor: 25_000_00,
      ledgerMinor: 25_000_00,
      remainingMinor: 1_000_00,
      orders: 5,
    });
    expect(q.json().entries).toHaveLength(5);
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/quota?year=2026',
      headers: auth(t.token('customs-officer')),
    });
    expect(q.json().buyer).toMatch(/^650102\*{8}\d{3}[\dX]$/);
    expect(all.json().items.find((x: { buyer: string }) => x.buyer === q.json().buyer)).toMatchObject({
      remainingMinor: 1_000_00,
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/ecommerce/quota', headers: auth(ent[0]!) }))
        .statusCode,
    ).toBe(403);
  });

  it('a party sees its own orders; customs sees all; a record of another party cannot be replaced', async () => {
    const r = matchingRecords('API-T1', { buyerId: residentId('65010219920202003') });
    await send(ent[0]!, r.order);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/orders',
      headers: auth(ent[1]!),
    });
    expect(mine.json().items.map((o: { orderNo: string }) => o.orderNo)).not.toContain('API-T1');
    const pay = await send(ent[1]!, r.payment);
    expect(pay.statusCode).toBe(201);
    expect(pay.json().order.missing).toEqual(['logistics']);
    const steal = await send(ent[1]!, { ...r.order, buyerName: '王五' });
    expect(steal.statusCode).toBe(403);
    expect(steal.headers['content-type']).toContain('application/problem+json');
    const id = pay.json().order.id as string;
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/ecommerce/orders/${id}`, headers: auth(ent[1]!) }))
        .statusCode,
    ).toBe(200);
    const officer = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ecommerce/orders?status=incomplete',
      headers: auth(t.token('customs-officer')),
    });
    expect(officer.json().items.map((o: { orderNo: string }) => o.orderNo)).toContain('API-T1');
  });

  it('bad input names the field, in Chinese when asked', async () => {
    const r = matchingRecords('API-B1');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/ecommerce/records',
      headers: { ...auth(ent[0]!), 'accept-language': 'zh' },
      payload: { ...r.order, mode: '9999' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('mode');
  });
});
