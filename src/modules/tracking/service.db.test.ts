/**
 * Tracking ingest against a real database (PGlite in `npm test`, PostgreSQL in `test:pg`): dedup by
 * (device, seq) and event id, latest by device time, quarantine, Idempotency-Key, retraction history,
 * cursor pages, tenancy — and the property: readings sent 1–5 times, shuffled → stored set = unique
 * set, latest = newest device time.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeCheckDigit } from '../../domain/codes/iso6346';
import { openTestDatabase, type TestDatabase } from '../../platform/db/testing';
import type { DevicePrincipal, Principal } from '../../platform/http/access';
import { IdentityRepository } from '../identity/repository';
import { IdentityService } from '../identity/service';
import { TrackingRepository } from './repository';
import { TrackingService } from './service';

const NOW = new Date('2026-11-26T04:00:00Z');
let db: TestDatabase;
let svc: TrackingService;
let repo: TrackingRepository;

const planner: Principal = {
  kind: 'user',
  userId: 'u1',
  username: 'p',
  organizationId: 'port-operator',
  organizationKind: 'port-operator',
  roles: ['planner'],
  tokenId: 't1',
};
const shipper: Principal = {
  ...planner,
  organizationId: 'acme',
  organizationKind: 'shipper',
  roles: ['shipper'],
};

let seq = 0;
let boxes = 0;
/** A fresh valid ISO 6346 number, so each property run has boxes of its own. */
function freshBox(): string {
  const first10 = `TSTU${String(++boxes + Math.floor(Math.random() * 1000) * 1000).padStart(6, '0')}`;
  return first10 + computeCheckDigit(first10);
}
async function device(org = 'port-operator'): Promise<DevicePrincipal> {
  const r = await svc.addDevice({
    id: `dev-${++seq}-${Math.random().toString(36).slice(2, 8)}`,
    organizationId: org,
  });
  if (!r.ok) throw new Error(r.error.message.en);
  const d = await svc.authenticateDevice(r.value.secret);
  if (!d) throw new Error('no device');
  return d;
}

beforeAll(async () => {
  db = await openTestDatabase();
  const identity = new IdentityService(new IdentityRepository(db.db));
  await identity.bootstrap();
  await new IdentityRepository(db.db).upsertOrganization({
    id: 'acme',
    kind: 'shipper',
    name_en: 'Acme',
    name_zh: '阿克米',
    name_ru: null,
  });
  repo = new TrackingRepository(db.db);
  svc = new TrackingService(repo, { now: () => NOW });
});
afterAll(async () => {
  await db?.close();
});

