/**
 * The trains' live picture: each train's GPS positions (IOT POS naming `trainReference`) matched to
 * its route → leg, km along, progress, off-route distance (latest per train, stored); and its ETA
 * (eta.ts) recomputed on every event of the train, from the plan (timetable date, network hours),
 * the actual DEPA/ARRI events and per-leg times learned from every train's completed runs.
 * A box's ETA is its train's: the train named by the box's latest LOAD / GBTS / DISC event.
 *
 * Announces `tracking.train` (a new latest position) and `tracking.eta` (a recomputed ETA) on the bus.
 */
import type { Network } from '../../domain/network/types';
import { fail, ok, type Result } from '../../domain/result';
import type { EventBus } from '../../platform/events/bus';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import { computeEta, type Dist, type Eta } from './eta';
import type { TrackingRepository } from './repository';
import { parseTrainReference, type RouteShape } from './route-match';
import type { StoredEvent } from './service';
import { PositionStore, type TrainPosition, positionView as view } from './trains-positions';
import type { TrainPositionRow, TrainRepository } from './trains-repository';
import { routeShape } from './trains-shape';
import { distributionsOf } from './trains-transport';
import { TransportStore } from './trains-transport-store';

export type { TrainPosition } from './trains-positions';
export { TransportLog, type TransportRecord, transportRecord } from './trains-transport';

export interface TrainEta extends Eta {
  readonly trainReference: string;
  readonly routeId: string;
  readonly computedAt: string;
  readonly organizationId?: string;
}

export interface BoxEta {
  readonly equipmentReference: string;
  readonly trainReference: string | null;
  readonly status: 'on-train' | 'discharged' | 'unknown';
  readonly lastEvent: { code: string; time: string; location: string | null } | null;
  readonly eta: TrainEta | null;
}

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** A train's new latest position, matched to its route. */
    'tracking.train': TrainPosition;
    /** A train's ETA, recomputed after one of its events. */
    'tracking.eta': TrainEta;
  }
}

/** The plan has dates only: a train is planned to leave at noon Beijing time (04:00 UTC) that day. */
export const PLANNED_DEPARTURE_UTC = 'T04:00:00.000Z';

export interface TrainDeps {
  readonly loadNetwork: () => Promise<Network>;
  readonly bus?: EventBus;
  readonly now?: () => Date;
}

export class TrainService {
  private network: Promise<Network> | undefined;
  private readonly shapes = new Map<string, RouteShape | null>();
  /**
   * While listening to the bus: the transport events and learned times, loaded once and then kept
   * up to date from the bus (not listening, every ETA reads them from the table again).
   */
  private readonly transport: TransportStore;
  /** While listening: the latest position of each train (this service is the one that writes them). */
  private readonly positionStore: PositionStore;
  private listening = false;
  private readonly now: () => Date;

  constructor(
    private readonly repo: TrainRepository,
    private readonly events: TrackingRepository,
    private readonly deps: TrainDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
    const shapeOfTrain = (ref: string) => this.shapeOfTrain(ref);
    this.transport = new TransportStore(repo, shapeOfTrain);
    this.positionStore = new PositionStore(repo, shapeOfTrain, deps.bus);
  }

  /** Listens to stored tracking events (after commit). Returns the function that stops listening. */
  listen(bus: EventBus): () => void {
    this.listening = true;
    const off = bus.on('tracking.events', (events) => this.onEvents(events));
    return () => {
      off();
      this.listening = false;
      this.transport.reset();
      this.positionStore.reset();
    };
  }

  // ── route shapes ─────────────────────────────────────────────────────────────────────────────

  private async net(): Promise<Network> {
    this.network ??= this.deps.loadNetwork();
    return this.network;
  }

  async shape(routeId: string): Promise<RouteShape | null> {
    if (this.shapes.has(routeId)) return this.shapes.get(routeId)!;
    const shape = routeShape(await this.net(), routeId);
    this.shapes.set(routeId, shape);
    return shape;
  }

