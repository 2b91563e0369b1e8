/**
 * The only SQL of the tracking module: devices, readings (dedup by device + seq), the latest reading
 * per box (newest device time wins, whatever the arrival order), events (dedup by device + event id),
 * quarantine and idempotency keys. A batch of ingest writes is one transaction.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../../platform/db/connect';

export type Via = 'http' | 'mqtt';
/** Events may also be recorded by the platform itself (customs release, transshipment). */
export type EventVia = Via | 'platform';

export interface DeviceRow {
  id: string;
  organization_id: string;
  secret_hash: string;
  label: string;
  created_at: string;
  disabled_at: string | null;
}

export interface ReadingRow {
  device_id: string;
  seq: number;
  time: string;
  organization_id: string;
  equipment: string | null;
  temperature_c: number | null;
  setpoint_c: number | null;
  humidity_pct: number | null;
  lat: number | null;
  lon: number | null;
  via: Via;
  received_at: string;
}

export type LatestRow = Omit<ReadingRow, 'via' | 'received_at'> & { updated_at: string };

export interface EventRow {
  device_id: string;
  event_id: string;
  organization_id: string;
  event_type: string;
  event_code: string;
  classifier: string;
  event_time: string;
  equipment: string | null;
  train_reference: string | null;
  location: string | null;
  retracted_event_id: string | null;
  body: unknown;
  via: EventVia;
  received_at: string;
}

export interface QuarantineRow {
  id: number;
  device_id: string;
  kind: 'readings' | 'events';
  item_key: string | null;
  reason_code: string;
  reason: unknown;
  payload: string;
  via: EventVia;
  received_at: string;
}

export interface IdempotencyRow {
  device_id: string;
  key: string;
  endpoint: string;
  request_hash: string;
  status: number | null;
  response: unknown;
  created_at: string;
}

type Defaulted<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;

type TrackingTables = {
  devices: Defaulted<DeviceRow, 'created_at' | 'disabled_at'>;
  readings: Defaulted<ReadingRow, 'received_at'>;
  equipment_latest: Defaulted<LatestRow, 'updated_at'>;
  tracking_events: Defaulted<EventRow, 'received_at'>;
  ingest_quarantine: Defaulted<QuarantineRow, 'id' | 'received_at'>;
  device_idempotency_keys: Defaulted<IdempotencyRow, 'created_at' | 'status' | 'response'>;
};

export type NewReading = Omit<ReadingRow, 'received_at'>;
export type NewEvent = Omit<EventRow, 'received_at'>;
export type NewQuarantine = Omit<QuarantineRow, 'id' | 'received_at'>;

/** What one transaction writes: new readings, events and quarantined items. */
export interface IngestWrite {
  readonly readings: readonly NewReading[];
  readonly events: readonly NewEvent[];
  readonly quarantine: readonly NewQuarantine[];
}

export interface IngestWritten {
  /** `device_id/seq` of each reading inserted now (the others were already stored). */
  readonly storedReadings: ReadonlySet<string>;
  /** `device_id/event_id` of each event inserted now. */
  readonly storedEvents: ReadonlySet<string>;
}

export interface PageKey {
  readonly time: string;
  readonly deviceId: string;
  readonly seq: number;
}

export interface ReadingQuery {
  readonly deviceId?: string;
  readonly equipment?: string;
  readonly organizationId?: string;
  readonly from?: string;
  readonly to?: string;
  readonly after?: PageKey;
  readonly limit: number;
}

const CHUNK = 500;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type Tx = Transaction<TrackingTables>;

export class TrackingRepository {
  private readonly db: Kysely<TrackingTables>;

  constructor(db: Db) {
    this.db = db.withTables<TrackingTables>();
  }

  async insertDevice(row: Omit<DeviceRow, 'created_at' | 'disabled_at'>): Promise<void> {
    await this.db.insertInto('devices').values(row).execute();
  }

  findDevice(id: string): Promise<DeviceRow | undefined> {
    return this.db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst() as Promise<
      DeviceRow | undefined
    >;
  }

