/**
 * The cold-chain engine on a real database (PGlite and PostgreSQL), fed as in production: devices post
 * readings to tracking, tracking announces them on the bus, the engine evaluates. The done-when: a
 * reefer held at 9 °C past the tolerance raises one alarm, announced for the box owner's tenant, and
 * clears once back in band past the hysteresis — the same with re-sent duplicates, shuffled arrival,
 * late readings and a restart (the bus is not durable).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { EventBus } from '../../platform/events/bus';
import type { DevicePrincipal, Principal } from '../../platform/http/access';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { TrackingRepository } from '../tracking/repository';
import { TrackingService } from '../tracking/service';
import { ColdChainRepository } from './repository';
import { type AlarmNotice, ColdChainService } from './service';

const NOW = new Date('2026-12-01T12:00:00Z');
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

let db: TestDatabase;
let bus: EventBus;
let tracking: TrackingService;
let cold: ColdChainService;
const notices: AlarmNotice[] = [];
/** The excursion notices (the silences of boxes whose readings stop are tested in silence.db.test.ts). */
const excursions = () => notices.filter((n) => n.kind === 'excursion');

const planner: Principal = {
  kind: 'user',
  userId: 'u-planner',
  username: 'planner-li',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['planner'],
  tokenId: 't',
};
const shipper = (org: string): Principal => ({
  kind: 'user',
  userId: `u-${org}`,
  username: `shipper-${org}`,
  organizationId: org,
  organizationKind: 'shipper',
  roles: ['shipper'],
  tokenId: 't',
});

async function device(id: string, organizationId: string): Promise<DevicePrincipal> {
  const r = await tracking.addDevice({ id, organizationId });
  if (!r.ok) throw new Error(r.error.message.en);
  return { kind: 'device', deviceId: id, organizationId };
}

/** One reading every 5 minutes from minute `from`, at the temperatures given. */
function readings(box: string, temps: number[], from = 0, seq0 = 0) {
  return temps.map((temperatureC, i) => ({
    seq: seq0 + i,
    time: at(from + i * 5),
    equipment: box,
    temperatureC,
  }));
}
const repeat = (c: number, n: number) => Array.from({ length: n }, () => c);

/** 1 h at 3.5 °C, 1 h at 9 °C (tolerance 30 min), 1 h back at 3.5 °C: one alarm, cleared at +135 min. */
const doneWhen = (box: string) => readings(box, [...repeat(3.5, 12), ...repeat(9, 12), ...repeat(3.5, 12)]);

beforeAll(async () => {
  db = await openTestDatabase();
  const identity = new IdentityService(new IdentityRepository(db.db));
  await identity.bootstrap();
  for (const [id, zh] of [
    ['melon-co', '甜瓜公司'],
    ['grape-co', '葡萄公司'],
  ])
    await new IdentityRepository(db.db).upsertOrganization({
      id: id!,
      kind: 'shipper',
      name_en: id!,
      name_zh: zh!,
      name_ru: null,
    });
  bus = new EventBus();
  tracking = new TrackingService(new TrackingRepository(db.db), { now: () => NOW, bus });
  cold = new ColdChainService(new ColdChainRepository(db.db), tracking, { bus, now: () => NOW });
  expect(await cold.ensureDefaultProfiles()).toBeGreaterThanOrEqual(5);
  expect(await cold.ensureDefaultProfiles()).toBe(0);
  await cold.start();
  bus.on('coldchain.alarm', (n) => {
    notices.push(n);
  });
});
afterAll(async () => {
  cold?.stop();
  await cold?.settled();
  await db?.close();
});

async function journey(box: string, organizationId: string, profileId = 'hami-melon') {
  const r = await cold.assign(planner, {
    equipment: box,
    profileId,
    journey: 'URM-DUI-20261201',
    startsAt: at(-10),
    organizationId,
  });
  if (!r.ok) throw new Error(r.error.message.en);
  return r.value;
}

