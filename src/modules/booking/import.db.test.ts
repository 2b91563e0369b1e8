/**
 * Import of the shipped fixtures (test/fixtures/bookings/) over HTTP on both engines: every planted
 * bad row is reported with its row number and column, the good rows are imported, nothing is dropped
 * silently, and importing again (XLSX or its CSV twin) changes nothing. Export imports back unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import { XLSX_MIME } from './routes';

const dir = join(process.cwd(), 'test', 'fixtures', 'bookings');
const file = (name: string) => readFileSync(join(dir, name));
const planted = JSON.parse(file('planted-errors.json').toString('utf8')) as {
  good: number;
  errors: { row: number; column: string; reference: string }[];
};

let t: TestApp;
let token = '';

interface Report {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: { row: number; column: string; code: string; reason: { en: string; zh: string } }[];
}

async function upload(
  name: string | Buffer,
  type: 'csv' | 'xlsx',
  as = token,
): Promise<{ status: number; body: Report }> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/bookings/import',
    headers: { authorization: `Bearer ${as}`, 'content-type': type === 'csv' ? 'text/csv' : XLSX_MIME },
    payload: typeof name === 'string' ? file(name) : name,
  });
  return { status: res.statusCode, body: res.json() as Report };
}

beforeAll(async () => {
  t = await openTestApp();
  const created = await t.platform.services.identity.createUser({
    username: 'fwd-import',
    password: TEST_PASSWORD,
    roles: ['forwarder'],
    organization: { id: 'fwd-import', kind: 'forwarder', nameEn: 'Import Co', nameZh: '导入公司' },
  });
  if (!created.ok) throw new Error(created.error.message.en);
  const issued = await t.platform.services.identity.issueToken('fwd-import', 'test');
  if (!issued.ok) throw new Error(issued.error.message.en);
  token = issued.value.token;
});
afterAll(async () => {
  await t?.close();
});

describe('booking import', () => {
  it('imports every row of the good workbook, then changes nothing on the second import and from its CSV twin', async () => {
    const first = await upload('bookings-good.xlsx', 'xlsx');
    expect(first.status).toBe(200);
    expect(first.body.rejected).toEqual([]);
    expect(first.body.imported).toBe(10);
    const second = await upload('bookings-good.xlsx', 'xlsx');
    expect(second.body).toEqual({ imported: 0, updated: 0, unchanged: 10, rejected: [] });
    const twin = await upload('bookings-good.csv', 'csv');
    expect(twin.body).toEqual({ imported: 0, updated: 0, unchanged: 10, rejected: [] });
    const list = await t.app.inject({
      url: '/api/v1/bookings?limit=100',
      headers: { authorization: `Bearer ${token}` },
    });
    const items = list.json().items as {
      reference: string;
      organizationId: string;
      teu: number;
      status: string;
      reeferSetpointC: number | null;
    }[];
    expect(items).toHaveLength(10);
    expect(new Set(items.map((b) => b.organizationId))).toEqual(new Set(['fwd-import']));
    const gd3 = items.find((b) => b.reference === 'GD-003')!;
    expect(gd3.reeferSetpointC).toBe(-1.5);
    expect(items.find((b) => b.reference === 'GD-010')!.status).toBe('confirmed'); // 已确认
    expect(items.find((b) => b.reference === 'GD-005')!.status).toBe('draft');
  });

  it('reports each planted error with its row and column, imports the rest, and drops nothing', async () => {
    const first = await upload('bookings-planted-errors.xlsx', 'xlsx');
    expect(first.status).toBe(200);
    const got = first.body.rejected.map((r) => ({ row: r.row, column: r.column }));
    for (const e of planted.errors)
      expect(got, `row ${e.row} (${e.reference})`).toContainEqual({ row: e.row, column: e.column });
    // no other row is rejected, and every data row is accounted for
    const rejectedRows = new Set(first.body.rejected.map((r) => r.row));
    expect([...rejectedRows].sort((a, b) => a - b)).toEqual(planted.errors.map((e) => e.row));
    expect(first.body.imported + first.body.updated + first.body.unchanged + rejectedRows.size).toBe(
      planted.good + planted.errors.length,
    );
    expect(first.body.imported).toBe(planted.good);
    for (const r of first.body.rejected) {
      expect(r.reason.en.length).toBeGreaterThan(5);
      expect(r.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    }
    const repeated = first.body.rejected.find((r) => r.code === 'booking.import.reference_repeated');
    expect(repeated?.reason.en).toMatch(/first at row 9/);

    const again = await upload('bookings-planted-errors.xlsx', 'xlsx');
    expect(again.body.imported).toBe(0);
    expect(again.body.updated).toBe(0);
    expect(again.body.unchanged).toBe(planted.good);
    expect(again.body.rejected).toEqual(first.body.rejected);
    const twin = await upload('bookings-planted-errors.csv', 'csv');
    expect(twin.body).toEqual(again.body);
  });

  it('updates a changed draft, refuses to change a confirmed booking', async () => {
    const csv = (ref: string, kg: number, status: string) =>
      Buffer.from(
        `reference,container_count,size_type,gross_kg,hs_code,dg_un,dg_class,destination,ready_date,due_date,priority,status\r\n` +
          `${ref},1,22G1,${kg},2905.11,UN1230,3,UZTAS,2026-12-04,2026-12-18,3,${status}\r\n`,
      );
    // GD-005 is a draft with its container number; this row gives only a count: different → updated
    const upd = await upload(csv('GD-005', 17_000, 'draft'), 'csv');
    expect(upd.body).toMatchObject({ imported: 0, updated: 1, unchanged: 0, rejected: [] });
    const same = await upload(csv('GD-005', 17_000, 'draft'), 'csv');
    expect(same.body).toMatchObject({ unchanged: 1, updated: 0 });
    const confirm = await upload(csv('GD-005', 17_000, 'confirmed'), 'csv');
    expect(confirm.body).toMatchObject({ updated: 1 });
    const locked = await upload(csv('GD-005', 16_000, 'confirmed'), 'csv');
    expect(locked.body.rejected).toHaveLength(1);
    expect(locked.body.rejected[0]).toMatchObject({
      row: 2,
      column: 'reference',
      code: 'booking.import.not_draft',
    });
  });

  it('exports CSV and XLSX that import back unchanged, in English or Chinese headers', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const csv = await t.app.inject({ url: '/api/v1/bookings/export?format=csv&lang=zh', headers: auth });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body).toContain('订舱号');
    const back = await upload(Buffer.from(csv.body), 'csv');
    expect(back.body.rejected).toEqual([]);
    expect(back.body.imported + back.body.updated).toBe(0);
    const xlsx = await t.app.inject({ url: '/api/v1/bookings/export?format=xlsx', headers: auth });
    expect(xlsx.headers['content-type']).toBe(XLSX_MIME);
    const back2 = await upload(xlsx.rawPayload, 'xlsx');
    expect(back2.body.rejected).toEqual([]);
    expect(back2.body.unchanged).toBe(back.body.unchanged);
  });

  it('refuses a file with an unknown or missing column as a whole (400 naming it), and other media types (415)', async () => {
    const bad = await upload(Buffer.from('reference,destination,colour\r\nX-1,DEDUI,red\r\n'), 'csv');
    expect(bad.status).toBe(400);
    const fields = (bad.body as unknown as { errors: { field: string }[] }).errors.map((e) => e.field);
    expect(fields).toContain('colour');
    expect(fields).toContain('ready_date');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/bookings/import',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const sniff = async (type: string, payload: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/bookings/import',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        payload,
      });
    // browsers label CSV as application/vnd.ms-excel (Windows) and files as octet-stream
    const csvAsExcel = await sniff('application/vnd.ms-excel', file('bookings-good.csv'));
    // (GD-005 was changed above, so its row is refused now; every other row is unchanged)
    expect(csvAsExcel.json()).toMatchObject({ imported: 0, updated: 0, unchanged: 9 });
    const xlsxAsOctets = await sniff('application/octet-stream', file('bookings-good.xlsx'));
    expect(xlsxAsOctets.json()).toMatchObject({ imported: 0, updated: 0, unchanged: 9 });
    const xls = await sniff('application/vnd.ms-excel', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    expect(xls.statusCode).toBe(415);
    const broken = await upload(Buffer.from('not a zip'), 'xlsx');
    expect(broken.status).toBe(400);
  });

  it('an organization added just after an import is known to the next import (the kept context is read again)', async () => {
    const csv = (ref: string, shipper: string) =>
      Buffer.from(
        'reference,containers,size_type,gross_kg,hs_code,destination,ready_date,due_date,priority,customs_mode,status,shipper\r\n' +
          `${ref},CSQU3054383,42G1,20000,8471,DEDUI,2026-12-01,2026-12-20,3,general,draft,${shipper}\r\n`,
      );
    const first = await upload(csv('CTX-1', 'fwd-import'), 'csv');
    expect(first.body).toMatchObject({ imported: 1, rejected: [] });
    await t.platform.services.identity.upsertOrganization({
      id: 'ctx-new-shipper',
      kind: 'shipper',
      name_en: 'New Shipper',
      name_zh: '新发货人',
      name_ru: null,
    });
    const second = await upload(csv('CTX-2', 'ctx-new-shipper'), 'csv');
    expect(second.body).toMatchObject({ imported: 1, rejected: [] });
    const third = await upload(csv('CTX-3', 'no-such-org'), 'csv');
    expect(third.body.imported).toBe(0);
    expect(third.body.rejected.map((r) => r.column)).toEqual(['shipper']);
  });
});
