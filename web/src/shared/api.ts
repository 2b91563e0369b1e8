// The dashboard's only door to the server: typed reads of the network API (docs/network-api.md), the
// border gateways (calendars, what-if scenarios), sign-in, bookings, timetable and plans.
// A signed-in user's bearer token lives in a TokenStore (localStorage in the browser); a 401 clears it.
// Every fetch goes through `createApiClient`; point it elsewhere with VITE_API_BASE at build time
// (default: same origin, the server serves the dashboard and the API together).

export interface Names {
  readonly en: string;
  readonly zh: string;
  readonly ru: string;
}

export type LocationKind =
  | 'assembly-center'
  | 'gateway'
  | 'gauge-break'
  | 'ferry-port'
  | 'junction'
  | 'destination';
export type LegMode = 'rail-1435' | 'rail-1520' | 'ferry' | 'road';

export interface NetworkSummary {
  readonly version: string;
  readonly origin: string;
  readonly routes: number;
  readonly destinationCities: number;
  readonly destinationCountries: number;
  readonly goodsCategories: number;
  readonly locations: number;
  /** Gateways of the network; `border` (when given) marks the two Xinjiang border ports. */
  readonly gateways: ReadonlyArray<{ readonly id: string; readonly names: Names; readonly border?: boolean }>;
  readonly asOf: string;
  readonly source: string;
}

export interface NetworkLocation {
  readonly id: string;
  readonly unlocode: string | null;
  readonly kind: LocationKind;
  readonly country: string;
  readonly lat: number;
  readonly lon: number;
  readonly names: Names;
  readonly railCodes?: { readonly telegraph?: string; readonly esr?: string };
  readonly destination: boolean;
}

export interface RouteLeg {
  readonly from: string;
  readonly to: string;
  readonly mode: LegMode;
  readonly km: number;
  readonly hours: number;
}

export interface NetworkRoute {
  readonly id: string;
  readonly names: Names;
  readonly origin: string;
  readonly destination: string;
  readonly destinationCountry: string;
  readonly gateway: string | null;
  readonly transitDays: number;
  readonly legs: readonly RouteLeg[];
  readonly geometry: {
    readonly type: 'LineString';
    readonly coordinates: ReadonlyArray<readonly [number, number]>;
  };
  /** Optional: every destination city served, terminal last. */
  readonly destinations?: readonly string[];
  /** Optional: true when transitDays is an estimate rather than a reported figure. */
  readonly transitDaysEstimated?: boolean;
}

export interface Gateway {
  readonly id: string;
  readonly names: Names;
  readonly sides: readonly [string, string];
  readonly lat: number;
  readonly lon: number;
  readonly gaugeMm: readonly [number, number];
  readonly trainsPerDay: { readonly outbound: number; readonly inbound: number };
  readonly transshipmentHours: number;
  readonly border: boolean;
}

/** The whole reference network as the Overview needs it. */
export interface NetworkSnapshot {
  readonly summary: NetworkSummary;
  readonly locations: readonly NetworkLocation[];
  readonly routes: readonly NetworkRoute[];
  readonly gateways: readonly Gateway[];
}

/** `GET /api/v1/gateways`: a gateway's capacity model, closures and day-by-day calendar. */
export interface DirectionCapacity {
  readonly trainsPerDay: number;
  readonly movesPerDay: number;
}
export interface GatewayClosure {
  readonly id: string;
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly direction: 'outbound' | 'inbound' | 'both';
  readonly trainsPerDay: number;
  readonly movesPerDay: number | null;
  readonly reason: { readonly en: string; readonly zh: string };
  readonly createdAt: string;
}
export interface GatewayCalendarDay {
  readonly date: string;
  readonly outbound: { readonly trains: number; readonly moves: number };
  readonly inbound: { readonly trains: number; readonly moves: number };
  readonly state: 'open' | 'reduced' | 'closed';
  readonly closures: readonly string[];
}
export interface GatewayModelView {
  readonly id: string;
  readonly names: Names;
  readonly border: boolean;
  readonly gaugeMm: readonly [number, number];
  readonly outbound: DirectionCapacity;
  readonly inbound: DirectionCapacity;
  readonly transshipmentHours: number;
  readonly shifts: {
    readonly timeZone: string;
    readonly shifts: ReadonlyArray<{
      readonly id: string;
      readonly names: { readonly en: string; readonly zh: string };
      readonly start: string;
      readonly hours: number;
    }>;
    readonly closedWeekdays: readonly number[];
  };
  readonly closures: readonly GatewayClosure[];
  readonly calendar: readonly GatewayCalendarDay[];
}

