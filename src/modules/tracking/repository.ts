/**
 * The only SQL of the tracking module: devices, readings (dedup by device + seq), the latest reading
 * per box (newest device time wins, whatever the arrival order), events (dedup by device + event id),
 * quarantine and idempotency keys. A batch of ingest writes is one transaction.
 */
import { type Kysely, sql } from 'kysely';
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

/** A stored event with its durable order (`seq`, assigned at insert; see the seq migration). */
export type SeqEventRow = EventRow & { seq: number };

/** Filters of `GET /api/v1/events` (DCSA-style); every one optional, `afterSeq` is the cursor. */
export interface EventQuery {
  readonly organizationId?: string;
  readonly equipment?: string;
  readonly trainReference?: string;
  readonly eventTypes?: readonly string[];
  readonly eventCodes?: readonly string[];
  readonly classifiers?: readonly string[];
  readonly location?: string;
  readonly from?: string;
  readonly to?: string;
  readonly afterSeq?: number;
  readonly limit: number;
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
  tracking_events: Defaulted<SeqEventRow, 'received_at' | 'seq'>;
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
  /** The durable `seq` of each event inserted now, by `device_id/event_id` (absent from old writers). */
  readonly eventSeqs?: ReadonlyMap<string, number>;
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

/**
 * The keys a write statement answers with (`device/seq …` and `device/eventId/seq …`, space-separated:
 * device ids, event ids and seqs hold no space or slash beyond the last one) as the sets of the
 * rows inserted now.
 */
export function parseWritten(readings: string | null, events: string | null): IngestWritten {
  const storedReadings = new Set<string>(readings ? readings.split(' ') : []);
  const storedEvents = new Set<string>();
  const eventSeqs = new Map<string, number>();
  if (events)
    for (const part of events.split(' ')) {
      const cut = part.lastIndexOf('/');
      const key = part.slice(0, cut);
      storedEvents.add(key);
      eventSeqs.set(key, Number(part.slice(cut + 1)));
    }
  return { storedReadings, storedEvents, eventSeqs };
}

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

  /**
   * Writes a batch atomically; duplicates — already stored, or twice in the batch — are skipped by the
   * unique keys. One statement does it all (see `writeIn`), so no BEGIN/COMMIT round trips are needed.
   */
  write(batch: IngestWrite): Promise<IngestWritten> {
    return this.writeIn(this.db, batch);
  }

  /**
   * The whole batch in one statement: readings, events and quarantine are data-modifying CTEs of one
   * INSERT, each table's rows travelling as one JSON parameter (`json_to_recordset`: text parsed
   * straight into rows, no jsonb tree built first) instead of a parameter per value — far less to
   * parse, bind and plan, on PGlite above all (bench/ingest). `ON CONFLICT DO NOTHING` skips what is
   * stored already; the answer names the rows inserted now as one text value per table (one row
   * back, not one per reading).
   *
   * Rows go in sorted by their unique key (bytewise). On PostgreSQL two reading batches may be in
   * flight at once (GroupCommit, `readingWriters`): two transactions inserting the same keys in the
   * same order wait for each other instead of deadlocking.
   *
   * The latest reading per box is not maintained here: it is read from the readings' (equipment,
   * time) index (`latest`). An upsert per box in every batch cost about a fifth of the statement on
   * PGlite (bench/ingest) and would take row locks that two writers could take in opposite orders.
   */
  private async writeIn(db: Kysely<TrackingTables>, batch: IngestWrite): Promise<IngestWritten> {
    if (batch.readings.length + batch.events.length + batch.quarantine.length === 0)
      return { storedReadings: new Set(), storedEvents: new Set(), eventSeqs: new Map() };
    const none = sql`NULL::text`;
    // PostgreSQL text cannot hold NUL: a quarantined payload keeps U+FFFD instead (else the write, and
    // so the acknowledgement, would fail for ever and the device resend the message again and again)
    const quarantine =
      batch.quarantine.length === 0
        ? null
        : JSON.stringify(
            batch.quarantine.map((q) => ({
              ...q,
              payload: q.payload.replaceAll('\u0000', '\ufffd'),
              item_key: q.item_key?.replaceAll('\u0000', '\ufffd') ?? null,
            })),
          );
    const result = await sql<{ r: string | null; e: string | null }>`
      WITH r AS (
        INSERT INTO readings (device_id, seq, time, organization_id, equipment, temperature_c, setpoint_c,
                              humidity_pct, lat, lon, via)
        SELECT device_id, seq, time, organization_id, equipment, temperature_c, setpoint_c,
               humidity_pct, lat, lon, via
        FROM json_to_recordset(${batch.readings.length === 0 ? '[]' : JSON.stringify(batch.readings)}::json)
          AS x(device_id text, seq int8, time timestamptz, organization_id text, equipment text,
               temperature_c float8, setpoint_c float8, humidity_pct float8, lat float8, lon float8, via text)
        ORDER BY device_id COLLATE "C", seq
        ON CONFLICT (device_id, seq) DO NOTHING
        RETURNING device_id, seq
      ),
      e AS (
        INSERT INTO tracking_events (device_id, event_id, organization_id, event_type, event_code, classifier,
                                     event_time, equipment, train_reference, location, retracted_event_id,
                                     body, via)
        SELECT device_id, event_id, organization_id, event_type, event_code, classifier, event_time, equipment,
               train_reference, location, retracted_event_id, body, via
        FROM json_to_recordset(${batch.events.length === 0 ? '[]' : JSON.stringify(batch.events)}::json)
          AS x(device_id text, event_id text, organization_id text, event_type text, event_code text,
               classifier text, event_time timestamptz, equipment text, train_reference text, location text,
               retracted_event_id text, body jsonb, via text)
        ON CONFLICT (device_id, event_id) DO NOTHING
        RETURNING device_id, event_id, seq
      ),
      q AS (
        INSERT INTO ingest_quarantine (device_id, kind, item_key, reason_code, reason, payload, via)
        SELECT device_id, kind, item_key, reason_code, reason, payload, via
        FROM json_to_recordset(${quarantine ?? '[]'}::json) AS x(device_id text, kind text, item_key text,
          reason_code text, reason jsonb, payload text, via text)
        ORDER BY device_id COLLATE "C", kind, item_key COLLATE "C"
        ON CONFLICT (device_id, kind, item_key) DO NOTHING
      )
      SELECT ${batch.readings.length === 0 ? none : sql`(SELECT string_agg(device_id || '/' || seq, ' ') FROM r)`} AS r,
             ${batch.events.length === 0 ? none : sql`(SELECT string_agg(device_id || '/' || event_id || '/' || seq, ' ') FROM e)`} AS e`.execute(
      db,
    );
    return parseWritten(result.rows[0]?.r ?? null, result.rows[0]?.e ?? null);
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

  /**
   * The newest reading of a box by device time (ties: device id bytewise, then seq), among the tenants
   * given (all when undefined): a backward scan of the readings' (equipment, time) index that stops at
   * the first row, so nothing needs updating per box on the write path.
   */
  latest(equipment: string, organizationId?: string): Promise<LatestRow | undefined> {
    let q = this.db
      .selectFrom('readings')
      .select([
        'organization_id',
        'equipment',
        'device_id',
        'seq',
        'time',
        'temperature_c',
        'setpoint_c',
        'humidity_pct',
        'lat',
        'lon',
        'received_at as updated_at',
      ])
      .where('equipment', '=', equipment);
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

  // ── reading events back in their durable order (SSE replay, GET /api/v1/events, webhooks) ──────

  /** The `seq` of stored events by `device_id/event_id`. */
  async eventSeqs(keys: ReadonlyArray<{ deviceId: string; eventId: string }>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of chunks([...keys])) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('tracking_events')
        .select(['device_id', 'event_id', 'seq'])
        .where((eb) =>
          eb.or(part.map((k) => eb.and([eb('device_id', '=', k.deviceId), eb('event_id', '=', k.eventId)]))),
        )
        .execute();
      for (const r of rows) out.set(`${r.device_id}/${r.event_id}`, Number(r.seq));
    }
    return out;
  }

