/**
 * The live picture and the statistics as read models. The projection (projection.ts) is fed by the
 * tracking events the bus announces ('tracking.events') and, on start, catches up by reading every
 * event stored after the last one it applied (`TrackingService.eventsAfter`, in their durable
 * order) — so a restart, or an announcement lost in a crash, leaves no figure behind. Reference data
 * (routes, gateways, departures, bookings) is read through the other modules' services.
 *
 * KPI changes are announced on the bus as 'ops.kpis' (at most once per `announceMs`), so the SSE
 * feed carries them to the wall screen.
 */

import { countryName } from '../../domain/codes/country';
import type { Bilingual } from '../../domain/text';
import type { EventBus } from '../../platform/events/bus';
import type { Principal } from '../../platform/http/access';
import type { Booking, BookingService } from '../booking/service';
import type { GatewayService } from '../gateway/service';
import type { NetworkService } from '../network/service';
import type { TimetableService } from '../timetable/service';
import type { StoredEvent } from '../tracking/service';
import {
  type AssemblyPicture,
  addDays,
  assemblyPicture,
  type BorderStatus,
  borderStatus,
  type Cargo,
  cargoOf,
  chinaDay,
  type Dimension,
  type Facts,
  hsChapter,
  inPeriod,
  type Kpis,
  kpis,
  onTimeOf,
  type Period,
  type Statistics,
  statistics,
  type TrainProgress,
  trainMatches,
  trainTeu,
  type UpcomingDeparture,
} from './figures';
import {
  type EventRef,
  type NetworkFacts,
  type OpsEvent,
  OpsProjection,
  phaseOf,
  type TrainPhase,
} from './projection';

declare module '../../platform/events/bus' {
  interface BusTopics {
    /** The KPI board changed (port-wide figures: only viewers who see every tenant get it). */
    'ops.kpis': Kpis;
    /** Train phases changed (dispatched, at a border, transshipping, crossed, arrived). */
    'ops.trains': OpsTrainChange[];
  }
}

export interface OpsTrainChange {
  readonly id: string;
  readonly routeId: string | null;
  readonly phase: TrainPhase;
}

/** Trains' latest positions matched to their routes (tracking's TrainService). */
export interface PositionSource {
  positions(
    principal: Principal,
    hours: number,
    limit: number,
  ): Promise<ReadonlyArray<{ trainReference: string; time: string; kmAlong: number | null }>>;
}

/** Where the catch-up reads stored events (TrackingService). */
export interface EventSource {
  eventsAfter(
    afterSeq: number,
    organizationId: string | undefined,
    limit: number,
  ): Promise<Array<StoredEvent & { readonly seq: number }>>;
}

export interface OperationsOptions {
  readonly now?: () => Date;
  readonly onTimeToleranceHours?: number;
  readonly tracks?: number;
  readonly blockCapacityTeu?: number;
  readonly announceMs?: number;
  /** Reference data (bookings, departures) older than this is re-read in the background. */
  readonly factsTtlMs?: number;
  /** Older than this, a read waits for fresh reference data (never an hour-old copy after idling). */
  readonly factsMaxStaleMs?: number;
  /** Trains' positions for the border forecast are re-read at most this often. */
  readonly progressTtlMs?: number;
}

export interface LiveTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly phase: TrainPhase;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly positionTime: string | null;
  readonly dispatchedAt: string | null;
  readonly gatewayId: string | null;
  readonly boxes: number;
}

export interface TracedTrain {
  readonly id: string;
  readonly routeId: string | null;
  readonly dispatched: EventRef;
  readonly arrived: EventRef | null;
  readonly onTime: boolean | null;
  readonly boxes: number;
  readonly teu: number;
  readonly assumedBoxes: number;
  readonly bookings: { bookingId: string; hsCode: string; teu: number; direction: string }[];
}

const ORIGIN_FALLBACK = 'CNURM';
const PAGE = 5000;

const SYSTEM: Principal = {
  kind: 'user',
  userId: 'operations',
  username: 'operations',
  organizationId: 'operations',
  organizationKind: 'port-operator',
  roles: ['management'],
  tokenId: 'operations',
};

