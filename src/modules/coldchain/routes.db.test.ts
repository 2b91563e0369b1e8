/**
 * The cold-chain HTTP contract through the whole app: a device posts readings over HTTP, the alarm
 * appears for the owner and the operators (not for another tenant), is acknowledged, clears; profiles
 * are edited by planners only; the report comes as JSON, CSV and PDF; bad input is problem+json; a box
 * whose device falls quiet while another reports gets a silent alarm (kind silent, no direction).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, TEST_PASSWORD, type TestApp } from '../../apps/server/testing';
import type { AlarmNotice } from './service';

let t: TestApp;
let secret: string;
let shipperToken: string;
let otherToken: string;
const auth = (s: string) => ({ authorization: `Bearer ${s}` });
const notices: AlarmNotice[] = [];
const BOX = 'CSQU3054383';

async function tenantToken(org: string, role: 'shipper' | 'forwarder'): Promise<string> {
  const { identity } = t.platform.services;
  const u = await identity.createUser({
    username: `u-${org}`,
    password: TEST_PASSWORD,
    roles: [role],
    organization: { id: org, kind: role, nameEn: org, nameZh: org },
  });
  if (!u.ok) throw new Error(u.error.message.en);
  const tok = await identity.issueToken(`u-${org}`, 'test');
  if (!tok.ok) throw new Error(tok.error.message.en);
  return tok.value.token;
}

const base = Date.now() - 4 * 3600_000;
const at = (min: number) => new Date(base + min * 60_000).toISOString();

beforeAll(async () => {
  t = await openTestApp();
  shipperToken = await tenantToken('melon-co', 'shipper');
  otherToken = await tenantToken('grape-co', 'forwarder');
  const d = await t.platform.services.tracking.addDevice({ id: 'reefer-http', organizationId: 'melon-co' });
  if (!d.ok) throw new Error(d.error.message.en);
  secret = d.value.secret;
  t.platform.services.bus.on('coldchain.alarm', (n) => {
    notices.push(n);
  });
});
afterAll(async () => {
  await t?.close();
});

describe('cold chain over HTTP', () => {
  let journeyId: string;

  it('lists the shipped profiles to everyone; only planners edit them', async () => {
    const res = await t.app.inject({ url: '/api/v1/coldchain/profiles', headers: auth(shipperToken) });
    expect(res.statusCode).toBe(200);
    const melon = res.json().find((p: { id: string }) => p.id === 'hami-melon');
    expect(melon).toMatchObject({ minC: 3, maxC: 4, nameZh: '哈密瓜', builtin: true });
    const { id: _, builtin: _b, updatedAt: _u, updatedBy: _ub, ...input } = melon;
    const denied = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/coldchain/profiles/hami-melon',
      headers: auth(shipperToken),
      payload: input,
    });
    expect(denied.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/coldchain/profiles/hami-melon',
      headers: { ...auth(t.token('planner')), 'accept-language': 'zh' },
      payload: { ...input, hysteresisC: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0]).toMatchObject({
      field: 'hysteresisC',
      code: 'coldchain.profile.hysteresis',
    });
    expect(bad.json().detail).toContain('回差');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/profiles',
      headers: auth(t.token('planner')),
      payload: {
        ...input,
        id: 'korla-pear-test',
        nameEn: 'Korla pear',
        nameZh: '库尔勒香梨',
        minC: -1,
        maxC: 0.5,
        hysteresisC: 0.2,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/profiles',
      headers: auth(t.token('planner')),
      payload: { ...input, id: 'korla-pear-test' },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a shipper assigns its box a profile for a journey', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/reefers',
      headers: auth(shipperToken),
      payload: { equipment: BOX, profileId: 'hami-melon', journey: 'URM-DUI-20261201', startsAt: at(-5) },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ organizationId: 'melon-co', equipment: BOX });
    journeyId = res.json().id;
    const clash = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/reefers',
      headers: auth(t.token('planner')),
      payload: { equipment: BOX, profileId: 'grapes', journey: 'other', startsAt: at(10) },
    });
    expect(clash.statusCode).toBe(409);
    const badBox = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/reefers',
      headers: auth(t.token('planner')),
      payload: { equipment: 'CSQU3054384', profileId: 'grapes', journey: 'x' },
    });
    expect(badBox.statusCode).toBe(400);
  });

  it('9 °C posted by the device past the tolerance: one alarm, seen by owner and operators only; acknowledged; cleared', async () => {
    const temps = [...Array(12).fill(3.5), ...Array(12).fill(9)];
    const post = (items: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/devices/reefer-http/readings',
        headers: auth(secret),
        payload: items,
      });
    const first = temps.map((temperatureC, i) => ({ seq: i, time: at(i * 5), equipment: BOX, temperatureC }));
    expect((await post(first)).json()).toMatchObject({ stored: 24 });
    await t.platform.services.coldchain.settled();
    const mine = await t.app.inject({
      url: '/api/v1/coldchain/alarms?status=active',
      headers: auth(shipperToken),
    });
    expect(mine.json()).toHaveLength(1);
    const alarm = mine.json()[0];
    expect(alarm).toMatchObject({
      equipment: BOX,
      status: 'open',
      severity: 'critical',
      organizationId: 'melon-co',
    });
    expect(
      (await t.app.inject({ url: '/api/v1/coldchain/alarms', headers: auth(t.token('management')) })).json(),
    ).toHaveLength(1);
    expect(
      (await t.app.inject({ url: '/api/v1/coldchain/alarms', headers: auth(otherToken) })).json(),
    ).toEqual([]);
    const otherAck = await t.app.inject({
      method: 'POST',
      url: `/api/v1/coldchain/alarms/${alarm.id}/acknowledge`,
      headers: auth(otherToken),
    });
    expect(otherAck.statusCode).toBe(404);
    const ack = await t.app.inject({
      method: 'POST',
      url: `/api/v1/coldchain/alarms/${alarm.id}/acknowledge`,
      headers: auth(t.token('dispatcher')),
    });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'u-dispatcher' });

    const reefers = await t.app.inject({ url: '/api/v1/coldchain/reefers', headers: auth(shipperToken) });
    expect(reefers.json()).toMatchObject([
      { id: journeyId, latest: { temperatureC: 9 }, activeAlarms: 1, worstSeverity: 'critical' },
    ]);
    expect(
      (await t.app.inject({ url: '/api/v1/coldchain/reefers', headers: auth(otherToken) })).json(),
    ).toEqual([]);

    // back in band for 30 min (clear band 3.2–3.8 °C held 15 min): cleared; re-sent duplicates change nothing
    const back = [
      ...first,
      ...[3.5, 3.5, 3.5, 3.5, 3.5, 3.5].map((temperatureC, i) => ({
        seq: 24 + i,
        time: at(120 + i * 5),
        equipment: BOX,
        temperatureC,
      })),
    ];
    expect((await post(back)).json()).toMatchObject({ stored: 6, duplicates: 24 });
    await t.platform.services.coldchain.settled();
    const after = (
      await t.app.inject({ url: '/api/v1/coldchain/alarms', headers: auth(shipperToken) })
    ).json();
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: alarm.id, status: 'cleared', acknowledgedBy: 'u-dispatcher' });
    expect(notices.map((n) => [n.change, n.organizationId])).toEqual([
      ['raised', 'melon-co'],
      ['acknowledged', 'melon-co'],
      ['cleared', 'melon-co'],
    ]);
    const temps2 = await t.app.inject({
      url: `/api/v1/coldchain/reefers/${journeyId}/temperatures?limit=10`,
      headers: auth(shipperToken),
    });
    expect(temps2.json().points).toHaveLength(10);
  });

  it('the compliance report as JSON, CSV and PDF, for the owner only', async () => {
    const url = `/api/v1/coldchain/reefers/${journeyId}/report`;
    const json = await t.app.inject({ url, headers: auth(shipperToken) });
    expect(json.json().summary).toMatchObject({ readings: 30, outOfBandMinutes: 60, maxDeviationC: 5 });
    const csv = await t.app.inject({ url: `${url}?format=csv`, headers: auth(shipperToken) });
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain(`coldchain-${BOX}-URM-DUI-20261201.csv`);
    expect(csv.body).toContain('带外时长 out of band min,60');
    const pdf = await t.app.inject({ url: `${url}?format=pdf`, headers: auth(t.token('planner')) });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await t.app.inject({ url, headers: auth(otherToken) })).statusCode).toBe(404);
    const notUuid = await t.app.inject({
      url: '/api/v1/coldchain/reefers/nope/report',
      headers: auth(shipperToken),
    });
    expect(notUuid.statusCode).toBe(400);
  });

  it('ends the journey; later readings no longer count', async () => {
    const end = await t.app.inject({
      method: 'POST',
      url: `/api/v1/coldchain/reefers/${journeyId}/end`,
      headers: auth(shipperToken),
      payload: { endsAt: at(160) },
    });
    expect(end.statusCode, end.body).toBe(200);
    expect(
      (await t.app.inject({ url: '/api/v1/coldchain/reefers', headers: auth(shipperToken) })).json(),
    ).toEqual([]);
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/devices/reefer-http/readings',
      headers: auth(secret),
      payload: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => ({
        seq: 100 + i,
        time: at(170 + i * 5),
        equipment: BOX,
        temperatureC: 12,
      })),
    });
    await t.platform.services.coldchain.settled();
    expect(
      (
        await t.app.inject({ url: '/api/v1/coldchain/alarms?status=active', headers: auth(shipperToken) })
      ).json(),
    ).toEqual([]);
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/coldchain/reefers/${journeyId}/end`,
      headers: auth(shipperToken),
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
  });

  it('a device that falls quiet while the fleet reports: a silent alarm (kind silent, direction null)', async () => {
    const BOX2 = 'MSKU9070323';
    const j = await t.app.inject({
      method: 'POST',
      url: '/api/v1/coldchain/reefers',
      headers: auth(shipperToken),
      payload: { equipment: BOX2, profileId: 'hami-melon', journey: 'URM-DUI-20261202', startsAt: at(180) },
    });
    expect(j.statusCode, j.body).toBe(201);
    expect(j.json().profileVersion).toBe(1);
    const post = (items: unknown[]) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/devices/reefer-http/readings',
        headers: auth(secret),
        payload: items,
      });
    await post([185, 190].map((m) => ({ seq: 200 + m, time: at(m), equipment: BOX2, temperatureC: 3.5 })));
    // the fleet goes on (another box, its journey ended): minute 225 is 35 min after BOX2's last reading
    await post([{ seq: 300, time: at(225), equipment: BOX, temperatureC: 3.5 }]);
    await t.platform.services.coldchain.settled();
    const silent = await t.app.inject({
      url: '/api/v1/coldchain/alarms?kind=silent',
      headers: auth(shipperToken),
    });
    expect(silent.statusCode, silent.body).toBe(200);
    expect(silent.json()).toMatchObject([
      { equipment: BOX2, kind: 'silent', direction: null, status: 'open', severity: 'minor', outMinutes: 30 },
    ]);
    const excursions = await t.app.inject({
      url: '/api/v1/coldchain/alarms?kind=excursion',
      headers: auth(shipperToken),
    });
    expect(excursions.json().map((a: { kind: string; equipment: string }) => [a.kind, a.equipment])).toEqual([
      ['excursion', BOX],
    ]);
    expect(notices.at(-1)).toMatchObject({ kind: 'silent', change: 'raised', organizationId: 'melon-co' });
    const bad = await t.app.inject({
      url: '/api/v1/coldchain/alarms?kind=loud',
      headers: auth(shipperToken),
    });
    expect(bad.statusCode).toBe(400);
  });
});
