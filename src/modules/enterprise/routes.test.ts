import { readFileSync } from 'node:fs';
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

  it('searches by name or credit code and filters by zone and sector; lists the sectors', async () => {
    const admin = auth(t.token('admin'));
    const byName = await t.app.inject({ url: '/api/v1/enterprises?q=lugang%20PLAST', headers: admin });
    expect(byName.json().items.map((e: { creditCode: string }) => e.creditCode)).toEqual([
      '91350100M000100Y43',
    ]);
    const byCode = await t.app.inject({ url: '/api/v1/enterprises?q=9144030019', headers: admin });
    expect(byCode.json().items.map((e: { creditCode: string }) => e.creditCode)).toEqual([
      '914403001922038216',
    ]);
    const zh = await t.app.inject({
      url: `/api/v1/enterprises?q=${encodeURIComponent('塑业')}`,
      headers: admin,
    });
    expect(zh.json().items).toHaveLength(1);
    const pct = await t.app.inject({ url: '/api/v1/enterprises?q=%25', headers: admin });
    expect(pct.json().items).toEqual([]);
    const sector = await t.app.inject({ url: '/api/v1/enterprises?sector=plastics', headers: admin });
    expect(sector.json().items).toHaveLength(2);
    expect(sector.json().sectors).toEqual(['plastics']);
    const none = await t.app.inject({
      url: '/api/v1/enterprises?sector=plastics&zone=assembly-center',
      headers: admin,
    });
    expect(none.json().items).toEqual([]);
  });

  it('shows a profile with the users, bookings count and account books; not another enterprise’s', async () => {
    const tok = await t.platform.services.identity.issueToken('plastics', 'test');
    if (!tok.ok) throw new Error('token');
    const book = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(tok.value.token),
      payload: { bookNo: 'E65010000001', enterpriseId: 'ent-91350100m000100y43', items: [] },
    });
    expect(book.statusCode, book.body).toBe(201);
    const booking = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings',
      headers: auth(t.token('planner')),
      payload: {
        reference: 'ENT-1',
        organizationId: 'ent-91350100m000100y43',
        containers: [{ sizeType: '42G1', count: 1 }],
        grossKg: 18_000,
        hsCode: '3904.10',
        destination: 'DEDUI',
        readyDate: '2026-12-01',
        dueDate: '2026-12-20',
      },
    });
    expect(booking.statusCode, booking.body).toBe(201);
    const own = await t.app.inject({
      url: '/api/v1/enterprises/ent-91350100m000100y43/profile',
      headers: auth(tok.value.token),
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      enterprise: { creditCode: '91350100M000100Y43' },
      users: [{ username: 'plastics', roles: ['enterprise'] }],
      bookings: 1,
      books: [{ bookNo: 'E65010000001', movements: 0, items: 0 }],
    });
    const customs = await t.app.inject({
      url: '/api/v1/enterprises/ent-91350100m000100y43/profile',
      headers: auth(t.token('customs-officer')),
    });
    expect(customs.json().books).toHaveLength(1);
    const other = await t.app.inject({
      url: '/api/v1/enterprises/ent-914403001922038216/profile',
      headers: auth(tok.value.token),
    });
    expect(other.statusCode).toBe(404);
  });

  it('imports a CSV or XLSX upload with a row-level report; refuses other bodies', async () => {
    const csv = readFileSync(new URL('../../../test/fixtures/enterprises/enterprises.csv', import.meta.url));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: { ...auth(t.token('customs-officer')), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ rows: 12, created: 8 });
    expect(res.json().errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [10, 'credit_code'],
      [11, 'zone'],
      [11, 'investment_cny'],
      [12, 'name_en'],
      [13, 'credit_code'],
    ]);
    const { writeXlsx, readCsv } = await import('../../platform/sheets/sheets');
    const xlsx = await writeXlsx(
      'e',
      readCsv(csv.toString('utf8')).map((r) => r.cells),
    );
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: { ...auth(t.token('admin')), 'content-type': 'application/octet-stream' },
      payload: xlsx,
    });
    expect(again.json()).toMatchObject({ created: 0, unchanged: 8 });
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: auth(t.token('admin')),
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const broken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: {
        ...auth(t.token('admin')),
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: Buffer.from('PK not really'),
    });
    expect(broken.statusCode).toBe(400);
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/api/v1/enterprises/import',
      headers: { ...auth(t.token('enterprise')), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
