/**
 * Which tenants a train concerns: the organizations whose bookings are assigned to it (owner, shipper,
 * forwarder). A train reference is its departure's id (timetable: `ROUTE-YYYYMMDD`), and the booking
 * module assigns bookings to departures — so a shipper whose boxes ride a train sees that train move
 * on the live feed (`tracking.train`, `tracking.eta`), on its webhooks and on the positions map,
 * while other tenants see nothing of it.
 *
 * The mapping is read through the booking service (its repository holds the SQL) and cached per
 * train: an entry lives `ttlMs` (other processes may assign too), and `invalidate()` drops every
 * entry at once — the server calls it after each successful write of bookings, plans or departures.
 */
import type { FastifyPluginAsync } from 'fastify';
import { type Principal, seesAllTenants } from '../../platform/http/access';
import type { TrainPosition } from '../tracking/trains';
import type { Audience } from './visibility';

/** The bookings of one departure, as far as tenancy goes. */
export interface BookingTenancy {
  readonly organizationId: string;
  readonly shipperOrg: string | null;
  readonly forwarderOrg: string | null;
}

/** What the booking service offers (BookingService.list with a system principal). */
export interface BookingsOfDeparture {
  list(
    principal: Principal,
    filter: { departureId: string },
    page: { limit: number; offset: number },
  ): Promise<{ items: readonly BookingTenancy[]; total: number }>;
}

/** Reads every tenant's bookings: the mapping is computed for the platform, never for a caller. */
export const SUBSCRIPTIONS_SYSTEM: Principal = {
  kind: 'user',
  userId: 'subscriptions',
  username: 'subscriptions',
  organizationId: 'subscriptions',
  organizationKind: 'port-operator',
  roles: ['management'],
  tokenId: 'subscriptions',
};

/** Topics whose items are a train's (they name `trainReference`): its tenants see them too. */
export const TRAIN_TOPICS: ReadonlySet<string> = new Set(['tracking.train', 'tracking.eta']);

export interface TrainTenantsOptions {
  readonly ttlMs?: number;
  /** At most this many trains are cached; beyond, the cache starts over. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

const PAGE = 1000;

export class TrainTenants {
  private readonly cache = new Map<string, { at: number; tenants: Promise<ReadonlySet<string>> }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  /** Loads started before the last invalidation must not repopulate the cache. */
  private generation = 0;
  /** How many times a train's tenants were read from the bookings (for tests and figures). */
  loads = 0;

  constructor(
    private readonly bookings: BookingsOfDeparture,
    options: TrainTenantsOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 60_000;
    this.maxEntries = options.maxEntries ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Forgets every train's tenants (bookings were assigned, released or cancelled). */
  invalidate(): void {
    this.generation++;
    this.cache.clear();
  }

  /** The organizations whose bookings ride the train (empty when none, or not a departure). */
  tenantsOf(trainReference: string): Promise<ReadonlySet<string>> {
    const hit = this.cache.get(trainReference);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.tenants;
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    const generation = this.generation;
    const tenants = this.load(trainReference);
    this.cache.set(trainReference, { at: this.now(), tenants });
    // a failed read is not remembered; a read overtaken by an invalidation is not either
    tenants.then(
      () => {
        if (generation !== this.generation) this.cache.delete(trainReference);
      },
      () => this.cache.delete(trainReference),
    );
    return tenants;
  }

  private async load(trainReference: string): Promise<ReadonlySet<string>> {
    this.loads++;
    const out = new Set<string>();
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.bookings.list(
        SUBSCRIPTIONS_SYSTEM,
        { departureId: trainReference },
        { limit: PAGE, offset },
      );
      for (const b of page.items) {
        out.add(b.organizationId);
        if (b.shipperOrg) out.add(b.shipperOrg);
        if (b.forwarderOrg) out.add(b.forwarderOrg);
      }
      if (page.items.length < PAGE) break;
    }
    return out;
  }

