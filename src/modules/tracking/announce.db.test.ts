/**
 * After commit, the tracking service tells the bus what it stored — each new reading and event once,
 * never duplicates or quarantined items — and records the platform's own events (customs release,
 * transshipment) under the platform device, for the box owner's tenant.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import { EventBus } from '../../platform/events/bus';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { TrackingRepository } from './repository';
import { PLATFORM_DEVICE_ID, type StoredEvent, type StoredReading, TrackingService } from './service';

const NOW = new Date('2026-11-26T04:00:00Z');
let db: TestDatabase;
let svc: TrackingService;
const bus = new EventBus();
const readings: StoredReading[][] = [];
const events: StoredEvent[][] = [];

beforeAll(async () => {
  db = await openTestDatabase();
  await new IdentityService(new IdentityRepository(db.db)).bootstrap();
  await new IdentityRepository(db.db).upsertOrganization({
    id: 'melon-co',
    kind: 'shipper',
    name_en: 'Melon Co',
    name_zh: '甜瓜公司',
    name_ru: null,
  });
  svc = new TrackingService(new TrackingRepository(db.db), { now: () => NOW, bus });
  await svc.ensurePlatformDevice();
  await svc.ensurePlatformDevice(); // idempotent
  bus.on('tracking.readings', (r) => {
    readings.push(r);
  });
  bus.on('tracking.events', (e) => {
    events.push(e);
  });
});
afterAll(async () => {
  await db?.close();
});

const release = {
  eventId: 'cusr-1',
  eventType: 'EQUIPMENT',
  eventClassifierCode: 'ACT',
  eventDateTime: '2026-11-26T03:00:00Z',
  equipmentEventTypeCode: 'CUSR',
  equipmentReference: 'CSQU3054383',
  location: 'CNURM',
};

describe('announcements after commit', () => {
  it('announces stored readings once, with their tenant; duplicates and quarantined items are silent', async () => {
    const r = await svc.addDevice({ id: 'reefer-announce', organizationId: 'melon-co' });
    if (!r.ok) throw new Error(r.error.message.en);
    const device = await svc.authenticateDevice(r.value.secret);
    if (!device) throw new Error('no device');
    const one = { seq: 1, time: '2026-11-26T03:00:00Z', equipment: 'CSQU3054383', temperatureC: 3.6 };
    const bad = { seq: 2, time: '2026-11-26T03:01:00Z', temperatureC: -300 };
    readings.length = 0;
    await svc.ingest(device, 'readings', [one, one, bad], 'http');
    await svc.ingest(device, 'readings', one, 'mqtt');
    expect(readings).toHaveLength(1);
    expect(readings[0]).toEqual([
      expect.objectContaining({
        deviceId: 'reefer-announce',
        seq: 1,
        temperatureC: 3.6,
        organizationId: 'melon-co',
      }),
    ]);
  });

  it('records platform events for the owner tenant, once per event id, and announces them', async () => {
    events.length = 0;
    const first = await svc.recordPlatformEvents('melon-co', [release]);
    const again = await svc.recordPlatformEvents('melon-co', [release]);
    expect(first).toMatchObject({ stored: 1, duplicates: 0 });
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
    expect(events).toHaveLength(1);
    expect(events[0]?.[0]).toMatchObject({
      deviceId: PLATFORM_DEVICE_ID,
      organizationId: 'melon-co',
      eventCode: 'CUSR',
      equipment: 'CSQU3054383',
      via: 'platform',
    });
    const stored = await svc.listEvents(PLATFORM_DEVICE_ID);
    expect(stored.map((e) => [e.event_id, e.organization_id, e.via])).toEqual([
      ['cusr-1', 'melon-co', 'platform'],
    ]);
  });

  it('quarantines an invalid platform event with its reason instead of storing it', async () => {
    const out = await svc.recordPlatformEvents('melon-co', [
      { ...release, eventId: 'cusr-2', equipmentEventTypeCode: 'NOPE' },
    ]);
    expect(out).toMatchObject({ stored: 0, quarantined: 1 });
  });

  it('the platform device cannot sign in: no secret matches it', async () => {
    expect(await svc.authenticateDevice(`platform:${PLATFORM_DEVICE_ID}`)).toBeNull();
  });
});
