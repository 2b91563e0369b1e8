/**
 * SQL of the trains' live picture (tracking module): the latest position per train, and the reads of
 * tracking events it needs (the trains a tenant's events name).
 */
import { type Kysely, sql } from 'kysely';
import type { Db } from '../../platform/db/connect';

export interface TrainPositionRow {
  train_reference: string;
  organization_id: string;
  route_id: string | null;
  event_time: string;
  lat: number;
  lon: number;
  leg_index: number | null;
  leg_id: string | null;
  km_along: number | null;
  progress_pct: number | null;
  off_route_km: number | null;
  source_seq: number;
  updated_at: string;
}

/** An actual TRANSPORT event naming a train: what the learned times and ETAs are made of. */
export interface TransportEventRow {
  seq: number;
  device_id: string;
  event_id: string;
  train_reference: string;
  event_code: string;
  location: string;
  event_time: string;
}

type TrainTables = {
  train_positions: Omit<TrainPositionRow, 'updated_at'> & { updated_at?: string };
  tracking_events: {
    seq: number;
    device_id: string;
    event_id: string;
    organization_id: string;
    event_type: string;
    event_code: string;
    classifier: string;
    event_time: string;
    train_reference: string | null;
    location: string | null;
    retracted_event_id: string | null;
  };
};

/** On conflict: every column from the new row. */
const UPDATE_ALL = {
  organization_id: sql.ref<string>('excluded.organization_id'),
  route_id: sql.ref<string | null>('excluded.route_id'),
  event_time: sql.ref<string>('excluded.event_time'),
  lat: sql.ref<number>('excluded.lat'),
  lon: sql.ref<number>('excluded.lon'),
  leg_index: sql.ref<number | null>('excluded.leg_index'),
  leg_id: sql.ref<string | null>('excluded.leg_id'),
  km_along: sql.ref<number | null>('excluded.km_along'),
  progress_pct: sql.ref<number | null>('excluded.progress_pct'),
  off_route_km: sql.ref<number | null>('excluded.off_route_km'),
  source_seq: sql.ref<number>('excluded.source_seq'),
  updated_at: sql<string>`now()`,
};

export class TrainRepository {
  private readonly db: Kysely<TrainTables>;

  constructor(db: Db) {
    this.db = db.withTables<TrainTables>();
  }

  /** Stores a position unless a newer one (by device time) is there already. */
  async upsertPosition(row: Omit<TrainPositionRow, 'updated_at'>): Promise<boolean> {
    const res = await this.db
      .insertInto('train_positions')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('train_reference')
          .doUpdateSet(UPDATE_ALL)
          .where(
            sql<boolean>`excluded.event_time > train_positions.event_time
              OR (excluded.event_time = train_positions.event_time AND excluded.source_seq > train_positions.source_seq)`,
          ),
      )
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Stores several trains' positions (one row per train), each unless a newer one is there already;
   * the trains whose row was written.
   */
  async upsertPositions(rows: ReadonlyArray<Omit<TrainPositionRow, 'updated_at'>>): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    // the rows as one JSON parameter (jsonb_to_recordset), not a parameter per value
    const written = await sql<{ train_reference: string }>`
      INSERT INTO train_positions AS p (train_reference, organization_id, route_id, event_time, lat, lon,
        leg_index, leg_id, km_along, progress_pct, off_route_km, source_seq)
      SELECT train_reference, organization_id, route_id, event_time, lat, lon,
        leg_index, leg_id, km_along, progress_pct, off_route_km, source_seq
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(train_reference text, organization_id text,
        route_id text, event_time timestamptz, lat float8, lon float8, leg_index int4, leg_id text,
        km_along float8, progress_pct float8, off_route_km float8, source_seq int8)
      ON CONFLICT (train_reference) DO UPDATE SET
        organization_id = excluded.organization_id, route_id = excluded.route_id,
        event_time = excluded.event_time, lat = excluded.lat, lon = excluded.lon,
        leg_index = excluded.leg_index, leg_id = excluded.leg_id, km_along = excluded.km_along,
        progress_pct = excluded.progress_pct, off_route_km = excluded.off_route_km,
        source_seq = excluded.source_seq, updated_at = now()
      WHERE excluded.event_time > p.event_time
        OR (excluded.event_time = p.event_time AND excluded.source_seq > p.source_seq)
      RETURNING train_reference`.execute(this.db);
    return new Set(written.rows.map((r) => r.train_reference));
  }

  /** Every train's stored position. */
  allPositions(): Promise<TrainPositionRow[]> {
    return this.db.selectFrom('train_positions').selectAll().execute() as Promise<TrainPositionRow[]>;
  }

  position(ref: string): Promise<TrainPositionRow | undefined> {
    return this.db
      .selectFrom('train_positions')
      .selectAll()
      .where('train_reference', '=', ref)
      .executeTakeFirst() as Promise<TrainPositionRow | undefined>;
  }

  /** Positions reported at or after `since`, newest first. */
  positionsSince(since: string, limit: number): Promise<TrainPositionRow[]> {
    return this.db
      .selectFrom('train_positions')
      .selectAll()
      .where('event_time', '>=', since)
      .orderBy('event_time', 'desc')
      .limit(limit)
      .execute() as Promise<TrainPositionRow[]>;
  }

  async maxSourceSeq(): Promise<number> {
    const row = await this.db
      .selectFrom('train_positions')
      .select((eb) => eb.fn.max('source_seq').as('m'))
      .executeTakeFirst();
    return row?.m == null ? 0 : Number(row.m);
  }

  /**
   * Actual TRANSPORT events that name a train and a place and retract nothing, stored after
   * `afterSeq`, in `seq` order (one page). Events retracted later are in it: see `retractions`.
   */
  async transportEvents(afterSeq: number, limit: number): Promise<TransportEventRow[]> {
    const rows = await this.db
      .selectFrom('tracking_events')
      .select(['seq', 'device_id', 'event_id', 'train_reference', 'event_code', 'location', 'event_time'])
      .where('event_type', '=', 'TRANSPORT')
      .where('classifier', '=', 'ACT')
      .where('train_reference', 'is not', null)
      .where('location', 'is not', null)
      .where('retracted_event_id', 'is', null)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }) as TransportEventRow);
  }

  /** Every retraction: the device and the id of the event it retracts. */
  async retractions(): Promise<Array<{ device_id: string; retracted_event_id: string }>> {
    const rows = await this.db
      .selectFrom('tracking_events')
      .select(['device_id', 'retracted_event_id'])
      .where('retracted_event_id', 'is not', null)
      .execute();
    return rows as Array<{ device_id: string; retracted_event_id: string }>;
  }

  /** The trains named by a tenant's own events (its boxes' trains, its devices' trains). */
  async trainsOf(organizationId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('tracking_events')
      .select('train_reference')
      .distinct()
      .where('organization_id', '=', organizationId)
      .where('train_reference', 'is not', null)
      .execute();
    return new Set(rows.map((r) => r.train_reference as string));
  }
}