describe('the done-when', () => {
  it('9 °C held past the tolerance raises exactly one alarm for the owner, cleared past the hysteresis', async () => {
    const box = 'CSQU3054383';
    const j = await journey(box, 'melon-co');
    const dev = await device('reefer-a', 'melon-co');
    notices.length = 0;
    const all = doneWhen(box);
    // in band, then 9 °C for 40 min: one alarm, open
    await tracking.ingest(dev, 'readings', all.slice(0, 20), 'http');
    await cold.settled();
    let alarms = await cold.listAlarms(planner, { kind: 'excursion', limit: 10 });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      assignmentId: j.id,
      equipment: box,
      organizationId: 'melon-co',
      status: 'open',
      severity: 'critical',
      direction: 'high',
      clearedAt: null,
    });
    expect(Date.parse(alarms[0]!.startedAt)).toBe(Date.parse(at(60)));
    expect(Date.parse(alarms[0]!.raisedAt)).toBe(Date.parse(at(90)));
    expect(excursions().map((n) => [n.change, n.organizationId])).toEqual([['raised', 'melon-co']]);

    // acknowledged by the shipper who owns it
    const ack = await cold.acknowledge(shipper('melon-co'), alarms[0]!.id);
    expect(ack.ok && ack.value).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'shipper-melon-co' });
    // another tenant cannot see or acknowledge it
    expect(await cold.listAlarms(shipper('grape-co'), { limit: 10 })).toEqual([]);
    expect((await cold.acknowledge(shipper('grape-co'), alarms[0]!.id)).ok).toBe(false);

    // the rest, re-sent with duplicates: still one alarm, now cleared at +135 min
    await tracking.ingest(dev, 'readings', all, 'http');
    await cold.settled();
    alarms = await cold.listAlarms(planner, { kind: 'excursion', limit: 10 });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({
      status: 'cleared',
      acknowledgedBy: 'shipper-melon-co',
      outMinutes: 60,
    });
    expect(Date.parse(alarms[0]!.clearedAt!)).toBe(Date.parse(at(135)));
    expect(excursions().map((n) => n.change)).toEqual(['raised', 'acknowledged', 'cleared']);
    expect(excursions().every((n) => n.organizationId === 'melon-co')).toBe(true);
  });

  it('shuffled arrival, one reading per message, duplicates: the same single alarm', async () => {
    const box = 'MSKU9070323';
    await journey(box, 'melon-co');
    const dev = await device('reefer-b', 'melon-co');
    const all = doneWhen(box);
    // a fixed shuffle (deterministic): interleave from both ends, each sent twice
    const order = all.map((_, i) => (i % 2 === 0 ? all[i / 2]! : all[all.length - 1 - (i - 1) / 2]!));
    for (const r of order) {
      await tracking.ingest(dev, 'readings', r, 'mqtt');
      await tracking.ingest(dev, 'readings', r, 'http');
    }
    await cold.settled();
    const alarms = await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]).toMatchObject({ status: 'cleared', maxDeviationC: 5, outMinutes: 60 });
    expect(Date.parse(alarms[0]!.startedAt)).toBe(Date.parse(at(60)));
    expect(Date.parse(alarms[0]!.clearedAt!)).toBe(Date.parse(at(135)));
  });

  it('a late reading inside an excursion re-evaluates: the alarm is withdrawn when the gap shows it was short', async () => {
    const box = 'TGHU1234567';
    await journey(box, 'melon-co');
    const dev = await device('reefer-c', 'melon-co');
    notices.length = 0;
    // 3.5, then 9 at minute 10, next reading at minute 50 back in band: held 40 min > 30 → alarm
    await tracking.ingest(
      dev,
      'readings',
      [
        { seq: 1, time: at(0), equipment: box, temperatureC: 3.5 },
        { seq: 2, time: at(10), equipment: box, temperatureC: 9 },
        { seq: 3, time: at(50), equipment: box, temperatureC: 3.5 },
      ],
      'http',
    );
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toHaveLength(1);
    // a reading that arrives late: back in band at minute 20 — the excursion lasted 10 min only
    await tracking.ingest(
      dev,
      'readings',
      { seq: 4, time: at(20), equipment: box, temperatureC: 3.5 },
      'http',
    );
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toEqual([]);
    expect(excursions().map((n) => n.change)).toEqual(['raised', 'withdrawn']);
  });

  it('another tenant’s device cannot raise an alarm on the box; the port operator’s can', async () => {
    const box = 'CAIU7070700';
    await journey(box, 'melon-co');
    const stranger = await device('reefer-stranger', 'grape-co');
    await tracking.ingest(stranger, 'readings', readings(box, repeat(9, 12)), 'http');
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toEqual([]);
    const operator = await device('reefer-operator', 'port-operator');
    await tracking.ingest(operator, 'readings', readings(box, repeat(9, 12)), 'http');
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toMatchObject([
      { organizationId: 'melon-co' },
    ]);
  });

  it('readings stored while nobody listened are evaluated at start (the bus is not durable)', async () => {
    const box = 'OOLU1118886';
    await journey(box, 'grape-co', 'grapes');
    // a tracking service with no bus: nothing is announced
    const silent = new TrackingService(new TrackingRepository(db.db), { now: () => NOW });
    const dev = await device('reefer-silent', 'grape-co');
    await silent.ingest(dev, 'readings', readings(box, [0, 0, ...repeat(2.5, 10), 0, 0, 0, 0, 0]), 'http');
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toEqual([]);
    // a new engine (a restart) catches up from the stored readings
    const restarted = new ColdChainService(new ColdChainRepository(db.db), tracking, { now: () => NOW });
    await restarted.start();
    await restarted.settled();
    const alarms = await restarted.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 });
    expect(alarms).toMatchObject([
      { organizationId: 'grape-co', direction: 'high', maxDeviationC: 1.5, status: 'cleared' },
    ]);
    // and again: nothing changes
    const again = new ColdChainService(new ColdChainRepository(db.db), tracking, { now: () => NOW });
    await again.start();
    await again.settled();
    expect(await again.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toEqual(alarms);
  });
});

