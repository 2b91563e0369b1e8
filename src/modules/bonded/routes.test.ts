import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { TEST_CREDIT_CODES, TEST_ITEMS } from './testing';

let t: TestApp;
const entToken: string[] = [];
const enterpriseIds: string[] = [];
beforeAll(async () => {
  t = await openTestApp();
  for (const [i, code] of TEST_CREDIT_CODES.slice(0, 2).entries()) {
    const e = await t.platform.services.enterprises.create({
      creditCode: code,
      nameZh: `企业${i}`,
      nameEn: `Enterprise ${i}`,
      zone: 'bonded-zone',
      sector: 'plastics',
      investmentMinor: 5_000_000_00,
    });
    if (!e.ok) throw new Error(e.error.message.en);
    enterpriseIds.push(e.value.id);
    const u = await t.platform.services.identity.createUser({
      username: `ent-user-${i}`,
      password: 'test-password-123',
      roles: ['enterprise'],
      organizationId: e.value.organizationId,
    });
    if (!u.ok) throw new Error(u.error.message.en);
    const tok = await t.platform.services.identity.issueToken(`ent-user-${i}`, 'test');
    if (!tok.ok) throw new Error(tok.error.message.en);
    entToken.push(tok.value.token);
  }
});
afterAll(async () => {
  await t?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('bonded API', () => {
  it('an enterprise opens its book, posts, retries, is refused below zero, and verifies', async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(entToken[0]!),
      payload: { bookNo: 'T65010000001', enterpriseId: enterpriseIds[0], items: TEST_ITEMS },
    });
    expect(create.statusCode, create.body).toBe(201);
    expect(create.json().items).toHaveLength(3);
    // not for another enterprise
    const other = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(entToken[0]!),
      payload: { bookNo: 'T65010000002', enterpriseId: enterpriseIds[1], items: [] },
    });
    expect(other.statusCode).toBe(404);
    const byCustoms = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(t.token('customs-officer')),
      payload: { bookNo: 'T65010000002', enterpriseId: enterpriseIds[1], items: TEST_ITEMS },
    });
    expect(byCustoms.statusCode).toBe(201);

    const url = '/api/v1/bonded/books/T65010000001/movements';
    const body = {
      id: 'api-1',
      type: 'entry',
      lines: [{ seqNo: 1, quantity: 50 }],
      declaration: { supervisionMode: '5000', transportMode: '3', port: '7601' },
    };
    const first = await t.app.inject({ method: 'POST', url, headers: auth(entToken[0]!), payload: body });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().movement[0]).toMatchObject({ listNo: 'QDT65010000001000001', deductionStatus: 1 });
    const retry = await t.app.inject({ method: 'POST', url, headers: auth(entToken[0]!), payload: body });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().replayed).toBe(true);
    const clash = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...auth(entToken[0]!), 'accept-language': 'zh-CN' },
      payload: { ...body, lines: [{ seqNo: 1, quantity: 51 }] },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.headers['content-type']).toMatch(/problem\+json/);
    expect(clash.json().detail).toContain('业务编号');
    const over = await t.app.inject({
      method: 'POST',
      url,
      headers: auth(entToken[0]!),
      payload: { id: 'api-2', type: 'release', lines: [{ seqNo: 1, quantity: 51 }] },
    });
    expect(over.statusCode).toBe(422);
    expect(over.json().errors[0]).toMatchObject({
      code: 'bonded.insufficient_stock',
      details: { available: 50 },
    });
    const transfer = await t.app.inject({
      method: 'POST',
      url,
      headers: auth(entToken[0]!),
      payload: {
        id: 'api-3',
        type: 'transfer',
        toBookId: 'T65010000002',
        lines: [{ seqNo: 1, quantity: 20 }],
      },
    });
    expect(transfer.statusCode, transfer.body).toBe(201);

    const book = await t.app.inject({
      url: '/api/v1/bonded/books/T65010000001',
      headers: auth(entToken[0]!),
    });
    expect(book.json().items[0]).toMatchObject({ seqNo: 1, quantity: 30, ledgerQuantity: 30 });
    const list = await t.app.inject({ url, headers: auth(t.token('customs-officer')) });
    expect(list.json().items.map((m: { clientId: string }) => m.clientId)).toEqual(['api-1', 'api-3']);
    const verify = await t.app.inject({
      url: '/api/v1/bonded/books/T65010000001/verify',
      headers: auth(t.token('management')),
    });
    expect(verify.json()).toMatchObject({ intact: true, rows: 2 });

    const status = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/lists/QDT65010000001000001/status',
      headers: auth(t.token('customs-officer')),
      payload: { status: 2 },
    });
    expect(status.statusCode, status.body).toBe(200);
    expect(status.json().deductionStatus).toBe(2);
  });

  it('an enterprise sees only its own books; customs sees all', async () => {
    const mine = await t.app.inject({ url: '/api/v1/bonded/books', headers: auth(entToken[1]!) });
    expect(mine.json().items.map((b: { id: string }) => b.id)).toEqual(['T65010000002']);
    const hidden = await t.app.inject({
      url: '/api/v1/bonded/books/T65010000001',
      headers: auth(entToken[1]!),
    });
    expect(hidden.statusCode).toBe(404);
    const post = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books/T65010000001/movements',
      headers: auth(entToken[1]!),
      payload: { id: 'steal', type: 'release', lines: [{ seqNo: 1, quantity: 1 }] },
    });
    expect(post.statusCode).toBe(404);
    const all = await t.app.inject({
      url: '/api/v1/bonded/books',
      headers: auth(t.token('customs-officer')),
    });
    expect(all.json().items).toHaveLength(2);
  });

  it('pages the movements with a cursor, oldest or newest first, no row twice or missed', async () => {
    const create = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(entToken[0]!),
      payload: { bookNo: 'T65010000003', enterpriseId: enterpriseIds[0], items: TEST_ITEMS },
    });
    expect(create.statusCode, create.body).toBe(201);
    const url = '/api/v1/bonded/books/T65010000003/movements';
    for (let i = 1; i <= 7; i++) {
      const r = await t.app.inject({
        method: 'POST',
        url,
        headers: auth(entToken[0]!),
        payload: { id: `page-${i}`, type: 'entry', lines: [{ seqNo: 2, quantity: i }] },
      });
      expect(r.statusCode, r.body).toBe(201);
    }
    const walk = async (order: 'asc' | 'desc') => {
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `?limit=3&order=${order}${cursor ? `&cursor=${cursor}` : ''}`;
        const res = await t.app.inject({ url: url + q, headers: auth(entToken[0]!) });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as { items: Array<{ bookSeq: number }>; nextCursor: string | null };
        expect(body.items.length).toBeLessThanOrEqual(3);
        seen.push(...body.items.map((m) => m.bookSeq));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      return { seen, pages };
    };
    expect(await walk('asc')).toEqual({ seen: [1, 2, 3, 4, 5, 6, 7], pages: 3 });
    expect(await walk('desc')).toEqual({ seen: [7, 6, 5, 4, 3, 2, 1], pages: 3 });
    const bad = await t.app.inject({ url: `${url}?cursor=abc`, headers: auth(entToken[0]!) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('cursor');
    const hidden = await t.app.inject({ url, headers: auth(entToken[1]!) });
    expect(hidden.statusCode).toBe(404);
  });

  it('answers bad input with 400 naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bonded/books',
      headers: auth(t.token('admin')),
      payload: {
        bookNo: 'T65010000009',
        enterpriseId: enterpriseIds[0],
        items: [{ seqNo: 1, hsCode: '9999.98', nameZh: '甲', nameEn: 'a', unit: 'kg', kind: 'material' }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('items.0.hsCode');
  });
});
