/**
 * Customs through the API on both engines: a declaration linked to a box and a bonded inventory list;
 * a CUSR sent by a customs gate device over HTTP releases it and deducts the list (1 → 2) exactly
 * once, whatever the duplicates and replays; an officer's decisions are recorded as tracking events;
 * a shipper's own tracker cannot clear a box; events stored while nobody listened are caught up.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../apps/server/testing';
import { TEST_CREDIT_CODES, TEST_ITEMS } from '../bonded/testing';

let t: TestApp;
let entToken: string;
let otherEntToken: string;
let enterpriseId: string;
let gateSecret: string;
let shipperDeviceSecret: string;
const BOOK = 'C65010000001';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const BOXES = ['CSQU3054383', 'MSKU9070323', 'TGHU1234567', 'APZU3456781', 'TCLU1234568', 'HLXU8765430'];

beforeAll(async () => {
  t = await openTestApp();
  const s = t.platform.services;
  const tokens: string[] = [];
  for (const [i, code] of TEST_CREDIT_CODES.slice(0, 2).entries()) {
    const e = await s.enterprises.create({
      creditCode: code,
      nameZh: `企业${i}`,
      nameEn: `Enterprise ${i}`,
      zone: 'bonded-zone',
      sector: 'plastics',
      investmentMinor: 5_000_000_00,
    });
    if (!e.ok) throw new Error(e.error.message.en);
    if (i === 0) enterpriseId = e.value.id;
    const u = await s.identity.createUser({
      username: `cus-ent-${i}`,
      password: 'test-password-123',
      roles: ['enterprise'],
      organizationId: e.value.organizationId,
    });
    if (!u.ok) throw new Error(u.error.message.en);
    const tok = await s.identity.issueToken(`cus-ent-${i}`, 'test');
    if (!tok.ok) throw new Error(tok.error.message.en);
    tokens.push(tok.value.token);
  }
  [entToken, otherEntToken] = tokens as [string, string];
  const book = await s.bonded.createBook(null, { bookNo: BOOK, enterpriseId, items: TEST_ITEMS });
  if (!book.ok) throw new Error(book.error.message.en);
  const gate = await s.tracking.addDevice({ id: 'customs-gate-1', organizationId: 'port-operator' });
  if (!gate.ok) throw new Error(gate.error.message.en);
  gateSecret = gate.value.secret;
  const shipperOrg = (await s.enterprises.get(null, enterpriseId))!.organizationId;
  const own = await s.tracking.addDevice({ id: 'shipper-tracker-1', organizationId: shipperOrg });
  if (!own.ok) throw new Error(own.error.message.en);
  shipperDeviceSecret = own.value.secret;
});
afterAll(async () => {
  await t?.close();
});

let listSeq = 0;
async function entryList(quantity: number): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/v1/bonded/books/${BOOK}/movements`,
    headers: auth(entToken),
    payload: { id: `cus-entry-${++listSeq}`, type: 'entry', lines: [{ seqNo: 1, quantity }] },
  });
  expect(res.statusCode, res.body).toBe(201);
  const m = res.json().movement[0];
  expect(m.deductionStatus).toBe(1);
  return m.listNo as string;
}

async function declare(box: string | null, listNo: string, token = entToken) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/customs/declarations',
    headers: auth(token),
    payload: {
      type: 'import',
      tradeMode: '5000',
      port: '7601',
      enterpriseId,
      items: [
        {
          seqNo: 1,
          hsCode: '3904.10',
          nameZh: 'PVC 树脂',
          nameEn: 'PVC resin',
          quantity: 50,
          unit: 'kg',
          valueMinor: 60_000_00,
        },
      ],
      containers: box ? [box] : [],
      listNos: [listNo],
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; status: string; lists: Array<{ deductionStatus: number }> };
}

function deviceEvent(
  deviceSecret: string,
  deviceId: string,
  code: string,
  box: string,
  eventId: string,
  retractedEventId?: string,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/devices/${deviceId}/events`,
    headers: auth(deviceSecret),
    payload: [
      {
        eventType: 'EQUIPMENT',
        equipmentEventTypeCode: code,
        eventClassifierCode: 'ACT',
        eventId,
        eventDateTime: new Date().toISOString(),
        equipmentReference: box,
        location: 'CNURM',
        ...(retractedEventId ? { retractedEventId } : {}),
      },
    ],
  });
}

async function get(id: string, token = t.token('customs-officer')) {
  return t.app.inject({ method: 'GET', url: `/api/v1/customs/declarations/${id}`, headers: auth(token) });
}

async function statusRows(listNo: string): Promise<number[]> {
  const r = await sql<{
    status: number;
  }>`select s.status from bonded_list_status s join bonded_movements m on m.id = s.movement_id where m.list_no = ${listNo} order by s.id`.execute(
    t.platform.database.db,
  );
  return r.rows.map((x) => Number(x.status));
}

describe('customs clearance', () => {
  it('CUSR from a device over HTTP → declaration released → inventory list deducted, once', async () => {
    const listNo = await entryList(50);
    const d = await declare(BOXES[0]!, listNo);
    expect(d.id).toMatch(/^76012026|^7601\d{4}1\d{9}$/);
    expect(d).toMatchObject({ status: 'submitted', lists: [{ deductionStatus: 1 }] });
    const scan = await deviceEvent(gateSecret, 'customs-gate-1', 'CUSS', BOXES[0]!, 'gate-e1');
    expect(scan.statusCode, scan.body).toBe(200);
    await t.platform.services.customs.settled();
    expect((await get(d.id)).json().status).toBe('scan');
    const rel = await deviceEvent(gateSecret, 'customs-gate-1', 'CUSR', BOXES[0]!, 'gate-e2');
    expect(rel.statusCode).toBe(200);
    await t.platform.services.customs.settled();
    const after = (await get(d.id)).json();
    expect(after.status).toBe('released');
    expect(after.lists[0]).toMatchObject({ listNo, deductionStatus: 2 });
    expect(after.listsDeductedAt).not.toBeNull();
    expect(after.events.map((e: { code: string }) => e.code)).toEqual(['CUSS', 'CUSR']);
    // duplicates, a replay of the device's message, a catch-up: nothing moves twice
    await deviceEvent(gateSecret, 'customs-gate-1', 'CUSR', BOXES[0]!, 'gate-e2');
    await deviceEvent(gateSecret, 'customs-gate-1', 'CUSR', BOXES[0]!, 'gate-e3');
    await t.platform.services.customs.settled();
    await t.platform.services.customs.catchUp();
    expect(await statusRows(listNo)).toEqual([1, 2]);
    const again = (await get(d.id)).json();
    expect(again.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'scan', 'released']);
    // the enterprise's own book agrees: the list shows deducted
    const book = await t.app.inject({
      method: 'GET',
      url: `/api/v1/bonded/books/${BOOK}/movements`,
      headers: auth(entToken),
    });
    expect(book.json().items.find((m: { listNo: string }) => m.listNo === listNo).deductionStatus).toBe(2);
  });

  it('a shipper’s own tracker cannot clear its box', async () => {
    const listNo = await entryList(5);
    const d = await declare(BOXES[1]!, listNo);
    const r = await deviceEvent(shipperDeviceSecret, 'shipper-tracker-1', 'CUSR', BOXES[1]!, 'own-1');
    expect(r.statusCode).toBe(200);
    await t.platform.services.customs.settled();
    expect((await get(d.id)).json()).toMatchObject({ status: 'submitted', lists: [{ deductionStatus: 1 }] });
  });

  it('events stored while nobody listened are caught up on start', async () => {
    const listNo = await entryList(5);
    const d = await declare(BOXES[2]!, listNo);
    const customs = t.platform.services.customs;
    customs.stop();
    await deviceEvent(gateSecret, 'customs-gate-1', 'CUSI', BOXES[2]!, 'gate-late-1');
    await deviceEvent(gateSecret, 'customs-gate-1', 'CUSR', BOXES[2]!, 'gate-late-2');
    await customs.settled();
    expect((await get(d.id)).json().status).toBe('submitted');
    await customs.start(t.platform.services.bus);
    const after = (await get(d.id)).json();
    expect(after).toMatchObject({ status: 'released', lists: [{ deductionStatus: 2 }] });
    expect(after.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'released']);
    expect(await statusRows(listNo)).toEqual([1, 2]);
  });

  it('an officer’s decisions are tracking events; a release deducts; a retry changes nothing', async () => {
    const listNo = await entryList(5);
    const d = await declare(BOXES[3]!, listNo);
    const decide = (decision: string, token = t.token('customs-officer')) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/customs/declarations/${d.id}/decisions`,
        headers: auth(token),
        payload: { decision },
      });
    expect((await decide('release', entToken)).statusCode).toBe(403);
    const s1 = await decide('inspect');
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s1.json().status).toBe('inspection');
    const r1 = await decide('release');
    expect(r1.json()).toMatchObject({ status: 'released', lists: [{ deductionStatus: 2 }] });
    const r2 = await decide('release');
    expect(r2.statusCode).toBe(200);
    await t.platform.services.customs.settled();
    expect(await statusRows(listNo)).toEqual([1, 2]);
    const platformEvents = await t.platform.services.tracking.listEvents('lugang-platform');
    expect(platformEvents.filter((e) => e.equipment === BOXES[3]).map((e) => e.event_code)).toEqual([
      'CUSI',
      'CUSR',
    ]);
    const rej = await decide('reject');
    expect(rej.statusCode).toBe(409);
    expect(rej.headers['content-type']).toContain('application/problem+json');
  });

  it('a rejected declaration stays rejected; its list stays pre-deducted', async () => {
    const listNo = await entryList(5);
    const d = await declare(BOXES[4]!, listNo);
    const rej = await t.app.inject({
      method: 'POST',
      url: `/api/v1/customs/declarations/${d.id}/decisions`,
      headers: auth(t.token('customs-officer')),
      payload: { decision: 'reject', reason: 'HS code wrong' },
    });
    expect(rej.json().status).toBe('rejected');
    await deviceEvent(gateSecret, 'customs-gate-1', 'CUSR', BOXES[4]!, 'gate-rej-1');
    await t.platform.services.customs.settled();
    expect((await get(d.id)).json()).toMatchObject({ status: 'rejected', lists: [{ deductionStatus: 1 }] });
  });

  it('tenancy and bad input', async () => {
    const listNo = await entryList(5);
    const d = await declare(BOXES[5]!, listNo);
    expect((await get(d.id, otherEntToken)).statusCode).toBe(404);
    expect((await get(d.id, entToken)).statusCode).toBe(200);
    const mine = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customs/declarations',
      headers: auth(otherEntToken),
    });
    expect(mine.json().items).toEqual([]);
    const all = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customs/declarations',
      headers: auth(t.token('customs-officer')),
    });
    expect(all.json().items.length).toBeGreaterThanOrEqual(6);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customs/declarations',
      headers: { ...auth(entToken), 'accept-language': 'zh' },
      payload: {
        type: 'import',
        tradeMode: '5000',
        port: '7601',
        items: [
          { seqNo: 1, hsCode: '3904.10', nameZh: 'x', nameEn: 'x', quantity: 1, unit: 'kg', valueMinor: 1 },
        ],
        containers: ['CSQU3054384'],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toContain('containers');
    const noList = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customs/declarations',
      headers: auth(otherEntToken),
      payload: {
        type: 'import',
        tradeMode: '5000',
        port: '7601',
        items: [
          { seqNo: 1, hsCode: '3904.10', nameZh: 'x', nameEn: 'x', quantity: 1, unit: 'kg', valueMinor: 1 },
        ],
        listNos: [listNo],
      },
    });
    expect(noList.statusCode).toBe(404);
    expect(noList.json().errors[0]).toMatchObject({ field: 'listNos.0', code: 'customs.list_unknown' });
  });
});

describe('retracted customs events (DCSA retraction)', () => {
  const settle = () => t.platform.services.customs.settled();
  const gate = (code: string, box: string, id: string, retracts?: string) =>
    deviceEvent(gateSecret, 'customs-gate-1', code, box, id, retracts);

  it('a retracted release before any deduction no longer releases; the history keeps both', async () => {
    const box = 'CAIU7070700';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customs/declarations',
      headers: auth(entToken),
      payload: {
        type: 'import',
        tradeMode: '5000',
        port: '7601',
        items: [
          { seqNo: 1, hsCode: '3904.10', nameZh: 'x', nameEn: 'x', quantity: 1, unit: 'kg', valueMinor: 1 },
        ],
        containers: [box],
      },
    });
    const d = res.json() as { id: string };
    await gate('CUSS', box, 'ret-a1');
    await settle();
    await gate('CUSR', box, 'ret-a2');
    await settle();
    expect((await get(d.id)).json().status).toBe('released');
    // the retraction carries its own code (DCSA: any event naming the wrong one)
    expect((await gate('CUSS', box, 'ret-a3', 'ret-a2')).statusCode).toBe(200);
    await settle();
    const after = (await get(d.id)).json();
    expect(after.status).toBe('scan');
    expect(after.review).toBeNull();
    expect(
      after.events.map((e: { eventId: string; retracted: boolean }) => [e.eventId, e.retracted]),
    ).toEqual([
      ['ret-a1', false],
      ['ret-a2', true],
    ]);
    expect(after.history.map((h: { status: string }) => h.status)).toEqual([
      'submitted',
      'scan',
      'released',
      'scan',
    ]);
    // a corrected release counts again
    await gate('CUSR', box, 'ret-a4');
    await settle();
    expect((await get(d.id)).json().status).toBe('released');
  });

  it('a release retracted after the lists were deducted goes to review (the deduction stays); an officer releases again', async () => {
    const box = 'OOLU1118886';
    const listNo = await entryList(5);
    const d = await declare(box, listNo);
    await gate('CUSR', box, 'ret-b1');
    await settle();
    expect((await get(d.id)).json()).toMatchObject({ status: 'released', lists: [{ deductionStatus: 2 }] });
    // another device cannot retract the gate's event
    await deviceEvent(shipperDeviceSecret, 'shipper-tracker-1', 'CUSR', box, 'own-ret-1', 'ret-b1');
    await settle();
    expect((await get(d.id)).json().status).toBe('released');
    await gate('CUSR', box, 'ret-b2', 'ret-b1');
    await settle();
    const flagged = (await get(d.id, entToken)).json();
    expect(flagged.status).toBe('review');
    expect(flagged.statusNames.zh).toContain('撤回');
    expect(flagged.review.reason.en).toContain('ret-b1');
    expect(flagged.review.reason.zh).toContain('核扣');
    expect(flagged.review.retracted).toEqual([
      { deviceId: 'customs-gate-1', eventId: 'ret-b1', code: 'CUSR', container: box },
    ]);
    expect(flagged.lists[0].deductionStatus).toBe(2);
    expect(await statusRows(listNo)).toEqual([1, 2]);
    // a listing by status finds it
    const inReview = await t.app.inject({
      method: 'GET',
      url: '/api/v1/customs/declarations?status=review',
      headers: auth(t.token('customs-officer')),
    });
    expect(inReview.json().items.map((x: { id: string }) => x.id)).toContain(d.id);
    // the officer releases again: a new event (the first one stays retracted), no second deduction
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/customs/declarations/${d.id}/decisions`,
      headers: auth(t.token('customs-officer')),
      payload: { decision: 'release' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'released', review: null });
    expect(await statusRows(listNo)).toEqual([1, 2]);
  });

  it('an officer may reject a declaration in review; a retraction stored while nobody listened is caught up', async () => {
    const box = 'SEGU1234569';
    const listNo = await entryList(5);
    const d = await declare(box, listNo);
    await gate('CUSR', box, 'ret-c1');
    await settle();
    const customs = t.platform.services.customs;
    customs.stop();
    await gate('CUSR', box, 'ret-c2', 'ret-c1');
    await customs.settled();
    expect((await get(d.id)).json().status).toBe('released');
    await customs.start(t.platform.services.bus);
    expect((await get(d.id)).json().status).toBe('review');
    const rej = await t.app.inject({
      method: 'POST',
      url: `/api/v1/customs/declarations/${d.id}/decisions`,
      headers: auth(t.token('customs-officer')),
      payload: { decision: 'reject', reason: 'release was wrong' },
    });
    expect(rej.json().status).toBe('rejected');
    expect(await statusRows(listNo)).toEqual([1, 2]);
  });
});