/** A what-if change of one gateway's trains a day over dates (0 = closed); not stored. */
export interface CapacityChange {
  readonly gateway: string;
  readonly from: string;
  readonly to: string;
  readonly trainsPerDay: number;
  readonly reason?: { readonly en: string; readonly zh: string };
}
export interface GatewayScenario {
  readonly id: string;
  readonly title: { readonly en: string; readonly zh: string };
  readonly description: { readonly en: string; readonly zh: string };
  readonly sources: readonly string[];
  readonly startDate: string;
  readonly days: number;
  readonly gateways: readonly string[];
  readonly trains: number;
  readonly changes: readonly CapacityChange[];
}
export interface PlanDay {
  readonly day: number;
  readonly date: string | null;
  readonly arriving: number;
  readonly waiting: number;
  readonly gateways: Readonly<
    Record<string, { readonly quota: number; readonly crossing: number; readonly waiting: number }>
  >;
}
export interface PlanSummary {
  readonly objective: number;
  readonly crossings: number;
  readonly unscheduled: number;
  readonly late: number;
  readonly maxWaiting: number;
  readonly totalDelayDays: number;
  readonly meanDelayDays: number;
  readonly days: readonly PlanDay[];
}
type Routed = { readonly delayDays: number; readonly unscheduled: number };
/** `POST /api/v1/gateways/scenarios/:id/run` and `/what-if`: baseline, held and re-planned. */
export interface GatewayWhatIf {
  readonly scenario: GatewayScenario | null;
  readonly instanceId: string;
  readonly startDate: string | null;
  readonly days: number;
  readonly gateways: readonly string[];
  readonly changes: ReadonlyArray<CapacityChange & { readonly fromDay: number; readonly toDay: number }>;
  readonly baseline: PlanSummary;
  readonly held: PlanSummary;
  readonly replan: PlanSummary;
  readonly switchedGateway: ReadonlyArray<{
    readonly train: string;
    readonly before: { readonly gateway: string; readonly day: number } | null;
    readonly after: { readonly gateway: string; readonly day: number } | null;
    readonly delayChangeDays: number | null;
  }>;
  readonly changedTrains: number;
  readonly routes: ReadonlyArray<{
    readonly route: string;
    readonly trains: number;
    readonly baseline: Routed;
    readonly held: Routed;
    readonly replan: Routed;
  }>;
  readonly explanations: ReadonlyArray<{
    readonly train: string;
    readonly route: string | null;
    readonly gateway: string | null;
    readonly day: number | null;
    readonly arrivalDay: number;
    readonly status: 'late' | 'unscheduled';
    readonly code: string | null;
    readonly reason: { readonly en: string; readonly zh: string };
  }>;
}

/** Sign-in and the signed-in principal (`GET /api/v1/me`). */
export interface SignIn {
  readonly token: string;
  readonly expiresAt: string;
}
export interface Me {
  readonly userId: string;
  readonly username: string;
  readonly organizationId: string;
  readonly organizationKind: string;
  readonly roles: readonly string[];
}