  private async shapeOfTrain(ref: string): Promise<RouteShape | null> {
    const parsed = parseTrainReference(ref);
    return parsed ? this.shape(parsed.routeId) : null;
  }

  // ── positions ────────────────────────────────────────────────────────────────────────────────

  /** Reacts to stored events: POS of a train → position; any event of a train → its ETA again. */
  async onEvents(events: readonly StoredEvent[]): Promise<void> {
    const touched = new Set<string>();
    for (const e of events) {
      if (!e.trainReference || e.classifier !== 'ACT') continue;
      touched.add(e.trainReference);
    }
    if (this.listening) await this.transport.apply(events);
    const pos = events.filter((e) => e.eventCode === 'POS' && e.trainReference && e.classifier === 'ACT');
    if (pos.length > 0) {
      // the write tells each event's seq; look up only the ones it did not
      const missing = pos.filter((e) => e.seq === undefined);
      const seqs =
        missing.length > 0
          ? await this.events.eventSeqs(missing.map((e) => ({ deviceId: e.deviceId, eventId: e.eventId })))
          : new Map<string, number>();
      await this.positionStore.apply(
        pos.map((e) => ({ e, seq: e.seq ?? seqs.get(`${e.deviceId}/${e.eventId}`) ?? 0 })),
        this.listening,
      );
    }
    const bus = this.deps.bus;
    if (!bus || bus.listenerCount('tracking.eta') + bus.listenerCount('*') === 0) return;
    // the tenant of a train's ETA: that of the batch's first event of the train
    const tenant = new Map<string, string>();
    for (const e of events)
      if (e.trainReference && !tenant.has(e.trainReference)) tenant.set(e.trainReference, e.organizationId);
    for (const ref of touched) {
      const eta = await this.computeTrainEta(ref);
      if (eta) bus.emit('tracking.eta', { ...eta, organizationId: tenant.get(ref)! });
    }
  }