  /** Events in `seq` order matching the query (tenant, box, train, codes, time range, after a seq). */
  queryEvents(q: EventQuery): Promise<SeqEventRow[]> {
    let query = this.db.selectFrom('tracking_events').selectAll();
    if (q.organizationId) query = query.where('organization_id', '=', q.organizationId);
    if (q.equipment) query = query.where('equipment', '=', q.equipment);
    if (q.trainReference) query = query.where('train_reference', '=', q.trainReference);
    if (q.eventTypes?.length) query = query.where('event_type', 'in', [...q.eventTypes]);
    if (q.eventCodes?.length) query = query.where('event_code', 'in', [...q.eventCodes]);
    if (q.classifiers?.length) query = query.where('classifier', 'in', [...q.classifiers]);
    if (q.location) query = query.where('location', '=', q.location);
    if (q.from) query = query.where('event_time', '>=', q.from);
    if (q.to) query = query.where('event_time', '<', q.to);
    if (q.afterSeq !== undefined) query = query.where('seq', '>', q.afterSeq);
    return query.orderBy('seq').limit(q.limit).execute() as Promise<SeqEventRow[]>;
  }

  /** The ids of events retracted by a later event of the same device, among the given keys. */
  async retractedAmong(keys: ReadonlyArray<{ deviceId: string; eventId: string }>): Promise<Set<string>> {
    const out = new Set<string>();
    for (const part of chunks([...keys])) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('tracking_events')
        .select(['device_id', 'retracted_event_id'])
        .where((eb) =>
          eb.or(
            part.map((k) =>
              eb.and([eb('device_id', '=', k.deviceId), eb('retracted_event_id', '=', k.eventId)]),
            ),
          ),
        )
        .execute();
      for (const r of rows) out.add(`${r.device_id}/${r.retracted_event_id}`);
    }
    return out;
  }

  /** The highest `seq` stored (0 when there is none). */
  async maxEventSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('tracking_events')
      .select((eb) => eb.fn.max('seq').as('m'))
      .executeTakeFirst();
    return row?.m == null ? 0 : Number(row.m);
  }

  /** Events of these codes about these boxes, received at or after a point (customs catch-up). */
  eventsOfBoxes(q: {
    readonly codes: readonly string[];
    readonly equipment: readonly string[];
    readonly receivedFrom: string;
  }): Promise<EventRow[]> {
    if (q.codes.length === 0 || q.equipment.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('tracking_events')
      .selectAll()
      .where('event_code', 'in', [...q.codes])
      .where('equipment', 'in', [...q.equipment])
      .where('received_at', '>=', q.receivedFrom)
      .orderBy('received_at')
      .orderBy('event_id')
      .execute() as Promise<EventRow[]>;
  }
}