  findDeviceBySecretHash(hash: string): Promise<DeviceRow | undefined> {
    return this.db
      .selectFrom('devices')
      .selectAll()
      .where('secret_hash', '=', hash)
      .where('disabled_at', 'is', null)
      .executeTakeFirst() as Promise<DeviceRow | undefined>;
  }

  /** Writes a batch in one transaction; duplicates are skipped by the unique keys. */
  write(batch: IngestWrite): Promise<IngestWritten> {
    return this.db.transaction().execute((trx) => this.writeIn(trx, batch));
  }

  private async writeIn(trx: Tx, batch: IngestWrite): Promise<IngestWritten> {
    const storedReadings = new Set<string>();
    const storedEvents = new Set<string>();
    for (const part of chunks(batch.readings)) {
      const rows = await trx
        .insertInto('readings')
        .values(part)
        .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
        .returning(['device_id', 'seq'])
        .execute();
      for (const r of rows) storedReadings.add(`${r.device_id}/${r.seq}`);
    }
    const fresh = batch.readings.filter((r) => r.equipment && storedReadings.has(`${r.device_id}/${r.seq}`));
    await this.upsertLatest(trx, fresh);
    for (const part of chunks(batch.events)) {
      const rows = await trx
        .insertInto('tracking_events')
        .values(part.map((e) => ({ ...e, body: JSON.stringify(e.body) })))
        .onConflict((oc) => oc.columns(['device_id', 'event_id']).doNothing())
        .returning(['device_id', 'event_id'])
        .execute();
      for (const r of rows) storedEvents.add(`${r.device_id}/${r.event_id}`);
    }
    for (const part of chunks(batch.quarantine)) {
      await trx
        .insertInto('ingest_quarantine')
        .values(part.map((q) => ({ ...q, reason: JSON.stringify(q.reason) })))
        .onConflict((oc) => oc.columns(['device_id', 'kind', 'item_key']).doNothing())
        .execute();
    }
    return { storedReadings, storedEvents };
  }

  /**
   * Keeps the newest reading per (tenant, box) by device time — ties broken by device id (bytewise)
   * then seq, the same order as `isNewer` — so a late arrival of an older reading changes nothing.
   */
  private async upsertLatest(trx: Tx, readings: readonly NewReading[]): Promise<void> {
    // one row per key and statement: ON CONFLICT DO UPDATE may not touch a row twice
    const best = new Map<string, NewReading>();
    for (const r of readings) {
      const k = `${r.organization_id}\u0000${r.equipment}`;
      const cur = best.get(k);
      const t = Date.parse(r.time);
      const ct = cur ? Date.parse(cur.time) : Number.NEGATIVE_INFINITY;
      const newer =
        !cur ||
        t > ct ||
        (t === ct && (r.device_id > cur.device_id || (r.device_id === cur.device_id && r.seq > cur.seq)));
      if (newer) best.set(k, r);
    }
    for (const part of chunks([...best.values()])) {
      await trx
        .insertInto('equipment_latest')
        .values(
          part.map((r) => ({
            organization_id: r.organization_id,
            equipment: r.equipment as string,
            device_id: r.device_id,
            seq: r.seq,
            time: r.time,
            temperature_c: r.temperature_c,
            setpoint_c: r.setpoint_c,
            humidity_pct: r.humidity_pct,
            lat: r.lat,
            lon: r.lon,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['organization_id', 'equipment'])
            .doUpdateSet({
              device_id: sql.ref('excluded.device_id'),
              seq: sql.ref('excluded.seq'),
              time: sql.ref('excluded.time'),
              temperature_c: sql.ref('excluded.temperature_c'),
              setpoint_c: sql.ref('excluded.setpoint_c'),
              humidity_pct: sql.ref('excluded.humidity_pct'),
              lat: sql.ref('excluded.lat'),
              lon: sql.ref('excluded.lon'),
              updated_at: sql`now()`,
            })
            .where(
              sql<boolean>`excluded.time > equipment_latest.time
                OR (excluded.time = equipment_latest.time
                    AND (excluded.device_id COLLATE "C" > equipment_latest.device_id COLLATE "C"
                         OR (excluded.device_id = equipment_latest.device_id
                             AND excluded.seq > equipment_latest.seq)))`,
            ),
        )
        .execute();
    }
  }

  /**
   * Claims an idempotency key inside the transaction that does the work: the first request inserts
   * the key and runs `work`; a later one (after the first committed) gets the stored row back.
   */
  async withIdempotencyKey<T extends { status: number; body: unknown }>(
    claim: { deviceId: string; key: string; endpoint: string; requestHash: string },
    work: (write: (batch: IngestWrite) => Promise<IngestWritten>) => Promise<T>,
  ): Promise<{ replay: IdempotencyRow } | { fresh: T }> {
    return this.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('device_idempotency_keys')
        .values({
          device_id: claim.deviceId,
          key: claim.key,
          endpoint: claim.endpoint,
          request_hash: claim.requestHash,
        })
        .onConflict((oc) => oc.columns(['device_id', 'key']).doNothing())
        .returning('key')
        .executeTakeFirst();
      if (!inserted) {
        const row = (await trx
          .selectFrom('device_idempotency_keys')
          .selectAll()
          .where('device_id', '=', claim.deviceId)
          .where('key', '=', claim.key)
          .executeTakeFirstOrThrow()) as IdempotencyRow;
        return { replay: row };
      }
      const result = await work((batch) => this.writeIn(trx, batch));
      await trx
        .updateTable('device_idempotency_keys')
        .set({ status: result.status, response: JSON.stringify(result.body) })
        .where('device_id', '=', claim.deviceId)
        .where('key', '=', claim.key)
        .execute();
      return { fresh: result };
    });
  }