function toOps(e: StoredEvent): OpsEvent {
  const body = e.body as { position?: { lat: number; lon: number } };
  return {
    deviceId: e.deviceId,
    eventId: e.eventId,
    eventType: e.eventType,
    eventCode: e.eventCode,
    classifier: e.classifier,
    eventTime: e.eventTime,
    equipment: e.equipment,
    trainReference: e.trainReference,
    location: e.location,
    retractedEventId: e.retractedEventId,
    position: body?.position,
  };
}

function names(n: { en?: string; zh?: string } | undefined, id: string): Bilingual {
  return { en: n?.en ?? id, zh: n?.zh ?? n?.en ?? id };
}

export class OperationsService {
  private readonly now: () => Date;
  private readonly options: Required<Omit<OperationsOptions, 'now'>>;
  private projection: OpsProjection | null = null;
  private lastSeq = 0;
  private facts: CachedFacts | null = null;
  /** Trains the events showed the cached bookings behind on (dispatched or loaded, not known). */
  private readonly pendingTrains = new Set<string>();
  /** Trains whose bookings were read since the last full read (those with none stay known). */
  private readonly checkedTrains = new Set<string>();
  private toppingUp: Promise<void> | null = null;
  private progressCache: { at: number; value: Promise<Map<string, TrainProgress>> } | null = null;
  private stopBus: (() => void) | undefined;
  private announceTimer: NodeJS.Timeout | undefined;
  private lastAnnounced = '';
  private chain: Promise<void> = Promise.resolve();
  private refreshing: Promise<void> | null = null;
  private dataClock: (() => Date | null) | null = null;

  constructor(
    private readonly deps: {
      readonly bus: EventBus;
      readonly events: EventSource;
      readonly network: NetworkService;
      readonly timetable: TimetableService;
      readonly gateway: GatewayService;
      readonly bookings: BookingService;
      /** Positions along the routes, to place running trains in the border forecast. */
      readonly trains?: PositionSource;
    },
    options: OperationsOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.options = {
      onTimeToleranceHours: options.onTimeToleranceHours ?? 24,
      tracks: options.tracks ?? 6,
      // estimate — no published figure: ≈ three days of the gateways' outbound volume (≈ 1,800 TEU a
      // day) over three blocks (docs/simulator.md, calibration)
      blockCapacityTeu: options.blockCapacityTeu ?? 2000,
      announceMs: options.announceMs ?? 1000,
      factsTtlMs: options.factsTtlMs ?? 30_000,
      factsMaxStaleMs: options.factsMaxStaleMs ?? 2 * (options.factsTtlMs ?? 30_000),
      progressTtlMs: options.progressTtlMs ?? 15_000,
    };
  }

  /**
   * Follows the data's own clock: while a digital twin feeds the platform, its simulated time
   * (GET /api/v1/twin `simTime`). The figures' "now" is then min(wall clock, that clock), so "today"
   * is the twin's day while it catches up; null goes back to the wall clock alone.
   */
  followClock(clock: (() => Date | null) | null): void {
    this.dataClock = clock;
  }

  /** The "now" the figures count on: the wall clock, or the data's clock when that lags behind. */
  clock(): Date {
    const wall = this.now();
    let data: Date | null = null;
    try {
      data = this.dataClock?.() ?? null;
    } catch {
      data = null;
    }
    return data && !Number.isNaN(data.getTime()) && data.getTime() < wall.getTime() ? data : wall;
  }

  /** Listens to the bus first (so nothing falls between), then reads what was stored before. */
  async start(): Promise<void> {
    if (this.stopBus) return;
    const projection = await this.ensureProjection();
    this.stopBus = this.deps.bus.on('tracking.events', (events) => {
      this.chain = this.chain.then(() => this.applyLive(projection, events));
      return this.chain;
    });
    await this.catchUp();
  }

  stop(): void {
    this.stopBus?.();
    this.stopBus = undefined;
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = undefined;
  }

  /** Reads every stored event after the last one applied (also used by a read before start()). */
  async catchUp(): Promise<number> {
    const projection = await this.ensureProjection();
    let n = 0;
    for (;;) {
      const page = await this.deps.events.eventsAfter(this.lastSeq, undefined, PAGE);
      if (page.length === 0) break;
      projection.apply(page.map(toOps));
      this.lastSeq = Math.max(this.lastSeq, ...page.map((e) => e.seq));
      n += page.length;
      if (page.length < PAGE) break;
    }
    return n;
  }

