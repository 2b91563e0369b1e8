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
  distribution,
  type Eta,
  emptySamples,
  learnFrom,
  type Samples,
  type TransportObservation,
} from './eta';
import type { TrackingRepository } from './repository';
import { matchPosition, parseTrainReference, type RouteShape } from './route-match';
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
  /** The departure's planned date (timetable), when the train is in it. */
  readonly departureDate?: (ref: string) => Promise<string | undefined>;
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

export class TrainService {
  private network: Promise<Network> | undefined;
  private readonly shapes = new Map<string, RouteShape | null>();
  /** Each train's contribution to the learned times; refreshed for a train when its events change. */
  private perTrain: Map<string, Samples> | undefined;
  private readonly stale = new Set<string>();
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
    return bus.on('tracking.events', (events) => this.onEvents(events));
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
      // learned times change when a train completes a leg (or an event of it is retracted)
      if (e.eventType === 'TRANSPORT') this.stale.add(e.trainReference);
    }
    const pos = events.filter((e) => e.eventCode === 'POS' && e.trainReference && e.classifier === 'ACT');
    if (pos.length > 0) {
      const seqs = await this.events.eventSeqs(
        pos.map((e) => ({ deviceId: e.deviceId, eventId: e.eventId })),
      );
      for (const e of pos) await this.applyPosition(e, seqs.get(`${e.deviceId}/${e.eventId}`) ?? 0);
    }
    const bus = this.deps.bus;
    if (!bus || bus.listenerCount('tracking.eta') + bus.listenerCount('*') === 0) return;
    for (const ref of touched) {
      const eta = await this.computeTrainEta(ref);
      if (eta)
        bus.emit('tracking.eta', {
          ...eta,
          organizationId: events.find((e) => e.trainReference === ref)!.organizationId,
        });
    }
  }

  private async applyPosition(e: StoredEvent, seq: number): Promise<void> {
    const p = (e.body as { position?: { lat: number; lon: number } }).position;
    if (!p || !e.trainReference) return;
    const shape = await this.shapeOfTrain(e.trainReference);
    const before = await this.repo.position(e.trainReference);
    const m = shape ? matchPosition(shape, p, before?.km_along ?? undefined) : null;
    const row = {
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
    if (await this.repo.upsertPosition(row))
      this.deps.bus?.emit('tracking.train', view({ ...row, updated_at: '' }));
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
      for (const r of rows) {
        after = Number(r.seq);
        if (!r.train_reference) continue;
        await this.applyPosition(
          {
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
          Number(r.seq),
        );
        n++;
      }
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

  /** Actual, not retracted TRANSPORT events of one train (or of all trains), in stored order. */
  private async transportEvents(ref?: string): Promise<Map<string, TransportObservation[]>> {
    const out = new Map<string, TransportObservation[]>();
    let after = 0;
    for (;;) {
      const rows = await this.events.queryEvents({
        ...(ref ? { trainReference: ref } : {}),
        eventTypes: ['TRANSPORT'],
        classifiers: ['ACT'],
        afterSeq: after,
        limit: 5000,
      });
      if (rows.length === 0) break;
      after = Number(rows[rows.length - 1]!.seq);
      const gone = await this.events.retractedAmong(
        rows.map((r) => ({ deviceId: r.device_id, eventId: r.event_id })),
      );
      for (const r of rows) {
        if (!r.train_reference || !r.location || r.retracted_event_id) continue;
        if (gone.has(`${r.device_id}/${r.event_id}`)) continue;
        const list = out.get(r.train_reference) ?? [];
        list.push({ code: r.event_code as 'DEPA' | 'ARRI', location: r.location, time: r.event_time });
        out.set(r.train_reference, list);
      }
      if (rows.length < 5000) break;
    }
    return out;
  }

  /** Per-leg samples from every train's completed runs: loaded once, then refreshed per train. */
  private async learned(): Promise<Samples> {
    if (!this.perTrain) {
      this.stale.clear();
      const all = new Map<string, Samples>();
      for (const [ref, obs] of await this.transportEvents()) all.set(ref, await this.samplesOf(ref, obs));
      this.perTrain = all;
    }
    for (const ref of [...this.stale]) {
      this.stale.delete(ref);
      const obs = (await this.transportEvents(ref)).get(ref) ?? [];
      this.perTrain.set(ref, await this.samplesOf(ref, obs));
    }
    const merged = emptySamples();
    for (const s of this.perTrain.values()) {
      for (const [k, v] of s.legs) merged.legs.set(k, [...(merged.legs.get(k) ?? []), ...v]);
      for (const [k, v] of s.dwell) merged.dwell.set(k, [...(merged.dwell.get(k) ?? []), ...v]);
    }
    return merged;
  }

  private async samplesOf(ref: string, obs: readonly TransportObservation[]): Promise<Samples> {
    const samples = emptySamples();
    const shape = await this.shapeOfTrain(ref);
    if (shape) learnFrom(shape, obs, samples);
    return samples;
  }

  /** The distributions the ETA of a route uses (learned per leg, or the prior, and which). */
  async distributions(shape: RouteShape): Promise<{ legs: Dist[]; dwell: Dist[] }> {
    const s = await this.learned();
    return {
      legs: shape.legs.map((l) => distribution(s.legs.get(l.id) ?? [], l.hours)),
      dwell: shape.stops.map((st, i) => distribution(s.dwell.get(st.id) ?? [], shape.dwellHours[i] ?? 0)),
    };
  }

  private async computeTrainEta(ref: string): Promise<TrainEta | null> {
    const parsed = parseTrainReference(ref);
    const shape = parsed ? await this.shape(parsed.routeId) : null;
    if (!parsed || !shape || shape.legs.length === 0) return null;
    const date = (await this.deps.departureDate?.(ref)) ?? parsed.date;
    const obs = (await this.transportEvents(ref)).get(ref) ?? [];
    const pos = await this.repo.position(ref);
    const { legs, dwell } = await this.distributions(shape);
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