  /**
   * For a bus announcement: who else may see each item (the tenants of the train it names), or
   * undefined when the topic is not a train's. Resolved before the (pure, synchronous) visibility cut.
   */
  async audience(topic: string, data: unknown): Promise<Audience | undefined> {
    if (!TRAIN_TOPICS.has(topic)) return undefined;
    const refs = new Set<string>();
    for (const item of Array.isArray(data) ? data : [data]) {
      const ref = trainOf(item);
      if (ref) refs.add(ref);
    }
    if (refs.size === 0) return undefined;
    const byRef = new Map<string, ReadonlySet<string>>();
    for (const ref of refs) {
      // not knowing the tenants hides the train from them (it stays port-wide); never the reverse
      byRef.set(ref, await this.tenantsOf(ref).catch(() => new Set<string>()));
    }
    return (item) => {
      const ref = trainOf(item);
      return ref ? byRef.get(ref) : undefined;
    };
  }

  /**
   * Keeps the positions a tenant may see: those it already sees, plus the trains carrying its
   * bookings. `own` are the positions the caller sees by itself (its own devices' trains).
   */
  async visiblePositions<P extends { trainReference: string }>(
    organizationId: string,
    all: readonly P[],
    own: readonly P[],
  ): Promise<P[]> {
    const mine = new Set(own.map((p) => p.trainReference));
    const out: P[] = [];
    for (const p of all) {
      if (mine.has(p.trainReference) || (await this.tenantsOf(p.trainReference)).has(organizationId))
        out.push(p);
    }
    return out;
  }
}

function trainOf(item: unknown): string | undefined {
  if (!item || typeof item !== 'object') return undefined;
  const ref = (item as { trainReference?: unknown }).trainReference;
  return typeof ref === 'string' ? ref : undefined;
}

/**
 * The positions endpoint's hook (tracking/trains-routes.ts): a tenant sees the trains it sees by itself
 * and those carrying its bookings; cross-tenant roles are not touched.
 */
export function tenantPositions(
  tenants: TrainTenants,
  trains: { positions(principal: Principal, hours: number, limit: number): Promise<TrainPosition[]> },
) {
  return async (
    principal: Principal,
    q: { hours: number; limit: number },
    own: TrainPosition[],
  ): Promise<TrainPosition[]> => {
    if (seesAllTenants(principal)) return own;
    const all = await trains.positions(SUBSCRIPTIONS_SYSTEM, q.hours, q.limit);
    return tenants.visiblePositions(principal.organizationId, all, own);
  };
}

/**
 * One train's detail and ETA for a tenant whose bookings ride it: read as the platform (the train's
 * events are the operator's devices'); anyone else reads as themselves.
 */
export function tenantTrainReader(tenants: TrainTenants) {
  return async (principal: Principal, trainReference: string): Promise<Principal> => {
    if (seesAllTenants(principal)) return principal;
    return (await tenants.tenantsOf(trainReference)).has(principal.organizationId)
      ? SUBSCRIPTIONS_SYSTEM
      : principal;
  };
}

/** Requests that may assign, release or cancel bookings (bookings, plans, departures). */
const ASSIGNING = /^\/api\/v1\/(bookings|plans|departures)(\/|\?|$)/;

/**
 * Drops the cached train tenants after every successful write that may change a booking's departure.
 * Its hook applies to every route of the server (the plugin is not encapsulated).
 */
export function trainTenantsInvalidation(tenants: TrainTenants): FastifyPluginAsync {
  const plugin: FastifyPluginAsync = async (fastify) => {
    // before the answer leaves: the caller's next request already sees the change
    fastify.addHook('onSend', async (request, reply, payload) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400)
        if (ASSIGNING.test(request.url)) tenants.invalidate();
      return payload;
    });
  };
  // what fastify-plugin does: the hook belongs to the root context, not to this plugin's
  (plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
  return plugin;
}
