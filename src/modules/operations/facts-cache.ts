/**
 * The reference data the figures need (routes, bookings with their departures and box sizes), read
 * through the network and booking services and cached. The cache follows the data: a copy older
 * than `factsTtlMs` answers while one full read runs in the background; one older than
 * `factsMaxStaleMs` is read afresh first (never an old copy after idling); and when the events name
 * a train the cache does not know (dispatched or loaded with a box of unknown size), that train's
 * bookings are read before the answer — so a new booking's goods and TEU count as soon as its train
 * leaves, at the cost of one small query per new train.
 */
import type { Booking, BookingService } from '../booking/service';
import type { NetworkService } from '../network/service';
import type { StoredEvent } from '../tracking/service';
import type { Cargo, Facts } from './figures';
import { addBooking, type ExtraFacts, extraFactsOf, routeFactsOf } from './reference';
import { SYSTEM } from './system';

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

export class FactsCache {
  private facts: CachedFacts | null = null;
  /** Trains the events showed the cached bookings behind on (dispatched or loaded, not known). */
  private readonly pendingTrains = new Set<string>();
  /** Trains whose bookings were read since the last full read (those with none stay known). */
  private readonly checkedTrains = new Set<string>();
  private toppingUp: Promise<void> | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly deps: { readonly network: NetworkService; readonly bookings: BookingService },
    private readonly options: { readonly factsTtlMs: number; readonly factsMaxStaleMs: number },
    /** The "now" the figures count on (events older than two days before it wait for a full read). */
    private readonly clock: () => Date,
  ) {}

  /** The reference data, fresh enough (see the file's comment). */
  async load(): Promise<{ value: Facts; extra: ExtraFacts }> {
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

  /** Drops the cached reference data (after an import or a plan, say). */
  invalidate(): void {
    this.facts = null;
  }

  /**
   * Notes the trains whose bookings the cache does not know (a dispatch, a box of unknown size) —
   * of the last two days only: a history sent late (the twin's backfill, a device's store-and-
   * forward) waits for the next full read instead of a query per old train.
   */
  noteBehind(events: readonly StoredEvent[]): void {
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

  private refresh(): void {
    const running = this.read().finally(() => {
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

  /** One full read: the network, then every booking page by page. */
  private async read(): Promise<void> {
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
    const value: Facts = { routes: routeFactsOf(routes, gateways), countryOf, boxTeu, cargo, bookingOfBox };
    const extra = extraFactsOf(gateways, locations);
    this.facts = { at, value, extra, countryOf, boxTeu, cargo, bookingOfBox };
    this.checkedTrains.clear();
  }
}