  private async applyLive(projection: OpsProjection, events: readonly StoredEvent[]): Promise<void> {
    const before = new Map<string, TrainPhase>();
    for (const e of events) {
      if (!e.trainReference) continue;
      const t = projection.train(e.trainReference);
      if (t) before.set(t.id, phaseOf(t));
    }
    const touched = projection.apply(events.map(toOps));
    this.noteFactsBehind(events);
    const changes: OpsTrainChange[] = [];
    for (const id of touched) {
      const t = projection.train(id);
      if (!t) continue;
      const phase = phaseOf(t);
      if (before.get(id) !== phase) changes.push({ id, routeId: t.routeId, phase });
    }
    if (changes.length > 0) this.deps.bus.emit('ops.trains', changes);
    this.scheduleAnnounce();
  }

  private scheduleAnnounce(): void {
    if (this.announceTimer) return;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = undefined;
      this.kpis()
        .then((k) => {
          const sig = JSON.stringify({ ...k, asOf: '' });
          if (sig === this.lastAnnounced) return;
          this.lastAnnounced = sig;
          this.deps.bus.emit('ops.kpis', k);
        })
        .catch((err) => process.stderr.write(`operations: KPIs not announced: ${String(err)}\n`));
    }, this.options.announceMs);
    this.announceTimer.unref?.();
  }

  private async ensureProjection(): Promise<OpsProjection> {
    if (this.projection) return this.projection;
    const [summary, routes, gateways] = await Promise.all([
      this.deps.network.summary().catch(() => null),
      this.deps.network.routes(),
      this.deps.network.gateways(),
    ]);
    const facts: NetworkFacts = {
      origin: summary?.origin ?? ORIGIN_FALLBACK,
      routes: new Map(
        routes.map((r) => [
          r.id,
          {
            origin: r.origin,
            destination: r.destination,
            destinations: r.destinations ?? [r.destination],
            gateway: r.gateway,
            transitDays: r.transitDays,
          },
        ]),
      ),
      gatewayOf: new Map(gateways.flatMap((g) => g.sides.map((s) => [s, g.id] as const))),
    };
    this.projection ??= new OpsProjection(facts);
    return this.projection;
  }

  private async trains() {
    const p = await this.ensureProjection();
    if (!this.stopBus) await this.catchUp();
    return p.allTrains();
  }

  /**
   * Reference data the figures need (routes, bookings with their departures and box sizes), cached.
   * The cache follows the data: a copy older than `factsTtlMs` answers while one full read runs in
   * the background; one older than `factsMaxStaleMs` is read afresh first (never an old copy after
   * idling); and when the events name a train the cache does not know (dispatched or loaded with a
   * box of unknown size), that train's bookings are read before the answer — so a new booking's
   * goods and TEU count as soon as its train leaves, at the cost of one small query per new train.
   */
  private async loadFacts(): Promise<{ value: Facts; extra: ExtraFacts }> {
    const o = this.options;
    let cached = this.facts;
    const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
    if (!cached || age >= o.factsMaxStaleMs) {
      if (!this.refreshing) this.refresh();
      await this.refreshing;
      cached = this.facts;
      if (!cached) throw new Error('reference data unavailable');
    } else if (age >= o.factsTtlMs && !this.refreshing) this.refresh();
    if (this.pendingTrains.size > 0) await this.topUp();
    return this.facts ?? cached;
  }

  private refresh(): void {
    const running = this.readFacts().finally(() => {
      this.refreshing = null;
    });
    this.refreshing = running;
    running.catch((err) => {
      process.stderr.write(`operations: reference data not refreshed: ${String(err)}\n`);
    });
  }

  /** Reads the bookings of the trains the events showed unknown, into the cached copy. */
  private topUp(): Promise<void> {
    this.toppingUp ??= (async () => {
      while (this.pendingTrains.size > 0 && this.facts) {
        const f = this.facts;
        const ids = [...this.pendingTrains];
        this.pendingTrains.clear();
        for (const id of ids) {
          const found: Booking[] = [];
          for (let offset = 0; ; offset += 1000) {
            const page = await this.deps.bookings.list(SYSTEM, { departureId: id }, { limit: 1000, offset });
            found.push(...page.items);
            if (page.items.length < 1000 || offset + 1000 >= page.total) break;
          }
          const cargo = new Map<string, Cargo[]>();
          for (const b of found) addBooking(b, f.countryOf, f.boxTeu, cargo, f.bookingOfBox);
          f.cargo.set(id, cargo.get(id) ?? []);
          this.checkedTrains.add(id);
        }
      }
    })()
      .catch((err) => {
        process.stderr.write(`operations: bookings of new trains not read: ${String(err)}\n`);
      })
      .finally(() => {
        this.toppingUp = null;
      });
    return this.toppingUp;
  }

  /**
   * Notes the trains whose bookings the cache does not know (a dispatch, a box of unknown size) —
   * of the last two days only: a history sent late (the twin's backfill, a device's store-and-
   * forward) waits for the next full read instead of a query per old train.
   */
  private noteFactsBehind(events: readonly StoredEvent[]): void {
    const f = this.facts;
    if (!f) return;
    const recent = new Date(this.clock().getTime() - 2 * 86_400_000).toISOString();
    for (const e of events) {
      const id = e.trainReference;
      if (!id || e.classifier !== 'ACT' || this.checkedTrains.has(id) || e.eventTime < recent) continue;
      if (
        (e.eventCode === 'DEPA' && !f.cargo.has(id)) ||
        (e.eventCode === 'LOAD' && e.equipment !== null && !f.boxTeu.has(e.equipment))
      )
        this.pendingTrains.add(id);
    }
  }

  private async readFacts(): Promise<void> {
    const at = Date.now();
    const [routes, locations, gateways] = await Promise.all([
      this.deps.network.routes(),
      this.deps.network.locations(),
      this.deps.network.gateways(),
    ]);
    const countryOf = new Map(locations.map((l) => [l.id, l.country]));
    const boxTeu = new Map<string, number>();
    const cargo = new Map<string, Cargo[]>();
    const bookingOfBox = new Map<string, Cargo>();
    for (let offset = 0; ; offset += 1000) {
      const page = await this.deps.bookings.list(SYSTEM, {}, { limit: 1000, offset });
      for (const b of page.items) addBooking(b, countryOf, boxTeu, cargo, bookingOfBox);
      if (page.items.length < 1000 || offset + 1000 >= page.total) break;
    }
    const gatewayById = new Map(gateways.map((g) => [g.id, g]));
    const value: Facts = {
      routes: new Map(
        routes.map((r) => {
          let hours = 0;
          let km = 0;
          let toGateway: number | null = null;
          let kmToGateway: number | null = null;
          const gw = r.gateway ? gatewayById.get(r.gateway) : undefined;
          for (const leg of r.legs) {
            if (gw && (gw.sides as readonly string[]).includes(leg.from)) {
              toGateway = hours;
              kmToGateway = km;
              break;
            }
            hours += leg.hours;
            km += leg.km;
            if (gw && (gw.sides as readonly string[]).includes(leg.to)) {
              toGateway = hours;
              kmToGateway = km;
              break;
            }
          }
          return [
            r.id,
            {
              names: names(r.names, r.id),
              origin: r.origin,
              destination: r.destination,
              destinations: r.destinations ?? [r.destination],
              gateway: r.gateway,
              transitDays: r.transitDays,
              hoursToGateway: toGateway,
              kmToGateway,
            },
          ];
        }),
      ),
      countryOf,
      boxTeu,
      cargo,
      bookingOfBox,
    };
    const extra: ExtraFacts = {
      gateways: gateways.map((g) => ({ id: g.id, names: names(g.names, g.id), border: g.border })),
      cityName: new Map(locations.map((l) => [l.id, names(l.names as { en?: string; zh?: string }, l.id)])),
    };
    this.facts = { at, value, extra, countryOf, boxTeu, cargo, bookingOfBox };
    this.checkedTrains.clear();
  }

  /** Drops the cached reference data (after an import or a plan, say). */
  invalidate(): void {
    this.facts = null;
  }

  async kpis(): Promise<Kpis> {
    const [trains, { value, extra }] = await Promise.all([this.trains(), this.loadFacts()]);
    return kpis(
      trains,
      value,
      this.clock(),
      { onTimeToleranceHours: this.options.onTimeToleranceHours },
      new Set(extra.gateways.filter((g) => g.border).map((g) => g.id)),
    );
  }

  async liveTrains(): Promise<LiveTrain[]> {
    const trains = await this.trains();
    return trains
      .filter((t) => phaseOf(t) !== 'arrived' || t.position !== null)
      .map((t) => {
        const stay = t.stays.at(-1);
        return {
          id: t.id,
          routeId: t.routeId,
          phase: phaseOf(t),
          lat: t.position?.lat ?? null,
          lon: t.position?.lon ?? null,
          positionTime: t.position?.time ?? null,
          dispatchedAt: t.dispatched?.eventTime ?? null,
          gatewayId: stay && !stay.left ? stay.gatewayId : null,
          boxes: t.boxes.length,
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  private async upcoming(from: string, days: number): Promise<UpcomingDeparture[]> {
    const deps = await this.deps.timetable.departures({ from, to: addDays(from, days) });
    return deps.map((d) => ({
      id: d.id,
      routeId: d.routeId,
      date: d.date,
      capacityTeu: d.capacityTeu,
      status: d.status,
    }));
  }

  async border(days = 7): Promise<{ day: string; items: BorderStatus[] }> {
    const now = this.clock();
    const today = chinaDay(now);
    const [trains, { value, extra }, listed, departures, progress] = await Promise.all([
      this.trains(),
      this.loadFacts(),
      this.deps.gateway.list({ from: today, days }),
      this.upcoming(addDays(today, -20), days + 20),
      this.progress(),
    ]);
    if (!listed.ok) throw new Error('gateway calendar unavailable');
    const border = new Set(extra.gateways.filter((g) => g.border).map((g) => g.id));
    const items = listed.value.items
      .filter((g) => border.has(g.id))
      .map((g) =>
        borderStatus(
          {
            id: g.id,
            names: names(g.names as { en?: string; zh?: string }, g.id),
            capacityByDay: g.calendar.map((c) => ({ day: c.date, trains: c.outbound.trains })),
            transshipmentHours: g.transshipmentHours,
          },
          trains,
          departures,
          value,
          now,
          progress,
        ),
      );
    return { day: today, items };
  }

  /**
   * Running trains' km along their routes (latest position per train), when tracking has them. Read
   * at most every `progressTtlMs`: the forecast counts days, and the border picture is reloaded at
   * every train change on every open screen — one read of thousands of rows a second would weigh
   * on the database the live feed shares.
   */
  private progress(): Promise<Map<string, TrainProgress>> {
    const cached = this.progressCache;
    if (cached && Date.now() - cached.at < this.options.progressTtlMs) return cached.value;
    const value = this.readProgress();
    this.progressCache = { at: Date.now(), value };
    return value;
  }

  private async readProgress(): Promise<Map<string, TrainProgress>> {
    const out = new Map<string, TrainProgress>();
    if (!this.deps.trains) return out;
    try {
      // positions of the last 90 days (the twin may lag weeks behind the wall clock)
      for (const p of await this.deps.trains.positions(SYSTEM, 90 * 24, 20_000))
        if (p.kmAlong !== null) out.set(p.trainReference, { kmAlong: p.kmAlong, time: p.time });
    } catch (err) {
      process.stderr.write(`operations: train positions unavailable: ${String(err)}\n`);
    }
    return out;
  }

  async assembly(): Promise<AssemblyPicture> {
    const now = this.clock();
    const today = chinaDay(now);
    const [trains, { value, extra }, departures] = await Promise.all([
      this.trains(),
      this.loadFacts(),
      this.upcoming(addDays(today, -3), 10),
    ]);
    const p = await this.ensureProjection();
    return assemblyPicture(
      trains,
      p.yardBoxes(),
      p.gateMoves(),
      departures,
      extra.gateways.filter((g) => g.border),
      value,
      now,
      { tracks: this.options.tracks, blockCapacityTeu: this.options.blockCapacityTeu },
    );
  }

  async statistics(period: Period): Promise<Statistics> {
    const [trains, { value, extra }] = await Promise.all([this.trains(), this.loadFacts()]);
    return statistics(trains, value, period, {
      city: (id) => extra.cityName.get(id) ?? { en: id, zh: id },
      country: (code) => ({
        en: countryName(code, 'en') ?? code,
        zh: countryName(code, 'zh') ?? code,
      }),
    });
  }

  /** The dispatched trains a statistics cell counts, each with the events that prove it. */
  async trace(period: Period, dimension: Dimension, key: string): Promise<TracedTrain[]> {
    const [trains, { value }] = await Promise.all([this.trains(), this.loadFacts()]);
    return inPeriod(trains, period)
      .filter((t) => trainMatches(t, dimension, key, value))
      .sort(
        (a, b) =>
          (a.dispatched?.eventTime ?? '').localeCompare(b.dispatched?.eventTime ?? '') ||
          a.id.localeCompare(b.id),
      )
      .map((t) => {
        const x = trainTeu(t, value);
        const cargo = cargoOf(t, value);
        return {
          id: t.id,
          routeId: t.routeId,
          dispatched: t.dispatched!,
          arrived: t.arrived,
          onTime: onTimeOf(t, value, { onTimeToleranceHours: this.options.onTimeToleranceHours }),
          boxes: t.boxes.length,
          teu: x.teu,
          assumedBoxes: x.assumedBoxes,
          bookings: cargo
            .filter((c) => dimension !== 'chapter' || hsChapter(c.hsCode) === key)
            .map((c) => ({ bookingId: c.bookingId, hsCode: c.hsCode, teu: c.teu, direction: c.direction })),
        };
      });
  }

  /** Every kept event of one train (DEPA/ARRI, LOAD/DISC/GBTS), oldest first. */
  async trainEvents(id: string): Promise<OpsEvent[] | null> {
    const p = await this.ensureProjection();
    if (!this.stopBus) await this.catchUp();
    const t = p.train(id);
    return t ? [...p.eventsOf(id)] : null;
  }
}

/** The cached reference data, with the maps a top-up adds a new train's bookings to. */
interface CachedFacts {
  readonly at: number;
  readonly value: Facts;
  readonly extra: ExtraFacts;
  readonly countryOf: ReadonlyMap<string, string>;
  readonly boxTeu: Map<string, number>;
  readonly cargo: Map<string, Cargo[]>;
  readonly bookingOfBox: Map<string, Cargo>;
}

/**
 * A booking's boxes (their TEU and, unless cancelled, the booking that names them) and, when it is
 * assigned to a departure, its cargo on that train.
 */
function addBooking(
  b: Booking,
  countryOf: ReadonlyMap<string, string>,
  boxTeu: Map<string, number>,
  cargo: Map<string, Cargo[]>,
  bookingOfBox?: Map<string, Cargo>,
): void {
  const containers: string[] = [];
  for (const c of b.containers) {
    const teu = /^[2]/.test(c.sizeType) ? 1 : 2;
    for (const n of c.numbers) {
      boxTeu.set(n, teu);
      containers.push(n);
    }
  }
  const from = countryOf.get(b.origin);
  const to = countryOf.get(b.destination);
  const direction =
    from === 'CN' && to !== 'CN' ? 'export' : to === 'CN' && from !== 'CN' ? 'import' : 'transit';
  const item: Cargo = {
    bookingId: b.id,
    teu: b.teu,
    hsCode: b.hsCode,
    direction,
    containers,
    destination: b.destination,
  };
  if (bookingOfBox && b.status !== 'cancelled') for (const n of containers) bookingOfBox.set(n, item);
  if (!b.assignedDeparture || b.status === 'draft') return;
  const list = cargo.get(b.assignedDeparture) ?? [];
  list.push(item);
  cargo.set(b.assignedDeparture, list);
}

interface ExtraFacts {
  readonly gateways: ReadonlyArray<{ id: string; names: Bilingual; border: boolean }>;
  readonly cityName: ReadonlyMap<string, Bilingual>;
}
