/**
 * "Device silent" through the engine on a real database (PGlite and PostgreSQL): a reefer whose device
 * stops while the rest of the fleet reports gets a silent alarm (same lifecycle as an excursion:
 * raised → escalated → acknowledged → cleared when readings resume), announced on `coldchain.alarm`
 * for the box owner's tenant. Silence is judged on the fleet's device time, not the wall clock: a
 * twin whose clock lags (here: hours behind NOW), or a fleet that stops all at once, raises nothing.
 * A profile may set its own gap limit; a restart finds the same alarm.
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

// the platform clock is far ahead of the device times below (a lagging twin)
const NOW = new Date('2026-12-01T12:00:00Z');
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000).toISOString();

let db: TestDatabase;
let bus: EventBus;
let tracking: TrackingService;
let cold: ColdChainService;
const notices: AlarmNotice[] = [];

const planner: Principal = {
  kind: 'user',
  userId: 'u-planner',
  username: 'planner-li',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['planner'],
  tokenId: 't',
};
const shipper: Principal = {
  kind: 'user',
  userId: 'u-melon',
  username: 'shipper-melon',
  organizationId: 'melon-co',
  organizationKind: 'shipper',
  roles: ['shipper'],
  tokenId: 't',
};

async function device(id: string, organizationId: string): Promise<DevicePrincipal> {
  const r = await tracking.addDevice({ id, organizationId });
  if (!r.ok) throw new Error(r.error.message.en);
  return { kind: 'device', deviceId: id, organizationId };
}

/** One reading every 5 minutes over [from, to], in band for hami-melon. */
function every5(box: string, from: number, to: number) {
  const out = [];
  for (let m = from; m <= to; m += 5) out.push({ seq: m, time: at(m), equipment: box, temperatureC: 3.5 });
  return out;
}

const QUIET = 'CSQU3054383';
const BUSY = 'MSKU9070323';
const PHARMA = 'TGHU1234567';
let quiet: DevicePrincipal;
let busy: DevicePrincipal;

beforeAll(async () => {
  db = await openTestDatabase();
  const identity = new IdentityService(new IdentityRepository(db.db));
  await identity.bootstrap();
  await new IdentityRepository(db.db).upsertOrganization({
    id: 'melon-co',
    kind: 'shipper',
    name_en: 'melon-co',
    name_zh: '甜瓜公司',
    name_ru: null,
  });
  bus = new EventBus();
  tracking = new TrackingService(new TrackingRepository(db.db), { now: () => NOW, bus });
  cold = new ColdChainService(new ColdChainRepository(db.db), tracking, { bus, now: () => NOW });
  await cold.ensureDefaultProfiles();
  await cold.start();
  bus.on('coldchain.alarm', (n) => {
    notices.push(n);
  });
  for (const [box, org] of [
    [QUIET, 'melon-co'],
    [BUSY, 'port-operator'],
  ] as const) {
    const r = await cold.assign(planner, {
      equipment: box,
      profileId: 'hami-melon',
      journey: 'URM-DUI-20261201',
      startsAt: at(-10),
      organizationId: org,
    });
    if (!r.ok) throw new Error(r.error.message.en);
  }
  quiet = await device('reefer-quiet', 'melon-co');
  busy = await device('reefer-busy', 'port-operator');
});
afterAll(async () => {
  cold?.stop();
  await cold?.settled();
  await db?.close();
});

const silent = async (box: string) => cold.listAlarms(planner, { kind: 'silent', equipment: box, limit: 10 });