describe('devices', () => {
  it('shows the secret once, stores only its hash, and authenticates by it', async () => {
    const r = await svc.addDevice({ id: 'gps-017' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.secret).toMatch(/^lgd_[A-Za-z0-9_-]{43}$/);
    const row = await repo.findDevice('gps-017');
    expect(row?.secret_hash).not.toContain(r.value.secret);
    expect(row?.secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(await svc.authenticateDevice(r.value.secret)).toMatchObject({ deviceId: 'gps-017' });
    expect(await svc.verifyDevice('gps-017', r.value.secret)).toMatchObject({ deviceId: 'gps-017' });
    expect(await svc.verifyDevice('gps-017', `${r.value.secret}x`)).toBeNull();
    expect(await svc.authenticateDevice('lgd_nope')).toBeNull();
    const again = await svc.addDevice({ id: 'gps-017' });
    expect(again.ok).toBe(false);
    const bad = await svc.addDevice({ id: 'a/b' });
    expect(!bad.ok && bad.error.code).toBe('device.id');
    const org = await svc.addDevice({ id: 'gps-x', organizationId: 'nope' });
    expect(!org.ok && org.error.code).toBe('device.organization_unknown');
  });
});

describe('readings', () => {
  it('stores each (device, seq) once and keeps the newest device time as latest', async () => {
    const d = await device();
    const a = { seq: 1, time: '2026-11-26T03:00:00Z', equipment: 'CSQU3054383', temperatureC: 3.6 };
    const b = { seq: 2, time: '2026-11-26T02:00:00Z', equipment: 'CSQU3054383', temperatureC: 9.1 };
    const first = await svc.ingest(d, 'readings', [a, a], 'http');
    expect(first).toMatchObject({ stored: 1, duplicates: 1, quarantined: 0 });
    const late = await svc.ingest(d, 'readings', b, 'mqtt');
    expect(late.stored).toBe(1);
    const latest = await svc.latest(planner, 'CSQU3054383');
    expect(latest).toMatchObject({ seq: 1, time: '2026-11-26T03:00:00.000Z', temperatureC: 3.6 });
    const again = await svc.ingest(d, 'readings', a, 'mqtt');
    expect(again).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('quarantines future-dated and impossible readings with a reason, and stores the rest', async () => {
    const d = await device();
    const out = await svc.ingest(
      d,
      'readings',
      [
        { seq: 1, time: '2026-11-26T04:10:00Z' },
        { seq: 2, time: '2026-11-26T03:00:00Z', temperatureC: -300 },
        { seq: 3, time: '2026-11-26T03:00:00Z', lat: 95, lon: 10 },
        { seq: 4, time: '2026-11-26T03:00:00Z', humidityPct: 101 },
        { seq: 5, time: '1970-01-01T00:00:00Z' },
        { seq: 6, time: 'yesterday' },
        { time: '2026-11-26T03:00:00Z' },
        { seq: 7, time: '2026-11-26T04:04:00Z', lat: 44.1, lon: 80.4 },
      ],
      'mqtt',
    );
    expect(out.results.map((r) => r.reason?.code ?? r.outcome)).toEqual([
      'reading.future',
      'reading.temperature_range',
      'reading.lat_range',
      'reading.humidity_range',
      'reading.too_old',
      'reading.invalid',
      'reading.invalid',
      'stored',
    ]);
    expect(out.results[0]?.reason?.message.zh).toContain('超前');
    const counts = await svc.deviceSummary(d.deviceId);
    expect(counts).toEqual({ readings: 1, events: 0, quarantined: 7 });
    // a quarantined item sent again is not counted twice
    await svc.ingest(d, 'readings', { seq: 1, time: '2026-11-26T04:10:00Z' }, 'mqtt');
    expect((await svc.deviceSummary(d.deviceId)).quarantined).toBe(7);
  });

  it('puts a message that is not JSON into quarantine', async () => {
    const d = await device();
    const out = await svc.ingestMessage(d, 'readings', Buffer.from('{"seq": 1, "time":'));
    expect(out.results[0]?.reason?.code).toBe('reading.not_json');
    expect((await svc.listQuarantine(d.deviceId))[0]?.reason_code).toBe('reading.not_json');
  });

  it('pages by cursor in device-time order, within a time range and a tenant', async () => {
    const d = await device();
    const items = Array.from({ length: 25 }, (_, i) => ({
      seq: i,
      time: new Date(Date.parse('2026-11-26T00:00:00Z') + ((i * 7) % 25) * 60_000).toISOString(),
      equipment: 'MSKU1234565',
    }));
    await svc.ingest(d, 'readings', items, 'http');
    const seen: number[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await svc.listReadings(planner, {
        deviceId: d.deviceId,
        limit: 10,
        ...(cursor ? { cursor } : {}),
      });
      if (!page.ok) throw new Error(page.error.message.en);
      seen.push(...page.value.items.map((r) => Date.parse(r.time)));
      if (!page.value.nextCursor) break;
      cursor = page.value.nextCursor;
    }
    expect(seen).toHaveLength(25);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    const ranged = await svc.listReadings(planner, {
      equipment: 'MSKU1234565',
      from: '2026-11-26T00:05:00Z',
      to: '2026-11-26T00:10:00Z',
      limit: 100,
    });
    expect(ranged.ok && ranged.value.items.length).toBe(5);
    const other = await svc.listReadings(shipper, { equipment: 'MSKU1234565', limit: 100 });
    expect(other.ok && other.value.items.length).toBe(0);
    expect(await svc.latest(shipper, 'MSKU1234565')).toBeNull();
    expect(await svc.visibleDevice(shipper, d.deviceId)).toBeNull();
    const bad = await svc.listReadings(planner, { deviceId: d.deviceId, limit: 5, cursor: 'zzz' });
    expect(!bad.ok && bad.error.code).toBe('page.cursor');
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same body and refuses another body', async () => {
    const d = await device();
    const body = [{ seq: 1, time: '2026-11-26T03:00:00Z', temperatureC: 3.5 }];
    const first = await svc.ingestHttp(d, 'readings', body, 'k-1');
    expect(first.ok && first.value).toMatchObject({ replayed: false, status: 200, body: { stored: 1 } });
    const replay = await svc.ingestHttp(
      d,
      'readings',
      [{ temperatureC: 3.5, time: '2026-11-26T03:00:00Z', seq: 1 }],
      'k-1',
    );
    expect(replay.ok && replay.value).toMatchObject({ replayed: true, status: 200, body: { stored: 1 } });
    const other = await svc.ingestHttp(d, 'readings', [{ seq: 2, time: '2026-11-26T03:00:00Z' }], 'k-1');
    expect(!other.ok && other.error.code).toBe('idempotency.mismatch');
    const otherEndpoint = await svc.ingestHttp(d, 'events', body, 'k-1');
    expect(!otherEndpoint.ok && otherEndpoint.error.code).toBe('idempotency.mismatch');
    // without the key the same body is a duplicate, answered as such
    const plain = await svc.ingestHttp(d, 'readings', body, undefined);
    expect(plain.ok && plain.value.body).toMatchObject({ stored: 0, duplicates: 1 });
  });
});

describe('events', () => {
  const load = {
    eventId: 'e-1',
    eventType: 'EQUIPMENT',
    eventClassifierCode: 'ACT',
    eventDateTime: '2026-11-26T02:00:00+06:00',
    equipmentEventTypeCode: 'LOAD',
    equipmentReference: 'CSQU3054383',
    trainReference: 'X8001',
    wagonReference: '42123456',
    location: 'CNURM',
  };

  it('stores each event id once, keeps a retracted event in the history, refuses UPDATE/DELETE', async () => {
    const d = await device();
    const out = await svc.ingest(d, 'events', [load, load], 'http');
    expect(out).toMatchObject({ stored: 1, duplicates: 1 });
    const retraction = { ...load, eventId: 'e-2', retractedEventId: 'e-1' };
    expect((await svc.ingest(d, 'events', retraction, 'mqtt')).stored).toBe(1);
    const rows = await svc.listEvents(d.deviceId);
    expect(rows.map((r) => [r.event_id, r.retracted_event_id])).toEqual([
      ['e-1', null],
      ['e-2', 'e-1'],
    ]);
    expect(rows[0]?.event_time).toBe('2026-11-25T20:00:00.000Z');
    expect(rows[0]?.body).toMatchObject({ equipmentEventTypeCode: 'LOAD' });
    await expect(
      sql`DELETE FROM tracking_events WHERE device_id = ${d.deviceId}`.execute(db.db),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`UPDATE tracking_events SET event_code = 'DISC' WHERE device_id = ${d.deviceId}`.execute(db.db),
    ).rejects.toThrow(/append-only/);
  });

  it('quarantines an actual event in the future but stores a planned one', async () => {
    const d = await device();
    const future = { ...load, eventDateTime: '2026-11-27T00:00:00Z' };
    const out = await svc.ingest(
      d,
      'events',
      [
        { ...future, eventId: 'f-1' },
        { ...future, eventId: 'f-2', eventClassifierCode: 'PLN' },
      ],
      'http',
    );
    expect(out.results.map((r) => r.reason?.code ?? r.outcome)).toEqual(['event.future', 'stored']);
  });
});

describe('property: duplicates and shuffling', () => {
  it('stored set = unique set; latest = newest device time', async () => {
    const base = Date.parse('2026-11-25T00:00:00Z');
    const reading = fc.record({
      box: fc.integer({ min: 0, max: 2 }),
      minute: fc.integer({ min: 0, max: 600 }),
      temp: fc.integer({ min: -200, max: 200 }).map((x) => x / 10),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(reading, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 30, maxLength: 30 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 150, maxLength: 150 }),
        fc.integer({ min: 1, max: 6 }),
        async (specs, times, keys, chunk) => {
          const d = await device();
          const box = [freshBox(), freshBox(), undefined];
          const unique = specs.map((s, i) => ({
            seq: i,
            time: new Date(base + s.minute * 60_000).toISOString(),
            equipment: box[s.box],
            temperatureC: s.temp,
          }));
          const sent = unique.flatMap((r, i) => Array.from({ length: times[i] ?? 1 }, () => r));
          const shuffled = sent
            .map((r, i) => ({ r, k: keys[i] ?? 0 }))
            .sort((a, b) => a.k - b.k)
            .map((x) => x.r);
          const sends: Promise<{ stored: number; duplicates: number }>[] = [];
          for (let i = 0; i < shuffled.length; i += chunk)
            sends.push(svc.ingest(d, 'readings', shuffled.slice(i, i + chunk), 'mqtt'));
          const outcomes = await Promise.all(sends);
          expect(outcomes.reduce((n, o) => n + o.stored, 0)).toBe(unique.length);
          expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(sent.length - unique.length);
          const page = await svc.listReadings(planner, { deviceId: d.deviceId, limit: 1000 });
          if (!page.ok) throw new Error('page');
          expect(page.value.items.map((r) => r.seq).sort((a, b) => a - b)).toEqual(unique.map((r) => r.seq));
          for (const b of box) {
            if (!b) continue;
            const mine = unique.filter((r) => r.equipment === b);
            const latest = await svc.latest(planner, b);
            if (mine.length === 0) {
              expect(latest).toBeNull();
              continue;
            }
            const newest = Math.max(...mine.map((r) => Date.parse(r.time)));
            const winner = mine
              .filter((r) => Date.parse(r.time) === newest)
              .sort((x, y) => y.seq - x.seq)[0]!;
            expect(latest).toMatchObject({ seq: winner.seq, temperatureC: winner.temperatureC });
            expect(Date.parse(latest!.time)).toBe(newest);
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it('latest = newest device time for one box written by one device, whatever the order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        async (minutes, dup) => {
          const d = await device('acme');
          const box = freshBox();
          const rs = minutes.map((m, i) => ({
            seq: i,
            time: new Date(Date.parse('2026-11-15T00:00:00Z') + m * 60_000).toISOString(),
            equipment: box,
          }));
          const sent = rs.flatMap((r) => Array.from({ length: dup }, () => r)).reverse();
          for (const r of sent) await svc.ingest(d, 'readings', r, 'mqtt');
          const all = await svc.listReadings(shipper, { equipment: box, limit: 10_000 });
          if (!all.ok) throw new Error('page');
          const newest = Math.max(...all.value.items.map((r) => Date.parse(r.time)));
          const latest = await svc.latest(shipper, box);
          expect(Date.parse(latest!.time)).toBe(newest);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('two reading writers (PostgreSQL wiring): resends racing each other are stored once, no deadlock', async () => {
    const two = new TrackingService(repo, { now: () => NOW, readingWriters: 2 });
    const devices = await Promise.all(Array.from({ length: 8 }, () => device()));
    const box = freshBox();
    const unique = devices.flatMap((d, k) =>
      Array.from({ length: 60 }, (_, i) => ({
        d,
        r: {
          seq: i,
          time: new Date(Date.parse('2026-11-20T00:00:00Z') + ((i * 7 + k) % 50) * 60_000).toISOString(),
          equipment: box,
          temperatureC: k,
        },
      })),
    );
    // each reading three times, in an order that puts the copies of a key in different batches
    const sent = [...unique, ...unique.slice().reverse(), ...unique.slice(100), ...unique.slice(0, 100)];
    const outcomes = await Promise.all(sent.map(({ d, r }) => two.ingest(d, 'readings', r, 'mqtt')));
    expect(outcomes.reduce((n, o) => n + o.stored, 0)).toBe(unique.length);
    expect(outcomes.reduce((n, o) => n + o.duplicates, 0)).toBe(sent.length - unique.length);
    const n = await sql<{ n: string }>`SELECT count(*) AS n FROM readings
      WHERE device_id IN (${sql.join(devices.map((d) => d.deviceId))})`.execute(db.db);
    expect(Number(n.rows[0]!.n)).toBe(unique.length);
    const newest = Math.max(...unique.map((u) => Date.parse(u.r.time)));
    const winner = unique
      .filter((u) => Date.parse(u.r.time) === newest)
      .sort((x, y) =>
        x.d.deviceId < y.d.deviceId ? 1 : x.d.deviceId > y.d.deviceId ? -1 : y.r.seq - x.r.seq,
      )[0]!;
    expect(await svc.latest(planner, box)).toMatchObject({ deviceId: winner.d.deviceId, seq: winner.r.seq });
  });
});
