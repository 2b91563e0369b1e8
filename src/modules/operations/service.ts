/**
 * The live picture and the statistics as read models — the module's one door. Its parts, one file
 * per meaning:
 * - feed.ts: the projection (projection.ts), fed by the tracking events the bus announces
 *   ('tracking.events') and caught up on start from every event stored after the last one applied,
 *   so a restart, or an announcement lost in a crash, leaves no figure behind;
 * - facts-cache.ts (shaped by reference.ts): the reference data (routes, gateways, bookings) read
 *   through the other modules' services, cached and kept fresh;
 * - positions.ts: running trains' km along their routes for the border forecast;
 * - announce.ts: train phase changes ('ops.trains') and KPI changes ('ops.kpis', at most once per
 *   `announceMs`) announced on the bus, so the SSE feed carries them to the wall screen;
 * - figures.ts and answers.ts: the pure figures and shapes this class answers to the routes.
 */

import { countryName } from '../../domain/codes/country';
import type { EventBus } from '../../platform/events/bus';
import type { BookingService } from '../booking/service';
import type { GatewayService } from '../gateway/service';
import type { NetworkService } from '../network/service';
import type { TimetableService } from '../timetable/service';
import { OpsAnnouncer } from './announce';
import { type LiveTrain, liveTrainsOf, type TracedTrain, tracedTrains } from './answers';
import { FactsCache } from './facts-cache';
import { type EventSource, ProjectionFeed } from './feed';
import {
  type AssemblyPicture,
  addDays,
  assemblyPicture,
  type BorderStatus,
  borderStatus,
  chinaDay,
  type Dimension,
  type Kpis,
  kpis,
  type Period,
  type Statistics,
  statistics,
  type UpcomingDeparture,
} from './figures';
import { type PositionSource, TrainPositions } from './positions';
import type { OpsEvent } from './projection';
import { names } from './reference';

export type { OpsTrainChange } from './announce';
export type { LiveTrain, TracedTrain } from './answers';
export type { EventSource } from './feed';
export type { PositionSource } from './positions';

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

export class OperationsService {
  private readonly now: () => Date;
  private readonly options: Required<Omit<OperationsOptions, 'now'>>;
  private readonly feed: ProjectionFeed;
  private readonly facts: FactsCache;
  private readonly positions: TrainPositions;
  private readonly announcer: OpsAnnouncer;
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
    this.feed = new ProjectionFeed({ bus: deps.bus, events: deps.events, network: deps.network });
    this.facts = new FactsCache({ network: deps.network, bookings: deps.bookings }, this.options, () =>
      this.clock(),
    );
    this.positions = new TrainPositions(deps.trains, this.options.progressTtlMs);
    this.announcer = new OpsAnnouncer(deps.bus, () => this.kpis(), this.options.announceMs);
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
    await this.feed.start((events, changes) => {
      this.facts.noteBehind(events);
      this.announcer.trains(changes);
      this.announcer.schedule();
    });
  }

  stop(): void {
    this.feed.stop();
    this.announcer.stop();
  }

  /** Reads every stored event after the last one applied (also used by a read before start()). */
  catchUp(): Promise<number> {
    return this.feed.catchUp();
  }

  /** Drops the cached reference data (after an import or a plan, say). */
  invalidate(): void {
    this.facts.invalidate();
  }

  async kpis(): Promise<Kpis> {
    const [trains, { value, extra }] = await Promise.all([this.feed.trains(), this.facts.load()]);
    return kpis(
      trains,
      value,
      this.clock(),
      { onTimeToleranceHours: this.options.onTimeToleranceHours },
      new Set(extra.gateways.filter((g) => g.border).map((g) => g.id)),
    );
  }

  async liveTrains(): Promise<LiveTrain[]> {
    return liveTrainsOf(await this.feed.trains());
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
      this.feed.trains(),
      this.facts.load(),
      this.deps.gateway.list({ from: today, days }),
      this.upcoming(addDays(today, -20), days + 20),
      this.positions.progress(),
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

  async assembly(): Promise<AssemblyPicture> {
    const now = this.clock();
    const today = chinaDay(now);
    const [trains, { value, extra }, departures] = await Promise.all([
      this.feed.trains(),
      this.facts.load(),
      this.upcoming(addDays(today, -3), 10),
    ]);
    const p = await this.feed.ensure();
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
    const [trains, { value, extra }] = await Promise.all([this.feed.trains(), this.facts.load()]);
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
    const [trains, { value }] = await Promise.all([this.feed.trains(), this.facts.load()]);
    return tracedTrains(trains, value, period, dimension, key, {
      onTimeToleranceHours: this.options.onTimeToleranceHours,
    });
  }

  /** Every kept event of one train (DEPA/ARRI, LOAD/DISC/GBTS), oldest first. */
  async trainEvents(id: string): Promise<OpsEvent[] | null> {
    const p = await this.feed.current();
    const t = p.train(id);
    return t ? [...p.eventsOf(id)] : null;
  }
}
