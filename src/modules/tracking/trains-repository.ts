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

type TrainTables = {
  train_positions: Omit<TrainPositionRow, 'updated_at'> & { updated_at?: string };
  tracking_events: { organization_id: string; train_reference: string | null };
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
          .doUpdateSet({
            organization_id: sql.ref('excluded.organization_id'),
            route_id: sql.ref('excluded.route_id'),
            event_time: sql.ref('excluded.event_time'),
            lat: sql.ref('excluded.lat'),
            lon: sql.ref('excluded.lon'),
            leg_index: sql.ref('excluded.leg_index'),
            leg_id: sql.ref('excluded.leg_id'),
            km_along: sql.ref('excluded.km_along'),
            progress_pct: sql.ref('excluded.progress_pct'),
            off_route_km: sql.ref('excluded.off_route_km'),
            source_seq: sql.ref('excluded.source_seq'),
            updated_at: sql`now()`,
          })
          .where(
            sql<boolean>`excluded.event_time > train_positions.event_time
              OR (excluded.event_time = train_positions.event_time AND excluded.source_seq > train_positions.source_seq)`,
          ),
      )
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
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
