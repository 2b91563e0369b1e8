// The dashboard's only door to the server: typed reads of the network API (docs/network-api.md), the
// border gateways (calendars, what-if scenarios), sign-in, bookings, timetable and plans.
// A signed-in user's bearer token lives in a TokenStore (localStorage in the browser); a 401 clears it.
// Every fetch goes through `createApiClient`; point it elsewhere with VITE_API_BASE at build time
// (default: same origin, the server serves the dashboard and the API together).
import type {
  BookingPage,
  BookingQuery,
  CapacityChange,
  ConsolidationPlan,
  Departure,
  Gateway,
  GatewayModelView,
  GatewayScenario,
  GatewayWhatIf,
  ImportReport,
  LoadPlanDoc,
  Me,
  NetworkLocation,
  NetworkRoute,
  NetworkSnapshot,
  NetworkSummary,
  SignIn,
} from './api-types';

export type * from './api-types';

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

  /**
   * Any call, with the bearer token, the 401 handling and RFC 9457 errors as ApiError. Features keep
   * their own calls in `features/<name>/api.ts` on top of these two.
   */
  raw(path: string, init?: RawRequest): Promise<Response>;
  /** JSON in (when `body` is given) and JSON out. */
  json<T>(
    path: string,
    init?: { readonly method?: RawRequest['method']; readonly body?: unknown; readonly signal?: AbortSignal },
  ): Promise<T>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface RawRequest {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
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
    raw: (path, init) => request(path, init),
    async json<T>(
      path: string,
      init: {
        readonly method?: RawRequest['method'];
        readonly body?: unknown;
        readonly signal?: AbortSignal;
      } = {},
    ): Promise<T> {
      const res = await request(path, {
        method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
        ...(init.body === undefined
          ? {}
          : { body: JSON.stringify(init.body), contentType: 'application/json' }),
        ...(init.signal ? { signal: init.signal } : {}),
      });
      return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
    },
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