describe('device silent', () => {
  it('a whole fleet that stops (or lags the wall clock by hours) raises nothing', async () => {
    await tracking.ingest(quiet, 'readings', every5(QUIET, 0, 60), 'http');
    await tracking.ingest(busy, 'readings', every5(BUSY, 0, 60), 'http');
    await cold.settled();
    // NOW is 11 h after the last device time: the wall clock does not make anyone silent
    expect(await cold.listAlarms(planner, { limit: 10 })).toEqual([]);
  });

  it('one box quiet while the fleet reports: raised past the gap, escalated, acknowledged, cleared on resume', async () => {
    notices.length = 0;
    // the fleet at minute 90: the quiet box's last reading (60) is exactly 30 min old — not longer
    await tracking.ingest(busy, 'readings', every5(BUSY, 65, 90), 'http');
    await cold.settled();
    expect(await silent(QUIET)).toEqual([]);
    await tracking.ingest(busy, 'readings', every5(BUSY, 95, 95), 'http');
    await cold.settled();
    const [raised] = await silent(QUIET);
    expect(raised).toMatchObject({
      kind: 'silent',
      direction: null,
      status: 'open',
      severity: 'minor',
      organizationId: 'melon-co',
      clearedAt: null,
      minC: 3.5,
    });
    expect(Date.parse(raised!.startedAt)).toBe(Date.parse(at(60)));
    expect(Date.parse(raised!.raisedAt)).toBe(Date.parse(at(90)));
    expect(await silent(BUSY)).toEqual([]);
    // the list filters by kind; the owner sees it
    expect(await cold.listAlarms(planner, { kind: 'excursion', limit: 10 })).toEqual([]);
    expect((await cold.listAlarms(shipper, { limit: 10 })).map((a) => a.id)).toEqual([raised!.id]);
    // more fleet time at the same severity: stored alarm unchanged, nothing announced
    await tracking.ingest(busy, 'readings', every5(BUSY, 100, 115), 'http');
    await cold.settled();
    expect(notices.map((n) => [n.kind, n.change, n.organizationId])).toEqual([
      ['silent', 'raised', 'melon-co'],
    ]);
    // 2× the gap: escalated
    await tracking.ingest(busy, 'readings', every5(BUSY, 120, 125), 'http');
    await cold.settled();
    expect(await silent(QUIET)).toMatchObject([{ id: raised!.id, severity: 'major', outMinutes: 60 }]);
    const ack = await cold.acknowledge(shipper, raised!.id);
    expect(ack.ok && ack.value).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'shipper-melon' });
    // the device reports again at minute 130: cleared there, the whole gap counted
    await tracking.ingest(quiet, 'readings', every5(QUIET, 130, 135), 'http');
    await cold.settled();
    expect(await silent(QUIET)).toMatchObject([
      { id: raised!.id, status: 'cleared', outMinutes: 70, acknowledgedBy: 'shipper-melon' },
    ]);
    expect(Date.parse((await silent(QUIET))[0]!.clearedAt!)).toBe(Date.parse(at(130)));
    expect(notices.map((n) => n.change)).toEqual(['raised', 'escalated', 'acknowledged', 'cleared']);
    expect(notices.every((n) => n.kind === 'silent' && n.organizationId === 'melon-co')).toBe(true);
  });

  it('a restart finds the same silent alarm (no duplicate); a late reading inside the gap withdraws it', async () => {
    const before = await cold.listAlarms(planner, { limit: 10 });
    const restarted = new ColdChainService(new ColdChainRepository(db.db), tracking, { now: () => NOW });
    await restarted.start();
    await restarted.settled();
    expect(await restarted.listAlarms(planner, { limit: 10 })).toEqual(before);
    // the device had buffered its readings: they arrive late and fill the gap
    notices.length = 0;
    await tracking.ingest(quiet, 'readings', every5(QUIET, 65, 125), 'http');
    await cold.settled();
    expect(await silent(QUIET)).toEqual([]);
    expect(notices.map((n) => [n.kind, n.change])).toEqual([['silent', 'withdrawn']]);
  });

  it('a profile sets its own gap; a journey that has ended is judged up to its end only', async () => {
    const p = (await cold.listProfiles()).find((x) => x.id === 'chilled-2-8')!;
    expect(p.silentMinutes).toBeNull();
    const edited = await cold.updateProfile(planner, p.id, { ...p, silentMinutes: 10 });
    expect(edited.ok && edited.value).toMatchObject({ silentMinutes: 10, version: 2 });
    const j = await cold.assign(planner, {
      equipment: PHARMA,
      profileId: 'chilled-2-8',
      journey: 'pharma-1',
      startsAt: at(130),
      endsAt: at(170),
    });
    if (!j.ok) throw new Error(j.error.message.en);
    const dev = await device('reefer-pharma', 'port-operator');
    await tracking.ingest(
      dev,
      'readings',
      [140, 145].map((m) => ({ seq: m, time: at(m), equipment: PHARMA, temperatureC: 5 })),
      'http',
    );
    await tracking.ingest(busy, 'readings', every5(BUSY, 130, 300), 'http');
    await cold.settled();
    const alarms = await silent(PHARMA);
    expect(alarms).toHaveLength(1);
    expect(Date.parse(alarms[0]!.raisedAt)).toBe(Date.parse(at(155)));
    // judged up to the journey's end (170), not the fleet's 300: 25 min silent (major at 2× the gap,
    // not critical), closed at the end — the box is no longer watched
    expect(alarms[0]).toMatchObject({ severity: 'major', status: 'cleared', outMinutes: 25 });
    expect(Date.parse(alarms[0]!.clearedAt!)).toBe(Date.parse(at(170)));
  });
});
