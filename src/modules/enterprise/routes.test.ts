import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(async () => {
  await t?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const body = {
  creditCode: '91350100M000100Y43',
  nameZh: '新疆陆港塑业有限公司',
  nameEn: 'Xinjiang Lugang Plastics Co., Ltd.',
  zone: 'bonded-zone',
  sector: 'plastics',
  investmentMinor: 12_000_000_00,
};

describe('enterprises API', () => {
  it('registers an enterprise with its organization; refuses a duplicate and a bad check character', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: auth(t.token('admin')),
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: 'ent-91350100m000100y43',
      zoneNames: { zh: '综合保税区' },
      status: 'active',
    });
    const orgs = await t.platform.services.identity.listOrganizations();
    expect(orgs.find((o) => o.id === 'ent-91350100m000100y43')?.kind).toBe('enterprise');
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: auth(t.token('admin')),
      payload: body,
    });
    expect(dup.statusCode).toBe(409);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises',
      headers: { ...auth(t.token('customs-officer')), 'accept-language': 'zh' },
      payload: { ...body, creditCode: '91350100M000100Y44', zone: 'moon' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['creditCode', 'zone']);
    expect(bad.json().errors[0].message).toContain('校验码');
  });

  it('an enterprise user sees only its own enterprise; customs and management see all', async () => {
    await t.platform.services.enterprises.create({
      ...body,
      creditCode: '914403001922038216',
      nameEn: 'Other',
      nameZh: '其他',
    });
    await t.platform.services.identity.createUser({
      username: 'plastics',
      password: 'test-password-123',
      roles: ['enterprise'],
      organizationId: 'ent-91350100m000100y43',
    });
    const tok = await t.platform.services.identity.issueToken('plastics', 'test');
    if (!tok.ok) throw new Error('token');
    const own = await t.app.inject({ url: '/api/v1/enterprises', headers: auth(tok.value.token) });
    expect(own.json().items.map((e: { creditCode: string }) => e.creditCode)).toEqual(['91350100M000100Y43']);
    const other = await t.app.inject({
      url: '/api/v1/enterprises/ent-914403001922038216',
      headers: auth(tok.value.token),
    });
    expect(other.statusCode).toBe(404);
    for (const role of ['customs-officer', 'management', 'admin'] as const) {
      const all = await t.app.inject({
        url: '/api/v1/enterprises?zone=bonded-zone',
        headers: auth(t.token(role)),
      });
      expect(all.json().items, role).toHaveLength(2);
    }
    // a port-operator user with the enterprise role belongs to no enterprise: sees none
    const none = await t.app.inject({ url: '/api/v1/enterprises', headers: auth(t.token('enterprise')) });
    expect(none.json().items).toEqual([]);
  });
});
