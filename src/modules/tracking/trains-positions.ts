/**
 * The trains' latest positions: a POS event of a train matched to its route (leg, km along, progress,
 * off-route distance) and stored when newer than the train's stored one, then announced on the bus as
 * `tracking.train`. While the trains service listens, the latest positions are kept in memory (it is
 * the one that writes them), so a batch of events is one statement; else one read and one upsert each.
 */
import type { EventBus } from '../../platform/events/bus';
import { matchPosition, type RouteShape } from './route-match';
import type { StoredEvent } from './service';
import type { TrainPositionRow, TrainRepository } from './trains-repository';

export interface TrainPosition {
  readonly trainReference: string;
  readonly routeId: string | null;
  readonly time: string;
  readonly lat: number;
  readonly lon: number;
  readonly legIndex: number | null;
  readonly legId: string | null;
  readonly kmAlong: number | null;
  readonly progressPct: number | null;
  readonly offRouteKm: number | null;
  /** The tenant of the device that reported it (for the live feed's filter). */
  readonly organizationId: string;
}

const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** A stored position as the API shows it. */
export function positionView(r: TrainPositionRow): TrainPosition {
  return {
    trainReference: r.train_reference,
    routeId: r.route_id,
    time: r.event_time,
    lat: r.lat,
    lon: r.lon,
    legIndex: r.leg_index,
    legId: r.leg_id,
    kmAlong: r1(r.km_along),
    progressPct: r1(r.progress_pct),
    offRouteKm: r1(r.off_route_km),
    organizationId: r.organization_id,
  };
}

/** The stored row a position event makes (null when it carries no position). */
function positionRow(
  e: StoredEvent,
  seq: number,
  shape: RouteShape | null,
  before: TrainPositionRow | undefined,
): Omit<TrainPositionRow, 'updated_at'> | null {
  const p = (e.body as { position?: { lat: number; lon: number } }).position;
  if (!p || !e.trainReference) return null;
  const m = shape ? matchPosition(shape, p, before?.km_along ?? undefined) : null;
  return {
    train_reference: e.trainReference,
    organization_id: e.organizationId,
    route_id: shape?.routeId ?? null,
    event_time: e.eventTime,
    lat: p.lat,
    lon: p.lon,
    leg_index: m?.legIndex ?? null,
    leg_id: m?.legId ?? null,
    km_along: m?.kmAlong ?? null,
    progress_pct: m?.progressPct ?? null,
    off_route_km: m?.offRouteKm ?? null,
    source_seq: seq,
  };
}

/** Whether a position replaces the stored one: a later device time, or the same time and a later seq. */
function newer(row: { event_time: string; source_seq: number }, stored: TrainPositionRow): boolean {
  const a = Date.parse(row.event_time);
  const b = Date.parse(stored.event_time);
  return a > b || (a === b && row.source_seq > Number(stored.source_seq));
}

export class PositionStore {
  /** While kept: the latest position of each train. */
  private readonly latest = new Map<string, TrainPositionRow>();
  private positionsLoad: Promise<Map<string, TrainPositionRow>> | undefined;

  constructor(
    private readonly repo: TrainRepository,
    private readonly shapeOfTrain: (ref: string) => Promise<RouteShape | null>,
    private readonly bus: EventBus | undefined,
  ) {}

  /** Forgets the kept positions (the service stopped listening). */
  reset(): void {
    this.positionsLoad = undefined;
    this.latest.clear();
  }

  /**
   * Applies position events in order: each one newer than the train's stored position replaces it
   * and is announced. When `keep` (listening) the latest positions are kept in memory, so a batch of
   * events is one statement (its newest position per train); else one read and one upsert per event.
   */
  async apply(items: ReadonlyArray<{ e: StoredEvent; seq: number }>, keep: boolean): Promise<void> {
    const shapes = new Map<string, RouteShape | null>();
    for (const { e } of items)
      if (e.trainReference && !shapes.has(e.trainReference))
        shapes.set(e.trainReference, await this.shapeOfTrain(e.trainReference));
    if (!keep) {
      for (const { e, seq } of items) {
        const ref = e.trainReference;
        const row = ref ? positionRow(e, seq, shapes.get(ref) ?? null, await this.repo.position(ref)) : null;
        if (row && (await this.repo.upsertPosition(row)))
          this.bus?.emit('tracking.train', positionView({ ...row, updated_at: '' }));
      }
      return;
    }
    const latest = await this.latestPositions();
    // from here to the write nothing awaits: batches apply one after the other to the cache
    const applied: TrainPositionRow[] = [];
    const newest = new Map<string, TrainPositionRow>();
    for (const { e, seq } of items) {
      const ref = e.trainReference;
      if (!ref) continue;
      const before = latest.get(ref);
      const row = positionRow(e, seq, shapes.get(ref) ?? null, before);
      // the same rule as the upsert's: a later device time, or the same time and a later seq
      if (!row || (before && !newer(row, before))) continue;
      const stored = { ...row, updated_at: '' };
      latest.set(ref, stored);
      newest.set(ref, stored);
      applied.push(stored);
    }
    if (newest.size === 0) return;
    let written: Set<string>;
    try {
      written = await this.repo.upsertPositions([...newest.values()].map(({ updated_at: _, ...r }) => r));
    } catch (err) {
      // the memory is ahead of the table now: read the table again next time
      this.latest.clear();
      this.positionsLoad = undefined;
      throw err;
    }
    for (const ref of newest.keys())
      if (!written.has(ref)) {
        // a newer one was there already (written by another process): read it again
        const row = await this.repo.position(ref);
        if (row) latest.set(ref, row);
        else latest.delete(ref);
      }
    for (const row of applied)
      if (written.has(row.train_reference)) this.bus?.emit('tracking.train', positionView(row));
  }

  /** While kept: every train's stored position, read once. */
  private latestPositions(): Promise<Map<string, TrainPositionRow>> {
    this.positionsLoad ??= this.repo.allPositions().then(
      (rows) => {
        for (const r of rows) if (!this.latest.has(r.train_reference)) this.latest.set(r.train_reference, r);
        return this.latest;
      },
      (err: unknown) => {
        this.positionsLoad = undefined;
        throw err;
      },
    );
    return this.positionsLoad;
  }

  /** A train's stored position (from memory when `keep`). */
  async current(ref: string, keep: boolean): Promise<TrainPositionRow | undefined> {
    if (!keep) return this.repo.position(ref);
    return (await this.latestPositions()).get(ref);
  }
}