  async pruneIdempotencyKeys(olderThanIso: string): Promise<number> {
    const res = await this.db
      .deleteFrom('device_idempotency_keys')
      .where('created_at', '<', olderThanIso)
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  listReadings(q: ReadingQuery): Promise<ReadingRow[]> {
    let query = this.db.selectFrom('readings').selectAll();
    if (q.deviceId) query = query.where('device_id', '=', q.deviceId);
    if (q.equipment) query = query.where('equipment', '=', q.equipment);
    if (q.organizationId) query = query.where('organization_id', '=', q.organizationId);
    if (q.from) query = query.where('time', '>=', q.from);
    if (q.to) query = query.where('time', '<', q.to);
    const a = q.after;
    if (a) {
      query = query.where(
        sql<boolean>`(time, device_id COLLATE "C", seq) > (${a.time}::timestamptz, ${a.deviceId} COLLATE "C", ${a.seq}::int8)`,
      );
    }
    return query
      .orderBy('time')
      .orderBy(sql`device_id COLLATE "C"`)
      .orderBy('seq')
      .limit(q.limit)
      .execute() as Promise<ReadingRow[]>;
  }

  /** The newest reading of a box, among the tenants given (all when undefined). */
  latest(equipment: string, organizationId?: string): Promise<LatestRow | undefined> {
    let q = this.db.selectFrom('equipment_latest').selectAll().where('equipment', '=', equipment);
    if (organizationId) q = q.where('organization_id', '=', organizationId);
    return q
      .orderBy('time', 'desc')
      .orderBy(sql`device_id COLLATE "C"`, 'desc')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst() as Promise<LatestRow | undefined>;
  }

  listEvents(deviceId: string): Promise<EventRow[]> {
    return this.db
      .selectFrom('tracking_events')
      .selectAll()
      .where('device_id', '=', deviceId)
      .orderBy('event_time')
      .orderBy('event_id')
      .execute() as Promise<EventRow[]>;
  }

  listQuarantine(deviceId: string, limit: number): Promise<QuarantineRow[]> {
    return this.db
      .selectFrom('ingest_quarantine')
      .selectAll()
      .where('device_id', '=', deviceId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute() as Promise<QuarantineRow[]>;
  }

  async counts(deviceId: string): Promise<{ readings: number; events: number; quarantined: number }> {
    const one = async (table: 'readings' | 'tracking_events' | 'ingest_quarantine') => {
      const row = await this.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', deviceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };
    return {
      readings: await one('readings'),
      events: await one('tracking_events'),
      quarantined: await one('ingest_quarantine'),
    };
  }
}