  /** After a restart: positions from the POS events stored after the highest one applied. */
  async catchUp(): Promise<number> {
    let after = await this.repo.maxSourceSeq();
    let n = 0;
    for (;;) {
      const rows = await this.events.queryEvents({
        afterSeq: after,
        eventCodes: ['POS'],
        classifiers: ['ACT'],
        limit: 1000,
      });
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1]!.seq);
      const items = rows
        .filter((r) => r.train_reference)
        .map((r) => ({
          e: {
            deviceId: r.device_id,
            organizationId: r.organization_id,
            eventId: r.event_id,
            eventType: r.event_type,
            eventCode: r.event_code,
            classifier: r.classifier,
            eventTime: r.event_time,
            equipment: r.equipment,
            trainReference: r.train_reference,
            location: r.location,
            retractedEventId: r.retracted_event_id,
            via: r.via,
            body: r.body as StoredEvent['body'],
          },
          seq: Number(r.seq),
        }));
      await this.positionStore.apply(items, this.listening);
      n += items.length;
    }
    return n;
  }

  private async visibleTrains(principal: Principal): Promise<Set<string> | 'all'> {
    return seesAllTenants(principal) ? 'all' : this.repo.trainsOf(principal.organizationId);
  }

  /** Trains that reported a position in the last `hours` hours (at most `limit`). */
  async positions(principal: Principal, hours: number, limit: number): Promise<TrainPosition[]> {
    const since = new Date(this.now().getTime() - hours * 3600_000).toISOString();
    const rows = await this.repo.positionsSince(since, limit);
    const visible = await this.visibleTrains(principal);
    return rows.filter((r) => visible === 'all' || visible.has(r.train_reference)).map(view);
  }

  async position(principal: Principal, ref: string): Promise<TrainPosition | null> {
    const visible = await this.visibleTrains(principal);
    if (visible !== 'all' && !visible.has(ref)) return null;
    const row = await this.repo.position(ref);
    return row ? view(row) : null;
  }

  // ── ETA ──────────────────────────────────────────────────────────────────────────────────────

  /** The distributions the ETA of a route uses (learned per leg, or the prior, and which). */
  async distributions(shape: RouteShape): Promise<{ legs: Dist[]; dwell: Dist[] }> {
    return distributionsOf((await this.transport.state(this.listening)).times, shape);
  }

  private async computeTrainEta(ref: string): Promise<TrainEta | null> {
    const parsed = parseTrainReference(ref);
    const shape = parsed ? await this.shape(parsed.routeId) : null;
    if (!parsed || !shape || shape.legs.length === 0) return null;
    // the departure's date: a departure's id is ROUTE-YYYYMMDD of its date (timetable departureId)
    const date = parsed.date;
    const { log, times } = await this.transport.state(this.listening);
    const obs = log.observations(ref);
    const pos = await this.positionStore.current(ref, this.listening);
    const { legs, dwell } = distributionsOf(times, shape);
    const now = this.now().toISOString();
    const eta = computeEta({
      shape,
      legDist: legs,
      dwellDist: dwell,
      plannedDeparture: `${date}${PLANNED_DEPARTURE_UTC}`,
      events: obs,
      position:
        pos && pos.leg_index !== null
          ? { legIndex: pos.leg_index, legFraction: legFraction(shape, pos), time: pos.event_time }
          : undefined,
      now,
    });
    return { ...eta, trainReference: ref, routeId: shape.routeId, computedAt: now };
  }

  async trainEta(principal: Principal, ref: string): Promise<Result<TrainEta>> {
    const notFound = fail({
      field: 'trainReference',
      code: 'train.unknown',
      message: {
        en: `No train ${ref} (a train reference is ROUTE-YYYYMMDD of a network route, e.g. URM-DUI-20261201)`,
        zh: `没有列车 ${ref}（列车编号为 线路-YYYYMMDD，如 URM-DUI-20261201）`,
      },
    });
    if (!(await this.maySee(principal, ref))) return notFound;
    const eta = await this.computeTrainEta(ref);
    return eta ? ok(eta) : notFound;
  }

  /** The ETA of a box: its train's, the train named by the box's latest LOAD / GBTS / DISC event. */
  async boxEta(principal: Principal, equipment: string): Promise<BoxEta> {
    const rows = await this.events.queryEvents({
      equipment,
      eventCodes: ['LOAD', 'GBTS', 'DISC'],
      classifiers: ['ACT'],
      ...(seesAllTenants(principal) ? {} : { organizationId: principal.organizationId }),
      limit: 1000,
    });
    const gone = await this.events.retractedAmong(
      rows.map((r) => ({ deviceId: r.device_id, eventId: r.event_id })),
    );
    const live = rows
      .filter((r) => !r.retracted_event_id && !gone.has(`${r.device_id}/${r.event_id}`) && r.train_reference)
      .sort((a, b) => Date.parse(a.event_time) - Date.parse(b.event_time) || Number(a.seq) - Number(b.seq));
    const last = live[live.length - 1];
    if (!last)
      return {
        equipmentReference: equipment,
        trainReference: null,
        status: 'unknown',
        lastEvent: null,
        eta: null,
      };
    const ref = last.train_reference!;
    return {
      equipmentReference: equipment,
      trainReference: ref,
      status: last.event_code === 'DISC' ? 'discharged' : 'on-train',
      lastEvent: { code: last.event_code, time: last.event_time, location: last.location },
      eta: await this.computeTrainEta(ref),
    };
  }

  /** Cross-tenant roles may ask for any train (planned ones too); a tenant for the trains its events name. */
  async maySee(principal: Principal, ref: string): Promise<boolean> {
    if (seesAllTenants(principal)) return true;
    return (await this.repo.trainsOf(principal.organizationId)).has(ref);
  }
}

function legFraction(shape: RouteShape, pos: TrainPositionRow): number {
  const i = pos.leg_index ?? 0;
  const leg = shape.legs[i];
  if (!leg || pos.km_along === null || leg.km <= 0) return 0;
  const start = shape.legs.slice(0, i).reduce((s, l) => s + l.km, 0);
  return Math.max(0, Math.min(1, (pos.km_along - start) / leg.km));
}