export type BookingStatus = 'draft' | 'confirmed' | 'cancelled';
export interface Booking {
  readonly id: string;
  readonly organizationId: string;
  readonly reference: string;
  readonly shipperOrg: string | null;
  readonly forwarderOrg: string | null;
  readonly containers: ReadonlyArray<{
    readonly sizeType: string;
    readonly count: number;
    readonly numbers: readonly string[];
  }>;
  readonly containerCount: number;
  readonly teu: number;
  readonly grossKg: number;
  readonly hsCode: string;
  readonly dg: { readonly un: string; readonly class: string } | null;
  readonly reeferSetpointC: number | null;
  readonly origin: string;
  readonly destination: string;
  readonly eligibleRoutes: readonly string[];
  readonly readyDate: string;
  readonly dueDate: string;
  readonly priority: number;
  readonly customsMode: string;
  readonly status: BookingStatus;
  readonly assignedDeparture: string | null;
  readonly planId: string | null;
}
export interface BookingQuery {
  readonly status?: string;
  readonly route?: string;
  readonly destination?: string;
  readonly from?: string;
  readonly to?: string;
  readonly departure?: string;
  readonly limit?: number;
  readonly offset?: number;
}
export interface BookingPage {
  readonly items: readonly Booking[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
export interface ImportReport {
  readonly imported: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: ReadonlyArray<{
    readonly row: number;
    readonly column: string;
    readonly code: string;
    readonly reason: { readonly en: string; readonly zh: string };
  }>;
}
export interface Departure {
  readonly id: string;
  readonly routeId: string;
  readonly date: string;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  readonly minTeu: number;
  readonly status: string;
  readonly running: boolean | null;
  readonly planId: string | null;
}
export interface PlannedDeparture {
  readonly id: string;
  readonly route: string;
  readonly date: string;
  readonly running: boolean;
  readonly bookings: number;
  readonly teu: number;
  readonly grossKg: number;
  readonly capacityTeu: number;
  readonly capacityKg: number;
  readonly minTeu: number;
}
/** `POST /api/v1/plans/consolidation/run`, `GET …/latest`: the stored plan. */
export interface ConsolidationPlan {
  readonly id: string;
  readonly createdAt: string;
  readonly from: string;
  readonly days: number;
  readonly status: string;
  readonly objective: number;
  readonly bound: number | null;
  readonly departures: readonly PlannedDeparture[];
  readonly solution: {
    readonly running?: readonly string[];
    readonly unassigned?: ReadonlyArray<{
      readonly booking: string;
      readonly code: string;
      readonly reason: string;
      readonly reasonZh?: string;
    }>;
  };
  readonly released?: ReadonlyArray<unknown>;
}
export interface LoadContainer {
  readonly id: string;
  readonly lengthFt: number;
  readonly grossKg: number;
  readonly reefer: boolean;
  readonly dg: { readonly un: string; readonly class: string } | null;
  readonly value?: number;
}
export interface LoadWagonType {
  readonly code: string;
  readonly tareKg: number;
  readonly lengthMm: number;
  readonly maxPayloadKg: number;
  readonly platforms: ReadonlyArray<{ readonly maxKg: number; readonly lengthFt: number }>;
}
/** `POST|GET /api/v1/departures/:id/load-plan`: the instance (wagons in train order) and its solution. */
export interface LoadPlanDoc {
  readonly id: string;
  readonly departureId: string;
  readonly createdAt: string;
  readonly status: string;
  readonly instance: {
    readonly wagons: ReadonlyArray<{ readonly id: string; readonly type: string }>;
    readonly wagonTypes: readonly LoadWagonType[];
    readonly containers: readonly LoadContainer[];
    readonly rules?: Readonly<Record<string, number | boolean>>;
  };
  readonly solution: {
    readonly status: string;
    readonly objective?: number;
    readonly bound?: number | null;
    readonly placements: ReadonlyArray<{
      readonly container: string;
      readonly wagon: string;
      readonly platform: number;
      readonly slot: string;
    }>;
    readonly unloaded: ReadonlyArray<{
      readonly container: string;
      readonly code?: string;
      readonly reason?: string;
      readonly reasonZh?: string;
    }>;
  };
}

/** Where the bearer token lives; the default is localStorage (memory when storage is unavailable). */
export interface TokenStore {
  get(): string | null;
  set(token: string | null): void;
}
export const TOKEN_STORAGE_KEY = 'lugang.token';
export function memoryTokenStore(initial: string | null = null): TokenStore {
  let t = initial;
  return {
    get: () => t,
    set(v) {
      t = v;
    },
  };
}
function browserTokenStore(): TokenStore {
  const mem = memoryTokenStore();
  return {
    get() {
      try {
        return localStorage.getItem(TOKEN_STORAGE_KEY);
      } catch {
        return mem.get();
      }
    },
    set(v) {
      mem.set(v);
      try {
        if (v === null) localStorage.removeItem(TOKEN_STORAGE_KEY);
        else localStorage.setItem(TOKEN_STORAGE_KEY, v);
      } catch {
        // storage disabled: the memory copy serves this session
      }
    },
  };
}

/** A failed call: HTTP status (0 when the network itself failed) and the server's RFC 9457 detail. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${status} ${detail}`);
    this.name = 'ApiError';
  }
}

export interface ApiClient {
  readonly baseUrl: string;
  summary(signal?: AbortSignal): Promise<NetworkSummary>;
  locations(signal?: AbortSignal): Promise<readonly NetworkLocation[]>;
  routes(signal?: AbortSignal): Promise<readonly NetworkRoute[]>;
  gateways(signal?: AbortSignal): Promise<readonly Gateway[]>;
  network(signal?: AbortSignal): Promise<NetworkSnapshot>;
  /** Gateway models with their calendars for `days` days from `from` (default: today in China). */
  gatewayModels(
    query?: { from?: string; days?: number },
    signal?: AbortSignal,
  ): Promise<readonly GatewayModelView[]>;
  gatewayScenarios(signal?: AbortSignal): Promise<readonly GatewayScenario[]>;
  /** Runs a shipped scenario with extra (hypothetical) capacity changes. */
  runGatewayScenario(
    id: string,
    changes?: readonly CapacityChange[],
    signal?: AbortSignal,
    options?: { readonly onCalendar?: boolean },
  ): Promise<GatewayWhatIf>;

  /** The token store; `onUnauthorized` is told when a 401 cleared the token. */
  readonly tokens: TokenStore;
  onUnauthorized(listener: () => void): () => void;
  signIn(username: string, password: string): Promise<SignIn>;
  me(signal?: AbortSignal): Promise<Me>;
  signOut(): Promise<void>;
  bookings(query?: BookingQuery, signal?: AbortSignal): Promise<BookingPage>;
  /** Uploads a CSV or XLSX file; `organization` names the owner when a planner imports. */
  importBookings(file: Blob, contentType: string, organization?: string): Promise<ImportReport>;
  /** Downloads the export (with the bearer token) as a Blob. */
  exportBookings(format: 'csv' | 'xlsx', lang: string, query?: BookingQuery): Promise<Blob>;
  generateTimetable(
    from: string,
    days: number,
  ): Promise<{ readonly created: number; readonly existing: number }>;
  departures(
    query: { from?: string; to?: string; route?: string },
    signal?: AbortSignal,
  ): Promise<readonly Departure[]>;
  runConsolidation(from: string, days: number): Promise<ConsolidationPlan>;
  /** The latest plan, or null when none was run yet (404). */
  latestPlan(signal?: AbortSignal): Promise<ConsolidationPlan | null>;
  runLoadPlan(departureId: string): Promise<LoadPlanDoc>;
  /** The departure's stored load plan, or null when none was made yet (404). */
  loadPlan(departureId: string, signal?: AbortSignal): Promise<LoadPlanDoc | null>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

interface RawRequest {
  readonly method?: 'GET' | 'POST';
  readonly body?: BodyInit;
  readonly contentType?: string;
  readonly accept?: string;
  readonly signal?: AbortSignal;
}

export function createApiClient(
  baseUrl = '',
  fetchImpl: Fetch = (i, init) => fetch(i, init),
  tokens: TokenStore = typeof window === 'undefined' ? memoryTokenStore() : browserTokenStore(),
): ApiClient {
  const base = baseUrl.replace(/\/+$/, '');
  const unauthorized = new Set<() => void>();

  async function request(path: string, r: RawRequest = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: r.accept ?? 'application/json' };
    if (r.contentType) headers['content-type'] = r.contentType;
    const token = tokens.get();
    if (token) headers.authorization = `Bearer ${token}`;
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, {
        method: r.method ?? 'GET',
        headers,
        ...(r.body === undefined ? {} : { body: r.body }),
        signal: r.signal,
      });
    } catch (e) {
      if (e instanceof DOMException && e.name === 'AbortError') throw e;
      throw new ApiError(0, path, e instanceof Error ? e.message : String(e));
    }
    if (res.status === 401 && token) {
      tokens.set(null);
      for (const l of unauthorized) l();
    }
    if (!res.ok) {
      let detail = res.statusText;
      try {
        const body: unknown = await res.json();
        if (body && typeof body === 'object') {
          const p = body as { detail?: unknown; title?: unknown };
          if (typeof p.detail === 'string') detail = p.detail;
          else if (typeof p.title === 'string') detail = p.title;
        }
      } catch {
        // not JSON: keep the status text
      }
      throw new ApiError(res.status, path, detail);
    }
    return res;
  }

  async function getJson<T>(path: string, signal?: AbortSignal, body?: unknown): Promise<T> {
    const res = await request(
      path,
      body === undefined
        ? { signal }
        : { method: 'POST', body: JSON.stringify(body), contentType: 'application/json', signal },
    );
    return (await res.json()) as T;
  }
  async function postJson<T>(path: string, body?: unknown): Promise<T> {
    const res = await request(
      path,
      body === undefined
        ? { method: 'POST' }
        : { method: 'POST', body: JSON.stringify(body), contentType: 'application/json' },
    );
    return (await res.json()) as T;
  }
  async function orNull<T>(p: Promise<T>): Promise<T | null> {
    try {
      return await p;
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  }
  const qs = (query: Readonly<Record<string, string | number | undefined>>): string => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : '';
  };
  const bookingQuery = (q: BookingQuery = {}) => ({
    status: q.status,
    route: q.route,
    destination: q.destination,
    from: q.from,
    to: q.to,
    departure: q.departure,
    limit: q.limit,
    offset: q.offset,
  });

  const items = async <T>(path: string, signal?: AbortSignal): Promise<readonly T[]> =>
    (await getJson<{ items: T[] }>(path, signal)).items;

  const client: ApiClient = {
    baseUrl: base,
    summary: (signal) => getJson<NetworkSummary>('/api/v1/network/summary', signal),
    locations: (signal) => items<NetworkLocation>('/api/v1/network/locations', signal),
    routes: (signal) => items<NetworkRoute>('/api/v1/network/routes', signal),
    gateways: (signal) => items<Gateway>('/api/v1/network/gateways', signal),
    gatewayModels(query = {}, signal) {
      const q = new URLSearchParams();
      if (query.from) q.set('from', query.from);
      if (query.days) q.set('days', String(query.days));
      const qs = q.toString();
      return items<GatewayModelView>(`/api/v1/gateways${qs ? `?${qs}` : ''}`, signal);
    },
    gatewayScenarios: (signal) => items<GatewayScenario>('/api/v1/gateways/scenarios', signal),
    runGatewayScenario: (id, changes = [], signal, options = {}) =>
      getJson<GatewayWhatIf>(`/api/v1/gateways/scenarios/${encodeURIComponent(id)}/run`, signal, {
        changes,
        ...(options.onCalendar ? { onCalendar: true } : {}),
      }),
    tokens,
    onUnauthorized(listener) {
      unauthorized.add(listener);
      return () => unauthorized.delete(listener);
    },
    async signIn(username, password) {
      const r = await postJson<SignIn>('/api/v1/auth/sign-in', { username, password });
      tokens.set(r.token);
      return r;
    },
    me: (signal) => getJson<Me>('/api/v1/me', signal),
    async signOut() {
      try {
        if (tokens.get()) await request('/api/v1/auth/sign-out', { method: 'POST' });
      } finally {
        tokens.set(null);
      }
    },
    bookings: (query, signal) => getJson<BookingPage>(`/api/v1/bookings${qs(bookingQuery(query))}`, signal),
    importBookings: (file, contentType, organization) =>
      request(`/api/v1/bookings/import${qs({ organization })}`, {
        method: 'POST',
        body: file,
        contentType,
      }).then((r) => r.json() as Promise<ImportReport>),
    exportBookings: (format, lang, query) =>
      request(
        `/api/v1/bookings/export${qs({ ...bookingQuery(query), limit: undefined, offset: undefined, format, lang })}`,
        {
          accept: '*/*',
        },
      ).then((r) => r.blob()),
    generateTimetable: (from, days) => postJson(`/api/v1/timetable/generate${qs({ from, days })}`),
    departures: (query, signal) => items<Departure>(`/api/v1/timetable/departures${qs(query)}`, signal),
    runConsolidation: (from, days) =>
      postJson<ConsolidationPlan>('/api/v1/plans/consolidation/run', { from, days }),
    latestPlan: (signal) => orNull(getJson<ConsolidationPlan>('/api/v1/plans/consolidation/latest', signal)),
    runLoadPlan: (id) => postJson<LoadPlanDoc>(`/api/v1/departures/${encodeURIComponent(id)}/load-plan`),
    loadPlan: (id, signal) =>
      orNull(getJson<LoadPlanDoc>(`/api/v1/departures/${encodeURIComponent(id)}/load-plan`, signal)),
    async network(signal) {
      const [summary, locations, routes, gateways] = await Promise.all([
        client.summary(signal),
        client.locations(signal),
        client.routes(signal),
        client.gateways(signal),
      ]);
      return { summary, locations, routes, gateways };
    },
  };
  return client;
}

/** The client the app uses. VITE_API_BASE (e.g. "http://127.0.0.1:8080") overrides same-origin. */
export const api: ApiClient = createApiClient(import.meta.env.VITE_API_BASE ?? '');
