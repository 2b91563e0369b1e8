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
import {
  computeEta,
  type Dist,
  type Eta,
  emptySamples,
  LearnedTimes,
  learnFrom,
  type Samples,
  type TransportObservation,
} from './eta';
import type { TrackingRepository } from './repository';
import { matchPosition, parseTrainReference, type RouteShape } from './route-match';
import type { StoredEvent } from './service';
import type { TrainPositionRow, TrainRepository, TransportEventRow } from './trains-repository';

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

const r1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

function view(r: TrainPositionRow): TrainPosition {
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

/** One actual TRANSPORT event of a train, as the ETA and the learned times read it. */
export interface TransportRecord {
  /** `deviceId/eventId`. */
  readonly key: string;
  readonly seq: number;
  readonly train: string;
  readonly obs: TransportObservation;
}

/**
 * Every train's actual, not retracted TRANSPORT events in stored (`seq`) order, kept in memory: filled
 * once from the table, then from the bus. Adding an event twice or retracting one twice changes
 * nothing, so the first load and the bus may overlap; a retraction that arrives before the event it
 * retracts keeps that event out.
 */
export class TransportLog {
  private readonly byTrain = new Map<string, TransportRecord[]>();
  private readonly trainOf = new Map<string, string>();
  private readonly retracted = new Set<string>();

  /** Adds an event; the train when it changed. */
  add(r: TransportRecord): string | undefined {
    if (this.retracted.has(r.key) || this.trainOf.has(r.key)) return undefined;
    let list = this.byTrain.get(r.train);
    if (!list) {
      list = [];
      this.byTrain.set(r.train, list);
    }
    let i = list.length;
    while (i > 0 && list[i - 1]!.seq > r.seq) i--;
    list.splice(i, 0, r);
    this.trainOf.set(r.key, r.train);
    return r.train;
  }

  /** Retracts the event `deviceId/eventId`; the train when it changed. */
  retract(key: string): string | undefined {
    this.retracted.add(key);
    const train = this.trainOf.get(key);
    if (train === undefined) return undefined;
    this.trainOf.delete(key);
    const list = this.byTrain.get(train) ?? [];
    const i = list.findIndex((r) => r.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byTrain.delete(train);
    return train;
  }

  observations(train: string): TransportObservation[] {
    return (this.byTrain.get(train) ?? []).map((r) => r.obs);
  }

  trains(): IterableIterator<string> {
    return this.byTrain.keys();
  }
}

/** A stored event as a transport record, when it is one (actual, of a train at a place, no retraction). */
export function transportRecord(e: {
  deviceId: string;
  eventId: string;
  eventType: string;
  eventCode: string;
  classifier: string;
  eventTime: string;
  trainReference: string | null;
  location: string | null;
  retractedEventId: string | null;
  seq?: number | undefined;
}): TransportRecord | undefined {
  if (e.eventType !== 'TRANSPORT' || e.classifier !== 'ACT' || e.retractedEventId) return undefined;
  if (!e.trainReference || !e.location) return undefined;
  return {
    key: `${e.deviceId}/${e.eventId}`,
    seq: e.seq ?? Number.MAX_SAFE_INTEGER,
    train: e.trainReference,
    obs: { code: e.eventCode as 'DEPA' | 'ARRI', location: e.location, time: e.eventTime },
  };
}

const recordOfRow = (r: TransportEventRow) =>
  transportRecord({
    deviceId: r.device_id,
    eventId: r.event_id,
    eventType: 'TRANSPORT',
    eventCode: r.event_code,
    classifier: 'ACT',
    eventTime: r.event_time,
    trainReference: r.train_reference,
    location: r.location,
    retractedEventId: null,
    seq: r.seq,
  });

/** What the ETAs are computed from: the trains' transport events and the times learned from them. */
interface TransportState {
  readonly log: TransportLog;
  readonly times: LearnedTimes;
}

export class TrainService {
  private network: Promise<Network> | undefined;
  private readonly shapes = new Map<string, RouteShape | null>();
  /**
   * While listening to the bus: the transport events and learned times, loaded once and then kept
   * up to date from the bus (not listening, every ETA reads them from the table again).
   */
  private transport: Promise<TransportState> | undefined;
  private listening = false;
  /** While listening: the latest position of each train (this service is the one that writes them). */
  private readonly latest = new Map<string, TrainPositionRow>();
  private positionsLoad: Promise<Map<string, TrainPositionRow>> | undefined;
  private readonly now: () => Date;

  constructor(
    private readonly repo: TrainRepository,
    private readonly events: TrackingRepository,
    private readonly deps: TrainDeps,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Listens to stored tracking events (after commit). Returns the function that stops listening. */
  listen(bus: EventBus): () => void {
    this.listening = true;
    const off = bus.on('tracking.events', (events) => this.onEvents(events));
    return () => {
      off();
      this.listening = false;
      this.transport = undefined;
      this.positionsLoad = undefined;
      this.latest.clear();
    };
  }

  // ── route shapes ─────────────────────────────────────────────────────────────────────────────

  private async net(): Promise<Network> {
    this.network ??= this.deps.loadNetwork();
    return this.network;
  }

  async shape(routeId: string): Promise<RouteShape | null> {
    if (this.shapes.has(routeId)) return this.shapes.get(routeId)!;
    const net = await this.net();
    const route = net.routeById.get(routeId);
    let shape: RouteShape | null = null;
    if (route) {
      const legs = route.legs.map((id) => net.legs.get(id)).filter((l) => l !== undefined);
      const ids = legs.length > 0 ? [legs[0]!.from, ...legs.map((l) => l.to)] : [];
      const stops = ids.map((id) => {
        const loc = net.locations.get(id);
        return {
          id,
          unlocode: loc?.unlocode ?? null,
          lat: loc?.position.lat ?? 0,
          lon: loc?.position.lon ?? 0,
        };
      });
      const gatewayDwell = new Map<string, { hours: number; basis: string }>();
      for (const g of net.gateways.values()) {
        const basis = g.transshipmentHours.source ?? 'estimated';
        // the transshipment happens once, on the side the train arrives at from China
        gatewayDwell.set(g.sides[0], { hours: g.transshipmentHours.value, basis });
      }
      const dwell = stops.map((s, i) =>
        i === 0 || i === stops.length - 1 ? undefined : gatewayDwell.get(s.id),
      );
      shape = {
        routeId,
        stops,
        legs: legs.map((l) => ({
          id: l.id,
          from: l.from,
          to: l.to,
          km: l.km.value,
          hours: l.hours.value,
          hoursBasis: l.hours.source ?? 'estimated',
        })),
        dwellHours: dwell.map((d) => d?.hours ?? 0),
        dwellBasis: dwell.map((d) => d?.basis ?? ''),
        totalKm: legs.reduce((s, l) => s + l.km.value, 0),
      };
    }
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
    if (this.listening) await this.applyTransport(events);
    const pos = events.filter((e) => e.eventCode === 'POS' && e.trainReference && e.classifier === 'ACT');
    if (pos.length > 0) {
      // the write tells each event's seq; look up only the ones it did not
      const missing = pos.filter((e) => e.seq === undefined);
      const seqs =
        missing.length > 0
          ? await this.events.eventSeqs(missing.map((e) => ({ deviceId: e.deviceId, eventId: e.eventId })))
          : new Map<string, number>();
      await this.applyPositions(
        pos.map((e) => ({ e, seq: e.seq ?? seqs.get(`${e.deviceId}/${e.eventId}`) ?? 0 })),
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

  /** The stored row a position event makes (null when it carries no position). */
  private positionRow(
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

  /**
   * Applies position events in order: each one newer than the train's stored position replaces it
   * and is announced. While listening the latest positions are kept in memory, so a batch of events
   * is one statement (its newest position per train); else one read and one upsert per event.
   */
  private async applyPositions(items: ReadonlyArray<{ e: StoredEvent; seq: number }>): Promise<void> {
    const shapes = new Map<string, RouteShape | null>();
    for (const { e } of items)
      if (e.trainReference && !shapes.has(e.trainReference))
        shapes.set(e.trainReference, await this.shapeOfTrain(e.trainReference));
    if (!this.listening) {
      for (const { e, seq } of items) {
        const ref = e.trainReference;
        const row = ref
          ? this.positionRow(e, seq, shapes.get(ref) ?? null, await this.repo.position(ref))
          : null;
        if (row && (await this.repo.upsertPosition(row)))
          this.deps.bus?.emit('tracking.train', view({ ...row, updated_at: '' }));
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
      const row = this.positionRow(e, seq, shapes.get(ref) ?? null, before);
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
      if (written.has(row.train_reference)) this.deps.bus?.emit('tracking.train', view(row));
  }

  /** While listening: every train's stored position, read once. */
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

  /** A train's stored position (from memory while listening). */
  private async currentPosition(ref: string): Promise<TrainPositionRow | undefined> {
    if (!this.listening) return this.repo.position(ref);
    return (await this.latestPositions()).get(ref);
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
      await this.applyPositions(items);
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

  /** Reads every train's transport events and learns from them (a full read of the table). */
  private async loadTransport(): Promise<TransportState> {
    const log = new TransportLog();
    for (const r of await this.repo.retractions()) log.retract(`${r.device_id}/${r.retracted_event_id}`);
    let after = 0;
    for (;;) {
      const rows = await this.repo.transportEvents(after, 5000);
      for (const r of rows) {
        const rec = recordOfRow(r);
        if (rec) log.add(rec);
      }
      if (rows.length < 5000) break;
      after = rows[rows.length - 1]!.seq;
    }
    const times = new LearnedTimes();
    for (const ref of [...log.trains()]) times.set(ref, await this.samplesOf(ref, log.observations(ref)));
    return { log, times };
  }

  /** The transport events and learned times: kept while listening, else read again. */
  private state(): Promise<TransportState> {
    if (!this.listening) return this.loadTransport();
    this.transport ??= this.loadTransport().catch((err: unknown) => {
      this.transport = undefined;
      throw err;
    });
    return this.transport;
  }

  /** Brings the kept transport events and learned times up to date with stored events. */
  private async applyTransport(events: readonly StoredEvent[]): Promise<void> {
    const relevant = events.filter((e) => e.retractedEventId || transportRecord(e));
    if (relevant.length === 0) return;
    const { log, times } = await this.state();
    const changed = new Set<string>();
    for (const e of relevant) {
      if (e.retractedEventId) {
        const t = log.retract(`${e.deviceId}/${e.retractedEventId}`);
        if (t) changed.add(t);
      }
      const rec = transportRecord(e);
      const t = rec ? log.add(rec) : undefined;
      if (t) changed.add(t);
    }
    // learned times change when a train completes a leg (or an event of it is retracted)
    for (const ref of changed) {
      const shape = await this.shapeOfTrain(ref);
      times.set(ref, learned(shape, log.observations(ref)));
    }
  }

  private async samplesOf(ref: string, obs: readonly TransportObservation[]): Promise<Samples> {
    return learned(await this.shapeOfTrain(ref), obs);
  }

  /** The distributions the ETA of a route uses (learned per leg, or the prior, and which). */
  async distributions(shape: RouteShape): Promise<{ legs: Dist[]; dwell: Dist[] }> {
    return distributionsOf((await this.state()).times, shape);
  }

  private async computeTrainEta(ref: string): Promise<TrainEta | null> {
    const parsed = parseTrainReference(ref);
    const shape = parsed ? await this.shape(parsed.routeId) : null;
    if (!parsed || !shape || shape.legs.length === 0) return null;
    // the departure's date: a departure's id is ROUTE-YYYYMMDD of its date (timetable departureId)
    const date = parsed.date;
    const { log, times } = await this.state();
    const obs = log.observations(ref);
    const pos = await this.currentPosition(ref);
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

/** What one train's events teach (nothing when its route is unknown). */
function learned(shape: RouteShape | null, obs: readonly TransportObservation[]): Samples {
  const samples = emptySamples();
  if (shape) learnFrom(shape, obs, samples);
  return samples;
}

function distributionsOf(times: LearnedTimes, shape: RouteShape): { legs: Dist[]; dwell: Dist[] } {
  return {
    legs: shape.legs.map((l) => times.leg(l.id, l.hours)),
    dwell: shape.stops.map((st, i) => times.stop(st.id, shape.dwellHours[i] ?? 0)),
  };
}

/** Whether a position replaces the stored one: a later device time, or the same time and a later seq. */
function newer(row: { event_time: string; source_seq: number }, stored: TrainPositionRow): boolean {
  const a = Date.parse(row.event_time);
  const b = Date.parse(stored.event_time);
  return a > b || (a === b && row.source_seq > Number(stored.source_seq));
}