describe('journeys and profiles', () => {
  it('refuses overlapping journeys of one box, unknown profiles and other tenants’ boxes', async () => {
    const box = 'CSQU3054383';
    const clash = await cold.assign(planner, {
      equipment: box,
      profileId: 'grapes',
      journey: 'again',
      startsAt: at(30),
    });
    expect(!clash.ok && clash.error.code).toBe('coldchain.assignment.overlap');
    const unknown = await cold.assign(planner, { equipment: 'MSCU1234566', profileId: 'nope', journey: 'x' });
    expect(!unknown.ok && unknown.error.code).toBe('coldchain.profile.unknown');
    const other = await cold.assign(shipper('melon-co'), {
      equipment: 'MSCU1234566',
      profileId: 'grapes',
      journey: 'x',
      organizationId: 'grape-co',
    });
    expect(!other.ok && other.error.code).toBe('coldchain.assignment.tenant');
    const own = await cold.assign(shipper('melon-co'), {
      equipment: 'MSCU1234566',
      profileId: 'grapes',
      journey: 'x',
    });
    expect(own.ok && own.value.organizationId).toBe('melon-co');
    // the cargo implies the profile (a booking's HS code, a deep-frozen setpoint)
    const implied = await cold.assign(planner, {
      equipment: 'TRLU5550007',
      hsCode: '080610',
      journey: 'grapes-1',
    });
    expect(implied.ok && implied.value.profileId).toBe('grapes');
    const frozen = await cold.assign(planner, {
      equipment: 'CXRU1122333',
      hsCode: '8471',
      setpointC: -20,
      journey: 'f-1',
    });
    expect(frozen.ok && frozen.value.profileId).toBe('frozen');
    const none = await cold.assign(planner, { equipment: 'SZLU6001007', hsCode: '8471', journey: 'y' });
    expect(!none.ok && none.error.code).toBe('coldchain.profile.none');
  });

  it('editing a profile makes a new version: a running journey and its report keep the old one, a new assignment takes the new', async () => {
    const box = 'SEGU1234569';
    const first = await cold.assign(planner, {
      equipment: box,
      profileId: 'chilled-2-8',
      journey: 'pharma-1',
      startsAt: at(-10),
      endsAt: at(100),
    });
    if (!first.ok) throw new Error(first.error.message.en);
    expect(first.value.profileVersion).toBe(1);
    const dev = await device('reefer-pharma', 'port-operator');
    await tracking.ingest(dev, 'readings', readings(box, [5, ...repeat(9, 6), 5, 5, 5]), 'http');
    await cold.settled();
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toHaveLength(1);
    const before = await cold.report(planner, first.value.id);
    if (!before.ok) throw new Error(before.error.message.en);
    const profiles = await cold.listProfiles();
    const p = profiles.find((x) => x.id === 'chilled-2-8')!;
    expect(p.version).toBe(1);
    const bad = await cold.updateProfile(planner, p.id, { ...p, hysteresisC: 4 });
    expect(!bad.ok && bad.error.code).toBe('coldchain.profile.hysteresis');
    const r = await cold.updateProfile(planner, p.id, { ...p, maxC: 10 });
    expect(r.ok && r.value).toMatchObject({ maxC: 10, version: 2, updatedBy: 'planner-li' });
    await cold.settled();
    // the running journey keeps version 1: its alarm stands, its report reads the same
    expect(await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 })).toHaveLength(1);
    const after = await cold.report(planner, first.value.id);
    if (!after.ok) throw new Error(after.error.message.en);
    expect(after.value.profile).toMatchObject({ id: 'chilled-2-8', version: 1, maxC: 8 });
    expect(after.value.summary).toEqual(before.value.summary);
    // a restart re-evaluates with the journey's version too
    const restarted = new ColdChainService(new ColdChainRepository(db.db), tracking, { now: () => NOW });
    await restarted.start();
    await restarted.settled();
    expect(
      await restarted.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 }),
    ).toHaveLength(1);
    // a new assignment of the box takes version 2: the same 9 °C is inside the band now
    const second = await cold.assign(planner, {
      equipment: box,
      profileId: 'chilled-2-8',
      journey: 'pharma-2',
      startsAt: at(200),
    });
    if (!second.ok) throw new Error(second.error.message.en);
    expect(second.value.profileVersion).toBe(2);
    await tracking.ingest(dev, 'readings', readings(box, [5, ...repeat(9, 6), 5, 5, 5], 210, 100), 'http');
    await cold.settled();
    const alarms = await cold.listAlarms(planner, { equipment: box, kind: 'excursion', limit: 10 });
    expect(alarms.map((x) => x.assignmentId)).toEqual([first.value.id]);
    const reefers = await cold.listReefers(planner, { active: false, limit: 100 });
    expect(
      reefers.filter((x) => x.equipment === box).map((x) => [x.journey, x.profile?.version, x.profile?.maxC]),
    ).toEqual([
      ['pharma-2', 2, 10],
      ['pharma-1', 1, 8],
    ]);
  });

  it('the compliance report: time in band, max deviation, MKT, the alarm', async () => {
    const [reefer] = (await cold.listReefers(planner, { active: true, limit: 100 })).filter(
      (r) => r.equipment === 'MSKU9070323',
    );
    // its readings stopped at minute 175 while the fleet went on (to minute 255): silent since 205
    expect(reefer).toMatchObject({
      latest: { temperatureC: 3.5 },
      activeAlarms: 1,
      profile: { id: 'hami-melon', version: 1 },
    });
    const r = await cold.report(planner, reefer!.id);
    if (!r.ok) throw new Error(r.error.message.en);
    expect(r.value.summary).toMatchObject({
      readings: 36,
      inBandMinutes: 115,
      outOfBandMinutes: 60,
      maxDeviationC: 5,
    });
    expect(r.value.summary.meanKineticC).toBeGreaterThan(5);
    expect(r.value.alarms.map((x) => [x.kind, x.status])).toEqual([
      ['excursion', 'cleared'],
      ['silent', 'open'],
    ]);
    expect(r.value.series).toHaveLength(36);
    expect((await cold.report(shipper('grape-co'), reefer!.id)).ok).toBe(false);
  });
});
